// Long jobs in the real window, on two drafts with large attachments: 提交前自查 scanning
// them, a backup copying them and a restore checking them each show their progress, and
// 取消 stops each at its next safe point with the data as it was.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { USER_PASSWORD, byTestId, clearMessages, cli, expectMessage, screenshot, textOf } from './harness.mjs'
import { useSuite } from './suite.mjs'

describe('long jobs: progress and 取消', () => {
  let no
  let trainingNo
  let trainingId

  const { browser, dir, press, as } = useSuite({
    people: [['张伟', '法规处', 'drafter']],
    prepare({ dir }) {
      // Blank text: nothing to find, and enough bytes that each job runs for seconds.
      const big = ['访谈录音文字稿（上）.txt', '访谈录音文字稿（下）.txt'].map((name, i) => {
        const file = path.join(dir, name)
        writeFileSync(file, Buffer.alloc(150 * 1024 * 1024, i ? 0x20 : 0x0a))
        return file
      })
      // Six files of 12 MB of blank lines for the scan: each takes seconds to scan in the
      // test build, and 取消 is honoured between two files.
      const lists = [1, 2, 3, 4, 5, 6].map((n) => {
        const file = path.join(dir, `培训签到表（第${n}批）.txt`)
        const bytes = Buffer.alloc(12 * 1024 * 1024, 0x0a)
        bytes.write(`第${n}批`)
        writeFileSync(file, bytes)
        return file
      })
      const item = (title, summary, attachments) => ({
        title,
        category: '通知公告',
        office: '法规处',
        summary,
        topic: '教育',
        body_html: `<p>${summary}</p>`,
        attachments,
      })
      const file = path.join(dir, 'items.json')
      writeFileSync(
        file,
        JSON.stringify([
          item('关于校园安全专项检查情况的通报', '检查情况及访谈文字稿。', big),
          item('关于教师培训情况的通报', '培训情况及签到表。', lists),
        ]),
      )
      ;[no, trainingNo] = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
      trainingId = JSON.parse(cli(dir, ['item', 'show', trainingNo, '--json', '--user', '管理员'])).id
    },
    // No day's backup while the tests run: the backups here are the ones they make. Each
    // step of a job waits 300 ms, so 取消 lands within the stage it is meant for however
    // fast this machine hashes (a restore's check of 372 MB took under a second on one).
    env: { DESK_CHECK_DELAY_SECS: '3600', DESK_JOB_STEP_PAUSE_MS: '300' },
  })

  const status = (n = no) => JSON.parse(cli(dir, ['item', 'show', n, '--json', '--user', '管理员'])).status
  const backupsRoot = () => path.join(dir, 'backups')
  const backupFolders = () =>
    existsSync(backupsRoot()) ? readdirSync(backupsRoot()).filter((f) => f !== 'blobs').sort() : []

  /**
   * Presses 取消 on `job`'s progress once it shows a stage matching `stage` (with `shot`,
   * a screenshot of the page first).
   */
  async function cancelWhile(job, stage, shot) {
    const bar = byTestId(`job-${job}`)
    await browser.$(bar).waitForDisplayed({ timeout: 20000 })
    await browser.waitUntil(async () => stage.test(await textOf(browser, bar)), {
      timeout: 20000,
      interval: 20,
      timeoutMsg: `the ${job} progress never showed ${stage}`,
    })
    if (shot) await screenshot(browser, shot)
    await press(byTestId(`job-cancel-${job}`))
  }

  it('提交前自查 shows the scan of each attachment; 取消 stops it and the draft is unchanged', async () => {
    await as('张伟')
    await browser.execute((id) => (location.hash = `#/items/${id}`), trainingId)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
    await press(byTestId('item-check'))
    await cancelWhile('scan', /扫描附件“培训签到表/, 'scan-progress')
    await expectMessage(browser, /已取消扫描，事项没有改变/)
    await browser.$(byTestId('job-scan')).waitForDisplayed({ reverse: true, timeout: 10000 })
    assert.equal(await browser.$(byTestId('self-check')).isExisting(), false, 'no findings from a cancelled scan')
    assert.equal(status(trainingNo), 'draft')
    await clearMessages(browser)
  })

  it('立即备份 shows the attachments being copied; 取消 leaves no backup, and the next one completes', async () => {
    await as('管理员')
    await press(byTestId('nav-settings'))
    await press('#tab-backup')
    const list = byTestId('backup-list')
    await browser.$(list).waitForDisplayed({ timeout: 10000 })
    const before = backupFolders()

    await press(byTestId('backup-now'))
    await cancelWhile('backup', /复制附件/)
    await expectMessage(browser, /已取消备份，没有留下不完整的备份/)
    await browser.$(byTestId('job-backup')).waitForDisplayed({ reverse: true, timeout: 10000 })
    assert.deepEqual(backupFolders(), before, 'no backup folder, finished or not')
    await clearMessages(browser)

    await press(byTestId('backup-now'))
    // 372 MB copied and checked, each step waiting 300 ms.
    await expectMessage(browser, /已备份到/, 60000)
    assert.equal(backupFolders().length, before.length + 1)
    await browser.waitUntil(async () => (await browser.$$(`${list} .el-table__body tr`)).length === before.length + 1, {
      timeout: 10000,
      timeoutMsg: 'the backup is not listed',
    })
    await clearMessages(browser)
  })

  it('恢复 shows the backup being checked; 取消 leaves the current data and the session as they were', async () => {
    const before = backupFolders()
    const rows = `${byTestId('backup-list')} .el-table__body tr`
    const restore = await browser.$(`${rows} [data-testid^="backup-restore-"]`)
    await browser.execute((e) => e.click(), restore)
    const confirm = await browser.$('.el-message-box__btns .el-button--primary')
    await confirm.waitForDisplayed({ timeout: 15000 })
    await confirm.click()
    await cancelWhile('restore', /校验备份/)
    await expectMessage(browser, /已取消恢复，当前数据没有改变/)
    await browser.$(byTestId('job-restore')).waitForDisplayed({ reverse: true, timeout: 10000 })
    // Still signed in on the same page (a restore signs everyone out), and nothing replaced.
    assert.equal(await browser.$(byTestId('sign-in')).isExisting(), false)
    assert.ok(await browser.$(byTestId('backup-admin')).isDisplayed())
    assert.deepEqual(backupFolders(), before, 'no backup of the current data was needed')
    assert.doesNotMatch(await textOf(browser, byTestId('backup-list')), /恢复前/)
    assert.equal(status(), 'draft')
    const log = JSON.parse(cli(dir, ['audit', 'verify', '--json']))
    assert.equal(log.ok, true)
  })
})
