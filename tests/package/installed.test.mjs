// The INSTALLED app (/usr/bin/disclosure-desk from the .deb, set by install-test.sh through
// DESK_APP) starts in a real window, loads its embedded UI and talks to its core: a fresh
// data directory shows the first-run wizard with the seeded agency, and `设置 → 关于`
// reports the installed version after the wizard.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { appPath, byTestId, launch, press, screenshot, startDriver, tempDataDir, textOf, typeInto } from '../e2e/harness.mjs'

describe('the installed package', () => {
  let driver
  let data
  let browser

  before(async () => {
    assert.ok(process.env.DESK_EXPECT_VERSION, 'run through install-test.sh')
    assert.ok(appPath.startsWith('/usr/bin/'), `DESK_APP should be the installed binary, not ${appPath}`)
    data = tempDataDir()
    driver = await startDriver()
    browser = await launch(data.dir)
  })

  after(async () => {
    await browser?.deleteSession().catch(() => {})
    await driver?.stop()
    data?.cleanup()
  })

  it('opens the first-run wizard on a fresh data directory', async () => {
    await browser.$(byTestId('setup')).waitForDisplayed({ timeout: 20000 })
    const text = await textOf(browser, byTestId('setup'))
    assert.match(text, /政务公开工作台/)
    assert.match(text, /机构信息/)
    const name = await browser.$(byTestId('setup-agency-name')).getValue()
    assert.equal(name, '鞍山市教育局')
    await screenshot(browser, 'installed-first-run')
  })

  it('goes through the wizard to the dashboard and shows its version under 关于', async () => {
    await typeInto(browser, byTestId('setup-org-code'), '11210300MB0000000X')
    await press(browser, byTestId('setup-next'))
    await browser.$(byTestId('setup-confirm')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('sign-in-name'), '管理员')
    await typeInto(browser, byTestId('sign-in-password'), 'guanli2026mima')
    await typeInto(browser, byTestId('setup-confirm'), 'guanli2026mima')
    await press(browser, byTestId('sign-in-submit'))
    await browser.$(byTestId('setup-finish')).waitForDisplayed({ timeout: 10000 })
    await press(browser, byTestId('setup-finish'))
    await browser.$(byTestId('app-title')).waitForDisplayed({ timeout: 10000 })
    await press(browser, byTestId('nav-settings'))
    await press(browser, '#tab-about')
    await browser.$(byTestId('about-version')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(browser, byTestId('about-version')), process.env.DESK_EXPECT_VERSION)
    assert.equal(await textOf(browser, byTestId('about-data-dir')), data.dir)
  })
})
