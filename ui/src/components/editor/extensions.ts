// 正文结构 — the editor schema: what a disclosure body may contain. It matches what
// cleanPastedHtml keeps (clean.ts); change both together.
import type { Editor, Extensions } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table'
import { Placeholder } from '@tiptap/extensions'
import { safeHref } from './clean'

/** Cells keep their spans; widths and alignment are the website's business, not the body's. */
function cellAttributes() {
  const span = (name: 'colspan' | 'rowspan') => ({
    default: 1,
    parseHTML: (el: HTMLElement) => Math.max(1, Number(el.getAttribute(name)) || 1),
    renderHTML: (attrs: Record<string, unknown>) =>
      Number(attrs[name]) > 1 ? { [name]: attrs[name] } : {},
  })
  return {
    colspan: span('colspan'),
    rowspan: span('rowspan'),
    // prosemirror-tables reads this attribute when columns change; it is never stored.
    colwidth: { default: null, parseHTML: () => null, renderHTML: () => ({}) },
  }
}

/** A plain <table><tbody>…: no inline widths, no <colgroup>. */
const BodyTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    return ['table', HTMLAttributes, ['tbody', 0]]
  },
}).configure({ resizable: false, View: null })

const BodyCell = TableCell.extend({ addAttributes: cellAttributes })
const BodyHeader = TableHeader.extend({ addAttributes: cellAttributes })

const isAllowedUri = (url: string) => safeHref(url) !== null

export function bodyExtensions(placeholder: () => string): Extensions {
  return [
    StarterKit.configure({
      blockquote: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      heading: { levels: [1, 2, 3, 4] },
      link: {
        // The body is edited, not browsed: a click places the cursor.
        openOnClick: false,
        defaultProtocol: 'https',
        HTMLAttributes: { target: null, rel: null, class: null },
        isAllowedUri,
      },
    }),
    BodyTable,
    TableRow,
    BodyHeader,
    BodyCell,
    Placeholder.configure({ placeholder }),
  ]
}

/**
 * The body as stored: the editor's HTML without the empty paragraphs it keeps at the end
 * (so the cursor can be put after a table); '' when there is nothing.
 */
export function bodyHtml(editor: Editor): string {
  return editor.getHTML().replace(/(?:<p><\/p>)+$/, '')
}
