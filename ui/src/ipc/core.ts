// The one way the UI talks to Rust. Every failure becomes an AppError with a stable
// `code` and a Chinese `message` the user can act on; nothing raw reaches the screen.
import { invoke as tauriInvoke } from '@tauri-apps/api/core'
import { httpInvoke, inBrowser } from './http'

/** The window's commands, or the LAN server's in a browser. */
const invoke = <T>(cmd: string, args?: Record<string, unknown>): Promise<T> =>
  inBrowser ? httpInvoke<T>(cmd, args) : tauriInvoke<T>(cmd, args)

export class AppError extends Error {
  readonly code: string
  readonly field?: string

  constructor(code: string, message: string, field?: string) {
    super(message)
    this.code = code
    this.field = field
  }
}

export const FALLBACK_MESSAGE = '操作失败，请重试；如反复出现，请联系管理员。'

/** Turns whatever a command rejected with into an AppError. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as { code: unknown; message: unknown; field?: unknown }
    if (typeof o.code === 'string' && typeof o.message === 'string') {
      return new AppError(o.code, o.message, typeof o.field === 'string' ? o.field : undefined)
    }
  }
  // A string rejection is tauri's own (a missing permission, a bad argument): log it, show
  // the generic message.
  console.error('command failed:', e)
  return new AppError('internal', FALLBACK_MESSAGE)
}

/**
 * What the window does when a command is refused for the session's sake: the window was
 * locked (idle), the password must be typed again (a decision, an export …), or the
 * initial password must be changed first. It resolves `true` once the person has done so
 * (the command is then tried once more) and `false` when they gave up.
 */
type Recovery = (e: AppError) => Promise<boolean>
let recover: Recovery | null = null
const RECOVERABLE = ['session_locked', 'step_up_required', 'must_change_password']

export function setRecovery(f: Recovery | null) {
  recover = f
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    const err = toAppError(e)
    if (recover && RECOVERABLE.includes(err.code) && (await recover(err))) {
      try {
        return await invoke<T>(cmd, args)
      } catch (again) {
        throw toAppError(again)
      }
    }
    throw err
  }
}
