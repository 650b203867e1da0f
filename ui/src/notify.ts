// Feedback after an action: what happened and what comes next, or why it did not.
//
// One message at a time: a new one replaces the one on screen, so four quick actions do not
// stack four toasts over the page. Messages sit in the top bar's free middle (not over a
// page's title or buttons), success ones leave quickly, and all of them go when the page
// changes or the person at the desk changes (see `router.ts` and `session.ts`).
import { watch } from 'vue'
import { ElMessage, type MessageOptions } from 'element-plus'
import { toAppError, type AppError } from './ipc/core'

/** How long each kind stays, in ms: a success is confirmation, an error must be read. */
const SHOWN_FOR = { success: 2500, info: 5000, warning: 6000, error: 8000 } as const

function show(type: keyof typeof SHOWN_FOR, message: string, duration: number = SHOWN_FOR[type]) {
  clearMessages()
  const options: MessageOptions = { type, message, showClose: true, duration, offset: 8 }
  ElMessage(options)
}

/** Takes every message off the screen (route change, sign-out, lock). */
export function clearMessages() {
  ElMessage.closeAll()
}

export function done(message: string) {
  show('success', message)
}

export function info(message: string, duration?: number) {
  show('info', message, duration)
}

export function warn(message: string) {
  show('warning', message)
}

/** A failure that is not a command's: a file that could not be read, say. */
export function problem(message: string) {
  show('error', message)
}

/**
 * A failed command on a form: an error about one field is said under that field (in
 * `errors`, which the form shows), anything else as a message.
 */
export function failedAt(e: unknown, errors: Record<string, string>): AppError {
  const err = toAppError(e)
  if (err.field) errors[err.field] = err.message
  else failed(err)
  return err
}

/** Drops the error said under a field of `form` as soon as that field changes. */
export function clearOnChange<T extends object>(form: T, errors: Record<string, string>) {
  for (const k of Object.keys(form) as (keyof T & string)[]) {
    watch(
      () => form[k],
      () => delete errors[k],
    )
  }
}

/** Shows the Chinese message of a failed command; returns the error for field display. */
export function failed(e: unknown): AppError {
  const err = toAppError(e)
  // A job the user cancelled ended as asked: said plainly, not as an error.
  show(err.code === 'cancelled' ? 'info' : 'error', err.message)
  return err
}
