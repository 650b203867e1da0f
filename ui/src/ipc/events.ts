// Events the shell sends to the window (not answers to a command).
import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import type { JobProgress } from '../bindings/JobProgress'
import type { Progress } from '../bindings/Progress'

/** Progress of the running export (throttled by the shell). */
export const onExportProgress = (f: (p: Progress) => void): Promise<UnlistenFn> =>
  listen<Progress>('bundle-progress', (e) => f(e.payload))

/** The check of the whole database, run shortly after start-up, found it damaged. */
export const onDamaged = (handler: () => void): Promise<UnlistenFn> => listen('desk-damaged', handler)

/** Progress of a running audit check or backup (throttled by the shell). */
export const onJobProgress = (f: (p: JobProgress) => void): Promise<UnlistenFn> =>
  listen<JobProgress>('job-progress', (e) => f(e.payload))
