// Cox partial-likelihood loss for a risk score η (the HSCAE risk head), Breslow's
// handling of ties (Cox 1972; Breslow 1974; as R survival's coxph(ties = "breslow")):
//   L(η) = −(1/d) Σ_{i: event} [ η_i − log Σ_{j: t_j ≥ t_i} exp(η_j) ],  d = number of events.
// A batch without events has loss 0. Two forms: a tfjs op (differentiable, used in
// training) and a plain-JS reference with its analytic gradient (for tests):
//   ∂L/∂η_k = −(1/d) Σ_{i: event} [ 1{i = k} − 1{t_k ≥ t_i} exp(η_k) / S_i ],  S_i = Σ_{j: t_j ≥ t_i} exp(η_j).
import * as tf from '@tensorflow/tfjs'

/** Risk-set indicator R[i, j] = 1 when t_j ≥ t_i and i had an event (row-major n × n), and the event count. */
export function riskSetMatrix(time: ArrayLike<number>, event: ArrayLike<number>): { matrix: Float32Array; events: number } {
  const n = time.length
  const m = new Float32Array(n * n)
  let events = 0
  for (let i = 0; i < n; i++) {
    if (!event[i]) continue
    events++
    for (let j = 0; j < n; j++) if (time[j] >= time[i]) m[i * n + j] = 1
  }
  return { matrix: m, events }
}

/**
 * The loss as a tfjs scalar, differentiable in `risk` (shape [n] or [n, 1]).
 * Log-sum-exp is stabilised by the batch maximum of η.
 */
export function coxLoss(risk: tf.Tensor, time: ArrayLike<number>, event: ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => {
    const n = time.length
    const eta = risk.reshape([n])
    const { matrix, events } = riskSetMatrix(time, event)
    if (events === 0) return tf.scalar(0).add(eta.sum().mul(0)) as tf.Scalar
    const r = tf.tensor2d(matrix, [n, n])
    const evt = tf.tensor1d(Float32Array.from(event, (e) => (e ? 1 : 0)))
    // the shift m cancels in log Σ exp(η − m) + m, so its gradient contributions cancel too
    const mx = eta.max()
    const s = r.matMul(eta.sub(mx).exp().reshape([n, 1])).reshape([n])
    // rows without an event have S = 0: log of (S + 1 − evt) is 0 there and masked out
    const logS = s.add(tf.scalar(1).sub(evt)).log().add(mx)
    const terms = eta.sub(logS).mul(evt)
    return terms.sum().div(-events) as tf.Scalar
  })
}

/** Plain-JS reference of the loss and its analytic gradient, in float64. */
export function coxLossReference(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>): { loss: number; gradient: Float64Array } {
  const n = risk.length
  const grad = new Float64Array(n)
  let d = 0
  let sum = 0
  for (let i = 0; i < n; i++) {
    if (!event[i]) continue
    d++
    let s = 0
    for (let j = 0; j < n; j++) if (time[j] >= time[i]) s += Math.exp(risk[j])
    sum += risk[i] - Math.log(s)
    grad[i] -= 1
    for (let k = 0; k < n; k++) if (time[k] >= time[i]) grad[k] += Math.exp(risk[k]) / s
  }
  if (d === 0) return { loss: 0, gradient: grad }
  for (let k = 0; k < n; k++) grad[k] /= d
  return { loss: -sum / d, gradient: grad }
}
