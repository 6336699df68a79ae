// Grad-CAM (Selvaraju et al., ICCV 2017) on the last convolutional block of the encoder:
// channel weights α_c = spatial mean of ∂y/∂A_c, map = ReLU(Σ_c α_c A_c), bilinearly
// upsampled to the input size and scaled to [0, 1] (all-zero map when nothing is
// positive). Target y: the HSCAE risk score, or the reconstruction MSE of the slice
// ("where the model fails to reconstruct"). A = ReLU output of the last block before
// its pooling (model.features), in inference mode.
import * as tf from '@tensorflow/tfjs'
import { decode, riskScore, type DeepModel } from './model.ts'

export type CamTarget = 'risk' | 'reconstruction'

export interface CamMap {
  size: number
  /** size × size, row-major, in [0, 1] */
  map: Float32Array
  /** the target's value for this slice */
  target: number
}

export function gradCam(model: DeepModel, input: Float32Array, target: CamTarget = 'risk'): CamMap {
  const size = model.architecture.size
  return tf.tidy(() => {
    const x = tf.tensor4d(input, [1, size, size, 1])
    const a = model.features.apply(x, { training: false }) as tf.Tensor4D
    const y = (act: tf.Tensor): tf.Scalar => {
      const z = model.toLatent.apply(act, { training: false }) as tf.Tensor
      if (target === 'risk') return riskScore(model, z).sum() as tf.Scalar
      return decode(model, z).sub(x).square().mean() as tf.Scalar
    }
    const { value, grad } = tf.valueAndGrad(y)(a)
    const alpha = grad.mean([1, 2]) // [1, C]
    const cam = a.mul(alpha.reshape([1, 1, 1, -1])).sum(3).relu() // [1, h, w]
    const up = tf.image.resizeBilinear(cam.expandDims(3) as tf.Tensor4D, [size, size], true).reshape([size * size])
    const mx = up.max()
    const mxv = mx.dataSync()[0]
    const map = (mxv > 0 ? up.div(mx) : up).dataSync() as Float32Array
    return { size, map: Float32Array.from(map), target: value.dataSync()[0] }
  })
}
