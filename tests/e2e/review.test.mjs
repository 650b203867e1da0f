// Confidentiality review through the real window: a drafter submits; the office head
// returns it with a comment; the drafter sees the comment, edits and resubmits; the reviewer
// sees the diff against the returned round and the thread, and approves; the leader
// approves; the item is 已通过. The drafter is never offered the decision, and calling the
// command directly is refused with the separation-of-duties error. A second item ends in
// 不予公开 citing A15 and shows its re-review date; the audit log is filtered and exported.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { clearMessages, USER_PASSWORD, byTestId, choose, cli, expectMessage, lastMessage, localDay, screenshot, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

describe('review', () => {
  let indexNo
  let itemId
  let secondNo
  let secondId
  let holidays

  const { browser, dir, press, as } = useSuite({
    people: [
      // 张伟 also holds the office-head role: separation of duties, not the role, must stop him.
      ['张伟', '法规处', 'drafter,office_head'],
      ['赵处长', '法规处', 'office_head'],
      ['钱审查', '办公室', 'reviewer'],
      ['孙局长', '办公室', 'leader'],
    ],
    async prepare({ dir }) {
      const file = path.join(dir, 'one.json')
      writeFileSync(
        file,
        JSON.stringify([
          {
            title: '关于开展教师资格认定工作的通知',
            category: '通知公告',
            office: '法规处',
            summary: '2026年教师资格认定安排。',
            topic: '教育',
            body_html: '<p>各有关单位：现将教师资格认定工作安排通知如下。</p>',
          },
          {
            title: '关于某校学生资助对象的公示',
            category: '通知公告',
            office: '法规处',
            summary: '受资助学生名单。',
            topic: '教育',
            body_html: '<p>受资助学生家庭经济情况如下。</p>',
          },
          {
            title: '2026年春季学期校车安全检查情况通报',
            category: '通知公告',
            office: '法规处',
            summary: '检查情况。',
            topic: '教育',
            written_on: '2026-03-02',
            body_html: '<p>检查情况通报如下。</p>',
          },
        ]),
      )
      ;[indexNo, secondNo] = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
      itemId = JSON.parse(cli(dir, ['item', 'show', indexNo, '--json', '--user', '管理员'])).id
      secondId = JSON.parse(cli(dir, ['item', 'show', secondNo, '--json', '--user', '管理员'])).id
      // Dialogs answer from here instead of asking: the audit export saves into the data
      // directory, and the calendar import "picks" next year's holiday arrangement.
      holidays = path.join(dir, '2027.json')
      writeFileSync(
        holidays,
        JSON.stringify({
          2027: {
            document: '国办发明电〔2026〕9号',
            holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
            workdays: ['2026-12-26'],
          },
        }),
      )
    },
    env: ({ dir }) => {
      // A desktop with no program for PDF files: xdg-mime knows of none.
      const bin = path.join(dir, 'bin')
      mkdirSync(bin, { recursive: true })
      writeFileSync(path.join(bin, 'xdg-mime'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
      return {
        DISCLOSURE_DESK_SAVE_DIR: dir,
        DISCLOSURE_DESK_PICK_FILES: holidays,
        PATH: `${bin}:${process.env.PATH}`,
      }
    },
  })

  async function openItem(id = itemId) {
    await browser.execute((id) => (location.hash = `#/items/${id}`), id)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
  }

  async function openFirstInQueue(title = '') {
    await press(byTestId('nav-review'))
    const link = `//*[@data-testid="review-queue"]//tbody//tr//a[contains(@class,"link")][contains(normalize-space(), "${title}")]`
    await browser.$(link).waitForDisplayed({ timeout: 10000 })
    await press(link)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
  }

  async function decideInQueue(decision, comment) {
    await openFirstInQueue()
    const label = { approve: '通过', return: '退回修改', withhold: '不予公开' }[decision]
    await press(`//div[@data-testid="decision"]//span[normalize-space()="${label}"]`)
    if (comment) await typeInto(browser, byTestId('decision-comment'), comment)
    await clearMessages(browser)
    await press(byTestId('decision-submit'))
    const message = await lastMessage(browser)
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    return message
  }

  function status() {
    return JSON.parse(cli(dir, ['item', 'show', indexNo, '--json', '--user', '管理员'])).status
  }

  it('the drafter submits and is not offered the decision', async () => {
    await as('张伟')
    await openItem()
    await browser.$(byTestId('item-submit')).click()
    await expectMessage(browser, /已提交，等待处室负责人审核/)
    assert.equal(status(), 'in_review')
    await press(byTestId('nav-review'))
    await browser.$(byTestId('page-review')).waitForDisplayed()
    // Once the queue has loaded (the table shows while it loads): nothing to decide.
    await browser.$(byTestId('review-empty')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await browser.$(byTestId('review-queue')).isExisting(), false, 'no queue for the drafter')
    const answer = await browser.executeAsync((id, done) => {
      window.__TAURI_INTERNALS__
        .invoke('review_decide', { id, input: { decision: 'approve', grounds: [], comment: '' } })
        .then(() => done({ ok: true }), (e) => done(e))
    }, itemId)
    assert.equal(answer.code, 'forbidden')
    assert.match(answer.message, /职责分离/)
  })

  it('the office head returns it with a comment; the drafter edits and resubmits', async () => {
    await as('赵处长')
    assert.match(await decideInQueue('return', '请补充认定时间和地点。'), /已退回修改/)
    assert.equal(status(), 'draft')
    await as('张伟')
    // The home page lists the returned draft with the comment; it opens the draft.
    await press(byTestId('nav-home'))
    await browser.$(byTestId('home-returned')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('home-returned')), /请补充认定时间和地点。/)
    // A draft written long ago is overdue under 条例第二十六条.
    const urgent = await textOf(browser, byTestId('home-urgent'))
    assert.match(urgent, /校车安全检查情况通报[\s\S]*20 个工作日内[\s\S]*2026-03-30[\s\S]*已逾期/)
    await screenshot(browser, 'home-returned')
    await press(`${byTestId('home-returned')} li`)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(browser, byTestId('item-index-no')), indexNo)
    // The draft shows its deadline and state.
    assert.match(await textOf(browser, byTestId('item-due')), /应于 \d{4}-\d{2}-\d{2} 前公开\s*正常/)
    // The returned draft says why, with who and which step.
    const log = await textOf(browser, byTestId('item-review'))
    assert.match(log, /处室负责人审核：赵处长 退回修改/)
    assert.match(log, /请补充认定时间和地点。/)
    await typeInto(browser, byTestId('field-summary'), '2026年教师资格认定安排（含时间地点）。')
    await browser.$(byTestId('item-save')).click()
    await browser.$(byTestId('item-submit')).click()
    await expectMessage(browser, /已提交/)
    assert.equal(status(), 'in_review')
  })

  it('the head, the reviewer and the leader approve: 已通过', async () => {
    await as('赵处长')
    // What happened and what comes next, not "已通过，事项现为审查中".
    assert.equal(await decideInQueue('approve'), '已通过处室负责人审核，等待保密审查员审查。')
    await as('钱审查')
    // From 工作台 → 我的待办, the item's review opens directly (not just the list).
    await press(byTestId('nav-home'))
    const todo = `${byTestId('home-todo')} tbody tr`
    await browser.$(todo).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, todo), /教师资格认定/)
    await press(todo)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, '.el-drawer .el-drawer__header'), /教师资格认定/)
    // The reviewer sees what changed since the returned round, and the whole thread.
    const diff = await textOf(browser, `.el-drawer ${byTestId('diff')}`)
    assert.match(diff, /内容概述/)
    assert.match(diff, /含时间地点/)
    const thread = await textOf(browser, `.el-drawer ${byTestId('review-thread')}`)
    assert.match(thread, /赵处长 退回修改/)
    assert.match(thread, /请补充认定时间和地点。/)
    assert.match(thread, /张伟 提交第 2 轮审查/)
    await browser.$(`//div[@data-testid="decision"]//span[normalize-space()="不予公开"]`).waitForDisplayed({ timeout: 10000 })
    await browser.pause(600) // let the drawer finish opening before the picture
    await screenshot(browser, 'review-decision')
    await browser.keys(['Escape'])
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 })
    assert.equal(await decideInQueue('approve'), '已通过保密审查员审查，等待分管领导审批。')
    await as('孙局长')
    assert.match(await decideInQueue('approve'), /^已通过分管领导审批，审查完成/)
    assert.equal(status(), 'approved')
    const check = cli(dir, ['audit', 'verify'])
    assert.match(check, /^OK/)
  })

  it('with no PDF viewer, 打印审批表 says so and offers 另存为', async () => {
    await openItem()
    await browser.$(byTestId('print-sheet')).waitForDisplayed({ timeout: 10000 })
    await clearMessages(browser)
    await press(`${byTestId('print-sheet')} .el-button-group > .el-button:first-child`)
    const saveAs = await browser.$('.el-message-box__btns .el-button--primary')
    await saveAs.waitForDisplayed({ timeout: 15000 })
    assert.match(await textOf(browser, '.el-message-box__title'), /无法打开 PDF/)
    assert.match(await textOf(browser, '.el-message-box__message'), /没有能打开 PDF 的程序/)
    assert.equal(await saveAs.getText(), '另存为…')
    await saveAs.click()
    await expectMessage(browser, /已保存到 .*审批表-.*\.pdf（共 1 页）/)
    assert.ok(existsSync(path.join(dir, `审批表-${indexNo.replace(/\//g, '-')}.pdf`)))
    await clearMessages(browser)
  })

  it('the review sheet is saved as PDF, leads back to its round, and the register prints', async () => {
    await openItem()
    await browser.$(byTestId('print-sheet')).waitForDisplayed({ timeout: 10000 })
    await clearMessages(browser)
    await press(byTestId('print-sheet-save'))
    await expectMessage(browser, /已保存到 .*审批表-.*\.pdf（共 1 页）/)
    const pdf = path.join(dir, `审批表-${indexNo.replace(/\//g, '-')}.pdf`)
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
    assert.match(text, /政府信息公开保密审查审批表/)
    assert.match(text, /关于开展教师资格认定工作的通知/)
    assert.match(text, /处室负责人审核[\s\S]*通过/)
    assert.match(text, /自动检查未发现/)
    const hash = text.match(/内容哈希\s*([0-9a-f]{16})/)?.[1]
    assert.ok(hash, 'the footer prints the short content hash')

    await press(byTestId('nav-review'))
    await typeInto(browser, byTestId('sheet-lookup'), hash)
    await press(byTestId('sheet-lookup-go'))
    await browser.$(byTestId('sheet-match')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('sheet-match')), /审批表对应第 2 轮审查.*一致/s)
    assert.equal(await textOf(browser, byTestId('item-index-no')), indexNo)

    await press(byTestId('nav-reports'))
    await clearMessages(browser)
    await press(byTestId('register-save'))
    await expectMessage(browser, /已保存到 .*审查登记簿-/)
    const register = readdirSync(dir).find((f) => f.startsWith('审查登记簿-'))
    const listed = spawnSync('pdftotext', ['-layout', path.join(dir, register), '-'], { encoding: 'utf8' }).stdout
    assert.match(listed, /政府信息公开保密审查登记簿/)
    assert.match(listed, /关于开展教师资格认定工作的通知[\s\S]*已通过/)
    assert.ok(listed.includes(indexNo.split('/')[1]), listed.slice(0, 600))
  })

  it('a second item ends in 不予公开 citing A15 and shows its re-review date', async () => {
    // In the window: while the app is open it holds the data directory, and the CLI's
    // writing commands are refused.
    await as('张伟')
    await openItem(secondId)
    await browser.$(byTestId('item-submit')).click()
    await expectMessage(browser, /已提交，等待处室负责人审核/)
    await as('赵处长')
    assert.match(await decideInQueue('approve'), /通过/)
    await as('钱审查')
    await openFirstInQueue('学生资助')
    assert.match(await textOf(browser, '.el-drawer .el-drawer__header'), /学生资助/)
    await press(`//div[@data-testid="decision"]//span[normalize-space()="不予公开"]`)
    await choose(browser, byTestId('grounds'), 'A15 第十五条：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害')
    await typeInto(browser, byTestId('decision-comment'), '名单涉及未成年人个人隐私。')
    await press(byTestId('decision-submit'))
    await expectMessage(browser, /已作出“不予公开”决定，事项现为“不予公开”/)
    const shown = JSON.parse(cli(dir, ['item', 'show', secondNo, '--json', '--user', '管理员']))
    assert.equal(shown.status, 'withheld')

    // A year from today, as the core counts months: 29 February gives 28 February.
    const [y, m, d] = localDay().split('-').map(Number)
    const last = new Date(y + 1, m, 0).getDate()
    const dueText = `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    await openItem(secondId)
    const banner = await textOf(browser, byTestId('rereview-on'))
    assert.ok(banner.includes(`复查日期：${dueText}`), banner)
    const log = await textOf(browser, byTestId('item-review'))
    assert.match(log, /保密审查员审查：钱审查 不予公开，依据 A15/)
    await screenshot(browser, 'review-withheld')
  })

  it('the administrator filters the audit log and exports it as CSV', async () => {
    await as('管理员')
    await browser.execute(() => (location.hash = '#/settings'))
    await press('#tab-audit')
    await browser.$(byTestId('audit-table')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('audit-text'), secondNo)
    await press(byTestId('audit-search'))
    await browser.waitUntil(async () => !(await textOf(browser, byTestId('audit-table'))).includes('登录'), { timeout: 10000 })
    const table = await textOf(browser, byTestId('audit-table'))
    assert.match(table, /审查决定/)
    assert.match(table, /不予公开/)
    await press(byTestId('audit-export'))
    await expectMessage(browser, /已导出 \d+ 条记录/)
    const csvName = readdirSync(dir).find((f) => f.startsWith('审计日志-') && f.endsWith('.csv'))
    assert.ok(csvName, 'the CSV is written')
    const csv = readFileSync(path.join(dir, csvName), 'utf8')
    assert.ok(csv.startsWith('\ufeff序号,时间,操作人,操作,'), csv.slice(0, 40))
    assert.match(csv, /review\.decide/)
    assert.ok(csv.split('\n').slice(1).filter(Boolean).every((l) => l.includes(secondNo)), 'only the filtered entries')
    const check = JSON.parse(cli(dir, ['audit', 'verify', '--json']))
    assert.equal(check.ok, true)
  })

  it('the administrator switches the leader step off for a category, on record', async () => {
    await press('#tab-chain')
    await browser.$(byTestId('chain-table')).waitForDisplayed({ timeout: 10000 })
    const row = '//div[@data-testid="chain-table"]//tr[.//td[normalize-space()="通知公告"]]'
    const leaderSwitch = `${row}//*[contains(@data-testid, "-3-enabled")]`
    await browser.$(leaderSwitch).waitForExist({ timeout: 10000 })
    await browser.pause(300)
    await screenshot(browser, 'settings-chain')
    await press(leaderSwitch)
    await expectMessage(browser, /已保存/)
    await press('#tab-audit')
    await browser.waitUntil(async () => (await textOf(browser, byTestId('audit-table'))).length > 0, { timeout: 10000 })
    await press(byTestId('audit-reset'))
    await browser.waitUntil(async () => /分管领导审批」关闭/.test(await textOf(browser, byTestId('audit-table'))), {
      timeout: 10000,
      timeoutMsg: 'the change is in the audit log',
    })
  })

  it('the administrator imports next year’s holiday arrangement and due dates follow it', async () => {
    await press('#tab-calendar')
    await browser.$(byTestId('calendar-years')).waitForDisplayed({ timeout: 10000 })
    await press(byTestId('calendar-import'))
    await expectMessage(browser, /节假日安排已导入/)
    const table = await textOf(browser, byTestId('calendar-years'))
    assert.match(table, /2027\s+国办发明电〔2026〕9号\s+管理员导入/)
    assert.equal(cli(dir, ['workdays', 'add', '2026-12-31', '1']).trim(), '2027-01-04')
  })
})
