// The state a page keeps for its background work, once: what runs (JobBar's label),
// its progress and ETA, the last error, Cancel. A task is one pool job (run) or several
// steps (task): the pool job or batch attached last is what Cancel stops. Cancel ends
// the task at once; a job it would start next is not started (one attached is stopped).
// A failed task returns null with its message in `error`; a cancelled one returns null
// with `cancelled` set and no error. A task started while another runs supersedes it:
// the old one no longer touches the state.
import { runJob, JobCancelled, type JobArgs, type JobName, type JobProgress, type JobResult } from './pool.ts'

/** Anything Cancel can stop: a pool job, a batch of jobs, a checkpointed run. */
export interface Cancellable<T> {
  promise: Promise<T>
  cancel(): void
}

/** What a task's steps use to run pool jobs and report progress. */
export interface TaskScope {
  /** Run a pool job in this task: its progress is shown, Cancel stops it. */
  run<N extends JobName>(job: N, args: JobArgs<N>): Promise<JobResult<N>>
  /** Make a running handle the one Cancel stops; returns its promise. */
  attach<T>(handle: Cancellable<T>): Promise<T>
  /** Show progress (for handles that report their own). */
  progress(p: JobProgress): void
  /** Cancel was pressed: start nothing more. */
  readonly cancelled: boolean
}

interface Task {
  current: Cancellable<unknown> | null
  cancelled: boolean
}

export class JobRunner {
  /** the running task's label; '' when idle */
  label = $state('')
  progress = $state.raw<JobProgress | null>(null)
  error = $state('')
  /** the last task ended by Cancel */
  cancelled = $state(false)
  #task: Task | null = null

  get running(): boolean {
    return this.label !== ''
  }

  /** Run one pool job as a task; `message` is shown until the job reports progress. */
  run<N extends JobName>(label: string, job: N, args: JobArgs<N>, message?: string): Promise<JobResult<N> | null> {
    return this.task(label, (s) => s.run(job, args), message)
  }

  /** Run `steps` as a task: clears the error, shows `label` and `message` at 0 %. */
  async task<T>(label: string, steps: (scope: TaskScope) => Promise<T>, message?: string): Promise<T | null> {
    const t: Task = { current: null, cancelled: false }
    const live = () => this.#task === t
    const progress = (p: JobProgress) => {
      if (live()) this.progress = p
    }
    const attach = <R>(h: Cancellable<R>): Promise<R> => {
      t.current = h
      if (t.cancelled) h.cancel()
      return h.promise
    }
    const scope: TaskScope = {
      run: <N extends JobName>(job: N, args: JobArgs<N>) => (t.cancelled ? Promise.reject(new JobCancelled()) : attach(runJob(job, args, progress))),
      attach,
      progress,
      get cancelled() {
        return t.cancelled
      },
    }
    this.#task = t
    this.error = ''
    this.cancelled = false
    this.label = label
    this.progress = { fraction: 0, message }
    try {
      return await steps(scope)
    } catch (e) {
      if (live()) {
        if (e instanceof JobCancelled) this.cancelled = true
        else this.error = (e as Error).message
      }
      return null
    } finally {
      if (live()) {
        this.label = ''
        this.#task = null
      }
    }
  }

  /** Stop the running task now (its current job, and any it would start next). */
  cancel(): void {
    const t = this.#task
    if (!t) return
    t.cancelled = true
    this.#task = null
    this.label = ''
    this.cancelled = true
    t.current?.cancel()
  }
}
