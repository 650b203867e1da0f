// Shows a piece of text inside an element: scrolls to its first occurrence and selects it,
// so a finding can be pointed at in the body as it will be published (or as edited).

/** Selects the first occurrence of `text` under `root`; false when it is not there. */
export function selectText(root: Element | null, text: string): boolean {
  if (!root || !text) return false
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node.textContent ?? '').indexOf(text)
    if (at < 0) continue
    const range = document.createRange()
    range.setStart(node, at)
    range.setEnd(node, at + text.length)
    const selection = window.getSelection()
    selection?.removeAllRanges()
    selection?.addRange(range)
    node.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    return true
  }
  return false
}
