// 锁定、再次确认与修改初始密码 — the window's side of the session rules the core enforces
// (core `session`): after the idle minutes the window locks over the page (nothing typed is
// lost), a decision or export asks for the password when it was typed too long ago, and an
// initial password must be changed before anything else. When a command is refused for one
// of these reasons (`session_locked`, `step_up_required`, `must_change_password`), the
// matching dialog opens and the command is tried again once the person has answered.
import { reactive } from 'vue'
import { AppError, setRecovery } from './ipc/core'
import { sessionLock, sessionTouch } from './ipc/commands'

type Ask = 'unlock' | 'confirm' | 'change'

export const guard = reactive<{
  /** The dialog open now, if any. */
  asking: Ask | null
  /** Minutes without activity before the window locks (the administrator's setting). */
  autoLockMinutes: number
}>({ asking: null, autoLockMinutes: 10 })

let waiting: ((ok: boolean) => void)[] = []

/** Opens `what` and resolves when the person has answered it (true) or given up. */
export function ask(what: Ask): Promise<boolean> {
  guard.asking = what
  return new Promise((resolve) => waiting.push(resolve))
}

/** The open dialog was answered (`ok`) or cancelled; every command waiting on it goes on. */
export function answered(ok: boolean) {
  guard.asking = null
  const w = waiting
  waiting = []
  for (const resolve of w) resolve(ok)
  if (ok) lastActivity = Date.now()
}

const RECOVERY: Record<string, Ask> = {
  session_locked: 'unlock',
  step_up_required: 'confirm',
  must_change_password: 'change',
}

setRecovery(async (e: AppError) => {
  const what = RECOVERY[e.code]
  if (!what) return false
  // A dialog already open (several commands refused at once): wait for the same answer.
  if (guard.asking) return new Promise((resolve) => waiting.push(resolve))
  return ask(what)
})

// ---- idle lock ----

let lastActivity = Date.now()
let lastTouch = 0
let timer: ReturnType<typeof setInterval> | null = null
const ACTIVITY = ['mousedown', 'keydown', 'wheel', 'touchstart'] as const

function activity() {
  lastActivity = Date.now()
  // Typing and reading count as activity in the core too (it locks on its own clock):
  // tell it at most once a minute.
  if (!guard.asking && lastActivity - lastTouch > 60_000) {
    lastTouch = lastActivity
    sessionTouch().catch(() => {})
  }
}

/** Starts watching for inactivity (after sign-in); `minutes` from the session. */
export function watchIdle(minutes: number) {
  guard.autoLockMinutes = minutes
  lastActivity = Date.now()
  lastTouch = lastActivity
  stopWatching()
  for (const ev of ACTIVITY) window.addEventListener(ev, activity, { capture: true, passive: true })
  timer = setInterval(() => {
    if (guard.asking) return
    if (Date.now() - lastActivity >= guard.autoLockMinutes * 60_000) {
      sessionLock().catch(() => {})
      ask('unlock')
    }
  }, 5_000)
}

export function stopWatching() {
  for (const ev of ACTIVITY) window.removeEventListener(ev, activity, { capture: true })
  if (timer) clearInterval(timer)
  timer = null
}
