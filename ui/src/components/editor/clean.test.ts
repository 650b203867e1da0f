import { describe, expect, it } from 'vitest'
import { cleanPastedHtml, isOrderedMarker, normalizeTypedHref, safeHref } from './clean'

/** What Word 2016 puts on the clipboard for a heading, a paragraph and two short lists. */
const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; font-size:10.5pt; font-family:宋体;} --></style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<!--StartFragment-->
<h1 style='mso-outline-level:1'><span style='font-family:黑体;mso-ascii-font-family:"Times New Roman"'>关于做好2024年政务公开工作的通知<o:p></o:p></span></h1>
<p class=MsoHeading2><span style='font-size:16.0pt'>一、总体要求</span></p>
<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span style='font-family:宋体;color:red'>各处室：</span><span
lang=EN-US style='mso-bidi-font-family:"Times New Roman"'><o:p></o:p></span></p>
<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>请按<b><span style='font-family:黑体'>《实施方案》</span></b>要求，于<w:Sdt>6月30日</w:Sdt>前报送。<o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=EN-US style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span
style='font-family:宋体'>主动公开<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span
lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><!--[endif]--><span
style='font-family:宋体'>依申请公开<o:p></o:p></span></p>
<p class=MsoNormal><span style='font-family:宋体'>具体步骤：</span></p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span
lang=EN-US><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><!--[endif]--><span
style='font-family:宋体'>起草</span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:39.0pt;text-indent:-18.0pt;mso-list:l1 level2 lfo2'><!--[if !supportLists]--><span
lang=EN-US><span style='mso-list:Ignore'>a)<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><!--[endif]--><span
style='font-family:宋体'>填写目录信息</span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span
lang=EN-US><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><!--[endif]--><span
style='font-family:宋体'>保密审查</span></p>
<!--EndFragment-->
</body></html>`

function parse(html: string): HTMLElement {
  const div = document.createElement('div')
  div.innerHTML = html
  return div
}

/** Nothing of the source's presentation may be left in the output. */
function expectNoPresentation(html: string) {
  expect(html).not.toMatch(/style=|class=|mso|font|o:p|w:|<span|<!--|\[if/i)
}

describe('cleanPastedHtml: Word', () => {
  const out = cleanPastedHtml(WORD_PASTE)
  const dom = parse(out)

  it('keeps headings, paragraphs and bold, and nothing of the formatting', () => {
    expectNoPresentation(out)
    expect(dom.querySelector('h1')?.textContent).toBe('关于做好2024年政务公开工作的通知')
    expect(dom.querySelector('h2')?.textContent).toBe('一、总体要求')
    const paras = Array.from(dom.querySelectorAll(':scope > p')).map((p) => p.innerHTML)
    expect(paras).toEqual([
      '各处室：',
      '请按<strong>《实施方案》</strong>要求，于6月30日前报送。',
      '具体步骤：',
    ])
  })

  it('turns list paragraphs into lists, without their markers', () => {
    const [bullets, numbered] = Array.from(dom.querySelectorAll(':scope > ul, :scope > ol'))
    expect(bullets.localName).toBe('ul')
    expect(Array.from(bullets.children).map((li) => li.textContent)).toEqual(['主动公开', '依申请公开'])
    expect(numbered.localName).toBe('ol')
    expect(numbered.outerHTML).toBe(
      '<ol><li><p>起草</p><ol><li><p>填写目录信息</p></li></ol></li><li><p>保密审查</p></li></ol>',
    )
  })

  it('keeps the order of blocks', () => {
    expect(Array.from(dom.children).map((c) => c.localName)).toEqual([
      'h1', 'h2', 'p', 'p', 'ul', 'p', 'ol',
    ])
  })
})

describe('cleanPastedHtml: WPS and other sources', () => {
  it('unwraps WPS <font> tags and keeps style-based bold and italic', () => {
    const wps =
      '<p style="margin:0pt;text-align:justify"><font face="仿宋_GB2312" size="4" color="#333333">按照</font>' +
      '<span style="font-weight:bold;font-family:黑体"><font face="黑体">市政府</font></span>' +
      '<font face="仿宋" style="font-style:italic">要求</font><font face="仿宋">执行。</font></p>' +
      '<p><font face="宋体"><span style="font-size:14pt">第二段</span></font></p>'
    const out = cleanPastedHtml(wps)
    expectNoPresentation(out)
    expect(out).toBe('<p>按照<strong>市政府</strong><em>要求</em>执行。</p><p>第二段</p>')
  })

  it('reads a numbered marker as an ordered list', () => {
    const item = (marker: string, text: string) =>
      `<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">${marker}&nbsp;</span>${text}</p>`
    expect(cleanPastedHtml(item('（一）', '甲') + item('（二）', '乙'))).toBe(
      '<ol><li><p>甲</p></li><li><p>乙</p></li></ol>',
    )
    expect(cleanPastedHtml(item('一、', '甲'))).toBe('<ol><li><p>甲</p></li></ol>')
    expect(cleanPastedHtml(item('§', '甲'))).toBe('<ul><li><p>甲</p></li></ul>')
  })

  it('tells number markers from bullet glyphs', () => {
    for (const m of ['1.', '12)', '(3)', '（十一）', '二、', 'a)', 'iv.', '①', 'Ⅲ']) {
      expect(isOrderedMarker(m), m).toBe(true)
    }
    // Wingdings bullets arrive as plain letters: l, n, q, Ø, ü.
    for (const m of ['·', '•', 'l', 'n', 'q', 'Ø', 'ü', '§', '-']) {
      expect(isOrderedMarker(m), m).toBe(false)
    }
  })

  it("keeps Word's bold and italic, which carry mso-bidi-font-weight:normal", () => {
    const out = cleanPastedHtml(
      "<p class=MsoNormal><b style='mso-bidi-font-weight:normal'><span style='font-family:黑体'>第一条</span></b>" +
        "<i style='mso-bidi-font-style:normal'>说明</i>" +
        "<b><span style='font-weight:bold'>不重复</span></b></p>",
    )
    expect(out).toBe('<p><strong>第一条</strong><em>说明</em><strong>不重复</strong></p>')
  })

  it('unwraps the Google Docs wrapper without making everything bold', () => {
    const out = cleanPastedHtml(
      '<b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span style="font-weight:700">重要</span><span>说明</span></p><p><span>第二段</span></p></b>',
    )
    expect(out).toBe('<p><strong>重要</strong>说明</p><p>第二段</p>')
  })

  it('wraps loose text and keeps line breaks', () => {
    expect(cleanPastedHtml('第一行<br>第二行<div>另一段</div>')).toBe('<p>第一行<br>第二行</p><p>另一段</p>')
  })

  it('maps h5 and h6 to h4 and drops empty headings', () => {
    expect(cleanPastedHtml('<h5>五</h5><h6>六</h6><h2> </h2>')).toBe('<h4>五</h4><h4>六</h4>')
  })
})

