// Reliability: a damaged database is met by a clear Chinese screen that restores the
// latest good backup (never a crash loop); 设置 → 备份与恢复 lists backups and makes one;
// while the app holds the data directory, the CLI's writing commands are refused.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import path from 'node:path'
import {
  clearMessages,
  ADMIN_PASSWORD,
  appPath,
  USER_PASSWORD,
  byTestId,
  cli,
  cliPath,
  genDemo,
  expectMessage,
  screenshot,
  signIn,
  textOf,
} from './harness.mjs'
import { useSuite } from './suite.mjs'

// A private D-Bus session for the single-instance plugin (it finds the first window
// through the session bus, which a desktop always has and bare Xvfb does not).
function startSessionBus() {
  const r = spawnSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], {
    encoding: 'utf8',
  })
  if (r.status !== 0) return null
  const [address, pid] = r.stdout.trim().split('\n')
  return { address: address.trim(), pid: Number(pid) }
}
const bus = startSessionBus()

describe('reliability', () => {
  let backupPath

  const { browser, dir, press } = useSuite({
    people: [['张伟', '法规处', 'drafter']],
    prepare({ dir }) {
      backupPath = cli(dir, ['backup', '--user', '管理员']).trim()
      // The file's header overwritten: SQLite no longer knows it as a database.
      const fd = openSync(path.join(dir, 'disclosure.db'), 'r+')
      writeSync(fd, Buffer.from('damaged by test!'), 0, 16, 0)
      closeSync(fd)
    },
    env: bus ? { DBUS_SESSION_BUS_ADDRESS: bus.address } : {},
    ready: ['startup-error'],
  })

  after(() => {
    if (bus) process.kill(bus.pid)
  })

  it('shows a Chinese screen offering the latest good backup for a damaged database', async () => {
    const text = await textOf(browser, byTestId('startup-error'))
    assert.match(text, /数据未能打开/)
    assert.match(text, /最近一份完好的备份：\d{4}-\d{2}-\d{2} \d{2}:\d{2}，公开事项 0 项/)
    assert.ok(await browser.$(byTestId('startup-open-dir')).isDisplayed())
    await screenshot(browser, 'startup-damaged')
  })

  it('restores that backup and opens the sign-in screen; the damaged file is kept aside', async () => {
    await press(byTestId('startup-restore'))
    const confirm = await browser.$('.el-message-box__btns .el-button--primary')
    await confirm.waitForDisplayed({ timeout: 15000 })
    await confirm.click()
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    await signIn(browser, '管理员', ADMIN_PASSWORD)
    const aside = readdirSync(dir).filter((n) => n.startsWith('damaged-'))
    assert.equal(aside.length, 1)
    assert.ok(existsSync(path.join(dir, aside[0], 'disclosure.db')))
  })

  it('lists the backups in 设置 → 备份与恢复 and makes one on request', async () => {
    await press(byTestId('nav-settings'))
    await press('#tab-backup')
    const list = byTestId('backup-list')
    await browser.$(list).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('backup-root')), /backups/)
    const before = (await browser.$$(`${list} .el-table__body tr`)).length
    assert.ok(before >= 1, 'the CLI backup is listed')
    assert.match(await textOf(browser, list), /手动/)
    await press(byTestId('backup-now'))
    await expectMessage(browser, /已备份到/)
    await browser.waitUntil(async () => (await browser.$$(`${list} .el-table__body tr`)).length >= before, {
      timeout: 10000,
    })
    assert.doesNotMatch(await textOf(browser, byTestId('backup-last')), /还没有备份/)
    await clearMessages(browser)

    // 校验: the newest backup is sound; with a byte of its database copy changed it is said
    // to be damaged (and is sound again once the byte is put back, for the restore below).
    const check = await browser.$(`${list} .el-table__body tr [data-testid^="backup-check-"]`)
    const name = (await check.getAttribute('data-testid')).replace('backup-check-', '')
    await browser.execute((e) => e.click(), check)
    await expectMessage(browser, /备份完好/)
    await clearMessages(browser)
    const copy = path.join(await textOf(browser, byTestId('backup-root')), name, 'disclosure.db')
    const original = readFileSync(copy)
    const changed = Buffer.from(original)
    changed[Math.floor(changed.length / 2)] ^= 0xff
    writeFileSync(copy, changed)
    await browser.execute((e) => e.click(), check)
    await expectMessage(browser, /已损坏（数据库文件与备份记录不符）/)
    await clearMessages(browser)
    writeFileSync(copy, original)
    await browser.execute((e) => e.click(), check)
    await expectMessage(browser, /备份完好/)
    await clearMessages(browser)
    await screenshot(browser, 'backup-settings')
    assert.ok(backupPath.length > 0)
    await press('#tab-about')
    await browser.waitUntil(
      async () => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(await textOf(browser, byTestId('about-last-backup'))),
      { timeout: 10000, timeoutMsg: '关于 shows no last backup time' },
    )
  })

  it('restores a listed backup from the settings page, keeping the current data as a backup', async () => {
    // A person added after the backup is gone after the restore.
    const env = { ...process.env, DISCLOSURE_PASSWORD: ADMIN_PASSWORD }
    await press('#tab-backup')
    const rows = `${byTestId('backup-list')} .el-table__body tr`
    const restoreButton = await browser.$(`${rows} [data-testid^="backup-restore-"]`)
    await restoreButton.waitForDisplayed({ timeout: 10000 })
    await browser.execute((e) => e.click(), restoreButton)
    const confirm = await browser.$('.el-message-box__btns .el-button--primary')
    await confirm.waitForDisplayed({ timeout: 15000 })
    assert.match(await textOf(browser, '.el-message-box__message'), /当前数据会先另做一份备份/)
    await confirm.click()
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 20000 })
    await signIn(browser, '管理员', ADMIN_PASSWORD)
    await press(byTestId('nav-settings'))
    await press('#tab-backup')
    await browser.$(byTestId('backup-list')).waitForDisplayed({ timeout: 10000 })
    await browser.waitUntil(async () => /恢复前/.test(await textOf(browser, byTestId('backup-list'))), {
      timeout: 10000,
      timeoutMsg: 'the data replaced by the restore was not kept as a backup',
    })
    const verify = spawnSync(cliPath, ['--data-dir', dir, 'audit', 'verify'], { encoding: 'utf8', env })
    assert.equal(verify.status, 0, verify.stdout + verify.stderr)
  })

  it('refuses the CLI a write while the app holds the data directory, and lets it read', () => {
    const env = { ...process.env, DISCLOSURE_PASSWORD: ADMIN_PASSWORD, DISCLOSURE_NEW_PASSWORD: USER_PASSWORD }
    const write = spawnSync(
      cliPath,
      ['--data-dir', dir, 'user', 'add', '李娜', '--office', '法规处', '--roles', 'drafter', '--by', '管理员'],
      { encoding: 'utf8', env },
    )
    assert.equal(write.status, 1, write.stderr)
    assert.match(write.stderr, /正被政务公开工作台程序/)
    const read = spawnSync(cliPath, ['--data-dir', dir, 'info'], { encoding: 'utf8', env })
    assert.equal(read.status, 0, read.stderr)
    assert.match(read.stdout, /人员：2/)
  })

  it('sends a second start back to the open window', { skip: bus ? false : 'no dbus-daemon here' }, async () => {
    const second = spawnSync(appPath, ['--data-dir', dir], {
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address },
    })
    assert.equal(second.error, undefined, 'the second start ended by itself')
    assert.equal(second.status, 0, second.stderr)
    assert.equal(await textOf(browser, byTestId('app-title')), '政务公开工作台')
  })
})

