// Two desks, one workflow, over the LAN: a server started here (`disclosure serve`), a
// drafter's desk speaking HTTPS to it, and a real browser (Debian's chromium) in which the
// head of office, the reviewer and the leader decide and the publisher exports. A submit
// at the drafter's desk appears in the browser's 我的待办 without a reload; the bundle the
// browser downloads passes `disclosure verify`.
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ADMIN_PASSWORD,
  byTestId,
  clearMessages,
  lastMessage,
  prepareBureau,
  press,
  PUBLISHING_PEOPLE,
  screenshot,
  signIn,
  switchUser,
  tempDataDir,
  textOf,
  textOnceShowing,
  USER_PASSWORD,
} from '../e2e/harness.mjs'
import { createDraft, Desk, startBrowser, startServer, verifyBundle } from './lan.mjs'

describe('two desks, one workflow over the LAN', () => {
  const data = tempDataDir()
  const downloads = path.join(data.dir, 'downloads')
  let server
  let chrome
  let browser
  let drafter
  let id

  before(async () => {
    prepareBureau(path.join(data.dir, 'bureau'), PUBLISHING_PEOPLE)
    server = await startServer(path.join(data.dir, 'bureau'))
    chrome = await startBrowser(downloads, server.ca)
    browser = chrome.browser
    drafter = new Desk(server)
    await drafter.signIn('张伟', USER_PASSWORD)
  })

  after(async () => {
    await chrome?.stop()
    await server?.stop()
    data.cleanup()
  })

  async function queueTitles() {
    if (!(await browser.$(byTestId('review-queue')).isExisting())) return ''
    return textOf(browser, byTestId('review-queue'))
  }

  async function decideFirst(title) {
    const link = `//*[@data-testid="review-queue"]//tbody//tr//a[contains(@class,"link")][contains(normalize-space(), "${title}")]`
    await browser.$(link).waitForDisplayed({ timeout: 10000 })
    await press(browser, link)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
    await press(browser, `//div[@data-testid="decision"]//span[normalize-space()="通过"]`)
    await clearMessages(browser)
    await press(browser, byTestId('decision-submit'))
    const message = await lastMessage(browser)
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    return message
  }

  it('the browser opens the server, in Chinese, and signs in', async () => {
    await browser.url(`${server.base}/`)
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    assert.equal(await browser.getTitle(), '政务公开工作台')
    await screenshot(browser, 'lan-browser-sign-in')
    await signIn(browser, '赵处长', USER_PASSWORD)
    await press(browser, byTestId('nav-review'))
    await browser.$(byTestId('page-review')).waitForDisplayed()
    assert.doesNotMatch(await queueTitles(), /局域网测试通知/)
  })

  it('a submit at the drafter’s desk appears in the browser’s 我的待办 without a reload', async () => {
    id = await createDraft(drafter, '局域网测试通知')
    // A marker on the page: a reload would lose it.
    await browser.execute(() => (window.__noReload = true))
    const t = Date.now()
    await drafter.call('item_submit', { id })
    await browser.waitUntil(async () => /局域网测试通知/.test(await queueTitles()), {
      timeout: 5000,
      timeoutMsg: 'the submitted item did not appear in 我的待办',
    })
    const took = Date.now() - t
    assert.equal(await browser.execute(() => window.__noReload), true, 'the page was reloaded')
    assert.ok(took < 3000, `appeared after ${took} ms`)
    await screenshot(browser, 'lan-browser-todo')
  })

  it('the head, the reviewer and the leader approve in the browser; the drafter sees the result', async () => {
    assert.match(await decideFirst('局域网测试通知'), /已通过处室负责人审核/)
    await switchUser(browser, '钱审查', USER_PASSWORD)
    await press(browser, byTestId('nav-review'))
    assert.match(await decideFirst('局域网测试通知'), /已通过保密审查员审查/)
    await switchUser(browser, '孙局长', USER_PASSWORD)
    await press(browser, byTestId('nav-review'))
    assert.match(await decideFirst('局域网测试通知'), /审查完成/)
    const item = await drafter.call('item_get', { id })
    assert.equal(item.status, 'approved')
  })

  it('the administrator sees who is signed in from where, and ends a session', async () => {
    await switchUser(browser, '管理员', ADMIN_PASSWORD)
    await press(browser, byTestId('nav-settings'))
    await press(browser, '//div[contains(@class,"el-tabs__item")][normalize-space()="局域网"]')
    await browser.$(byTestId('lan-sessions')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('lan-mode')), /服务器/)
    assert.equal(await textOf(browser, byTestId('lan-fingerprint')), server.fingerprint)
    const table = await textOf(browser, byTestId('lan-sessions'))
    assert.match(table, /张伟（法规处）/)
    assert.match(table, /127\.0\.0\.1/)
    await screenshot(browser, 'lan-browser-sessions')
    const end = '//*[@data-testid="lan-sessions"]//tr[contains(normalize-space(), "张伟")]//button'
    await press(browser, end)
    await press(browser, '//div[contains(@class,"el-message-box")]//button[normalize-space()="结束会话"]')
    await browser.waitUntil(async () => !/张伟/.test(await textOf(browser, byTestId('lan-sessions'))), {
      timeout: 10000,
      timeoutMsg: 'the ended session is still listed',
    })
    const r = await drafter.request('POST', '/api/item_get', { id })
    assert.equal(r.status, 401)
    await drafter.signIn('张伟', USER_PASSWORD)
  })

  it('the publisher exports in the browser, downloads the bundle, and it verifies', async () => {
    await switchUser(browser, '周发布', USER_PASSWORD)
    await press(browser, byTestId('nav-export'))
    await browser.$(byTestId('export-candidates')).waitForDisplayed({ timeout: 10000 })
    await textOnceShowing(browser, byTestId('export-candidates'), /局域网测试通知/)
    await press(browser, byTestId('export-start'))
    await browser.$(byTestId('export-result')).waitForDisplayed({ timeout: 30000 })
    await screenshot(browser, 'lan-browser-export')
    let zips = []
    await browser.waitUntil(
      async () => (zips = readdirSync(downloads).filter((f) => f.endsWith('.zip'))).length === 1,
      { timeout: 20000 },
    ).catch(async () => {
      const fetched = await browser.execute(() =>
        performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/')),
      )
      throw new Error(`no bundle downloaded: ${readdirSync(downloads)}; requests: ${fetched.join(' ')}`)
    })
    const r = verifyBundle(path.join(downloads, zips[0]))
    assert.equal(r.status, 0, r.stdout + r.stderr)
    const item = await drafter.call('item_get', { id })
    assert.equal(item.status, 'exported')
  })

  it('the server checks its data and makes the day’s backup by itself, as the desktop app does', async () => {
    const deadline = Date.now() + 45000
    let last = null
    while (!last && Date.now() < deadline) {
      last = await drafter.call('backup_last')
      if (!last) await new Promise((r) => setTimeout(r, 1000))
    }
    assert.ok(last, 'no daily backup 45 s after the server started')
  })
})
