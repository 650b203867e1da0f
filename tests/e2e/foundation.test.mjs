// Foundation: the app starts, shows seeded Chinese data through real IPC, every page
// opens, and a settings change survives a restart.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, expectMessage, screenshot, signIn, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

const PASSWORD = 'guanli2026mima'

const PAGES = [
  ['home', '欢迎使用政务公开工作台'],
  ['items', '公开事项'],
  ['review', '审查'],
  ['export', '导出'],
  ['tasks', '工作任务与责任处室'],
  ['reports', '报表'],
  ['settings', '设置'],
]

describe('foundation', () => {
  const app = useSuite()
  const { browser } = app

  it('sets up a fresh installation: agency code, first administrator, then the dashboard', async () => {
    await browser.$(byTestId('setup')).waitForDisplayed()
    await screenshot(browser, 'first-run-setup')
    await typeInto(browser, byTestId('setup-org-code'), '11210300MB0000000X')
    await browser.$(byTestId('setup-next')).click()
    await browser.$(byTestId('setup-confirm')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('sign-in-name'), '管理员')
    await typeInto(browser, byTestId('sign-in-password'), 'short')
    await typeInto(browser, byTestId('setup-confirm'), 'short')
    await browser.$(byTestId('sign-in-submit')).click()
    // Said under the password, where it is fixed, not in a message.
    await browser.waitUntil(async () => (await textOf(browser, byTestId('setup'))).includes('密码至少 10 位'), {
      timeout: 10000,
      timeoutMsg: 'no error under the short password',
    })
    await typeInto(browser, byTestId('sign-in-password'), PASSWORD)
    await typeInto(browser, byTestId('setup-confirm'), PASSWORD)
    await browser.$(byTestId('sign-in-submit')).click()
    await browser.$(byTestId('setup-finish')).waitForDisplayed({ timeout: 10000 })
    await browser.$(byTestId('setup-finish')).click()
    await browser.$(byTestId('app-title')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(browser, byTestId('topbar-user')), '管理员')
  })

  it('shows the Chinese title, the agency and the seeded offices from the core', async () => {
    assert.equal(await textOf(browser, byTestId('app-title')), '政务公开工作台')
    const offices = browser.$(byTestId('home-offices'))
    // The plan's ten offices and 局领导.
    await browser.waitUntil(async () => (await offices.$$('.el-tag')).length === 11, {
      timeout: 10000,
      timeoutMsg: 'the eleven seeded offices did not appear',
    })
    const text = await textOf(browser, byTestId('home-offices'))
    for (const name of ['办公室', '法规处', '发展规划处', '财审处', '宣传部', '信息中心', '局领导']) {
      assert.ok(text.includes(name), `${name} missing from ${text}`)
    }
    assert.ok(!text.includes('有关处室'), '有关处室 is not an office')
    assert.equal(await textOf(browser, byTestId('topbar-agency')), '鞍山市教育局')
  })

  it('opens every top-level page from the navigation', async () => {
    for (const [key, heading] of PAGES) {
      await browser.$(byTestId(`nav-${key}`)).click()
      const page = browser.$(byTestId(`page-${key}`))
      await page.waitForDisplayed({ timeout: 10000 })
      const title = await textOf(browser, `${byTestId(`page-${key}`)} .page-title`)
      assert.equal(title, heading)
      await browser.pause(300) // let transitions settle before the picture
      await screenshot(browser, `page-${key}`)
    }
  })

  it('lists the work plan with 有关处室 as a flag, not an office', async () => {
    await browser.$(byTestId('nav-tasks')).click()
    const table = browser.$(byTestId('tasks-table'))
    await browser.waitUntil(async () => (await table.$$('tbody tr')).length === 14, { timeout: 10000 })
    const first = await textOf(browser, `${byTestId('tasks-table')} tbody tr`)
    assert.match(first, /推进权力清单和责任清单公开/)
    assert.match(first, /法规处/)
    assert.match(first, /有关处室/)
  })

  it('shows the core\'s Chinese error at the field and saves nothing', async () => {
    await browser.$(byTestId('nav-settings')).click()
    await browser.$(byTestId('agency-name')).waitForDisplayed()
    await typeInto(browser, byTestId('agency-name'), '')
    await browser.$(byTestId('agency-save')).click()
    await browser.$('.el-form-item__error').waitForDisplayed({ timeout: 10000 })
    const fieldError = await textOf(browser, '.el-form-item__error')
    assert.equal(fieldError, '请填写机构名称。')
    assert.equal(await browser.$('.el-message').isExisting(), false, 'said under the field only')
    assert.equal(await textOf(browser, byTestId('topbar-agency')), '鞍山市教育局')
  })

  it('keeps settings across a restart', async () => {
    await typeInto(browser, byTestId('agency-name'), '鞍山市教育局（测试）')
    await typeInto(browser, byTestId('agency-org-code'), '11210300MB0000000X')
    await browser.$(byTestId('agency-save')).click()
    await expectMessage(browser, /机构信息已保存/)
    await browser.waitUntil(
      async () => (await textOf(browser, byTestId('topbar-agency'))) === '鞍山市教育局（测试）',
      { timeout: 15000, timeoutMsg: 'top bar did not follow the new name' },
    )

    await browser.$('#tab-display').click()
    await browser.$(byTestId('font-size-18')).click()
    await browser.$(byTestId('display-save')).click()
    await expectMessage(browser, '显示设置已保存。')
    await screenshot(browser, 'settings-display-large')

    await app.restart()
    await screenshot(browser, 'sign-in')
    await signIn(browser, '管理员', PASSWORD)
    await browser.waitUntil(
      async () => (await textOf(browser, byTestId('topbar-agency'))) === '鞍山市教育局（测试）',
      { timeout: 10000, timeoutMsg: 'the agency name was not kept' },
    )
    const size = await browser.execute(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--el-font-size-base').trim(),
    )
    assert.equal(size, '18px')
    assert.equal(await browser.$(byTestId('org-code-missing')).isExisting(), false)
    await screenshot(browser, 'home-after-restart')
  })

  it('records the changes in an audit log that verifies', async () => {
    await browser.$(byTestId('nav-settings')).click()
    await browser.$('#tab-audit').click()
    await browser.$(byTestId('audit-verify')).click()
    await browser.$(byTestId('audit-result')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('audit-result')), /审计日志完好，共 \d+ 条记录/)
    const table = await textOf(browser, byTestId('audit-table'))
    for (const action of ['修改机构信息', '新增人员', '登录']) assert.ok(table.includes(action), `${action} not logged: ${table}`)
    await screenshot(browser, 'settings-audit')
  })
})
