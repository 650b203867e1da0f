// 粘贴清理 — reduces pasted or imported HTML (Word, WPS, web pages) to the structure a
// disclosure body may have: headings h1–h4, paragraphs, bullet and numbered lists, tables
// with header cells, bold, italic, links (http, https, mailto) and line breaks. Fonts,
// colours, sizes, classes, styles, Office XML, images and scripts are dropped; the text is
// kept. To allow another structure, add it here and to the editor schema (extensions.ts).

/** Elements dropped together with everything inside them. */
const DROP = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'img', 'picture', 'video', 'audio', 'source', 'track', 'canvas', 'svg', 'math',
  'map', 'area', 'head', 'title', 'meta', 'link', 'base', 'xml', 'input', 'button', 'select',
  'textarea', 'option', 'hr', 'col', 'colgroup',
  // A tracked deletion in Word is text the author removed; it must not be published.
  'del',
  // Word's paragraph-end marker: holds nothing but &nbsp;.
  'o:p',
])

/** Block elements that are not kept themselves: their text becomes paragraphs. */
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'nav', 'main', 'blockquote',
  'pre', 'address', 'figure', 'figcaption', 'center', 'dl', 'dt', 'dd', 'form', 'fieldset',
  'details', 'summary', 'caption', 'body', 'html',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr',
  'td', 'th',
])

const SCHEME = /^[a-z][a-z0-9+.-]*:/i

/**
 * The link target if it may be kept: http, https or mailto, with no control characters
 * (browsers skip them inside a scheme, so `java\tscript:` would otherwise get through).
 */
export function safeHref(raw: string | null | undefined): string | null {
  const href = (raw ?? '').trim()
  if (!href || /[\u0000-\u001f\u007f]/.test(href)) return null
  return /^(https?:\/\/[^/\s]|mailto:\S)/i.test(href) ? href : null
}

/**
 * What the user typed in the link dialog, completed when it has no scheme: an e-mail
 * address gets mailto:, anything else https://.
 */
export function normalizeTypedHref(typed: string): string | null {
  const href = typed.trim()
  if (!href) return null
  if (SCHEME.test(href) || href.startsWith('//')) return safeHref(href)
  return safeHref(/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(href) ? `mailto:${href}` : `https://${href}`)
}

/** Cleans pasted or imported HTML; see the module comment for what is kept. */
export function cleanPastedHtml(html: string): string {
  const src = new DOMParser().parseFromString(html, 'text/html')
  const out = src.createElement('div')
  blocks(src.body, out)
  mergeAdjacentMarks(out)
  return out.innerHTML
}

// --- block level -----------------------------------------------------------------------

/** Writes the children of `src` into `out` as blocks; loose inline content becomes <p>. */
function blocks(src: Node, out: Element) {
  const doc = out.ownerDocument
  let para: Element | null = null
  const flush = () => {
    if (para && isBlank(para)) para.remove()
    para = null
  }

  const children = Array.from(src.childNodes)
  for (let i = 0; i < children.length; i++) {
    const node = children[i]
    if (node.nodeType === Node.TEXT_NODE) {
      if (!para && isBlankText(node.textContent)) continue
      para ??= out.appendChild(doc.createElement('p'))
      inlineNode(node, para)
      continue
    }
    if (!(node instanceof Element)) continue // comments, including Word's <!--[if ...]>
    const tag = node.localName
    if (DROP.has(tag) || tag.startsWith('v:')) continue

    if (wordListItem(node)) {
      flush()
      const run: Element[] = []
      let j = i
      for (; j < children.length; j++) {
        const n = children[j]
        if (n instanceof Element && wordListItem(n)) run.push(n)
        else if (n instanceof Element || !isBlankText(n.textContent)) break
      }
      i = j - 1
      wordList(run, out)
      continue
    }

    if (!BLOCK.has(tag) && !hasBlockInside(node)) {
      para ??= out.appendChild(doc.createElement('p'))
      inlineNode(node, para)
      continue
    }

    flush()
    block(node, out)
  }
  flush()
}

/** One block element of the source. */
function block(el: Element, out: Element) {
  const doc = out.ownerDocument
  const tag = el.localName
  const heading = headingLevel(el)
  if (heading) {
    const h = doc.createElement(`h${heading}`)
    inline(el, h)
    if (!isBlank(h)) out.appendChild(h)
  } else if (tag === 'ul' || tag === 'ol') {
    const list = doc.createElement(tag)
    const start = Number(el.getAttribute('start'))
    if (tag === 'ol' && Number.isInteger(start) && start > 1) list.setAttribute('start', String(start))
    listItems(el, list)
    if (list.childNodes.length) out.appendChild(list)
  } else if (tag === 'li') {
    // A list item with no list around it.
    const list = doc.createElement('ul')
    listItems(wrap(el), list)
    if (list.childNodes.length) out.appendChild(list)
  } else if (tag === 'table') {
    table(el, out)
  } else if (tag === 'p' || !hasBlockInside(el)) {
    const p = doc.createElement('p')
    inline(el, p)
    if (!isBlank(p)) out.appendChild(p)
  } else {
    // A container (div, blockquote, thead outside a table, an inline element wrapping
    // blocks as Google Docs does): its content, without it.
    blocks(el, out)
  }
}

