//! 包内文件 — what each file of an OFD package says, read into plain values: `OFD.xml`'s
//! documents and their properties, `Document.xml`'s pages, template pages, annotations and
//! attachments files, the list files (`Annotations.xml`, `Attachments.xml`), an annotation
//! file's 说明 and 参数; and `ST_Loc` paths resolved inside the package. Elements are matched
//! by local name, whatever their prefix. Every parser here is an error, never a panic, for
//! XML that is not well formed.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use super::layout::attr;

/// One `DocBody` of `OFD.xml`.
#[derive(Default)]
pub struct Body {
    pub root: Option<String>,
    pub info: Vec<(String, String)>,
}

/// 文档元数据 worth checking, with the names a reviewer knows.
fn info_label(element: &str) -> Option<&'static str> {
    Some(match element {
        "Title" => "标题",
        "Author" => "作者",
        "Subject" => "主题",
        "Abstract" => "摘要",
        "Keyword" => "关键词",
        _ => return None,
    })
}

/// What `Document.xml` lists.
#[derive(Default)]
pub struct Doc {
    /// (`ID`, `BaseLoc`) of the first pages, up to the limit, in order.
    pub pages: Vec<(String, String)>,
    pub page_count: usize,
    pub templates: Vec<(String, String)>,
    pub annotations: Option<String>,
    pub attachments: Option<String>,
}

/// An attached file as `Attachments.xml` lists it.
#[derive(Default)]
pub struct Attached {
    pub name: String,
    pub format: String,
    pub loc: String,
}

/// The name an attached file is known by, with an extension to tell its type: its `Name`,
/// else the file's own name; `Format` supplies a missing extension.
pub fn file_name(a: &Attached) -> String {
    let stored = a.loc.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name = match a.name.trim() {
        "" => stored,
        n => n,
    };
    let has_ext = |s: &str| s.rsplit_once('.').is_some_and(|(_, e)| !e.is_empty());
    if has_ext(name) {
        name.to_string()
    } else if !a.format.trim().is_empty() {
        format!("{name}.{}", a.format.trim().trim_start_matches('.'))
    } else if has_ext(stored) {
        let ext = stored.rsplit_once('.').map_or("", |(_, e)| e);
        format!("{name}.{ext}")
    } else {
        name.to_string()
    }
}

/// `loc` (an `ST_Loc`) as an entry name: relative to `dir`, the folder of the file naming
/// it, or to the package root when it starts with `/`. `..` may climb within the package,
/// never out of it.
pub fn resolve(dir: &str, loc: &str) -> Result<String, String> {
    let loc = loc.trim().replace('\\', "/");
    if loc.is_empty() {
        return Err("文件路径为空".into());
    }
    let (base, rest) = match loc.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (dir, loc.as_str()),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("路径“{loc}”指向文件包之外，拒绝读取"));
                }
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Err(format!("路径“{loc}”不是文件"));
    }
    Ok(parts.join("/"))
}

/// The folder of an entry name, "" at the root.
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The bytes of the entry `path` of a package, refused when bigger than `max`.
pub fn entry(zip: &mut ZipArchive<Cursor<&[u8]>>, path: &str, max: u64) -> Result<Vec<u8>, String> {
    let f = match zip.by_name(path) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Err(format!("文件包中没有“{path}”")),
        Err(_) => return Err(format!("“{path}”无法解压")),
    };
    if f.size() > max {
        return Err(format!("“{path}”超过 {} MB", max >> 20));
    }
    let mut buf = Vec::new();
    f.take(max)
        .read_to_end(&mut buf)
        .map_err(|_| format!("“{path}”已损坏"))?;
    Ok(buf)
}

