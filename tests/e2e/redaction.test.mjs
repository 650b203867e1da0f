// 附件一键脱敏 through the real window (#23): a scanned attachment with a 身份证号 blocks
// approval; the drafter withdraws, redacts it with one click and submits again; the
// reviewer sees the redacted page, black box and all, beside the (now empty) findings and
// approves; the bundle carries the redacted copy and not the scan. An OFD attachment is
// redacted the same way from its item page.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  PUBLISHING_PEOPLE,
  USER_PASSWORD,
  byTestId,
  clearMessages,
  cli,
  expectMessage,
  lastMessage,
  screenshot,
  textOf,
} from './harness.mjs'
import { useSuite } from './suite.mjs'

const ID = '11010519491231002X'
// How long an answer that runs Tesseract over a page (a redaction, a submit's scan) may take.
const OCR = 60000

/** A one-page PDF of Helvetica lines, as the test's source of a scan. */
function textPdf(lines) {
  const content = lines.map((l, i) => `BT /F1 16 Tf 72 ${740 - 30 * i} Td (${l}) Tj ET`).join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offsets = objects.map((o, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return out
}

/** A one-page OFD (GB/T 33190) saying `lines`, 5 mm text 10 mm apart, zipped by Python. */
function ofdFile(file, lines) {
  const ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
  const text = lines
    .map((l, i) => `<ofd:TextObject ID="${i + 5}" Boundary="20 ${20 + 10 * i} 170 8" Font="3" Size="5"><ofd:TextCode X="0" Y="6">${l}</ofd:TextCode></ofd:TextObject>`)
    .join('')
  const parts = {
    'OFD.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${ns} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>e2e</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    'Doc_0/Document.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${ns}><ofd:CommonData><ofd:MaxUnitID>20</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
    'Doc_0/Pages/Page_0/Content.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${ns}><ofd:Content><ofd:Layer ID="2">${text}</ofd:Layer></ofd:Content></ofd:Page>`,
  }
  const py = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],"w")\nfor k,v in json.load(sys.stdin).items(): z.writestr(k,v)\nz.close()'
  const r = spawnSync('python3', ['-c', py, file], { input: JSON.stringify(parts) })
  assert.equal(r.status, 0, String(r.stderr))
}