// Damage in the records (not in the tables read at start-up) is found by the check of the
// whole file that runs shortly after start-up: the window opens at once, then shows the
// damaged-data screen with the latest good backup.
describe('reliability: the check after start-up', () => {
  const { browser } = useSuite({
    prepare({ dir }) {
      const demoPassword = genDemo(dir, ['--items', '300', '--seed', '3'])
      cli(dir, ['backup', '--user', '系统管理员'], demoPassword)
      // Four pages past the middle of the file overwritten: item records, far from the
      // people and settings the start-up check reads.
      const db = path.join(dir, 'disclosure.db')
      const size = statSync(db).size
      const at = Math.floor(size / 2 / 4096) * 4096
      const fd = openSync(db, 'r+')
      writeSync(fd, Buffer.alloc(4096 * 4, 0x33), 0, 4096 * 4, at)
      closeSync(fd)
    },
    env: { DESK_CHECK_DELAY_SECS: '8' },
    ready: ['sign-in'],
  })

  it('opens the sign-in screen first, then shows the damaged-data screen with a backup', async () => {
    await browser.$(byTestId('startup-error')).waitForDisplayed({
      timeout: 60000,
      timeoutMsg: 'the damage was not reported after start-up',
    })
    const text = await textOf(browser, byTestId('startup-error'))
    assert.match(text, /损坏/)
    assert.match(text, /最近一份完好的备份：\d{4}-\d{2}-\d{2} \d{2}:\d{2}，公开事项 300 项/)
    assert.ok(await browser.$(byTestId('startup-restore')).isDisplayed())
  })
})
