// The desktop app as a client of the LAN server: a fresh install connects from its
// first-run wizard (the person compares the server's fingerprint), the drafter signs in
// and submits in the app, the head of office approves in a real browser (chromium) and
// the app's open item shows the decision without a reload; the review sheet the server
// makes lands in the 下载 folder; the server lists the desk as 桌面客户端. When the server
// then shows another certificate, the app stops and says so.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ADMIN_PASSWORD,
  byTestId,
  clearMessages,
  expectMessage,
  launch,
  lastMessage,
  prepareBureau,
  press,
  PUBLISHING_PEOPLE,
  screenshot,
  signIn,
  startDriver,
  switchUser,
  tempDataDir,
  textOf,
  typeInto,
  USER_PASSWORD,
} from '../e2e/harness.mjs'
import { createDraft, Desk, startBrowser, startServer } from './lan.mjs'

describe('the desktop app as a client of the LAN server', () => {
  const data = tempDataDir()
  const bureau = path.join(data.dir, 'bureau')
  const local = path.join(data.dir, 'desk')
  const downloads = path.join(data.dir, 'downloads')
  const chromeDownloads = path.join(data.dir, 'chrome-downloads')
  let server
  let driver
  let app
  let chrome
  let browser
  let id

  before(async () => {
    prepareBureau(bureau, PUBLISHING_PEOPLE)
    server = await startServer(bureau)
    driver = await startDriver({ DISCLOSURE_DESK_SAVE_DIR: downloads })
    chrome = await startBrowser(chromeDownloads, server.ca)
    browser = chrome.browser
    // The draft, made at the server as the drafter (the app submits it).
    const drafter = new Desk(server)
    await drafter.signIn('张伟', USER_PASSWORD)
    id = await createDraft(drafter, '客户端测试通知')
    await drafter.call('session_sign_out')
  })

  after(async () => {
    await app?.deleteSession().catch(() => {})
    await driver?.stop()
    await chrome?.stop()
    await server?.stop()
    data.cleanup()
  })

  it('a fresh install connects from its first-run wizard once the fingerprint is compared', async () => {
    app = await launch(local)
    await app.$(byTestId('setup')).waitForDisplayed()
    await press(app, byTestId('setup-connect'))
    await typeInto(app, byTestId("lan-connect-address"), `localhost:${server.port}`)
    await press(app, byTestId('lan-connect-look'))
    await app.$(byTestId('lan-connect-fingerprint')).waitForDisplayed({ timeout: 15000 })
    assert.equal(await textOf(app, byTestId('lan-connect-fingerprint')), server.fingerprint)
    await screenshot(app, 'lan-client-connect')
    await press(app, byTestId('lan-connect-confirm'))
    await app.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    const where = await app.execute(() => window.location.origin)
    assert.match(where, /^http:\/\/127\.0\.0\.1:\d+$/)
    // The connection is kept in the desk's own data directory, with the pinned fingerprint.
    assert.ok(existsSync(path.join(local, 'lan-client.json')))
  })

  it('the drafter submits in the app; the head approves in the browser; the app shows it live', async () => {
    await signIn(app, '张伟', USER_PASSWORD)
    await app.execute((itemId) => (window.location.hash = `#/items/${itemId}`), id)
    await app.$(byTestId('item-submit')).waitForDisplayed({ timeout: 15000 })
    await clearMessages(app)
    await press(app, byTestId('item-submit'))
    await expectMessage(app, /已提交，等待处室负责人审核/)

    await browser.url(`${server.base}/`)
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    await signIn(browser, '赵处长', USER_PASSWORD)
    await press(browser, byTestId('nav-review'))
    const link = `//*[@data-testid="review-queue"]//tbody//tr//a[contains(@class,"link")][contains(normalize-space(), "客户端测试通知")]`
    await browser.$(link).waitForDisplayed({ timeout: 10000 })
    await press(browser, link)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
    await press(browser, `//div[@data-testid="decision"]//span[normalize-space()="通过"]`)
    await clearMessages(browser)
    await press(browser, byTestId('decision-submit'))
    assert.match(await lastMessage(browser), /已通过处室负责人审核/)

    // The drafter's open item shows the head's decision without a reload.
    await app.execute(() => (window.__noReload = true))
    await app.waitUntil(async () => /处室负责人审核[\s\S]*通过|赵处长/.test(await textOf(app, byTestId('review-history')).catch(() => '')), {
      timeout: 8000,
      timeoutMsg: 'the decision did not show in the app',
    })
    assert.equal(await app.execute(() => window.__noReload), true, 'the page was reloaded')
    await screenshot(app, 'lan-client-item')
  })

  it('the review sheet the server makes lands in the 下载 folder', async () => {
    await app.$(byTestId('print-sheet')).waitForDisplayed({ timeout: 10000 })
    await clearMessages(app)
    await press(app, byTestId('print-sheet-save'))
    await expectMessage(app, /已保存到 “下载”文件夹中的“审批表-.*\.pdf”/)
    let pdf = null
    await app.waitUntil(
      () => {
        const names = existsSync(downloads) ? readdirSync(downloads).filter((n) => /^审批表-.*\.pdf$/.test(n)) : []
        pdf = names[0] ? path.join(downloads, names[0]) : null
        return !!pdf
      },
      { timeout: 10000, timeoutMsg: 'no review sheet in the download folder' },
    )
    await new Promise((r) => setTimeout(r, 500))
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
    assert.match(text, /政府信息公开保密审查审批表/)
    assert.match(text, /客户端测试通知/)
  })

  it('the server lists the desk as 桌面客户端', async () => {
    const admin = new Desk(server)
    await admin.signIn('管理员', ADMIN_PASSWORD)
    const status = await admin.call('lan_status')
    assert.ok(
      status.sessions.some((s) => s.staff_name === '张伟' && s.program === '桌面客户端'),
      JSON.stringify(status.sessions),
    )
  })

  it('设置 → 局域网 names the server this desk works on, and offers to disconnect', async () => {
    await switchUser(app, '管理员', ADMIN_PASSWORD)
    await press(app, byTestId('nav-settings'))
    await press(app, '//div[contains(@class,"el-tabs__item")][normalize-space()="局域网"]')
    await app.$(byTestId('lan-client-server')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(app, byTestId('lan-client-server')), server.base)
    assert.match(await textOf(app, byTestId('lan-mode')), /客户端/)
    assert.ok(await app.$(byTestId('lan-disconnect')).isDisplayed())
    await screenshot(app, 'lan-client-settings')
  })

  it('a server with another certificate is refused, plainly', async () => {
    await server.stop()
    rmSync(path.join(bureau, 'server-tls'), { recursive: true, force: true })
    server = await startServer(bureau, server.port)
    await press(app, byTestId('nav-items'))
    await app.$(byTestId('certificate-changed')).waitForDisplayed({ timeout: 15000 })
    assert.match(await textOf(app, byTestId('certificate-changed')), /证书与第一次连接时核对的不一样/)
    await screenshot(app, 'lan-client-certificate-changed')
  })
})