describe('cleanPastedHtml: unsafe content', () => {
  it('drops scripts, frames, images, handlers and javascript: links', () => {
    const out = cleanPastedHtml(
      '<p onclick="alert(1)">正文<script>alert(1)</script><img src="x" onerror="alert(1)">内容</p>' +
        '<iframe src="https://example.com"></iframe><object data="x.swf"></object>' +
        '<p><a href="javascript:alert(1)">坏链接</a> <a href=" JaVaScRiPt:alert(1)">二</a> ' +
        '<a href="java&#9;script:alert(1)">三</a> <a href="data:text/html,<script>">四</a> ' +
        '<a href="https://www.gov.cn/" target="_blank" onmouseover="x()">好链接</a> ' +
        '<a href="mailto:gk@example.gov.cn">邮件</a> <a href="#_Toc1">目录</a></p>' +
        '<svg><text>图</text></svg><style>p{color:red}</style>',
    )
    expect(out).not.toMatch(/script|iframe|img|object|svg|onerror|onclick|onmouseover|alert|target|data:|#_Toc/i)
    expect(out).toBe(
      '<p>正文内容</p><p>坏链接 二 三 四 <a href="https://www.gov.cn/">好链接</a> ' +
        '<a href="mailto:gk@example.gov.cn">邮件</a> 目录</p>',
    )
  })

  it('accepts only http, https and mailto hrefs', () => {
    expect(safeHref('https://www.gov.cn')).toBe('https://www.gov.cn')
    expect(safeHref(' http://x.cn/a?b=1 ')).toBe('http://x.cn/a?b=1')
    expect(safeHref('mailto:a@b.cn')).toBe('mailto:a@b.cn')
    for (const bad of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', '/relative', 'https://', 'java\nscript:x', 'https://a.cn/\u0000']) {
      expect(safeHref(bad), bad).toBeNull()
    }
  })

  it('completes a typed address with https:// but never rescues another scheme', () => {
    expect(normalizeTypedHref('www.gov.cn')).toBe('https://www.gov.cn')
    expect(normalizeTypedHref('gk@example.gov.cn')).toBe('mailto:gk@example.gov.cn')
    expect(normalizeTypedHref('HTTPS://www.gov.cn/zhengce')).toBe('HTTPS://www.gov.cn/zhengce')
    expect(normalizeTypedHref('  ')).toBeNull()
    expect(normalizeTypedHref('javascript:alert(1)')).toBeNull()
    expect(normalizeTypedHref('ftp://x.cn')).toBeNull()
  })
})

describe('cleanPastedHtml: tables', () => {
  it('keeps rows, cells, header cells, spans and text; drops widths and styles', () => {
    const out = cleanPastedHtml(
      `<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 width=553 style='width:415pt;border-collapse:collapse;mso-yfti-tbllook:1184'>
       <colgroup><col width=100><col width=200></colgroup>
       <thead><tr style='mso-yfti-irow:0'><th width=100 style='background:#ccc'><p class=MsoNormal align=center><b>序号</b></p></th><th width=200>事项</th></tr></thead>
       <tbody><tr style='height:20pt'><td width=100 valign=top style='width:75pt;border:solid windowtext 1.0pt'><p class=MsoNormal><span lang=EN-US>1<o:p></o:p></span></p></td>
       <td width=200 style='border:solid windowtext 1.0pt'><p class=MsoNormal><span style='font-family:宋体'>机构职能</span></p><p>第二行</p></td></tr>
       <tr><td colspan=2 rowspan="1" style='text-align:center'>合计：<font color=red>1</font> 项</td></tr></tbody></table>`,
    )
    expectNoPresentation(out)
    expect(out).not.toMatch(/width|border|cellpadding|valign|align|colgroup|rowspan/)
    expect(out).toBe(
      '<table><tbody>' +
        '<tr><th><p><strong>序号</strong></p></th><th><p>事项</p></th></tr>' +
        '<tr><td><p>1</p></td><td><p>机构职能</p><p>第二行</p></td></tr>' +
        '<tr><td colspan="2"><p>合计：1 项</p></td></tr>' +
        '</tbody></table>',
    )
  })
})

describe('cleanPastedHtml: Chinese text', () => {
  it('passes Chinese text and full-width punctuation through unchanged', () => {
    const text =
      '根据《中华人民共和国政府信息公开条例》（国务院令第711号）第十九条规定，“对涉及公众利益调整、需要公众广泛知晓”的信息；应当主动公开！？——见附件1、2…'
    expect(cleanPastedHtml(`<p><span style="font-family:仿宋_GB2312">${text}</span></p>`)).toBe(`<p>${text}</p>`)
    expect(cleanPastedHtml(text)).toBe(`<p>${text}</p>`)
    // Full-width spaces indent Chinese paragraphs; they are text, not formatting.
    expect(cleanPastedHtml('<p>\u3000\u3000第一条</p>')).toBe('<p>\u3000\u3000第一条</p>')
  })
})
