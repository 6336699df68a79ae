// Conversion between itk-wasm's Image record and Volume. Pure data reshaping, so it
// runs in workers and in Node; the reading itself is done by itk-wasm at the edges
// (src/cli/image_io.ts in Node, workers/image_io.ts in the browser).

import type { Vec3, Volume, VoxelArray } from './volume.ts'

/** The subset of itk-wasm's `Image` that we read and write. */
export interface ItkImageLike {
  imageType: { dimension: number; componentType: string; pixelType: string; components: number }
  name?: string
  origin: ArrayLike<number>
  spacing: ArrayLike<number>
  direction: ArrayLike<number>
  size: ArrayLike<number>
  data: ArrayLike<number> | ArrayLike<bigint> | null
}

/** itk-wasm Image → Volume (2D images become one-slice volumes). Multi-component images are rejected. */
export function volumeFromItk(img: ItkImageLike, file = 'image'): Volume {
  if (img.imageType.components !== 1) throw new Error(`${file}: has ${img.imageType.components} components per voxel; a scalar (grey-level) image is needed`)
  if (!img.data) throw new Error(`${file}: contains no voxel data`)
  const dim = img.imageType.dimension
  if (dim < 2 || dim > 3) throw new Error(`${file}: is ${dim}-dimensional; a 2D or 3D image is needed`)
  const dims: Vec3 = [img.size[0], img.size[1], dim === 3 ? img.size[2] : 1]
  const spacing: Vec3 = [img.spacing[0], img.spacing[1], dim === 3 ? img.spacing[2] : 1]
  const origin: Vec3 = [img.origin[0], img.origin[1], dim === 3 ? img.origin[2] : 0]
  const direction =
    dim === 3
      ? Array.from(img.direction as ArrayLike<number>, (x) => (x === 0 ? 0 : x))
      : [img.direction[0], img.direction[1], 0, img.direction[2], img.direction[3], 0, 0, 0, 1]
  const n = dims[0] * dims[1] * dims[2]
  const data = scalarData(img.data, file)
  if (data.length !== n) throw new Error(`${file}: header declares ${n} voxels but the data holds ${img.data.length}; the file is truncated or corrupt`)
  return { dims, spacing, origin, direction, data }
}

/**
 * Voxel data as a supported typed array: 64-bit integers (NIfTI datatype 1024/1280, read by
 * itk-wasm as BigInt64Array) become Int32Array when every value fits, else Float64Array
 * when every value is exactly representable (|x| ≤ 2^53); otherwise the file is refused.
 */
function scalarData(data: ArrayLike<number> | ArrayLike<bigint>, file: string): VoxelArray {
  if (!(data instanceof BigInt64Array || data instanceof BigUint64Array)) return data as VoxelArray
  let lo = 0n, hi = 0n
  for (let i = 0; i < data.length; i++) {
    const x = data[i]
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  if (lo >= -2147483648n && hi <= 2147483647n) return Int32Array.from(data, (x) => Number(x))
  const safe = BigInt(Number.MAX_SAFE_INTEGER)
  if (lo >= -safe && hi <= safe) return Float64Array.from(data, (x) => Number(x))
  throw new Error(`${file}: 64-bit integer voxels from ${lo} to ${hi} cannot be represented exactly; convert the image to 32-bit integers or floats`)
}

const COMPONENT_TYPES: [new (n: number) => VoxelArray, string][] = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int16Array, 'int16'],
  [Uint16Array, 'uint16'],
  [Int32Array, 'int32'],
  [Uint32Array, 'uint32'],
  [Uint8Array, 'uint8'],
  [Int8Array, 'int8'],
]

/** itk-wasm component type name of a typed array ("float32", "uint8", …). */
export function componentTypeOf(data: VoxelArray): string {
  for (const [ctor, name] of COMPONENT_TYPES) if (data instanceof ctor) return name
  throw new Error('unsupported voxel array type')
}

/** Volume → itk-wasm Image record (3D, scalar). */
export function volumeToItk(v: Volume, name = 'image'): ItkImageLike & { metadata: Map<string, string> } {
  return {
    imageType: { dimension: 3, componentType: componentTypeOf(v.data), pixelType: 'Scalar', components: 1 },
    name,
    origin: [...v.origin],
    spacing: [...v.spacing],
    direction: new Float64Array(v.direction),
    size: [...v.dims],
    data: v.data,
    metadata: new Map(),
  }
}
