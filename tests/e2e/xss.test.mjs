// XSS through the real window: every vector of the shared corpus
// (src-tauri/core/tests/data/xss_vectors.txt, each of which would set window.__xss = 1 if it
// ran) sits in item titles, summaries, bodies, attachment names and a return comment. The
// items list, the editor, the review screen (body, changes, comment thread, findings) and the
// export page show them — as text — and the flag stays unset. The webview's CSP blocks an
// inline script injected into the page.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PUBLISHING_PEOPLE, USER_PASSWORD, approveThroughCli, byTestId, cli, cliAs, screenshot, textOf } from './harness.mjs'
import { useSuite } from './suite.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const VECTORS = readFileSync(path.join(here, '../../src-tauri/core/tests/data/xss_vectors.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('# '))
const ID = '210302199001011238'

/** The vectors in groups whose joined length fits a title (200 characters). */
function groups() {
  const out = [[]]
  for (const v of VECTORS) {
    const cur = out[out.length - 1]
    if (cur.length && [...cur, v].join(' ').length > 190) out.push([v])
    else cur.push(v)
  }
  return out
}

describe('XSS vectors never run in the webview', () => {
  let out
  let numbers = []

  const { browser, dir, press, as } = useSuite({
    people: PUBLISHING_PEOPLE,
    async prepare({ dir }) {
      const items = groups().map((g, i) => {
        // Attachment names carry the vectors too ('/' cannot be in a file name).
        const folder = path.join(dir, 'files', String(i))
        mkdirSync(folder, { recursive: true })
        const attachments = g.map((v, k) => {
          const file = path.join(folder, `${v.replaceAll('/', '∕')}-${k}.txt`)
          writeFileSync(file, '附件正文')
          return file
        })
        return {
          title: g.join(' '),
          category: '通知公告',
          office: '法规处',
          // The first item's summary holds a 身份证号, so its round has a finding whose excerpt
          // shows the vectors around it.
          summary: `${i === 0 ? `联系人身份证号 ${ID} ` : ''}${g.join('\n')}`,
          topic: '教育',
          body_html: g.map((v) => `<p>${v}</p>${v}`).join(''),
          attachments,
        }
      })
      const file = path.join(dir, 'items.json')
      writeFileSync(file, JSON.stringify(items))
      numbers = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
      // The first item: returned with every vector as the comment, resubmitted, approved by the
      // head, so it waits for the reviewer with a comment thread and a finding.
      const first = numbers[0]
      cliAs(dir, '张伟', ['item', 'submit', first])
      cliAs(dir, '赵处长', ['review', 'decide', first, '--decision', 'return', '--comment', VECTORS.slice(0, 30).join('\n')])
      cliAs(dir, '张伟', ['item', 'submit', first])
      cliAs(dir, '赵处长', ['review', 'decide', first, '--decision', 'approve', '--comment', VECTORS.slice(30).join('\n')])
      // The others: approved at every step, ready to export.
      for (const no of numbers.slice(1)) approveThroughCli(dir, no, '张伟', ['赵处长', '钱审查', '孙局长'])
      out = path.join(dir, 'out')
      mkdirSync(out)
    },
    env: () => ({ DISCLOSURE_DESK_SAVE_DIR: out }),
  })

  const flag = () => browser.execute(() => window.__xss ?? null)
  /** Waits until the element's text shows `text` (the vector as text), then checks the flag. */
  async function shows(selector, text) {
    await browser.waitUntil(async () => (await textOf(browser, selector)).includes(text), {
      timeout: 15000,
      timeoutMsg: `${selector} never showed ${text}`,
    })
    assert.equal(await flag(), null, 'a vector ran')
  }

  it('the items list shows the titles as text', async () => {
    await as('张伟')
    await press(byTestId('nav-items'))
    // Approved and in review, they are under 全部 (我的草稿 holds drafts only).
    await press('#tab-all')
    await shows(byTestId('items-table'), '<script>window.__xss=1</script>')
    await shows(byTestId('items-table'), '<img src=x onerror="window.__xss=1">')
    await screenshot(browser, 'xss-items')
  })

  it('the editor shows title, summary, body, attachments and the return comment', async () => {
    // The first item: returned once, so its page shows the return comment too.
    const id = JSON.parse(cli(dir, ['item', 'show', numbers[0], '--json', '--user', '管理员'])).id
    await browser.execute((to) => (location.hash = to), `#/items/${id}`)
    await browser.$(byTestId('page-item-edit')).waitForDisplayed({ timeout: 15000 })
    // Element Plus puts the test id on the <input> itself.
    const title = () =>
      browser.execute(() => {
        const el = document.querySelector('[data-testid="field-title"]')
        return el?.value ?? el?.querySelector('input')?.value ?? ''
      })
    await browser.waitUntil(async () => (await title()).includes('window.__xss=1'), { timeout: 15000 })
    await browser.waitUntil(async () => (await textOf(browser, byTestId('attachments'))).includes('.txt'), { timeout: 15000 })
    await shows(byTestId('item-review'), VECTORS[1])
    await browser.$(`${byTestId('field-body')} .ProseMirror`).waitForExist({ timeout: 15000 })
    assert.equal(await flag(), null, 'a vector ran in the editor')
    await screenshot(browser, 'xss-editor')
  })

  it('the review screen shows body, changes, thread and findings', async () => {
    await as('钱审查')
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    await browser.$(`.el-drawer ${byTestId('findings')}`).waitForDisplayed({ timeout: 15000 })
    await shows('.el-drawer', 'window.__xss=1')
    // The return comment (the thread) with its vectors, as text.
    await shows('.el-drawer', VECTORS[0])
    await shows(`.el-drawer ${byTestId('findings')}`, '身份证号')
    // The sanitized body kept no element or attribute that could run.
    const active = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="review-body"] *')].filter(
        (e) =>
          ['SCRIPT', 'IMG', 'SVG', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE', 'MATH'].includes(e.tagName.toUpperCase()) ||
          [...e.attributes].some((a) => a.name.startsWith('on') || /^\s*(javascript|data|vbscript):/i.test(a.value)),
      ).length,
    )
    assert.equal(active, 0)
    await screenshot(browser, 'xss-review')
  })

  it('the export page lists and exports them', async () => {
    await browser.execute(() => document.querySelectorAll('.el-drawer__close-btn').forEach((b) => b.click()))
    await as('周发布')
    await press(byTestId('nav-export'))
    await shows(byTestId('export-candidates'), 'window.__xss=1')
    await press(byTestId('export-start'))
    await browser.$(byTestId('export-result')).waitForDisplayed({ timeout: 60000 })
    await press(byTestId('export-verify'))
    await browser.waitUntil(async () => browser.$(byTestId('verify-status')).isExisting(), { timeout: 30000 })
    assert.equal(await flag(), null, 'a vector ran on the export page')
    await screenshot(browser, 'xss-export')
  })

  it("the webview's CSP blocks an inline script, and no vector ran all along", async () => {
    const ran = await browser.execute(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__csp = 1'
      document.head.appendChild(s)
      return window.__csp ?? null
    })
    assert.equal(ran, null, 'an inline script ran: the CSP does not block it')
    // Late events (an image's onerror) would have fired by now.
    assert.equal(await flag(), null)
  })
})
