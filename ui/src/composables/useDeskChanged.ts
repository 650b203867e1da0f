// Live lists: on the LAN, the server tells every page when anyone changed something (a
// submit, a decision, an export); the page reloads what it shows, within a moment, without
// the person reloading. Bursts of changes are taken together; a draft's saving and
// anyone's signing in change no list and are left out.
import { onBeforeUnmount, onMounted } from 'vue'
import { onDeskChanged } from '../ipc/events'

const QUIET = /^(item_save|session_|preferences_|job_cancel|bundle_cancel)/

/** `only`: the commands whose changes this page shows (default: all but the quiet ones). */
export function useDeskChanged(reload: () => unknown, only?: RegExp, waitMs = 250) {
  let unlisten: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let gone = false
  onMounted(async () => {
    const stop = await onDeskChanged((p) => {
      const cmd = p?.command ?? ''
      if (only ? !only.test(cmd) : QUIET.test(cmd)) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        void reload()
      }, waitMs)
    })
    if (gone) stop()
    else unlisten = stop
  })
  onBeforeUnmount(() => {
    gone = true
    if (timer) clearTimeout(timer)
    unlisten?.()
  })
}
