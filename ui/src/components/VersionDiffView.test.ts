import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import VersionDiffView from './VersionDiffView.vue'

// The changes between two rounds show what a drafter typed: every XSS vector of the shared
// corpus (each would set window.__xss if it ran) must appear as text, never as markup.
// Read through Node, loaded by name so the type checker needs no declarations for it.
const fs = 'node:fs'
const { readFileSync } = await import(/* @vite-ignore */ fs)
// Vitest runs with the ui folder as its working directory.
const corpus: string = readFileSync('../src-tauri/core/tests/data/xss_vectors.txt', 'utf8')
const VECTORS: string[] = corpus.split('\n').filter((l) => l.trim() && !l.startsWith('# '))

describe('VersionDiffView', () => {
  it('shows every vector in fields, body lines and attachment names as text', () => {
    const wrapper = mount(VersionDiffView, {
      props: {
        diff: {
          from: 1,
          to: 2,
          fields: VECTORS.map((v, i) => ({ label: `标题${i}`, before: `旧${v}`, after: v })),
          body: VECTORS.flatMap((v) => [
            { tag: 'delete', text: v },
            { tag: 'insert', text: v },
            { tag: 'equal', text: v },
          ]),
          attachments_added: VECTORS,
          attachments_removed: VECTORS,
        },
      },
      attachTo: document.body,
    })
    const root = wrapper.element as HTMLElement
    const made = [...root.querySelectorAll('*')].filter(
      (e) =>
        !['DIV', 'TABLE', 'TBODY', 'TR', 'TH', 'TD', 'P'].includes(e.tagName) ||
        [...e.attributes].some((a) => a.name.startsWith('on') || a.name === 'href' || a.name === 'src'),
    )
    expect(made.map((e) => e.outerHTML.slice(0, 80))).toEqual([])
    for (const v of VECTORS) expect(root.textContent).toContain(v)
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined()
    wrapper.unmount()
  })
})
