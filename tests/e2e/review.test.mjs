// Confidentiality review through the real window: a drafter submits; the office head
// returns it with a comment; the drafter edits and resubmits; the reviewer and the leader
// approve; the item is 已通过. The drafter is never offered the decision, and calling the
// command directly is refused with the separation-of-duties error.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  USER_PASSWORD,
  byTestId,
  cli,
  lastMessage,
  launch,
  prepareBureau,
  screenshot,
  signIn,
  startDriver,
  tempDataDir,
  textOf,
  typeInto,
} from './harness.mjs'

describe('review', () => {
  let driver
  let data
  let browser
  let indexNo
  let itemId

  before(async () => {
    data = tempDataDir()
    prepareBureau(data.dir, [
      // 张伟 also holds the office-head role: separation of duties, not the role, must stop him.
      ['张伟', '法规处', 'drafter,office_head'],
      ['赵处长', '法规处', 'office_head'],
      ['钱审查', '办公室', 'reviewer'],
      ['孙局长', '办公室', 'leader'],
    ])
    const file = path.join(data.dir, 'one.json')
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
      ]),
    )
    indexNo = JSON.parse(cli(data.dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created[0]
    itemId = JSON.parse(cli(data.dir, ['item', 'show', indexNo, '--json'])).id
    driver = await startDriver()
    browser = await launch(data.dir)
  })

  after(async () => {
    await browser?.deleteSession().catch(() => {})
    await driver?.stop()
    data?.cleanup()
  })

  /** Clicks as a person does once an animation (drawer, toast) has finished. */
  async function press(selector) {
    const el = await browser.$(selector)
    await el.waitForExist({ timeout: 10000 })
    await browser.execute((e) => e.click(), el)
  }

  async function as(name) {
    if (await browser.$(byTestId('sign-out')).isExisting()) {
      await press(byTestId('sign-out'))
    }
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 10000 })
    await signIn(browser, name, USER_PASSWORD)
    await browser.execute(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
  }

  async function openItem() {
    await browser.execute((id) => (location.hash = `#/items/${id}`), itemId)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
  }

  async function decideInQueue(decision, comment) {
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    const label = { approve: '通过', return: '退回修改', withhold: '不予公开' }[decision]
    await press(`//div[@data-testid="decision"]//span[normalize-space()="${label}"]`)
    if (comment) await typeInto(browser, byTestId('decision-comment'), comment)
    await press(byTestId('decision-submit'))
    const message = await lastMessage(browser)
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    return message
  }

  function status() {
    return JSON.parse(cli(data.dir, ['item', 'show', indexNo, '--json'])).status
  }

  it('the drafter submits and is not offered the decision', async () => {
    await as('张伟')
    await openItem()
    await browser.$(byTestId('item-submit')).click()
    assert.match(await lastMessage(browser), /已提交，等待处室负责人审核/)
    assert.equal(status(), 'in_review')
    await press(byTestId('nav-review'))
    await browser.$(byTestId('page-review')).waitForDisplayed()
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
    await openItem()
    await typeInto(browser, byTestId('field-summary'), '2026年教师资格认定安排（含时间地点）。')
    await browser.$(byTestId('item-save')).click()
    await browser.$(byTestId('item-submit')).click()
    assert.match(await lastMessage(browser), /已提交/)
    assert.equal(status(), 'in_review')
  })

  it('the head, the reviewer and the leader approve: 已通过', async () => {
    await as('赵处长')
    assert.match(await decideInQueue('approve'), /已通过/)
    await as('钱审查')
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    await browser.$(`//div[@data-testid="decision"]//span[normalize-space()="不予公开"]`).waitForDisplayed({ timeout: 10000 })
    await browser.pause(600) // let the drawer finish opening before the picture
    await screenshot(browser, 'review-decision')
    await browser.keys(['Escape'])
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 })
    assert.match(await decideInQueue('approve'), /已通过/)
    await as('孙局长')
    assert.match(await decideInQueue('approve'), /事项现为“已通过”/)
    assert.equal(status(), 'approved')
    const check = cli(data.dir, ['audit', 'verify'])
    assert.match(check, /^OK/)
  })
})