function listItems(src: Node, list: Element) {
  for (const child of Array.from(src.childNodes)) {
    if (child instanceof Element && child.localName === 'li') {
      const li = list.ownerDocument.createElement('li')
      blocks(child, li)
      if (li.childNodes.length) list.appendChild(li)
    } else if (child instanceof Element && (child.localName === 'ul' || child.localName === 'ol')) {
      // A list nested directly in a list (invalid HTML, common in pastes): attach it to the
      // previous item.
      const last = list.lastElementChild ?? list.appendChild(list.ownerDocument.createElement('li'))
      block(child, last)
    } else if (child instanceof Element || !isBlankText(child.textContent)) {
      const li = list.ownerDocument.createElement('li')
      blocks(wrap(child), li)
      if (li.childNodes.length) list.appendChild(li)
    }
  }
}

function table(src: Element, out: Element) {
  const doc = out.ownerDocument
  const caption = Array.from(src.children).find((c) => c.localName === 'caption')
  if (caption) block(caption, out)

  const tbody = doc.createElement('tbody')
  for (const tr of rows(src)) {
    const row = doc.createElement('tr')
    for (const cell of Array.from(tr.children)) {
      if (cell.localName !== 'td' && cell.localName !== 'th') continue
      const c = doc.createElement(cell.localName)
      for (const attr of ['colspan', 'rowspan']) {
        const n = Number(cell.getAttribute(attr))
        if (Number.isInteger(n) && n > 1) c.setAttribute(attr, String(n))
      }
      blocks(cell, c)
      row.appendChild(c)
    }
    if (row.childNodes.length) tbody.appendChild(row)
  }
  if (!tbody.childNodes.length) return
  const t = doc.createElement('table')
  t.appendChild(tbody)
  out.appendChild(t)
}

/** The rows of a table, in order, through thead/tbody/tfoot but not into nested tables. */
function rows(tableEl: Element): Element[] {
  const found: Element[] = []
  for (const child of Array.from(tableEl.children)) {
    if (child.localName === 'tr') found.push(child)
    else if (['thead', 'tbody', 'tfoot'].includes(child.localName)) {
      found.push(...Array.from(child.children).filter((c) => c.localName === 'tr'))
    }
  }
  return found
}

/** h1–h4 for headings, Word's MsoHeadingN and MsoTitle/MsoSubtitle paragraphs; else 0. */
function headingLevel(el: Element): number {
  const m = /^h([1-6])$/.exec(el.localName)
  if (m) return Math.min(Number(m[1]), 4)
  if (el.localName !== 'p') return 0
  const cls = el.getAttribute('class') ?? ''
  if (/\bMsoTitle\b/.test(cls)) return 1
  if (/\bMsoSubtitle\b/.test(cls)) return 2
  const h = /\bMsoHeading([1-9])\b/.exec(cls)
  return h ? Math.min(Number(h[1]), 4) : 0
}

// --- Word and WPS list paragraphs --------------------------------------------------------

/**
 * Word and WPS paste list items as paragraphs: `<p class="MsoListParagraph"
 * style="mso-list:l0 level1 lfo1">` with the bullet or number in a
 * `<span style="mso-list:Ignore">` span. Returns the list id and level, or null.
 */
function wordListItem(el: Element): { list: string; level: number } | null {
  if (el.localName !== 'p' || headingLevel(el)) return null
  const m = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(el.getAttribute('style') ?? '')
  if (m) return { list: m[1], level: Number(m[2]) }
  return listMarker(el) ? { list: '', level: 1 } : null
}

function listMarker(el: Element): Element | null {
  const markers = Array.from(el.querySelectorAll('[style]'))
  return markers.find((s) => /mso-list:\s*Ignore/i.test(s.getAttribute('style') ?? '')) ?? null
}

/** A number or letter marker (1.  (1)  一、  （一）  a)  iv.  ①) means a numbered list. */
export function isOrderedMarker(marker: string): boolean {
  const m = marker.replace(/[\s\u00a0]+/g, '')
  return (
    /^[(（]?(\d+|[一二三四五六七八九十百]+)[)）.．、]?$/.test(m) ||
    /^[(（]?([a-z]|[ivxlc]+)[)）.．、]$/i.test(m) ||
    /^[(（][a-z][)）]$/i.test(m) ||
    /^[\u2460-\u2473\u2160-\u216b]$/.test(m)
  )
}

