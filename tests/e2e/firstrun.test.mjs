// First run: a fresh data directory opens the set-up wizard — the agency and its code, the
// first administrator, staff imported from an Excel sheet (a sheet with bad rows imports no
// one and names every bad row) — and lands on the dashboard; everyone imported gets an
// initial password of their own, shown once, and must change it at the first sign-in.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { clearMessages, byTestId, cli, screenshot, textOf, typeInto, USER_PASSWORD } from './harness.mjs'
import { useSuite } from './suite.mjs'

const ADMIN_PASSWORD = 'guanli2026mima'
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data')

describe('first-run wizard', () => {
  let picked
  /** The initial passwords shown after the import, by name. */
  let initial = {}

  // The app's data directory is `data` beside the picked sheet and the saved files.
  const { browser, root, dir, press, as } = useSuite({
    subdir: 'data',
    prepare({ root }) {
      // The file dialog answers with `picked`; each test copies the sheet it wants there.
      picked = path.join(root, '人员名单.xlsx')
      mkdirSync(path.join(root, 'saved'))
    },
    env: ({ root }) => ({ DISCLOSURE_DESK_PICK_FILES: picked, DISCLOSURE_DESK_SAVE_DIR: path.join(root, 'saved') }),
  })

  const staffCount = () => JSON.parse(cli(dir, ['info', '--json'])).counts.staff

  it('asks for the agency and will not go on without its code', async () => {
    await browser.$(byTestId('setup')).waitForDisplayed()
    assert.match(await textOf(browser, byTestId('setup-steps')), /机构信息[\s\S]*第一位管理员[\s\S]*导入人员/)
    await typeInto(browser, byTestId('setup-agency-name'), '鞍山市教育局')
    await press(byTestId('setup-next'))
    await browser.waitUntil(async () => (await textOf(browser, byTestId('setup'))).includes('请填写机构代码'), {
      timeout: 15000,
      timeoutMsg: 'no error for the missing code',
    })
    await typeInto(browser, byTestId('setup-org-code'), '11210300mb0000000x')
    await typeInto(browser, byTestId('setup-phone'), '2221')
    await typeInto(browser, byTestId('setup-email'), 'jyj@anshan.gov.cn')
    await screenshot(browser, 'first-run-agency')
    await press(byTestId('setup-next'))
    await browser.waitUntil(async () => (await textOf(browser, byTestId('setup'))).includes('请填写完整的电话号码'), {
      timeout: 15000,
      timeoutMsg: 'no error for a partial phone number',
    })
    await typeInto(browser, byTestId('setup-phone'), '0412-2221234')
    await press(byTestId('setup-next'))
    await browser.$(byTestId('setup-confirm')).waitForDisplayed({ timeout: 10000 })
  })

  it('creates the first administrator with a password the person chooses', async () => {
    await typeInto(browser, byTestId('sign-in-name'), '管理员')
    await typeInto(browser, byTestId('sign-in-password'), ADMIN_PASSWORD)
    await typeInto(browser, byTestId('setup-confirm'), ADMIN_PASSWORD)
    await press(byTestId('sign-in-submit'))
    await browser.$(byTestId('setup-staff')).waitForDisplayed({ timeout: 10000 })
    assert.equal(staffCount(), 1)
  })

  it('imports no one from a sheet with bad rows and names each row', async () => {
    copyFileSync(path.join(fixtures, '人员名单-有误.xlsx'), picked)
    await press(byTestId('setup-import'))
    await browser.$(byTestId('setup-import-errors')).waitForDisplayed({ timeout: 10000 })
    const report = await textOf(browser, byTestId('setup-import-errors'))
    assert.match(report, /有 2 行不能导入，未导入任何人员/)
    assert.match(report, /第 3 行：没有名为“保卫处”的处室/)
    assert.match(report, /第 4 行：无法识别角色“局长”/)
    assert.equal(staffCount(), 1, 'nothing half-imported')
  })

  it('imports everyone from a corrected sheet, each with an initial password of their own', async () => {
    copyFileSync(path.join(fixtures, '人员名单.xlsx'), picked)
    await press(byTestId('setup-import'))
    await browser.$(byTestId('setup-import-done')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('setup-import-done')), /已导入 5 位人员[\s\S]*张伟、赵处长、钱审查、孙局长、周发布/)
    assert.equal(staffCount(), 6)
    // Shown once: five different random passwords, and the slips to print.
    await browser.$(byTestId('initial-passwords')).waitForDisplayed({ timeout: 10000 })
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="initial-passwords-table"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
      ),
    )
    assert.equal(rows.length, 5)
    assert.equal(new Set(rows.map((r) => r[1])).size, 5, 'a different password each')
    initial = Object.fromEntries(rows.map((r) => [r[0].split('（')[0], r[1]]))
    await browser.pause(600) // the dialog's opening transition
    await screenshot(browser, 'first-run-initial-passwords')
    await press(byTestId('initial-passwords-slips'))
    const slips = path.join(root, 'saved', '初始密码单.pdf')
    await browser.waitUntil(async () => existsSync(slips) && statSync(slips).size > 0, { timeout: 15000 })
    await press(byTestId('initial-passwords-close'))
    await clearMessages(browser)
    await screenshot(browser, 'first-run')
    await press(byTestId('setup-finish'))
    await browser.$(byTestId('app-title')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(browser, byTestId('topbar-user')), '管理员')
    assert.equal(await textOf(browser, byTestId('topbar-agency')), '鞍山市教育局')
    assert.equal(await browser.$(byTestId('org-code-missing')).isExisting(), false)
    const info = JSON.parse(cli(dir, ['info', '--json']))
    assert.equal(info.counts.staff, 6)
  })

  it('an imported person signs in with the initial password and must change it first', async () => {
    await as('赵处长', initial['赵处长'])
    await browser.$(byTestId('change-password')).waitForDisplayed({ timeout: 15000 })
    assert.match(await textOf(browser, byTestId('change-password')), /请先修改初始密码/)
    await typeInto(browser, byTestId('password-current'), initial['赵处长'])
    await typeInto(browser, byTestId('password-next'), '123456789a')
    await typeInto(browser, byTestId('password-again'), '123456789a')
    await press(byTestId('password-submit'))
    await browser.waitUntil(async () => /太常见/.test(await textOf(browser, byTestId('change-password'))), {
      timeout: 15000,
      timeoutMsg: 'a common password was not refused',
    })
    await typeInto(browser, byTestId('password-next'), USER_PASSWORD)
    await typeInto(browser, byTestId('password-again'), USER_PASSWORD)
    await press(byTestId('password-submit'))
    await browser.$(byTestId('change-password')).waitForDisplayed({ reverse: true, timeout: 15000 })
    assert.equal(await textOf(browser, byTestId('topbar-user')), '赵处长')
    // The new password is the one that works now.
    await as('赵处长', USER_PASSWORD)
    assert.equal(await browser.$(byTestId('change-password')).isDisplayed(), false)
  })

  it('imports from 设置 → 人员 too, refusing a sheet of people who already exist', async () => {
    await as('管理员', ADMIN_PASSWORD)
    await press(byTestId('nav-settings'))
    await press('#tab-staff')
    await press(byTestId('staff-import-open'))
    const dialog = `.el-dialog ${byTestId('staff-import')}`
    await browser.$(dialog).waitForDisplayed({ timeout: 10000 })
    await press(`${dialog} ${byTestId('setup-import')}`)
    await browser.$(`${dialog} ${byTestId('setup-import-errors')}`).waitForDisplayed({ timeout: 10000 })
    const report = await textOf(browser, `${dialog} ${byTestId('setup-import-errors')}`)
    assert.match(report, /有 5 行不能导入/)
    assert.match(report, /第 2 行：已有名为“张伟”的人员/)
    assert.equal(staffCount(), 6)
    await browser.keys(['Escape'])
  })

  it('shows the version, data directory, database size and licences under 设置 → 关于', async () => {
    await press(byTestId('nav-settings'))
    await press('#tab-about')
    await browser.$(byTestId('about-version')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('about-version')), /^\d+\.\d+\.\d+$/)
    assert.equal(await textOf(browser, byTestId('about-data-dir')), dir)
    assert.match(await textOf(browser, byTestId('about-db-size')), /^\d+(\.\d+)? (KB|MB)$/)
    await screenshot(browser, 'about')
    await press(byTestId('about-licenses'))
    const table = byTestId('licenses-table')
    await browser.$(table).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('licenses-search'), 'OFL')
    await browser.waitUntil(async () => (await browser.$$(`${table} tbody tr`)).length === 2, {
      timeout: 15000,
      timeoutMsg: 'searching OFL should leave the two fonts',
    })
    const fonts = await textOf(browser, `${table} tbody`)
    assert.match(fonts, /Noto Serif CJK SC Regular/)
    await typeInto(browser, byTestId('licenses-search'), 'element-plus')
    await browser.waitUntil(async () => (await textOf(browser, `${table} tbody`)).includes('MIT'), { timeout: 15000 })
    await screenshot(browser, 'about-licenses')
  })
})
