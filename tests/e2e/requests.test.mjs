// 依申请公开 through the real window: 吴承办 (依申请承办人) registers an application at the
// desk and sees its due date (20 working days on the calendar, as `disclosure workdays`
// counts them); sends a 补正告知 (the clock waits), records the corrected request (the
// clock starts again), asks for an extension that 孙局长 approves in his own session,
// routes it to 法规处, whose 张伟 finds it on his 工作台 and writes the office's part, which
// passes the review chain (and is never offered for upload); answers it in part with reasons, issues the 答复书 (served by post, saved as PDF); the 工作台 shows an overdue application registered by
// the command line with who holds it; the year's report counts both in section 三 and
// downloads as a Word file whose table carries them.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { PUBLISHING_PEOPLE, byTestId, choose, clearMessages, cli, cliAs, expectMessage, lastMessage, localDay, screenshot, textOf, typeInto, typeKeys } from './harness.mjs'
import { useSuite } from './suite.mjs'

const YEAR = new Date().getFullYear()
const TODAY = localDay()
// 60 days ago is more than 20 working days ago whatever the holidays: long overdue. Early
// in a year it was last year, and the report carries it over instead of counting it new.
const OLD = localDay(-60)
const OLD_THIS_YEAR = OLD.startsWith(String(YEAR))

/** The `n`-th working day after `day`, as the CLI counts on the shipped calendar. */
function workdays(dir, day, n) {
  return cli(dir, ['workdays', 'add', day, String(n)]).trim()
}

