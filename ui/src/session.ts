// What every page shares: the agency and the signed-in person shown in the top bar.
// Pages that change them call refreshAgency() / setUser() so the top bar follows.
import { reactive } from 'vue'
import type { Agency } from './bindings/Agency'
import type { Staff } from './bindings/Staff'
import type { Role } from './bindings/Role'
import { agencyGet } from './ipc/commands'
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
  session.user = user
}

export function hasRole(role: Role): boolean {
  return session.user?.roles.includes(role) ?? false
}
