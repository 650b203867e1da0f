#!/usr/bin/env python3
"""Writes the small seed corpora of the fuzz targets (committed; rerun to regenerate)."""
import io, json, hashlib, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张伟</dc:creator>'
        '<cp:lastModifiedBy>li@example.cn</cp:lastModifiedBy></cp:coreProperties>')


def zipped(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def write(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'
       '<w:p><w:r><w:t>联系人：王芳 13812341234</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 身份证 </w:t></w:r></w:p>'
       '<w:p><w:del w:id="1"><w:r><w:delText>210302199001011238</w:delText></w:r></w:del></w:p>'
       '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>秘密</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
write("docx_text", "basic.docx", zipped([
    ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ("word/document.xml", doc),
    ("word/comments.xml", f'<w:comments {W}><w:comment w:id="0"><w:p><w:r><w:t>批注</w:t></w:r></w:p></w:comment></w:comments>'),
    ("word/header1.xml", f'<w:hdr {W}><w:p><w:r><w:t>内部资料</w:t></w:r></w:p></w:hdr>'),
    ("docProps/core.xml", CORE),
]))
write("docx_text", "image-only.docx", zipped([
    ("word/document.xml", f'<w:document {W}><w:body><w:p/></w:body></w:document>'),
    ("word/media/image1.png", b"\x89PNG\r\n\x1a\n"),
]))

S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
write("xlsx_text", "basic.xlsx", zipped([
    ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
    ("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", f'<workbook {S} {R}><sheets><sheet name="名单" sheetId="1" r:id="rId1"/>'
     f'<sheet name="Sheet2" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
     f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
     f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", f'<sst {S} count="2" uniqueCount="2"><si><t>学校</t></si><si><r><t>王芳</t></r></si></sst>'),
    ("xl/worksheets/sheet1.xml", f'<worksheet {S}><dimension ref="A1:C3"/><sheetData>'
     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
     '<row r="2"><c r="A2"><v>13812341234</v></c><c r="B2" t="inlineStr"><is><t>身份证</t></is></c><c r="C2" t="b"><v>1</v></c></row>'
     '<row r="3"><c r="C3" s="0"><v>45000.5</v></c><c r="D3" t="e"><v>#N/A</v></c></row></sheetData></worksheet>'),
    ("xl/worksheets/sheet2.xml", f'<worksheet {S}><sheetData><row r="5"><c r="XFD5" t="str"><v>秘密</v></c></row></sheetData></worksheet>'),
    ("xl/comments1.xml", f'<comments {S}><commentList><comment ref="A1"><text><t>批注</t></text></comment></commentList></comments>'),
    ("docProps/core.xml", CORE),
]))

# An OFD as OA systems write it: a page with a split number and a template, an annotation,
# an attached text file.
O = 'xmlns:ofd="http://www.ofdspec.org/2016"'
TO = ('<ofd:TextObject ID="9" Boundary="25 50 160 8" Size="4.2333">'
      '<ofd:TextCode X="0" Y="6" DeltaX="g 4 4.2333">身份证号：</ofd:TextCode>'
      '<ofd:TextCode X="21.17" Y="6">210302</ofd:TextCode><ofd:TextCode Y="6">199001011238</ofd:TextCode></ofd:TextObject>')
write("ofd_text", "basic.ofd", zipped([
    ("OFD.xml", f'<ofd:OFD {O} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:Title>公示</ofd:Title>'
     '<ofd:Author>张伟</ofd:Author></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
    ("Doc_0/Document.xml", f'<ofd:Document {O}><ofd:CommonData><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
     '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages>'
     '<ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>'
     '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>'),
    ("Doc_0/PublicRes.xml", f'<ofd:Res {O} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>'),
    ("Doc_0/Pages/Page_0/Content.xml", f'<ofd:Page {O}><ofd:Template TemplateID="2"/><ofd:Content><ofd:Layer ID="4">'
     f'<ofd:PageBlock>{TO}</ofd:PageBlock><ofd:ImageObject ID="5" Boundary="0 0 10 10"/></ofd:Layer></ofd:Content></ofd:Page>'),
    ("Doc_0/Tpls/Tpl_0/Content.xml", f'<ofd:Page {O}><ofd:Content><ofd:Layer ID="6"><ofd:TextObject ID="7" Boundary="20 10 100 6">'
     '<ofd:TextCode X="0" Y="4">内部资料</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>'),
    ("Doc_0/Annots/Annotations.xml", f'<ofd:Annotations {O}><ofd:Page PageID="10"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>'),
    ("Doc_0/Annots/Page_0/Annotation.xml", f'<ofd:PageAnnot {O}><ofd:Annot ID="8" Type="Highlight"><ofd:Remark>核对 13812341234</ofd:Remark>'
     '<ofd:Parameters><ofd:Parameter Name="电话">13912341234</ofd:Parameter></ofd:Parameters><ofd:Appearance Boundary="100 200 60 10">'
     '<ofd:TextObject ID="11" Boundary="0 0 60 10"><ofd:TextCode X="2" Y="8">请核实</ofd:TextCode></ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>'),
    ("Doc_0/Attachs/Attachments.xml", f'<ofd:Attachments {O}><ofd:Attachment ID="12" Name="名单" Format="txt"><ofd:FileLoc>名单.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>'),
    ("Doc_0/Attachs/名单.txt", "李娜 18812341234\n"),
]))

# An upload bundle's shape (manifest, page, metadata, attachment, SHA256SUMS) and a bare manifest.
manifest = {
    "format": "disclosure-desk-bundle", "format_version": 1, "bundle_id": "b-0001",
    "created_at": "2026-11-27T08:00:00+08:00", "agency": {"name": "鞍山市教育局", "code": "1121030000"},
    "items": [{"folder": "2026-0001", "index_no": "1121030000/2026-0001", "title": "关于校舍的通知",
               "attachments": [{"path": "2026-0001/attachments/名单.pdf", "sha256": "0" * 64, "size": 3}]}],
    "revocations": [],
}
files = {
    "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2),
    "2026-0001/index.html": "<!DOCTYPE html><html><body><h1>关于校舍的通知</h1></body></html>",
    "2026-0001/metadata.json": json.dumps(manifest["items"][0], ensure_ascii=False, indent=2),
    "2026-0001/attachments/名单.pdf": "%PDF",
    "catalog.csv": "索引号,信息名称\n1121030000/2026-0001,关于校舍的通知\n",
}
sums = "".join(f"{hashlib.sha256(v.encode()).hexdigest()}  {k}\n" for k, v in sorted(files.items()))
write("bundle_verify", "bundle.zip", zipped(sorted(files.items()) + [("SHA256SUMS", sums)]))
write("bundle_verify", "manifest.json", files["manifest.json"])

for i, html in enumerate([
    '<p class="MsoNormal">第一条<o:p></o:p></p><script>alert(1)</script><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a><a href="https://www.gov.cn/" onclick="x()">政府网</a>',
    '<table><tr><td colspan=2 style="width:1px">甲</td></tr></table><ul><li>乙<li>丙</ul>',
    '<svg><p><style><img src=x onerror=alert(1)></style></p></svg><math><mi><style>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="&#106;avascript:alert(1)">a</a><a href="jav&#x09;ascript:alert(1)">b</a><a href="mailto:a@b.cn">c</a>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<h2>一、总则</h2><blockquote><strong>粗</strong><em>斜</em><br></blockquote>',
]):
    write("html_sanitize", f"{i}.html", html)

# Office 97–2003 seeds: the test fixtures LibreOffice wrote (src-tauri/core/tests/data/ole).
# The .ppt fixture is 450 KB, mostly its zeroed preview picture, too large for a seed: the
# ppt_text target starts from an empty corpus.
with zipfile.ZipFile(os.path.join(HERE, "../../src-tauri/core/tests/data/ole/ole_fixtures.zip")) as z:
    write("doc_text", "fixture.doc", z.read("fixture.doc"))
    write("xlsx_text", "fixture.xls", z.read("fixture.xls"))
