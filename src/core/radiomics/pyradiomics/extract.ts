// pyradiomics-compatible extraction (featureextractor.RadiomicsFeatureExtractor.execute): load →
// normalise (whole image) → resample (SimpleITK grid) → check the ROI → re-segment → shape on
// the non-re-segmented ROI → for every enabled image type, filter the (resampled) image, crop to
// the ROI bounding box and compute the enabled feature classes. Output keys are pyradiomics'
// (`original_glcm_JointAverage`, `log-sigma-3-0-mm-3D_firstorder_Mean`, `wavelet-LLH_glszm_…`)
// plus `diagnostics_*` essentials (strings, as pyradiomics' diagnostics are).

import type { Volume } from '../../image/volume.ts'
import { InputError } from '../../errors.ts'
import { throwIfCancelled, type JobContext } from '../../job.ts'
import type { ImageType, PyrParams, PyrSettings } from './params.ts'
import { FEATURE_CLASSES } from './params.ts'
import { checkRoi, cropBox, gridFromVolume, labelBox, normalizeImage, resampleImage, resegmentMask, type Grid3 } from './preprocess.ts'
import { laplacianRecursiveGaussian } from './recursive_gaussian.ts'
import { lbp2D } from './lbp.ts'
import { lbp3D } from './lbp3d.ts'
import { exponentialImage, gradientImage, logarithmImage, logName, pythonNumberText, squareImage, squareRootImage, waveletImages, waveletLength, type FilteredImage } from './filters.ts'
import { firstOrder, glcm, gldm, glrlm, glszm, ngtdm, shape, shape2D, textureInput, toSliceAxis, type PyrBox } from './features.ts'

export interface PyradiomicsResult {
  features: Record<string, number>
  diagnostics: Record<string, string>
  warnings: string[]
}

const TEXTURE = { glcm, glrlm, glszm, gldm, ngtdm } as const

function tuple(xs: ArrayLike<number>): string {
  return `(${Array.from(xs).join(', ')})`
}

function stats(x: Float64Array, mask?: Uint8Array): { mean: number; min: number; max: number; n: number } {
  let s = 0, mn = Infinity, mx = -Infinity, n = 0
  for (let v = 0; v < x.length; v++) {
    if (mask && !mask[v]) continue
    const a = x[v]
    n++; s += a
    if (a < mn) mn = a
    if (a > mx) mx = a
  }
  return { mean: s / n, min: mn, max: mx, n }
}

/** Number of 6-connected components of the ROI (sitk.ConnectedComponent, face connectivity). */
function componentCount(mask: Uint8Array, dims: [number, number, number]): number {
  const [nx, ny, nz] = dims
  const seen = new Uint8Array(mask.length)
  const stack: number[] = []
  let count = 0
  for (let v0 = 0; v0 < mask.length; v0++) {
    if (!mask[v0] || seen[v0]) continue
    count++
    seen[v0] = 1
    stack.push(v0)
    while (stack.length) {
      const v = stack.pop()!
      const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny))
      const nb = [i > 0 ? v - 1 : -1, i < nx - 1 ? v + 1 : -1, j > 0 ? v - nx : -1, j < ny - 1 ? v + nx : -1, k > 0 ? v - nx * ny : -1, k < nz - 1 ? v + nx * ny : -1]
      for (const w of nb) if (w >= 0 && mask[w] && !seen[w]) { seen[w] = 1; stack.push(w) }
    }
  }
  return count
}

function maskDiagnostics(d: Record<string, string>, stage: string, img: Grid3, mask: Uint8Array): void {
  const box = labelBox(mask, img.dims)
  if (!box) return
  const st = stats(img.data, mask)
  let ci = 0, cj = 0, ck = 0
  const [nx, ny] = img.dims
  for (let v = 0; v < mask.length; v++) if (mask[v]) { ci += v % nx; cj += Math.floor(v / nx) % ny; ck += Math.floor(v / (nx * ny)) }
  d[`diagnostics_Mask-${stage}_Spacing`] = tuple(img.spacing)
  d[`diagnostics_Mask-${stage}_Size`] = tuple(img.dims)
  d[`diagnostics_Mask-${stage}_BoundingBox`] = tuple([...box.lo, ...box.size])
  d[`diagnostics_Mask-${stage}_VoxelNum`] = String(box.count)
  d[`diagnostics_Mask-${stage}_VolumeNum`] = String(componentCount(mask, img.dims))
  d[`diagnostics_Mask-${stage}_CenterOfMassIndex`] = tuple([ci / box.count, cj / box.count, ck / box.count])
  d[`diagnostics_Mask-${stage}_Mean`] = String(st.mean)
  d[`diagnostics_Mask-${stage}_Minimum`] = String(st.min)
  d[`diagnostics_Mask-${stage}_Maximum`] = String(st.max)
}

