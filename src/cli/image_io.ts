// Image files in Node: itk-wasm reads NIfTI, NRRD, MetaImage and the rest of ITK's
// formats, and DICOM series (a folder of slices); NIfTI is written by core's
// deterministic writer, other formats by itk-wasm.

import fs from 'node:fs'
import path from 'node:path'
import { readImageNode, writeImageNode } from '@itk-wasm/image-io'
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom'
import { volumeFromItk, volumeToItk, type ItkImageLike } from '../core/image/itk_image.ts'
import { encodeNifti } from '../core/image/nifti_write.ts'
import type { Volume } from '../core/image/volume.ts'
import { InputError } from '../core/errors.ts'

/** Read an image file, or a folder holding one DICOM series. */
export async function readVolume(file: string): Promise<Volume> {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new InputError('file not found; check the path', file)
  }
  let img: ItkImageLike
  try {
    if (stat.isDirectory()) {
      const slices = fs.readdirSync(file).filter((f) => !f.startsWith('.')).map((f) => path.join(file, f)).filter((f) => fs.statSync(f).isFile())
      if (slices.length === 0) throw new InputError('folder holds no DICOM files', file)
      const res = await readImageDicomFileSeriesNode({ inputImages: slices, singleSortedSeries: false })
      img = res.outputImage as unknown as ItkImageLike
    } else {
      img = (await readImageNode(file)) as unknown as ItkImageLike
    }
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`could not be read as an image (${(e as Error).message ?? e}); check that it is a NIfTI, NRRD, MetaImage or DICOM file and not truncated`, file)
  }
  try {
    return volumeFromItk(img, file)
  } catch (e) {
    throw new InputError((e as Error).message.replace(`${file}: `, ''), file)
  }
}

/** Write a volume; the format follows the extension (.nii.gz, .nii, .nrrd, .mha, …). */
export async function writeVolume(file: string, v: Volume): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if (/\.nii(\.gz)?$/i.test(file)) {
    fs.writeFileSync(file, encodeNifti(v, file.toLowerCase().endsWith('.gz')))
    return
  }
  await writeImageNode(volumeToItk(v) as never, file)
}
