// When the network drops: the drafter types in the browser while the server is away; the
// page says so, keeps the typing in the browser even across closing the page, and once the
// server is back and the item is opened again (the session survived the restart, locked),
// offers it back and saves it — once. A file dropped on the page is attached.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  byTestId,
  press,
  PUBLISHING_PEOPLE,
  prepareBureau,
  screenshot,
  signIn,
  tempDataDir,
  typeInto,
  typeKeys,
  USER_PASSWORD,
} from '../e2e/harness.mjs'
import { createDraft, Desk, startBrowser, startServer } from './lan.mjs'

describe('typing while the server is away', () => {
  const data = tempDataDir()
  const bureau = path.join(data.dir, 'bureau')
  let server
  let chrome
  let browser
  let id
  let drafter

  before(async () => {
    prepareBureau(bureau, PUBLISHING_PEOPLE)
    server = await startServer(bureau)
    chrome = await startBrowser(path.join(data.dir, 'downloads'), server.ca)
    browser = chrome.browser
    drafter = new Desk(server)
    await drafter.signIn('张伟', USER_PASSWORD)
    id = await createDraft(drafter, '断网测试通知')
  })

  after(async () => {
    await chrome?.stop()
    await server?.stop()
    data.cleanup()
  })

  async function openItem(after = 'sign-in') {
    await browser.url(`${server.base}/#/items/${id}`)
    await browser.$(byTestId(after)).waitForDisplayed({ timeout: 20000 })
    if (after === 'sign-in') {
      await signIn(browser, '张伟', USER_PASSWORD)
      await browser.execute((itemId) => (window.location.hash = `#/items/${itemId}`), id)
    } else {
      // The server restarted: the session came back, locked; the password opens it.
      await typeInto(browser, byTestId('unlock-password'), USER_PASSWORD)
      await press(browser, byTestId('unlock-submit'))
    }
    await browser.$(byTestId('field-summary')).waitForDisplayed({ timeout: 15000 })
  }

  it('the page says the server is away and keeps the typing in the browser', async () => {
    await openItem()
    await server.stop()
    await browser.$(byTestId('field-summary')).click()
    await browser.keys(['End'])
    await typeKeys(browser, '断网时补充的一句。')
    await browser.$(byTestId('offline-banner')).waitForDisplayed({ timeout: 15000 })
    await screenshot(browser, 'lan-browser-offline')
    // Kept once the autosave has failed (the banner may come first, from another request).
    await browser.waitUntil(
      async () => /断网时补充的一句。/.test((await browser.execute(() => localStorage.getItem('disclosure-desk.unsaved'))) ?? ''),
      { timeout: 15000, timeoutMsg: 'the typing was not kept in the browser' },
    )
    // The page is closed while the server is still away.
    await browser.url('about:blank')
  })

  it('once the server is back, opening the item offers the typing back and saves it once', async () => {
    server = await startServer(bureau, server.port)
    await drafter.signIn('张伟', USER_PASSWORD)
    const before = (await drafter.call('item_versions', { id })).length
    await openItem('lock-screen')
    const restore = '//div[contains(@class,"el-message-box")]//button[normalize-space()="恢复并保存"]'
    await browser.$(restore).waitForDisplayed({ timeout: 15000 })
    await press(browser, restore)
    await browser.waitUntil(
      async () => /断网时补充的一句。/.test((await drafter.call('item_get', { id })).fields.summary),
      { timeout: 15000, timeoutMsg: 'the kept typing was not saved' },
    )
    await browser.waitUntil(
      async () => (await browser.execute(() => localStorage.getItem('disclosure-desk.unsaved'))) === null,
      { timeout: 10000, timeoutMsg: 'the kept typing was not dropped after saving' },
    )
    const after = await drafter.call('item_versions', { id })
    assert.equal(after.length, before + 1, 'saved exactly once')
    assert.equal((await drafter.call('item_get', { id })).fields.summary.match(/断网时补充的一句。/g).length, 1)
  })

  it('a file dropped on the page is uploaded and attached, as with 添加附件', async () => {
    // What the browser hands the page when a file is dragged from the desktop onto it.
    await browser.execute(() => {
      const data = new DataTransfer()
      data.items.add(new File(['拖进来的附件内容。'], '拖放的附件.txt', { type: 'text/plain' }))
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await browser.waitUntil(
      async () => (await drafter.call('item_get', { id })).attachments.some((a) => a.name === '拖放的附件.txt'),
      { timeout: 15000, timeoutMsg: 'the dropped file was not attached' },
    )
    await browser.$(`//*[@data-testid="attachments"]//td[contains(., "拖放的附件.txt")]`).waitForDisplayed({ timeout: 10000 })
  })
})
