// Feedback after an action: what happened and what comes next, or why it did not.
import { ElMessage } from 'element-plus'
import { toAppError } from './ipc/core'

export function done(message: string) {
  ElMessage({ type: 'success', message, showClose: true, duration: 4000 })
}

/** Shows the Chinese message of a failed command; returns the error for field display. */
export function failed(e: unknown) {
  const err = toAppError(e)
  // A job the user cancelled ended as asked: said plainly, not as an error.
  const type = err.code === 'cancelled' ? 'info' : 'error'
  ElMessage({ type, message: err.message, showClose: true, duration: 6000 })
  return err
}
