// What every page shares: the agency shown in the top bar. Pages that change it call
// refreshAgency() so the top bar follows.
import { reactive } from 'vue'
import type { Agency } from './bindings/Agency'
import { getAgency } from './ipc/settings'

export const session = reactive<{ agency: Agency | null }>({ agency: null })

export async function refreshAgency() {
  session.agency = await getAgency()
}