/// The `DocBody`s of `OFD.xml`: each one's `DocRoot` and the `DocInfo` worth checking.
pub fn bodies(xml: &str) -> Result<Vec<Body>, ()> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Body> = Vec::new();
    let mut element = String::new();
    let mut custom = None;
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) => {
                element = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match element.as_str() {
                    "DocBody" => out.push(Body::default()),
                    "CustomData" => custom = attr(&e, b"Name"),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let value = t.unescape().map_err(|_| ())?.trim().to_string();
                let Some(body) = out.last_mut() else { continue };
                if element == "DocRoot" {
                    body.root = Some(value);
                } else if element == "CustomData" {
                    let name = custom.clone().unwrap_or_else(|| "自定义数据".into());
                    body.info.push((name, value));
                } else if let Some(label) = info_label(&element) {
                    body.info.push((label.into(), value));
                }
            }
            Event::End(_) => element.clear(),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `Document.xml`: pages (at most `max_pages` kept, all counted), template pages and the
/// annotations and attachments files.
pub fn parse_document(xml: &str, max_pages: usize) -> Result<Doc, ()> {
    let mut reader = Reader::from_str(xml);
    let mut doc = Doc::default();
    let mut element = Vec::new();
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) | Event::Empty(e) => {
                element = e.local_name().as_ref().to_vec();
                let id = || attr(&e, b"ID").unwrap_or_default();
                match (element.as_slice(), attr(&e, b"BaseLoc")) {
                    (b"Page", Some(loc)) => {
                        doc.page_count += 1;
                        if doc.pages.len() < max_pages {
                            doc.pages.push((id(), loc));
                        }
                    }
                    (b"TemplatePage", Some(loc)) => doc.templates.push((id(), loc)),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let value = t.unescape().map_err(|_| ())?.trim().to_string();
                match element.as_slice() {
                    b"Annotations" => doc.annotations = Some(value),
                    b"Attachments" => doc.attachments = Some(value),
                    _ => {}
                }
            }
            Event::End(_) => element.clear(),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

/// The `item` elements of a list file (`Annotations.xml`'s `Page`s, `Attachments.xml`'s
/// `Attachment`s): the attribute `key`, and the `FileLoc` child (or attribute).
pub fn list(xml: &str, item: &[u8], key: &[u8]) -> Result<Vec<(String, Attached)>, ()> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<(String, Attached)> = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if name.as_ref() == item {
                    let a = Attached {
                        name: attr(&e, b"Name").unwrap_or_default(),
                        format: attr(&e, b"Format").unwrap_or_default(),
                        loc: attr(&e, b"FileLoc").unwrap_or_default(),
                    };
                    out.push((attr(&e, key).unwrap_or_default(), a));
                }
                in_loc = name.as_ref() == b"FileLoc";
            }
            Event::Text(t) => {
                if let (true, Some((_, a))) = (in_loc, out.last_mut()) {
                    a.loc = t.unescape().map_err(|_| ())?.trim().to_string();
                }
            }
            Event::End(_) => in_loc = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.into_iter().filter(|(_, a)| !a.loc.is_empty()).collect())
}

/// Each `Annot`'s `Remark` (element or attribute) and `Parameter`s, labelled.
pub fn annotation_notes(xml: &str) -> Result<Vec<(String, String)>, ()> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut label: Option<String> = None;
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) | Event::Empty(e) => {
                label = match e.local_name().as_ref() {
                    b"Remark" => Some("注释说明".into()),
                    b"Parameter" => Some(format!(
                        "注释参数“{}”",
                        attr(&e, b"Name").unwrap_or_default()
                    )),
                    b"Annot" => {
                        out.extend(attr(&e, b"Remark").map(|r| ("注释说明".to_string(), r)));
                        None
                    }
                    _ => None,
                };
            }
            Event::Text(t) => {
                if let Some(l) = &label {
                    out.push((l.clone(), t.unescape().map_err(|_| ())?.into_owned()));
                }
            }
            Event::End(_) => label = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_inside_the_package_only() {
        for (dir, loc, path) in [
            (
                "Doc_0",
                "Pages/Page_0/Content.xml",
                "Doc_0/Pages/Page_0/Content.xml",
            ),
            ("Doc_0/Annots", "/Doc_0/Res/a.xml", "Doc_0/Res/a.xml"),
            ("Doc_0/Annots", "../Pages/./p.xml", "Doc_0/Pages/p.xml"),
            ("Doc_0", "Pages\\p.xml", "Doc_0/Pages/p.xml"),
        ] {
            assert_eq!(resolve(dir, loc).unwrap(), path);
        }
        for bad in ["../../etc/passwd", "/../x", "..", ""] {
            assert!(resolve("Doc_0", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attachment_names_get_an_extension() {
        let a = |name: &str, format: &str, loc: &str| Attached {
            name: name.into(),
            format: format.into(),
            loc: loc.into(),
        };
        assert_eq!(file_name(&a("名单", "txt", "a1.dat")), "名单.txt");
        assert_eq!(file_name(&a("名单.xlsx", "", "x")), "名单.xlsx");
        assert_eq!(file_name(&a("名单", "", "Attachs/a.docx")), "名单.docx");
        assert_eq!(file_name(&a("", "", "Attachs/说明.pdf")), "说明.pdf");
    }
}
