// Who else has this item open (on the LAN): asked every 10 s while the page shows the item,
// which also tells the server that this person has it open. The desktop app alone has no
// one else, and does not ask.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { itemViewers } from '../ipc/commands'
import { inBrowser } from '../ipc/http'

export const VIEWERS_EVERY_MS = 10000

export function useViewers(id: Ref<number | null>) {
  const viewers = ref<string[]>([])
  let timer: ReturnType<typeof setTimeout> | null = null

  async function ask() {
    timer = null
    const asked = id.value
    if (asked === null) return
    try {
      const names = await itemViewers(asked)
      if (id.value === asked) viewers.value = names ?? []
    } catch {
      viewers.value = []
    }
    if (id.value === asked) timer = setTimeout(ask, VIEWERS_EVERY_MS)
  }

  if (inBrowser) {
    watch(
      id,
      () => {
        if (timer) clearTimeout(timer)
        viewers.value = []
        void ask()
      },
      { immediate: true },
    )
  }
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    timer = null
  })
  return viewers
}
