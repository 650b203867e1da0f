// Bureau scale: the app on a gen-demo data directory of 100,000 items (with the release CLI;
// 10,000 with the debug CLI, which generates about six times slower). The home page shows
// the whole bureau's counts, and the item list pages through it, page by page and to a far
// page, without loading everything.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { byTestId, cliPath, genDemo, screenshot, signIn, textOf } from './harness.mjs'
import { useSuite } from './suite.mjs'

const releaseCli = path.resolve(path.dirname(cliPath), '../release/disclosure')
// A release CLI built without the demo feature (`make package`, `make bench-everyday`) has no gen-demo.
const releaseGenerates = () =>
  existsSync(releaseCli) && spawnSync(releaseCli, ['gen-demo', '--help'], { stdio: 'ignore' }).status === 0
const CLI = process.env.DESK_CLI ?? (releaseGenerates() ? releaseCli : cliPath)
const ITEMS = Number(process.env.DESK_SCALE_ITEMS ?? (CLI === releaseCli ? 100000 : 10000))
const fmt = (n) => n.toLocaleString('en-US')

describe(`scale: ${fmt(ITEMS)} items`, () => {
  let PASSWORD

  const { browser } = useSuite({
    prepare({ dir }) {
      const t0 = Date.now()
      PASSWORD = genDemo(dir, ['--items', String(ITEMS), '--seed', '7'], CLI)
      console.log(`gen-demo ${fmt(ITEMS)} items: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    },
  })

  it('shows the whole bureau on the home page', async () => {
    const t0 = Date.now()
    await signIn(browser, '系统管理员', PASSWORD)
    await browser.waitUntil(async () => (await browser.$$(`${byTestId('home-statuses')} .status`)).length >= 8, {
      timeout: 30000,
      timeoutMsg: 'the home page did not show a count for every state',
    })
    console.log(`sign-in to home counts: ${Date.now() - t0} ms`)
    const counts = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="home-statuses"] .count')].map((e) => Number(e.textContent)),
    )
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      ITEMS,
    )
    await screenshot(browser, 'scale-home')
  })

  it('pages through the item list, near and far', async () => {
    await browser.$(byTestId('nav-items')).click()
    const table = byTestId('items-table')
    const firstIndexNo = async () =>
      browser.execute((sel) => document.querySelector(`${sel} tbody tr`)?.textContent?.trim() ?? '', table)
    await browser.waitUntil(async () => (await browser.$$(`${table} tbody tr`)).length === 50, {
      timeout: 20000,
      timeoutMsg: 'the first page of 50 did not appear',
    })
    assert.match(await textOf(browser, byTestId('items-total')), new RegExp(String(ITEMS)))
    const first = await firstIndexNo()
    // The next page: other items.
    let t0 = Date.now()
    await browser.$('.el-pagination .btn-next').click()
    await browser.waitUntil(async () => (await firstIndexNo()) !== first && (await firstIndexNo()) !== '', {
      timeout: 10000,
      timeoutMsg: 'the next page did not come',
    })
    console.log(`next page: ${Date.now() - t0} ms`)
    const second = await firstIndexNo()
    // The last page: the oldest items, and still no more than a page of rows.
    t0 = Date.now()
    const pagers = await browser.$$('.el-pagination .el-pager li.number')
    await pagers[pagers.length - 1].click()
    await browser.waitUntil(async () => ![first, second, ''].includes(await firstIndexNo()), {
      timeout: 10000,
      timeoutMsg: 'the last page did not come',
    })
    console.log(`last page: ${Date.now() - t0} ms`)
    const rows = (await browser.$$(`${table} tbody tr`)).length
    assert.ok(rows >= 1 && rows <= 50, `${rows} rows on the last page`)
    const rendered = await browser.execute(() => document.querySelectorAll('tr').length)
    assert.ok(rendered < 200, `${rendered} table rows in the page`)
    await screenshot(browser, 'scale-items-last-page')
  })
})
