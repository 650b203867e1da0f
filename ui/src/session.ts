// What every page shares: the agency and the signed-in person shown in the top bar.
// Pages that change them call refreshAgency() / setUser() so the top bar follows.
import { reactive } from 'vue'
import type { Agency } from './bindings/Agency'
import type { Staff } from './bindings/Staff'
import type { Role } from './bindings/Role'
import { agencyGet } from './ipc/commands'
import { inBrowser, reconnectEvents } from './ipc/http'
import { clearMessages } from './notify'

export const session = reactive<{ agency: Agency | null; user: Staff | null; needsSetup: boolean }>({
  agency: null,
  user: null,
  needsSetup: false,
})

export async function refreshAgency() {
  session.agency = await agencyGet()
}

export function setUser(user: Staff | null) {
  // Whatever the previous person was told is not for the next one.
  if (user?.id !== session.user?.id) clearMessages()
  const signedIn = user !== null && session.user === null
  session.user = user
  // In a browser the agency is read once signed in, and the server's events follow the
  // new session.
  if (inBrowser && signedIn) {
    reconnectEvents()
    if (!session.agency) void refreshAgency().catch(() => undefined)
  }
}

export function hasRole(role: Role): boolean {
  return session.user?.roles.includes(role) ?? false
}