describe('attachment redaction', () => {
  let no
  let ofdNo
  let out
  let scan

  const { browser, dir, press, as } = useSuite({
    people: PUBLISHING_PEOPLE,
    async prepare({ dir }) {
      // The scan: typed, rendered to a picture at 300 dpi, attached as a PNG.
      const pdf = path.join(dir, 'source.pdf')
      writeFileSync(pdf, textPdf(['Applicant: Zhang San', `ID number: ${ID}`, 'Checked and filed.']))
      const r = spawnSync('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', pdf, path.join(dir, '扫描件')])
      assert.equal(r.status, 0, 'pdftoppm (poppler-utils) is installed')
      scan = path.join(dir, '扫描件.png')
      const file = path.join(dir, 'items.json')
      writeFileSync(
        file,
        JSON.stringify([
          {
            title: '关于张某申请事项的办理结果',
            category: '通知公告',
            office: '法规处',
            summary: '办理结果。',
            topic: '教育',
            body_html: '<p>申请人张某的申请已按规定办理，结果见附件。</p>',
            attachments: [scan],
          },
        ]),
      )
      no = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created[0]
      const ofd = path.join(dir, '补助公示.ofd')
      ofdFile(ofd, ['关于补助发放情况的公示', `身份证号 ${ID}`, '以上人员经公示无异议。'])
      writeFileSync(
        file,
        JSON.stringify([
          {
            title: '关于补助发放情况的公示',
            category: '通知公告',
            office: '法规处',
            summary: '补助发放公示。',
            topic: '教育',
            body_html: '<p>补助发放情况见附件。</p>',
            attachments: [ofd],
          },
        ]),
      )
      ofdNo = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created[0]
      cli(dir, ['item', 'submit', no, '--user', '张伟'], USER_PASSWORD)
      cli(dir, ['review', 'decide', no, '--user', '赵处长', '--decision', 'approve'], USER_PASSWORD)
      out = path.join(dir, 'out')
      mkdirSync(out)
    },
    env: () => ({ DISCLOSURE_DESK_SAVE_DIR: out }),
  })

  const shown = () => JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员']))

  async function openInQueue() {
    await press(byTestId('nav-review'))
    await press(`${byTestId('review-queue')} tbody tr .link`)
    await browser.$(byTestId('decision')).waitForDisplayed({ timeout: 10000 })
  }

  async function approveInQueue() {
    await openInQueue()
    await press(`//div[@data-testid="decision"]//span[normalize-space()="通过"]`)
    await clearMessages(browser)
    await press(byTestId('decision-submit'))
    const message = await lastMessage(browser)
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    return message
  }

  it('the ID number in the scan blocks approval', async () => {
    await as('钱审查')
    await openInQueue()
    const listed = await textOf(browser, `.el-drawer ${byTestId('findings')}`)
    assert.match(listed, /阻断\s+身份证号\s+附件《扫描件\.png》/)
    await press(byTestId('decision-submit'))
    await expectMessage(browser, /还有 1 处阻断级检查结果未处理/)
    assert.equal(shown().status, 'in_review')
  })

  it('the drafter redacts the scan with one click', async () => {
    await as('张伟')
    await browser.execute((id) => (location.hash = `#/items/${id}`), shown().id)
    await press(byTestId('item-withdraw'))
    await press('.el-message-box__btns .el-button--primary')
    await browser.$(byTestId('item-check')).waitForEnabled({ timeout: 10000 })
    await press(byTestId('item-check'))
    await browser.$(byTestId('finding-redact')).waitForDisplayed({ timeout: 60000 })
    const before = shown().version
    await clearMessages(browser)
    await press(byTestId('finding-redact'))
    await press('.el-message-box__btns .el-button--primary')
    await expectMessage(browser, `已生成《扫描件（脱敏）.pdf》，遮盖 1 处，生成第 ${before + 1} 版。`, OCR)
    const it = shown()
    assert.deepEqual(
      it.attachments.map((a) => a.name),
      ['扫描件（脱敏）.pdf'],
    )
    await clearMessages(browser)
    await press(byTestId('item-submit'))
    await expectMessage(browser, /已提交/, OCR)
  })

  it('the reviewer sees the boxes and approves; the bundle carries only the copy', async () => {
    await as('赵处长')
    assert.match(await approveInQueue(), /已通过/)
    await as('钱审查')
    await openInQueue()
    await browser.$(byTestId('redacted-page')).waitForDisplayed({ timeout: 20000 })
    assert.match(await textOf(browser, byTestId('redacted-pages')), /脱敏后的页面：《扫描件（脱敏）\.pdf》/)
    assert.match(await textOf(browser, `.el-drawer ${byTestId('findings')}`), /未发现/)
    await browser.pause(400)
    await screenshot(browser, 'review-redacted')
    await browser.keys('Escape')
    await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    assert.match(await approveInQueue(), /已通过/)
    await as('孙局长')
    assert.match(await approveInQueue(), /已通过/)
    assert.equal(shown().status, 'approved')

    await as('周发布')
    await press(byTestId('nav-export'))
    await browser.$(byTestId('export-candidates')).waitForDisplayed({ timeout: 10000 })
    await press(byTestId('export-start'))
    await expectMessage(browser, /已导出 1 个事项/)
    const zips = readdirSync(out)
    assert.equal(zips.length, 1)
    const list = spawnSync('unzip', ['-Z1', path.join(out, zips[0])], { encoding: 'utf8' }).stdout
    assert.match(list, /扫描件（脱敏）\.pdf/, list)
    assert.doesNotMatch(list, /扫描件\.png/, list)
    // Nor under another name: no file in it is the scan.
    const unpacked = path.join(dir, 'unpacked')
    spawnSync('unzip', ['-q', path.join(out, zips[0]), '-d', unpacked])
    const original = readFileSync(scan)
    const files = readdirSync(unpacked, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
    assert.ok(files.length > 2, 'the bundle was unpacked')
    for (const f of files) assert.ok(!readFileSync(path.join(f.parentPath ?? f.path, f.name)).equals(original), f.name)
  })

  it('an OFD attachment is redacted into a PDF the same way', async () => {
    const ofdItem = () => JSON.parse(cli(dir, ['item', 'show', ofdNo, '--json', '--user', '管理员']))
    await as('张伟')
    await browser.execute((id) => (location.hash = `#/items/${id}`), ofdItem().id)
    await browser.$(byTestId('item-check')).waitForEnabled({ timeout: 10000 })
    await press(byTestId('item-check'))
    await browser.$(byTestId('finding-redact')).waitForDisplayed({ timeout: 60000 })
    assert.match(await textOf(browser, byTestId('findings')), /身份证号\s+附件《补助公示\.ofd》/)
    const before = ofdItem().version
    await clearMessages(browser)
    await press(byTestId('finding-redact'))
    await press('.el-message-box__btns .el-button--primary')
    await expectMessage(browser, `已生成《补助公示（脱敏）.pdf》，遮盖 1 处，生成第 ${before + 1} 版。`, OCR)
    assert.deepEqual(
      ofdItem().attachments.map((a) => a.name),
      ['补助公示（脱敏）.pdf'],
    )
  })
})