function imageDiagnostics(d: Record<string, string>, stage: string, img: Grid3): void {
  const st = stats(img.data)
  d[`diagnostics_Image-${stage}_Spacing`] = tuple(img.spacing)
  d[`diagnostics_Image-${stage}_Size`] = tuple(img.dims)
  d[`diagnostics_Image-${stage}_Mean`] = String(st.mean)
  d[`diagnostics_Image-${stage}_Minimum`] = String(st.min)
  d[`diagnostics_Image-${stage}_Maximum`] = String(st.max)
}

/**
 * The part of the image a filter needs for its response inside the ROI box: the box ± `margin`,
 * clamped to the image (mirror-boundary filters), or the whole axis where the margin reaches a
 * border (`wrap`: periodic filters, whose wrap-around joins both ends). The response inside the
 * ROI box is then identical to filtering the whole image, as pyradiomics does.
 */
function filterRegion(img: Grid3, box: { lo: number[]; size: number[] }, margin: number | number[], wrap: boolean): { lo: number[]; size: number[]; image: Grid3 } {
  const lo: number[] = [], size: number[] = []
  for (let a = 0; a < 3; a++) {
    const m = typeof margin === 'number' ? margin : margin[a]
    let l = box.lo[a] - m, h = box.lo[a] + box.size[a] - 1 + m
    if (wrap && (l < 0 || h > img.dims[a] - 1)) { l = 0; h = img.dims[a] - 1 }
    l = Math.max(0, l); h = Math.min(img.dims[a] - 1, h)
    lo.push(l); size.push(h - l + 1)
  }
  if (size.every((n, a) => n === img.dims[a])) return { lo, size, image: img }
  const data = cropBox(img.data, img.dims, lo, size, (n) => new Float64Array(n))
  return { lo, size, image: { dims: [size[0], size[1], size[2]], spacing: img.spacing, data, integer: img.integer } }
}

/** The filtered images of one enabled image type (pyradiomics get<Type>Image); LoG, Wavelet and Gradient on the part of the image their response in the ROI box depends on. */
function filteredImages(type: ImageType, full: Grid3, box: { lo: number[]; size: number[] }, s: PyrSettings, sigmaTexts: string[] | undefined, warnings: string[], roi: Uint8Array): (FilteredImage & { offset: number[] })[] {
  const whole = (fs: FilteredImage[]) => fs.map((f) => ({ ...f, offset: [0, 0, 0] }))
  if (type === 'LoG') {
    const img = full
    if (Math.min(...img.dims) < 4) { warnings.push(`image too small for the LoG filter (size ${img.dims.join('×')})`); return [] }
    const out: (FilteredImage & { offset: number[] })[] = []
    s.sigma.forEach((sigma, q) => {
      if (!img.dims.every((n, a) => n >= Math.ceil(sigma / img.spacing[a]) + 1)) { warnings.push(`LoG sigma ${sigma} skipped: the image is too small for it`); return }
      // the recursive filter's response decays as e^(−1.39·d/σ) (d in voxels): beyond 16σ the rest of
      // the image changes the values inside the box by less than float32 resolution
      const margin = img.spacing.map((sp) => Math.ceil((16 * sigma) / sp) + 4)
      const r = filterRegion(full, box, margin, false)
      const data = laplacianRecursiveGaussian(r.image.data, r.image.dims, r.image.spacing, sigma)
      out.push({ name: logName(sigmaTexts?.[q] ?? pythonNumberText(sigma, !Number.isInteger(sigma))), image: { ...r.image, data, integer: false }, offset: r.lo })
    })
    if (s.sigma.length === 0) warnings.push('LoG enabled without sigma values: no LoG features (as pyradiomics)')
    return out
  }
  if (type === 'Wavelet') {
    const r = filterRegion(full, box, waveletLength(s.wavelet) * (s.start_level + s.level) + 2, true)
    return waveletImages(r.image, s).map((f) => ({ ...f, offset: r.lo }))
  }
  if (type === 'Gradient') {
    const r = filterRegion(full, box, 2, false)
    return [{ name: 'gradient', image: gradientImage(r.image, s.gradientUseSpacing), offset: r.lo }]
  }
  if (type === 'LBP2D') {
    if (!s.force2D) warnings.push('LBP2D is computed slice by slice while features are extracted in 3D (as pyradiomics warns)')
    const r = filterRegion(full, box, Math.ceil(s.lbp2DRadius) + 2, false)
    // slices along force2Ddimension (toSliceAxis is its own inverse)
    const g = r.image
    const pb = toSliceAxis({ dims: g.dims, spacing: g.spacing, image: g.data, mask: new Uint8Array(g.data.length) }, s.force2Ddimension)
    const l = lbp2D(pb.image, pb.dims, s.lbp2DSamples, s.lbp2DRadius, s.lbp2DMethod, g.integer)
    const back = toSliceAxis({ dims: pb.dims, spacing: pb.spacing, image: l, mask: pb.mask }, s.force2Ddimension)
    return [{ name: 'lbp-2D', image: { dims: g.dims, spacing: g.spacing, data: back.image, integer: g.integer }, offset: r.lo }]
  }
  if (type === 'LBP3D') {
    // on the whole (resampled / pre-cropped) image, as pyradiomics: the spline prefilter is global
    if (s.force2D) warnings.push('LBP3D is computed in 3D while features are extracted in 2D (as pyradiomics warns)')
    return lbp3D(full.data, roi, full.dims, s.lbp3DLevels, s.lbp3DIcosphereRadius, s.lbp3DIcosphereSubdivision, full.integer)
      .map((l) => ({ name: l.name, image: { dims: full.dims, spacing: full.spacing, data: l.data, integer: false }, offset: [0, 0, 0] }))
  }
  return whole(pointFilters(type, full, s, sigmaTexts, warnings))
}

