//! Word documents (`.docx`) and the parts every Office Open XML file shares: the text of
//! the body, comments, tracked changes (deleted text too), headers, footers, footnotes and
//! endnotes, and the document properties (author, company …). Hidden content is where
//! leaks hide, so all of it is read, including text formatted as hidden.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use super::Segment;

pub type Package<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The start of an OLE compound file: what an encrypted .docx/.xlsx really is.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Parts of a .docx other than the body, by file-name prefix, with their names.
const DOCX_PARTS: &[(&str, &str)] = &[
    ("word/comments", "批注"),
    ("word/header", "页眉"),
    ("word/footer", "页脚"),
    ("word/footnotes", "脚注"),
    ("word/endnotes", "尾注"),
];

pub fn open(bytes: &[u8]) -> Result<Package<'_>, String> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err("文件已加密（或是旧版 Office 格式），无法读取".into());
    }
    crate::zipsafe::check(bytes, &crate::zipsafe::OFFICE)?;
    ZipArchive::new(Cursor::new(bytes)).map_err(|_| "文件已损坏或不是 Office 文档".to_string())
}

/// The text of a part, `None` when the package has no such part.
pub fn part(zip: &mut Package, name: &str) -> Result<Option<String>, String> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(format!("无法解压文档部件 {name}")),
    };
    let mut s = String::new();
    f.read_to_string(&mut s)
        .map_err(|_| format!("文档部件 {name} 已损坏"))?;
    Ok(Some(s))
}

/// The text of each `unit` element (a paragraph, a comment) of `xml`: what is in `text`
/// elements, and separately what is in `w:delText` (text deleted with tracking on).
pub fn units(xml: &str, unit: &[u8], text: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut cur, mut del) = (String::new(), String::new());
    let mut inside: Option<bool> = None; // Some(deleted?) inside a text element
    let mut flush = |cur: &mut String, del: &mut String| {
        if !cur.trim().is_empty() || !del.trim().is_empty() {
            out.push((std::mem::take(cur), std::mem::take(del)));
        }
        cur.clear();
        del.clear();
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                if name.as_ref() == unit {
                    // A paragraph inside a text box inside a paragraph: keep both.
                    flush(&mut cur, &mut del);
                } else if name.as_ref() == text {
                    inside = Some(false);
                } else if name.as_ref() == b"delText" {
                    inside = Some(true);
                }
            }
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => cur.push('\t'),
                b"br" | b"cr" => cur.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(deleted) = inside {
                    let s = t
                        .unescape()
                        .map_err(|_| "文档内容的 XML 有错误".to_string())?;
                    if deleted { &mut del } else { &mut cur }.push_str(&s);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(deleted) = inside {
                    let s = String::from_utf8_lossy(&t);
                    if deleted { &mut del } else { &mut cur }.push_str(&s);
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name();
                if name.as_ref() == unit {
                    flush(&mut cur, &mut del);
                } else if name.as_ref() == text || name.as_ref() == b"delText" {
                    inside = None;
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err("文档内容的 XML 有错误".into()),
            _ => {}
        }
    }
    flush(&mut cur, &mut del);
    Ok(out)
}

/// Adds the segments of one part: "{prefix} {label} 第{n}段", deleted text on its own.
fn add_units(out: &mut Vec<Segment>, prefix: &str, label: &str, xml: &str) -> Result<(), String> {
    for (n, (text, deleted)) in units(xml, b"p", b"t")?.into_iter().enumerate() {
        let at = format!("{prefix} {label}第{}段", n + 1);
        if !deleted.trim().is_empty() {
            out.push(Segment::new(format!("{at}（修订中删除的文字）"), deleted));
        }
        if !text.trim().is_empty() {
            out.push(Segment::new(at, text));
        }
    }
    Ok(())
}

pub fn docx(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let mut zip = open(bytes)?;
    let body = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "不是 Word 文档（缺少正文部件）".to_string())?;
    let mut out = Vec::new();
    add_units(&mut out, prefix, "", &body)?;
    drop(body);
    let has_text = !out.is_empty();
    let mut names: Vec<String> = zip.file_names().map(str::to_string).collect();
    names.sort();
    for (start, label) in DOCX_PARTS {
        for name in names
            .iter()
            .filter(|n| n.starts_with(start) && n.ends_with(".xml"))
        {
            if let Some(xml) = part(&mut zip, name)? {
                add_units(&mut out, prefix, &format!("{label} "), &xml)?;
            }
        }
    }
    properties(&mut out, prefix, &mut zip)?;
    if !has_text && names.iter().any(|n| n.starts_with("word/media/")) {
        return Err("正文只有图片（可能是扫描件），没有可检查的文字".into());
    }
    Ok(out)
}

/// Names of the document properties a reviewer recognises.
fn property_label(name: &str) -> &str {
    match name {
        "creator" => "作者",
        "lastModifiedBy" => "最后修改者",
        "title" => "标题",
        "subject" => "主题",
        "keywords" => "关键词",
        "description" => "备注",
        "category" => "类别",
        "Company" => "单位",
        "Manager" => "经理",
        other => other,
    }
}

/// 文档属性: every text value in `docProps/core.xml`, `app.xml` and `custom.xml`.
pub fn properties(out: &mut Vec<Segment>, prefix: &str, zip: &mut Package) -> Result<(), String> {
    for name in [
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    ] {
        let Some(xml) = part(zip, name)? else {
            continue;
        };
        let mut reader = Reader::from_str(&xml);
        let mut element = String::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    element = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                }
                Ok(Event::Text(t)) => {
                    let value = t.unescape().map_err(|_| format!("{name} 的 XML 有错误"))?;
                    if !value.trim().is_empty() {
                        let label = property_label(&element);
                        out.push(Segment::new(
                            format!("{prefix} 文档属性“{label}”"),
                            value.trim(),
                        ));
                    }
                }
                Ok(Event::Eof) => break,
                Err(_) => return Err(format!("{name} 的 XML 有错误")),
                _ => {}
            }
        }
    }
    Ok(())
}
