// Events the shell sends to the window (not answers to a command): the desktop app's
// window events, or the LAN server's event stream in a browser.
import { listen as tauriListen, type UnlistenFn } from '@tauri-apps/api/event'
import type { JobProgress } from '../bindings/JobProgress'
import type { Progress } from '../bindings/Progress'
import { httpListen, inBrowser } from './http'

function listen<T>(name: string, f: (payload: T) => void): Promise<UnlistenFn> {
  if (inBrowser) return Promise.resolve(httpListen(name, (p) => f(p as T)))
  return tauriListen<T>(name, (e) => f(e.payload))
}

/** Progress of the running export (throttled by the shell). */
export const onExportProgress = (f: (p: Progress) => void): Promise<UnlistenFn> => listen<Progress>('bundle-progress', f)

/** The check of the whole database, run shortly after start-up, found it damaged. */
export const onDamaged = (handler: () => void): Promise<UnlistenFn> => listen('desk-damaged', handler)

/** Progress of a running audit check or backup (throttled by the shell). */
export const onJobProgress = (f: (p: JobProgress) => void): Promise<UnlistenFn> => listen<JobProgress>('job-progress', f)

/**
 * Someone saved, decided or exported something (on the LAN: at any desk). The lists,
 * counts and the open item reload; the desktop app alone never sends it.
 */
export const onDeskChanged = (f: (p: { command: string }) => void): Promise<UnlistenFn> =>
  listen<{ command: string }>('desk-changed', f)
