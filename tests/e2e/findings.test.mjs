// The pre-review check through the real window: a draft with a 身份证号 in its body cannot be
// approved until the confidentiality reviewer settles the finding; a drafter masks such a
// number with one click, and the body then keeps only the first 6 and the last 4 characters.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { USER_PASSWORD, byTestId, clearMessages, cli, expectMessage, screenshot, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

// A valid number (GB 11643 check character 8); a wrong check character would not be reported.
const ID = '210302199001011238'
const MASKED = '210302********1238'

describe('pre-review check', () => {
  let reviewedNo
  let draftId
  let draftNo

  const { browser, dir, press, as } = useSuite({
    people: [
      ['张伟', '法规处', 'drafter'],
      ['赵处长', '法规处', 'office_head'],
      ['钱审查', '办公室', 'reviewer'],
    ],
    async prepare({ dir }) {
      const file = path.join(dir, 'items.json')
      const item = (title) => ({
        title,
        category: '通知公告',
        office: '法规处',
        summary: `${title}。`,
        topic: '教育',
        body_html: `<p>申请人张某，身份证号 ${ID}，已按规定办理。</p>`,
      })
      writeFileSync(file, JSON.stringify([item('关于张某申请事项的办理结果'), item('关于李某申请事项的办理结果')]))
      const created = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
      reviewedNo = created[0]
      draftNo = created[1]
      draftId = JSON.parse(cli(dir, ['item', 'show', draftNo, '--json', '--user', '管理员'])).id
      cli(dir, ['item', 'submit', reviewedNo, '--user', '张伟'], USER_PASSWORD)
      cli(dir, ['review', 'decide', reviewedNo, '--user', '赵处长', '--decision', 'approve'], USER_PASSWORD)
    },
  })

  const status = (no) => JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).status

  it('the reviewer cannot approve until the 身份证号 finding is settled', async () => {
    await as('钱审查')
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    await browser.$(`.el-drawer ${byTestId('findings')}`).waitForDisplayed({ timeout: 10000 })
    const listed = await textOf(browser, `.el-drawer ${byTestId('findings')}`)
    assert.match(listed, /阻断\s+身份证号\s+正文 第1段/)
    assert.ok(listed.includes(MASKED), listed)
    assert.ok(!listed.includes(ID), 'the list shows the number masked')
    assert.match(await textOf(browser, byTestId('findings-pending')), /还有 1 处阻断级结果未处理/)

    await press(byTestId('decision-submit'))
    await expectMessage(browser, /还有 1 处阻断级检查结果未处理/)
    assert.equal(status(reviewedNo), 'in_review')

    await press(byTestId('finding-settle'))
    await press('//div[@data-testid="settle-kind"]//span[normalize-space()="接受并说明理由"]')
    await typeInto(browser, byTestId('settle-note'), '经当事人书面同意公开。')
    await press(byTestId('settle-confirm'))
    await expectMessage(browser, /已处理并记入审计日志/)
    assert.match(await textOf(browser, byTestId('finding-settled')), /接受 · 钱审查/)
    await browser.pause(400)
    await screenshot(browser, 'review-findings')

    await press(byTestId('decision-submit'))
    await expectMessage(browser, /已通过/)
    assert.equal(status(reviewedNo), 'in_review', 'on to the leader')
    const log = JSON.parse(cli(dir, ['audit', 'verify', '--json']))
    assert.equal(log.ok, true)
  })

  it('the drafter masks the number with one click', async () => {
    await as('张伟')
    await browser.execute((id) => (location.hash = `#/items/${id}`), draftId)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
    await press(byTestId('item-check'))
    await browser.$(byTestId('self-check')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('self-check')), /身份证号/)
    const version = () => JSON.parse(cli(dir, ['item', 'show', draftNo, '--json', '--user', '管理员'])).version
    const before = version()
    await clearMessages(browser)
    await press(byTestId('finding-mask'))
    await press('.el-message-box__btns .el-button--primary')
    await expectMessage(browser, `已脱敏，生成第 ${before + 1} 版。`)
    await browser.waitUntil(async () => (await textOf(browser, byTestId('field-body'))).includes(MASKED), {
      timeout: 10000,
      timeoutMsg: 'the editor shows the masked number',
    })
    assert.ok(!(await textOf(browser, byTestId('field-body'))).includes(ID))
    assert.match(await textOf(browser, byTestId('findings-clean')), /未发现/)
    const body = JSON.parse(cli(dir, ['item', 'show', draftNo, '--json', '--user', '管理员'])).fields.body_html
    assert.ok(body.includes(MASKED) && !body.includes(ID), body)
    // One version and one message for the mask, and the page clean after it: past the
    // autosave's three seconds nothing is unsaved, saved again or said again.
    for (let waited = 0; waited < 4000; waited += 250) {
      assert.doesNotMatch(await textOf(browser, byTestId('save-state')), /未保存/)
      await browser.pause(250)
    }
    assert.equal(version(), before + 1)
    // Every toast since `clearMessages`, also those that came and went between two looks.
    const seen = await browser.execute(() => [...window.__toasts])
    assert.deepEqual(
      seen.filter((m) => /版/.test(m)),
      [`已脱敏，生成第 ${before + 1} 版。`],
    )
    const log = JSON.parse(cli(dir, ['audit', 'verify', '--json']))
    assert.equal(log.ok, true)
  })
})