describe('requests', () => {
  let saveDir
  let overdueNo

  const app = useSuite({
    people: [...PUBLISHING_PEOPLE, ['吴承办', '办公室', 'request_handler']],
    prepare({ dir }) {
      // Received 60 days ago, never answered: long overdue.
      const file = path.join(dir, 'request.json')
      writeFileSync(
        file,
        JSON.stringify({
          applicant_type: '法人或其他组织',
          applicant_subtype: '商业企业',
          name: '鞍山某建设有限公司',
          id_type: '统一社会信用代码',
          id_number: '91210300MA0XXXXX1K',
          contact: '0412-5550123',
          address: '鞍山市铁西区建设街2号',
          channel: '邮寄',
          received_on: OLD,
          description: `${YEAR - 1}年校舍维修工程招标文件`,
          form: '纸质',
          delivery: '邮寄',
        }),
      )
      overdueNo = cliAs(dir, '吴承办', ['request', 'add', file]).trim().split('\n').pop()
      saveDir = path.join(dir, 'saved')
      mkdirSync(saveDir)
    },
    env: () => ({ DISCLOSURE_DESK_SAVE_DIR: saveDir }),
    user: '吴承办',
  })
  const { browser, dir, press, as } = app
  let number

  const status = async () => textOf(browser, byTestId('request-detail-status'))
  const act = async (action, fill) => {
    await press(byTestId(`request-act-${action}`))
    await browser.$(byTestId('request-action')).waitForDisplayed({ timeout: 10000 })
    await fill?.()
    await press(byTestId('request-action-save'))
    await browser.$(byTestId('request-action')).waitForDisplayed({ reverse: true, timeout: 10000 })
  }

  it('registers an application and shows its due date 20 working days on', async () => {
    await press(byTestId('nav-requests'))
    await browser.$(byTestId('requests-table')).waitForDisplayed({ timeout: 10000 })
    await press(byTestId('request-add'))
    await browser.$(byTestId('request-form')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, `${byTestId('request-name')}`, '陈静')
    await typeInto(browser, `${byTestId('request-id-number')}`, '11010519491231002X')
    await typeInto(browser, `${byTestId('request-contact')}`, '13812345678')
    await typeInto(browser, `${byTestId('request-address')}`, '鞍山市铁东区胜利路1号')
    await typeInto(browser, `${byTestId('request-description')}`, `${YEAR - 1}年全市义务教育阶段学校招生计划`)
    await typeInto(browser, `${byTestId('request-delivery')}`, '电子邮件')
    assert.match(await textOf(browser, byTestId('request-form')), /以双方确认之日为收到申请之日/)
    await screenshot(browser, 'request-register')
    await press(byTestId('request-save'))
    const due = workdays(dir, TODAY, 20)
    await expectMessage(browser, new RegExp(`已登记申请 ${YEAR}-\\d{4}，答复期限 ${due}。`))
    number = /申请 (\d{4}-\d{4})/.exec(await lastMessage(browser))[1]
    await browser.$(byTestId('request-detail')).waitForDisplayed({ timeout: 10000 })
    assert.equal((await status()).trim(), '办理中')
    assert.match(await textOf(browser, byTestId('request-clock')), new RegExp(`答复期限：${due}`))
    // The handler reads the ID number in full.
    assert.equal((await textOf(browser, byTestId('request-id-number'))).trim(), '11010519491231002X')
    await screenshot(browser, 'request-detail')
    // The 申请接收回执 printed at the desk: the due date, the ID number masked.
    await choose(browser, byTestId('letter-kind'), '申请接收回执')
    await clearMessages(browser)
    await press(byTestId('letter-issue'))
    await expectMessage(browser, /已出具.*申请接收回执/)
    const before = new Set(readdirSync(saveDir))
    await press('//button[starts-with(@data-testid,"letter-save-")]')
    let pdf
    await browser.waitUntil(() => (pdf = readdirSync(saveDir).find((f) => f.endsWith('.pdf') && !before.has(f))), {
      timeout: 20000,
      timeoutMsg: 'the receipt was not saved',
    })
    const receipt = spawnSync('pdftotext', [path.join(saveDir, pdf), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '')
    assert.ok(receipt.includes(due.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')) || receipt.includes(due), receipt.slice(0, 400))
    assert.ok(!receipt.includes('11010519491231002X'), 'the receipt masks the ID number')
  })

  it('a 补正 stops the clock and the corrected request starts it again', async () => {
    await act('correction_sent', () => typeInto(browser, `${byTestId('request-action-text')}`, '请写明所需信息的年份和学段'))
    await browser.waitUntil(async () => (await status()).includes('待补正'), { timeout: 10000 })
    assert.doesNotMatch(await textOf(browser, byTestId('request-clock')), /答复期限：/)
    await act('correction_received')
    await browser.waitUntil(async () => (await status()).includes('办理中'), { timeout: 10000 })
    assert.match(await textOf(browser, byTestId('request-clock')), new RegExp(`答复期限：${workdays(dir, TODAY, 20)}`))
    assert.match(await textOf(browser, byTestId('request-history')), /发出补正告知：请写明所需信息的年份和学段[\s\S]*收到补正后的申请/)
  })

  it('an extension takes the head’s approval, in his own session', async () => {
    await act('extension_requested', () => typeInto(browser, `${byTestId('request-action-text')}`, '需调取档案'))
    assert.match(await textOf(browser, byTestId('request-clock')), /延期 20 个工作日，等待负责人决定/)
    await as('孙局长')
    await press(byTestId('nav-requests'))
    await press(`//td[normalize-space()="${number}"]`)
    await browser.$(byTestId('request-detail')).waitForDisplayed({ timeout: 10000 })
    // The head sees the ID number masked.
    assert.equal((await textOf(browser, byTestId('request-id-number'))).trim(), '110*************2X')
    await act('extension_approved')
    await browser.waitUntil(async () => (await textOf(browser, byTestId('request-clock'))).includes('已延期 20 个工作日'), { timeout: 10000 })
    assert.match(await textOf(browser, byTestId('request-clock')), new RegExp(`答复期限：${workdays(dir, TODAY, 40)}`))
  })

  it('routes it to 法规处, whose reply material passes the review', async () => {
    await as('吴承办')
    await press(byTestId('nav-requests'))
    await press(`//td[normalize-space()="${number}"]`)
    await browser.$(byTestId('request-detail')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('request-parts')), /尚未分派处室/)
    await press(byTestId('request-part-add'))
    await choose(browser, byTestId('request-part-office'), '法规处')
    await typeInto(browser, byTestId('request-part-note'), '请提供招生计划文件')
    await clearMessages(browser)
    await press(byTestId('request-part-assign'))
    await expectMessage(browser, /已分派/)
    await browser.waitUntil(async () => (await textOf(browser, byTestId('request-parts'))).includes('草稿'), { timeout: 10000 })
    const partNo = (await textOf(browser, `[data-testid^="request-part-open-"]`)).trim()
    assert.match(partNo, /^\S+$/, 'the part links its draft by 索引号')
    await screenshot(browser, 'request-parts')
    await press('.el-drawer__close-btn')

    // 张伟 of 法规处 finds it on his 工作台 and writes the office's part.
    await as('张伟')
    await press(byTestId('nav-home'))
    const card = byTestId('home-request-parts')
    await browser.$(card).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, card), new RegExp(number))
    await screenshot(browser, 'request-parts-home')
    await press(`${card} tbody tr .link`)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('item-index-no')), new RegExp(partNo))
    await browser.execute(() => document.querySelector('.ProseMirror').focus())
    await typeKeys(browser, `${YEAR - 1}年招生计划见附件；学生名单涉及个人信息，不予提供。`)
    await browser.waitUntil(async () => (await textOf(browser, '.ProseMirror')).includes('不予提供'), { timeout: 15000 })
    await press(byTestId('item-save'))
    await clearMessages(browser)
    await press(byTestId('item-submit'))
    await expectMessage(browser, /已提交/)
    // The chain of 保密审查, as for any item: the head, the reviewer, the leader.
    for (const who of ['赵处长', '钱审查', '孙局长']) {
      await as(who)
      await press(byTestId('nav-review'))
      await press(`//*[@data-testid="review-queue"]//tr[contains(., "${number}")]//*[contains(@class,"link")]`)
      await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
      await press(`//div[@data-testid="decision"]//span[normalize-space()="通过"]`)
      await clearMessages(browser)
      await press(byTestId('decision-submit'))
      await expectMessage(browser, /已通过|通过/)
      await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    }
    // It is not offered for upload: only the applicant gets it.
    await as('周发布')
    await press(byTestId('nav-export'))
    await browser.$(byTestId('export-candidates')).waitForDisplayed({ timeout: 10000 }).catch(() => {})
    assert.ok(!(await textOf(browser, byTestId('page-export'))).includes(partNo), 'the reply material is not offered for export')
  })

  it('answers in part, with its reasons', async () => {
    await as('吴承办')
    await press(byTestId('nav-requests'))
    await press(`//td[normalize-space()="${number}"]`)
    await browser.$(byTestId('request-detail')).waitForDisplayed({ timeout: 10000 })
    await browser.waitUntil(async () => (await textOf(browser, byTestId('request-parts'))).includes('已通过'), {
      timeout: 10000,
      timeoutMsg: 'the part shows approved',
    })
    await press(byTestId('request-act-replied'))
    await browser.$(byTestId('request-action')).waitForDisplayed({ timeout: 10000 })
    await choose(browser, byTestId('request-action-outcome'), '部分公开')
    // Without reasons it is refused, said under the field, and nothing is recorded.
    await press(byTestId('request-action-save'))
    await browser.waitUntil(async () => /须说明理由（第三十六条第三项、第三十七条）/.test(await textOf(browser, byTestId('request-action'))), {
      timeout: 10000,
      timeoutMsg: 'the refusal is shown under 理由',
    })
    assert.doesNotMatch(await textOf(browser, byTestId('request-history')), /答复：/)
    await typeInto(browser, `${byTestId('request-action-text')}`, '招生计划中涉及学生个人信息的部分不予公开')
    await press(byTestId('request-action-save'))
    await browser.waitUntil(async () => (await status()).includes('已答复'), { timeout: 10000 })
    assert.match(await textOf(browser, byTestId('request-clock')), new RegExp(`${TODAY} 办结：部分公开`))
    // The 答复书: issued with its 文号, served by post with the tracking number, saved as PDF.
    await choose(browser, byTestId('letter-kind'), '政府信息公开申请答复书')
    // The remedies paragraph still has the default's blanks: said before the letter goes out.
    assert.match(await textOf(browser, byTestId('letter-remedies-unfilled')), /复议机关和人民法院/)
    await press(byTestId('letter-issue'))
    await expectMessage(browser, /已出具.*答复书（.+号）。/)
    // The newest letter (the receipt is the first), once the list shows it.
    await browser.waitUntil(async () => (await browser.$$('//button[starts-with(@data-testid,"letter-save-")]')).length === 2, {
      timeout: 10000,
      timeoutMsg: 'the 答复书 is not listed under the receipt',
    })
    await press('(//button[starts-with(@data-testid,"letter-serve-") and not(contains(@data-testid,"save"))])[last()]')
    await browser.$(byTestId('letter-serve')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('letter-tracking'), '1151234567890')
    await press(byTestId('letter-serve-save'))
    await browser.waitUntil(async () => /邮寄送达[\s\S]*1151234567890/.test(await textOf(browser, byTestId('request-letters'))), {
      timeout: 10000,
      timeoutMsg: 'the service by post is shown',
    })
    const before = new Set(readdirSync(saveDir))
    await press('(//button[starts-with(@data-testid,"letter-save-")])[last()]')
    let pdf
    await browser.waitUntil(() => (pdf = readdirSync(saveDir).find((f) => f.endsWith('.pdf') && !before.has(f))), {
      timeout: 20000,
      timeoutMsg: 'the letter was not saved',
    })
    const letter = spawnSync('pdftotext', [path.join(saveDir, pdf), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '')
    assert.ok(letter.includes('陈静'), letter.slice(0, 300))
    assert.ok(letter.includes('第三十七条'), 'a partial disclosure cites 第三十七条')
    assert.ok(!letter.includes('11010519491231002X'), 'no ID number in a reply')
    await screenshot(browser, 'request-letters')
    await press('.el-drawer__close-btn')
    // The list shows it answered, in time: no days left to count.
    const due = byTestId(`request-due-${number}`)
    await browser.waitUntil(async () => (await textOf(browser, byTestId(`request-status-${number}`))).includes('已答复'), { timeout: 10000 })
    assert.doesNotMatch(await textOf(browser, due), /剩|逾期/)
    await screenshot(browser, 'requests')
  })

  it('the administrator names the 复议机关 and the court in 设置 → 依申请公开', async () => {
    await as('管理员')
    await press(byTestId('nav-settings'))
    await press('//div[contains(@class,"el-tabs__item")][normalize-space()="依申请公开"]')
    await browser.$(byTestId('request-letter-settings')).waitForDisplayed({ timeout: 10000 })
    await browser.$(byTestId('letter-settings-unfilled')).waitForDisplayed({ timeout: 10000 })
    const remedies = byTestId('letter-settings-remedies')
    const text = await browser.execute((el) => el.value, await browser.$(remedies))
    assert.match(text, /应当先申请行政复议/)
    await typeInto(browser, remedies, text.replace('……', '鞍山市').replace('……', '鞍山市铁东区'))
    await browser.$(byTestId('letter-settings-unfilled')).waitForDisplayed({ reverse: true, timeout: 10000 })
    await screenshot(browser, 'request-letter-settings')
    await press(byTestId('letter-settings-save'))
    await expectMessage(browser, /已保存/)
    // The handler's next 答复书 is warned of nothing: the names were saved.
    await as('吴承办')
    await press(byTestId('nav-requests'))
    await press(`//*[@data-testid="requests-table"]//td[normalize-space()="${number}"]`)
    await browser.$(byTestId('request-letters')).waitForDisplayed({ timeout: 10000 })
    await choose(browser, byTestId('letter-kind'), '政府信息公开申请答复书')
    assert.equal(await browser.$(byTestId('letter-remedies-unfilled')).isExisting(), false)
    await press('.el-drawer__close-btn')
  })

  it('the 工作台 shows the overdue application with who holds it', async () => {
    await press(byTestId('nav-home'))
    const card = byTestId('home-requests')
    await browser.$(card).waitForDisplayed({ timeout: 10000 })
    const shown = await textOf(browser, card)
    assert.match(shown, new RegExp(overdueNo))
    assert.match(shown, /逾期 \d+ 个工作日/)
    assert.match(shown, /吴承办/)
    assert.doesNotMatch(shown, new RegExp(number), 'the answered one is not waiting')
  })

  it('the year’s report counts both in section 三 and downloads as Word', async () => {
    await press(byTestId('nav-reports'))
    const counts = byTestId('year-report-counts')
    await browser.$(counts).waitForDisplayed({ timeout: 10000 })
    const received = OLD_THIS_YEAR ? 2 : 1
    await browser.waitUntil(async () => new RegExp(`本年新收政府信息公开申请数量\\s*${received}`).test(await textOf(browser, counts)), {
      timeout: 10000,
      timeoutMsg: `${received} applications received this year`,
    })
    assert.match(await textOf(browser, counts), /结转下年度继续办理\s*1/)
    await press(byTestId('year-report-docx'))
    const docx = path.join(saveDir, `鞍山市教育局${YEAR}年政府信息公开工作年度报告.docx`)
    await browser.waitUntil(() => existsSync(docx), { timeout: 20000, timeoutMsg: 'the report was not saved' })
    const xml = spawnSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' }).stdout
    const text = xml.replace(/<[^>]+>/g, '')
    assert.ok(text.includes('三、收到和处理政府信息公开申请情况'), 'section 三')
    // 一、本年新收: 自然人 1, 商业企业 1, total 2 — the row's cells in order (or the company's
    // in 二、上年结转 early in a year).
    const [first, second] = OLD_THIS_YEAR ? ['1100002', '0000000'] : ['1000001', '0100001']
    assert.ok(text.includes(`一、本年新收政府信息公开申请数量${first}`), 'the new applications by column')
    assert.ok(text.includes(`二、上年结转政府信息公开申请数量${second}`), 'carried over')
    assert.ok(text.includes('（二）部分公开（区分处理的，只计这一情形，不计其他情形）1000001'), 'the partial disclosure')
    await browser.execute((el) => el.scrollIntoView({ block: 'start' }), await browser.$(byTestId('year-report')))
    await screenshot(browser, 'request-year-report')
  })
})