function pointFilters(type: ImageType, img: Grid3, s: PyrSettings, sigmaTexts: string[] | undefined, warnings: string[]): FilteredImage[] {
  switch (type) {
    case 'Original': return [{ name: 'original', image: img }]
    case 'Square': return [{ name: 'square', image: squareImage(img) }]
    case 'SquareRoot': return [{ name: 'squareroot', image: squareRootImage(img) }]
    case 'Logarithm': return [{ name: 'logarithm', image: logarithmImage(img) }]
    case 'Exponential': return [{ name: 'exponential', image: exponentialImage(img) }]
    case 'Gradient': return [] // handled by filteredImages
    case 'Wavelet':
    case 'LoG':
      return [] // handled by filteredImages
    case 'LBP2D':
    case 'LBP3D':
      return [] // handled by filteredImages
  }
}

/** Extract pyradiomics-named features from an image and a label mask on the same grid. */
export function extractPyradiomics(image: Volume, maskVol: Volume, params: PyrParams & { sigmaTexts?: string[] }, ctx?: JobContext): PyradiomicsResult {
  const s = params.setting
  const warnings: string[] = []
  const d: Record<string, string> = {}
  const features: Record<string, number> = {}
  d.diagnostics_Versions_Engine = 'sarcoma-omics-lab pyradiomics-compatible mode'
  d.diagnostics_Configuration_Settings = JSON.stringify(s)
  d.diagnostics_Configuration_EnabledImageTypes = JSON.stringify(Object.fromEntries(params.imageTypes.map((t) => [t.type, {}])))
  let img = gridFromVolume(image)
  if (maskVol.dims.some((n, a) => n !== image.dims[a])) throw new InputError(`the mask grid (${maskVol.dims.join('×')}) differs from the image grid (${image.dims.join('×')})`, undefined, 'mask')
  let mask: Uint8Array = new Uint8Array(img.data.length)
  const md = maskVol.data as ArrayLike<number>
  let anyLabel = false
  for (let v = 0; v < mask.length; v++) if (md[v] === s.label) { mask[v] = 1; anyLabel = true }
  if (!anyLabel) throw new InputError(`label ${s.label} not present in the mask; set setting.label`, undefined, 'mask')
  imageDiagnostics(d, 'original', img)
  maskDiagnostics(d, 'original', img, mask)
  if (s.normalize) img = normalizeImage(img, s.normalizeScale, s.removeOutliers)
  if (s.interpolator !== null && s.resampledPixelSpacing !== null) {
    const r = resampleImage(img, mask, s)
    img = r.image
    mask = r.mask
    imageDiagnostics(d, 'interpolated', img)
    maskDiagnostics(d, 'interpolated', img, mask)
  } else if (s.preCrop) {
    const b = checkRoi(mask, img.dims, s)
    const lo = b.lo.map((x) => Math.max(0, x - s.padDistance))
    const size = b.size.map((x, a) => Math.min(img.dims[a] - 1, b.lo[a] + x - 1 + s.padDistance) - lo[a] + 1)
    const data = cropBox(img.data, img.dims, lo, size, (n) => new Float64Array(n))
    mask = cropBox(mask, img.dims, lo, size, (n) => new Uint8Array(n))
    img = { ...img, dims: [size[0], size[1], size[2]], data }
  }
  let box = checkRoi(mask, img.dims, s)
  const shapeMask = mask
  let featureMask: Uint8Array = mask
  if (s.resegmentRange !== null) {
    featureMask = resegmentMask(img, mask, s.resegmentRange, s.resegmentMode)
    box = checkRoi(featureMask, img.dims, s)
    maskDiagnostics(d, 'resegmented', img, featureMask)
  }
  throwIfCancelled(ctx)
  const enabled = params.featureClasses
  if (enabled.shape) {
    const m = s.resegmentShape ? featureMask : shapeMask
    const b = labelBox(m, img.dims)!
    const sb: PyrBox = { dims: [b.size[0], b.size[1], b.size[2]], spacing: img.spacing, image: cropBox(img.data, img.dims, b.lo, b.size, (n) => new Float64Array(n)), mask: cropBox(m, img.dims, b.lo, b.size, (n) => new Uint8Array(n)) }
    const f = shape(sb)
    for (const name of enabled.shape) features[`original_shape_${name}`] = f[name]
  }
  if (enabled.shape2D) {
    const m = s.resegmentShape ? featureMask : shapeMask
    const b = labelBox(m, img.dims)!
    const sb0: PyrBox = { dims: [b.size[0], b.size[1], b.size[2]], spacing: img.spacing, image: cropBox(img.data, img.dims, b.lo, b.size, (n) => new Float64Array(n)), mask: cropBox(m, img.dims, b.lo, b.size, (n) => new Uint8Array(n)) }
    // as pyradiomics: shape2D needs force2D and an ROI one voxel thick along force2Ddimension
    if (!s.force2D) warnings.push('shape2D needs setting.force2D: true; shape2D features left out')
    else {
      const sb = toSliceAxis(sb0, s.force2Ddimension)
      if (sb.dims[2] > 1) warnings.push(`shape2D: the ROI is ${sb.dims[2]} voxels thick along force2Ddimension ${s.force2Ddimension}; shape2D features left out`)
      else {
        const f = shape2D(sb)
        for (const name of enabled.shape2D) features[`original_shape2D_${name}`] = f[name]
      }
    }
  }
  const classes = Object.keys(enabled).filter((c) => c !== 'shape' && c !== 'shape2D')
  const nTypes = params.imageTypes.length
  params.imageTypes.forEach((t, ti) => {
    const ts = t.settings
    for (const fi of filteredImages(t.type, img, box, ts, t.type === 'LoG' ? params.sigmaTexts : undefined, warnings, featureMask)) {
      throwIfCancelled(ctx)
      const pb: PyrBox = {
        dims: [box.size[0], box.size[1], box.size[2]],
        spacing: fi.image.spacing,
        image: cropBox(fi.image.data, fi.image.dims, box.lo.map((x, a) => x - fi.offset[a]), box.size, (n) => new Float64Array(n)),
        mask: cropBox(featureMask, img.dims, box.lo, box.size, (n) => new Uint8Array(n)),
      }
      let tex: ReturnType<typeof textureInput> | null = null
      for (const c of classes) {
        let f: Record<string, number>
        if (c === 'firstorder') f = firstOrder(pb, ts)
        else {
          tex ??= textureInput(pb, ts)
          f = TEXTURE[c as keyof typeof TEXTURE](tex)
        }
        for (const name of enabled[c]) features[`${fi.name}_${c}_${name}`] = name in f ? f[name] : NaN
      }
    }
    ctx?.progress?.((ti + 1) / nTypes, t.type)
  })
  return { features, diagnostics: d, warnings }
}

export { FEATURE_CLASSES }
