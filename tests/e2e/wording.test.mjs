// 错敏词 through the real window: the administrator lists a leader and his title in 设置 →
// 错敏词; a draft naming him with another title is stopped at review with the right title
// suggested, and the confidentiality reviewer settles it as 已更正 before approving.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { USER_PASSWORD, byTestId, cli, expectMessage, screenshot, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

describe('错敏词 checks', () => {
  const { browser, dir, press, as, close, launch } = useSuite({
    people: [
      ['张伟', '法规处', 'drafter'],
      ['赵处长', '法规处', 'office_head'],
      ['钱审查', '办公室', 'reviewer'],
    ],
  })

  it('the administrator adds a leader and sees the shipped lists', async () => {
    await as('管理员')
    await browser.execute(() => (location.hash = '#/settings'))
    await press('#tab-wording')
    await browser.$(byTestId('wording-leaders-text')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('wording-leaders-text'), '王刚 局长')
    await press(byTestId('wording-leaders-save'))
    await expectMessage(browser, '已保存，共 1 条。')
    await browser.pause(400)
    await screenshot(browser, 'settings-wording')
    await press('#tab-shipped')
    await browser.$(byTestId('wording-shipped-expressions')).waitForDisplayed({ timeout: 10000 })
    const shipped = await textOf(browser, byTestId('wording-shipped'))
    assert.match(shipped, /严重错误表述\s+版本 \S+/)
    assert.match(shipped, /新华社/)
    assert.match(shipped, /咬文嚼字/)
    await browser.pause(400)
    await screenshot(browser, 'settings-wording-shipped')
  })

  it('a draft naming him with a wrong title waits until the finding is settled', async () => {
    const file = path.join(dir, 'items.json')
    writeFileSync(
      file,
      JSON.stringify([
        {
          title: '关于召开教育工作会议的通知',
          category: '通知公告',
          office: '法规处',
          summary: '教育工作会议。',
          topic: '教育',
          body_html: '<p>会议由副局长王刚主持。</p>',
        },
      ]),
    )
    // The CLI writes only while the app has let go of the data directory.
    await close()
    const no = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created[0]
    cli(dir, ['item', 'submit', no, '--user', '张伟'], USER_PASSWORD)
    cli(dir, ['review', 'decide', no, '--user', '赵处长', '--decision', 'approve'], USER_PASSWORD)
    await launch()

    await as('钱审查')
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    await browser.$(`.el-drawer ${byTestId('findings')}`).waitForDisplayed({ timeout: 10000 })
    const listed = await textOf(browser, `.el-drawer ${byTestId('findings')}`)
    assert.match(listed, /阻断\s+领导姓名职务不符\s+正文 第1段/)
    assert.match(await textOf(browser, byTestId('finding-suggestion')), /建议：王刚的现任职务：局长/)

    await press(byTestId('decision-submit'))
    await expectMessage(browser, /还有 1 处阻断级检查结果未处理/)

    await press(byTestId('finding-settle'))
    await press('//div[@data-testid="settle-kind"]//span[normalize-space()="已更正"]')
    await typeInto(browser, byTestId('settle-note'), '已请起草处室改为“局长王刚”。')
    await press(byTestId('settle-confirm'))
    await expectMessage(browser, /已处理并记入审计日志/)
    assert.match(await textOf(browser, byTestId('finding-settled')), /已更正 · 钱审查/)
    await browser.pause(400)
    await screenshot(browser, 'review-wording-finding')

    await press(byTestId('decision-submit'))
    await expectMessage(browser, /已通过/)
    const log = JSON.parse(cli(dir, ['audit', 'verify', '--json']))
    assert.equal(log.ok, true)
  })
})
