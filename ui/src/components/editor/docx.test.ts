import { describe, expect, it } from 'vitest'
import { convertDocx, docxToCleanHtml } from './docx'
import { makeDocx, para, style } from './docx-fixture'

describe('docxToCleanHtml', () => {
  it('turns a heading and a paragraph into <h1> and <p>', async () => {
    const buf = await makeDocx(
      para('政务公开工作要点', '1') + para('各处室：请按要求报送。'),
      style('1', 'heading 1'),
    )
    expect(await docxToCleanHtml(buf)).toBe('<h1>政务公开工作要点</h1><p>各处室：请按要求报送。</p>')
  })

  it('reads Chinese heading style names and keeps bold but not fonts or colours', async () => {
    const buf = await makeDocx(
      para('一、总体要求', 'a3') + para('重点', undefined, true) + para('（正文）', 'a5'),
      style('a3', '标题 2') + style('a5', '正文首行缩进'),
    )
    const body = await convertDocx(buf)
    expect(body.html).toBe('<h2>一、总体要求</h2><p><strong>重点</strong></p><p>（正文）</p>')
    // The unknown style is reported, and its text still imported.
    expect(body.warnings).toBe(1)
    expect(body.images).toBe(0)
  })

  it('rejects a file that is not a .docx', async () => {
    const notZip = new TextEncoder().encode('{\\rtf1 这是旧格式}').buffer as ArrayBuffer
    await expect(docxToCleanHtml(notZip)).rejects.toThrow()
  })
})
