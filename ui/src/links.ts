// 正文中的链接 — a link in an item's body (or any other text the app shows) never loads
// another page into the app's window: the click is stopped and the address copied, so the
// person can paste it into a browser on purpose. (The shell refuses such a navigation
// too; this keeps the window from even trying, and tells the person why.)
import { info } from './notify'

/** Whether an `href` leads out of the app (anything but its own `#/…` routes). */
export function leavesApp(href: string | null): boolean {
  if (href === null) return false
  const h = href.trim()
  if (h === '' || h.startsWith('#')) return false
  return true
}

export function blockOutgoingLinks(copied: (url: string) => string) {
  document.addEventListener(
    'click',
    (ev) => {
      const a = (ev.target as Element | null)?.closest?.('a[href]')
      if (!a) return
      const href = a.getAttribute('href')
      if (!leavesApp(href)) return
      ev.preventDefault()
      ev.stopPropagation()
      const url = (href ?? '').trim()
      navigator.clipboard?.writeText(url).catch(() => {})
      info(copied(url))
    },
    { capture: true },
  )
}
