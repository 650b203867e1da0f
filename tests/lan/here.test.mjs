// 本机作为服务器: the administrator turns the desktop app into the bureau's server from
// 设置 → 局域网; the window goes on working on the same data as a client of it (signing in
// once more), a browser on the LAN works on it too, and both see each other's changes
// live. The data is the desk's own (the CLI reads the decision there once the app is
// closed), and at its next start the app serves again by itself. A fresh install makes
// itself the server from its first-run wizard and is set up through it (from this computer
// only, as the server allows).
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ADMIN_PASSWORD,
  byTestId,
  cli,
  clearMessages,
  closeApp,
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
import { createDraft, Desk, freePort, startBrowser } from './lan.mjs'

describe('本机作为服务器: the desktop app serves its own data on the LAN', () => {
  const data = tempDataDir()
  const bureau = path.join(data.dir, 'bureau')
  let driver
  let app
  let chrome
  let browser
  let port
  let server
  let id

  before(async () => {
    prepareBureau(bureau, PUBLISHING_PEOPLE)
    port = await freePort()
    driver = await startDriver()
  })

  after(async () => {
    await app?.deleteSession().catch(() => {})
    await driver?.stop()
    await chrome?.stop()
    data.cleanup()
  })

  it('the administrator starts serving from 设置 → 局域网; the window signs in again, through the server', async () => {
    app = await launch(bureau)
    await signIn(app, '管理员', ADMIN_PASSWORD)
    await press(app, byTestId('nav-settings'))
    await press(app, '//div[contains(@class,"el-tabs__item")][normalize-space()="局域网"]')
    await app.$(byTestId('lan-here')).waitForDisplayed({ timeout: 10000 })
    const input = await app.$(`${byTestId('lan-here-port')} input`)
    const start = async (p) => {
      await input.click()
      await app.execute((el) => el.select(), input)
      await input.setValue(String(p))
      await press(app, byTestId('lan-here-start'))
      await press(app, '//div[contains(@class,"el-message-box")]//button[normalize-space()="本机作为服务器"]')
    }
    // A port another program holds: said under the field; the desk stays alone.
    const taken = net.createServer()
    await new Promise((r) => taken.listen(0, '0.0.0.0', r))
    const takenPort = taken.address().port
    await start(takenPort)
    await app.waitUntil(async () => (await textOf(app, byTestId('lan-here'))).includes(`端口 ${takenPort} 无法使用`), {
      timeout: 30000,
      timeoutMsg: 'no error for a port in use',
    })
    await new Promise((r) => setTimeout(r, 800))
    await screenshot(app, 'lan-here-port-taken')
    taken.close()
    assert.ok(!existsSync(path.join(bureau, 'lan-server.json')))
    assert.match(await app.execute(() => window.location.href), /^tauri:/)
    await start(port)
    await app.$(byTestId('sign-in')).waitForDisplayed({ timeout: 30000 })
    assert.match(await app.execute(() => window.location.origin), /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.deepEqual(JSON.parse(readFileSync(path.join(bureau, 'lan-server.json'), 'utf8')), { port })
    const ca = readFileSync(path.join(bureau, 'server-tls/ca.pem'))
    server = { port, base: `https://localhost:${port}`, ca }
    await signIn(app, '管理员', ADMIN_PASSWORD)
    await press(app, byTestId('nav-settings'))
    await press(app, '//div[contains(@class,"el-tabs__item")][normalize-space()="局域网"]')
    await app.$(byTestId('lan-here-address')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(app, byTestId('lan-mode')), /服务器（本机）/)
    assert.match(await textOf(app, byTestId('lan-here-address')), new RegExp(`^https://\\S+:${port}$`))
    assert.match(await textOf(app, byTestId('lan-fingerprint')), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    // The window is one of the server's sessions, from this computer.
    await app.$(`//*[@data-testid="lan-sessions"]//td[contains(., "桌面客户端")]`).waitForDisplayed({ timeout: 10000 })
    await screenshot(app, 'lan-here-settings')
  })

  it('the change is in the audit log, and another desk reaches the server over HTTPS', async () => {
    const admin = new Desk(server)
    await admin.signIn('管理员', ADMIN_PASSWORD)
    const found = await admin.call('audit_search', {
      filter: { actor: '', action: 'lan.serve', text: '', from: '', to: '' },
      limit: 5,
    })
    assert.match(JSON.stringify(found), new RegExp(`本机作为局域网服务器，端口 ${port}`))
    const drafter = new Desk(server)
    await drafter.signIn('张伟', USER_PASSWORD)
    id = await createDraft(drafter, '本机服务器测试通知')
    await drafter.call('item_submit', { id })
  })

  it('the head of office decides in a browser; the drafter\'s window, a client of its own server, shows it live', async () => {
    await switchUser(app, '张伟', USER_PASSWORD)
    chrome = await startBrowser(path.join(data.dir, 'chrome-downloads'), server.ca)
    browser = chrome.browser
    await browser.url(`${server.base}/`)
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    await signIn(browser, '赵处长', USER_PASSWORD)
    await app.execute((itemId) => (window.location.hash = `#/items/${itemId}`), id)
    await app.$(byTestId('review-history')).waitForDisplayed({ timeout: 15000 })
    await app.execute(() => (window.__noReload = true))

    await press(browser, byTestId('nav-review'))
    const link = `//*[@data-testid="review-queue"]//tbody//tr//a[contains(@class,"link")][contains(normalize-space(), "本机服务器测试通知")]`
    await browser.$(link).waitForDisplayed({ timeout: 10000 })
    await press(browser, link)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
    await press(browser, `//div[@data-testid="decision"]//span[normalize-space()="通过"]`)
    await clearMessages(browser)
    await press(browser, byTestId('decision-submit'))
    assert.match(await lastMessage(browser), /已通过处室负责人审核/)
    await app.waitUntil(async () => /通过/.test(await textOf(app, byTestId('review-history')).catch(() => '')), {
      timeout: 8000,
      timeoutMsg: 'the decision did not show in the window',
    })
    assert.equal(await app.execute(() => window.__noReload), true, 'the page was reloaded')
  })

  it('the data is the desk\'s own, and the app serves again at its next start', async () => {
    await closeApp(app, bureau)
    app = null
    const shown = JSON.parse(cli(bureau, ['item', 'list', '--json', '--user', '管理员']))
    const item = shown.rows.find((r) => JSON.stringify(r.title).includes('本机服务器测试通知'))
    assert.ok(item, JSON.stringify(shown).slice(0, 400))
    assert.notEqual(item.status, 'draft')

    app = await launch(bureau)
    await app.$(byTestId('sign-in')).waitForDisplayed({ timeout: 30000 })
    assert.match(await app.execute(() => window.location.origin), /^http:\/\/127\.0\.0\.1:\d+$/)
    const again = new Desk(server)
    await again.signIn('张伟', USER_PASSWORD)
    const got = await again.call('item_get', { id })
    assert.equal(got.fields.title, '本机服务器测试通知')
    await signIn(app, '张伟', USER_PASSWORD)
    assert.ok(existsSync(path.join(bureau, 'lan-server.json')))
  })
})

describe('本机作为服务器 from the first-run wizard of a fresh install', () => {
  const data = tempDataDir()
  const fresh = path.join(data.dir, 'fresh')
  let driver
  let app

  before(async () => {
    driver = await startDriver()
  })

  after(async () => {
    await app?.deleteSession().catch(() => {})
    await driver?.stop()
    data.cleanup()
  })

  it('serves at once, and the wizard goes on through the server, from this computer', async () => {
    const port = await freePort()
    app = await launch(fresh)
    await app.$(byTestId('setup')).waitForDisplayed()
    await screenshot(app, 'first-run-choices')
    await press(app, byTestId('setup-serve'))
    await app.$(byTestId('lan-here')).waitForDisplayed()
    await screenshot(app, 'first-run-serve')
    const input = await app.$(`${byTestId('lan-here-port')} input`)
    await input.click()
    await app.execute((el) => el.select(), input)
    await input.setValue(String(port))
    await press(app, byTestId('lan-here-start'))
    await press(app, '//div[contains(@class,"el-message-box")]//button[normalize-space()="本机作为服务器"]')
    // The wizard's own page shows 'setup' too: wait for the window to move to the server.
    await app.waitUntil(
      async () => /^http:\/\/127\.0\.0\.1:\d+$/.test(await app.execute(() => window.location.origin).catch(() => '')),
      { timeout: 30000, timeoutMsg: 'the window did not move to the server' },
    )
    await app.$(byTestId('setup')).waitForDisplayed({ timeout: 30000 })
    assert.deepEqual(JSON.parse(readFileSync(path.join(fresh, 'lan-server.json'), 'utf8')), { port })
    // Set up over the server: the agency, then the first administrator.
    await typeInto(app, byTestId('setup-agency-name'), '鞍山市教育局')
    await typeInto(app, byTestId('setup-org-code'), '11210300mb0000000x')
    await press(app, byTestId('setup-next'))
    await app.$(byTestId('setup-confirm')).waitForDisplayed({ timeout: 15000 })
    await typeInto(app, byTestId('sign-in-name'), '管理员')
    await typeInto(app, byTestId('sign-in-password'), ADMIN_PASSWORD)
    await typeInto(app, byTestId('setup-confirm'), ADMIN_PASSWORD)
    await press(app, byTestId('sign-in-submit'))
    await app.$(byTestId('setup-staff')).waitForDisplayed({ timeout: 15000 })
    // Another desk reaches the new server, and the administrator made there signs in.
    const ca = readFileSync(path.join(fresh, 'server-tls/ca.pem'))
    const other = new Desk({ port, base: `https://localhost:${port}`, ca })
    const me = await other.signIn('管理员', ADMIN_PASSWORD)
    assert.equal(me.user?.name ?? me.name, '管理员')
  })
})