/** Turns a run of Word list paragraphs into nested <ul>/<ol> lists. */
function wordList(paras: Element[], out: Element) {
  const doc = out.ownerDocument
  const stack: { list: Element; level: number; id: string }[] = []
  for (const p of paras) {
    const { list: id, level } = wordListItem(p)!
    const markerEl = listMarker(p)
    const ordered = markerEl ? isOrderedMarker(markerEl.textContent ?? '') : false
    markerEl?.remove()

    while (stack.length && stack[stack.length - 1].level > level) stack.pop()
    let top = stack[stack.length - 1]
    if (top && top.level === level && (top.id !== id || (top.list.localName === 'ol') !== ordered)) {
      // Another list at the same level: close this one.
      stack.pop()
      top = stack[stack.length - 1]
    }
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? 'ol' : 'ul')
      if (top) {
        const parentItem = top.list.lastElementChild ?? top.list.appendChild(doc.createElement('li'))
        parentItem.appendChild(list)
      } else {
        out.appendChild(list)
      }
      top = { list, level, id }
      stack.push(top)
    }
    const li = doc.createElement('li')
    const para = doc.createElement('p')
    inline(p, para)
    li.appendChild(para)
    top.list.appendChild(li)
  }
}

// --- inline level ------------------------------------------------------------------------

/** Writes the inline content of `src` into `out`, keeping bold, italic, links and breaks. */
function inline(src: Node, out: Element) {
  for (const node of Array.from(src.childNodes)) inlineNode(node, out)
}

function inlineNode(node: Node, out: Element) {
  const doc = out.ownerDocument
  if (node.nodeType === Node.TEXT_NODE) {
    out.appendChild(doc.createTextNode(node.textContent ?? ''))
    return
  }
  if (!(node instanceof Element)) return
  const tag = node.localName
  if (DROP.has(tag) || tag.startsWith('v:')) return
  if (tag === 'br') {
    out.appendChild(doc.createElement('br'))
    return
  }
  const mark = markFor(node)
  if (!mark) {
    // Spans, fonts, Word and WPS tags, and blocks met inside a paragraph: their content only.
    inline(node, out)
    return
  }
  const el = doc.createElement(mark.tag)
  if (mark.href) el.setAttribute('href', mark.href)
  inline(node, el)
  if (!isBlankText(el.textContent) || el.querySelector('br')) out.appendChild(el)
  else while (el.firstChild) out.appendChild(el.firstChild)
}

/** The kept inline element that `el` stands for, if any. */
function markFor(el: Element): { tag: string; href?: string } | null {
  const tag = el.localName
  const style = cssProperties(el)
  if (tag === 'a') {
    const href = safeHref(el.getAttribute('href'))
    return href ? { tag: 'a', href } : null
  }
  const weight = style.get('font-weight') ?? ''
  const fontStyle = style.get('font-style') ?? ''
  // Google Docs wraps a whole paste in <b style="font-weight:normal">.
  const notBold = /^(normal|lighter|[1-5]00)$/.test(weight)
  if ((tag === 'b' || tag === 'strong') && !notBold) return { tag: 'strong' }
  if ((tag === 'i' || tag === 'em') && fontStyle !== 'normal') return { tag: 'em' }
  if (tag === 'span' || tag === 'font') {
    if (/^(bold|bolder|[6-9]00)$/.test(weight)) return { tag: 'strong' }
    if (fontStyle === 'italic' || fontStyle === 'oblique') return { tag: 'em' }
  }
  return null
}

/**
 * The declarations of an inline style by property name. Exact names matter: Word writes
 * `<b style="mso-bidi-font-weight:normal">` for ordinary bold text.
 */
function cssProperties(el: Element): Map<string, string> {
  const props = new Map<string, string>()
  for (const decl of (el.getAttribute('style') ?? '').split(';')) {
    const i = decl.indexOf(':')
    if (i > 0) props.set(decl.slice(0, i).trim().toLowerCase(), decl.slice(i + 1).trim().toLowerCase())
  }
  return props
}

/**
 * <strong>a</strong><strong>b</strong> → <strong>ab</strong> (Word splits runs often), and
 * no <strong> inside a <strong>.
 */
function mergeAdjacentMarks(root: Element) {
  for (const el of Array.from(root.querySelectorAll('strong, em'))) {
    const prev = el.previousSibling
    if (prev instanceof Element && prev.localName === el.localName) {
      while (el.firstChild) prev.appendChild(el.firstChild)
      el.remove()
    } else if (el.parentElement?.closest(el.localName)) {
      el.replaceWith(...Array.from(el.childNodes))
    }
  }
}

// --- helpers -------------------------------------------------------------------------------

function hasBlockInside(el: Element): boolean {
  return Array.from(el.querySelectorAll('*')).some((d) => BLOCK.has(d.localName))
}

function isBlankText(text: string | null): boolean {
  return !text || /^[\s\u00a0]*$/.test(text)
}

/** A paragraph or heading with no text: Word's empty lines. */
function isBlank(el: Element): boolean {
  return isBlankText(el.textContent)
}

/** A fragment holding only `node`, so a loose node can be treated as a container. */
function wrap(node: Node): Node {
  const frag = (node.ownerDocument ?? document).createDocumentFragment()
  frag.appendChild(node.cloneNode(true))
  return frag
}
