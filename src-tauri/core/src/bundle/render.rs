//! The human-readable files of a bundle: each item's `index.html` and the catalog as
//! `catalog.csv` and `catalog.xlsx` for the CMS's bulk import.

use rust_xlsxwriter::{Format, Workbook};

use super::manifest::{Manifest, ManifestItem};
use crate::html;

/// The catalog columns, in order, and each item's values.
const COLUMNS: [&str; 16] = [
    "索引号",
    "信息名称",
    "公开类别",
    "内容概述",
    "发布机构",
    "文号",
    "成文日期",
    "主题分类",
    "主题词",
    "公开方式",
    "公开渠道",
    "有效性",
    "有效性变更日期",
    "通过审查日期",
    "附件数",
    "文件夹",
];

fn channels(it: &ManifestItem) -> String {
    it.channels
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、")
}

fn row(it: &ManifestItem) -> [String; 16] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        it.index_no.clone(),
        it.title.clone(),
        it.category.name.clone(),
        it.summary.clone(),
        it.publisher.clone(),
        it.doc_number.clone(),
        opt(&it.written_on),
        it.topic.clone(),
        it.keywords.clone(),
        it.publish_mode.label().into(),
        channels(it),
        it.validity.label().into(),
        opt(&it.validity_date),
        it.approved_at.chars().take(10).collect(),
        it.attachments.len().to_string(),
        it.folder.clone(),
    ]
}

/// `catalog.csv`: UTF-8 with BOM, so Excel and WPS open the Chinese right.
pub fn catalog_csv(m: &Manifest) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to memory cannot fail.
        let _ = w.write_record(COLUMNS);
        for it in &m.items {
            let _ = w.write_record(crate::csv_cell::record(&row(it)));
        }
        let _ = w.flush();
    }
    out
}

/// `catalog.xlsx`: the same table, text cells throughout (索引号 and 文号 must not turn
/// into numbers or dates).
pub fn catalog_xlsx(m: &Manifest) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&m.created_at) {
        let props = rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_timestamp(
                t.timestamp(),
            )?)
            .set_author(&m.agency.name);
        book.set_properties(&props);
    }
    let sheet = book.add_worksheet();
    sheet.set_name("公开目录")?;
    let head = Format::new().set_bold();
    for (c, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &head)?;
        sheet.set_column_width(c as u16, if c == 1 || c == 3 { 40 } else { 16 })?;
    }
    for (r, it) in m.items.iter().enumerate() {
        for (c, value) in row(it).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a relative link to a file in the item's folder.
fn href(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const STYLE: &str = "body{margin:0;background:#fff;color:#222;font:16px/1.8 \"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}\
article{max-width:48em;margin:0 auto;padding:2em 1.5em}\
h1{font-size:1.5em;text-align:center;line-height:1.5;margin:0 0 1em}\
table.meta{width:100%;border-collapse:collapse;font-size:.875em;margin-bottom:2em}\
table.meta th,table.meta td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
table.meta th{width:7em;background:#f5f5f5;font-weight:normal;white-space:nowrap}\
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #999;padding:.2em .5em}\
.body p{text-indent:2em;margin:.5em 0}\
.attachments{margin-top:2em;border-top:1px solid #ccc;padding-top:1em}\
@media print{body{font-size:12pt}article{max-width:none;padding:0}a{color:inherit;text-decoration:none}}";

/// `index.html`: a standalone page. The body is sanitized again here (whatever the
/// database holds), and a Content-Security-Policy forbids scripts and any outside
/// resource, so the page cannot load or run anything.
pub fn page(it: &ManifestItem, body_html: &str) -> String {
    let body = html::sanitize(body_html);
    let mut meta = String::new();
    let mut field = |label: &str, value: &str| {
        if !value.is_empty() {
            meta.push_str(&format!("<tr><th>{label}</th><td>{}</td></tr>", esc(value)));
        }
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    field("索引号", &it.index_no);
    field("公开类别", &it.category.name);
    field("发布机构", &it.publisher);
    field("文号", &it.doc_number);
    field("成文日期", &opt(&it.written_on));
    field("主题分类", &it.topic);
    field("主题词", &it.keywords);
    field("有效性", it.validity.label());
    field("内容概述", &it.summary);
    let mut files = String::new();
    if !it.attachments.is_empty() {
        files.push_str("<section class=\"attachments\"><h2>附件</h2><ol>");
        for a in &it.attachments {
            let rel = a.path.split_once('/').map_or(a.path.as_str(), |x| x.1);
            files.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(&href(rel)),
                esc(&a.name)
            ));
        }
        files.push_str("</ol></section>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n\
<style>{STYLE}</style>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n<table class=\"meta\">{meta}</table>\n\
<div class=\"body\">{body}</div>\n{files}\n</article>\n</body>\n</html>\n",
        title = esc(&it.title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::manifest::{CategoryRef, ManifestAttachment, ManifestExtra};
    use crate::item::{Channel, PublishMode, Validity};

    fn item() -> ManifestItem {
        ManifestItem {
            index_no: "X/2026-00001".into(),
            folder: "X_2026-00001".into(),
            category: CategoryRef {
                code: "notice".into(),
                name: "通知公告".into(),
            },
            title: "关于<b>放假</b>的通知".into(),
            summary: String::new(),
            publisher: "鞍山市教育局".into(),
            doc_number: String::new(),
            written_on: None,
            topic: String::new(),
            keywords: String::new(),
            publish_mode: PublishMode::Proactive,
            channels: vec![Channel::Website],
            validity: Validity::Valid,
            validity_date: None,
            extra: ManifestExtra::default(),
            version: 1,
            content_hash: "0".repeat(64),
            approved_at: "2026-11-27T10:00:00+08:00".into(),
            attachments: vec![ManifestAttachment {
                name: "名单 1.pdf".into(),
                path: "X_2026-00001/attachments/名单 1.pdf".into(),
                size: 1,
                sha256: "0".repeat(64),
            }],
        }
    }

    #[test]
    fn the_page_runs_and_loads_nothing_whatever_the_body_holds() {
        let dirty = r#"<p onclick="x()">正文</p><script>alert(1)</script><img src="http://evil/x.png"><iframe src="//evil"></iframe><link rel=stylesheet href="http://evil/a.css"><a href="javascript:alert(1)">链接</a><p style="background:url(http://evil)">样式</p>"#;
        let html = page(&item(), dirty);
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onclick",
            "<img",
            "<iframe",
            "<link",
            "javascript:",
            "http://evil",
            "//evil",
        ] {
            assert!(!lower.contains(bad), "{bad} survived:\n{html}");
        }
        assert!(html.contains("<p>正文</p>"), "{html}");
        assert!(html.contains("<title>关于&lt;b&gt;放假&lt;/b&gt;的通知</title>"));
        assert!(html.contains("default-src 'none'"));
        assert!(
            html.contains("href=\"attachments/%E5%90%8D%E5%8D%95%201.pdf\""),
            "{html}"
        );
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_lists_labels() {
        let m = Manifest {
            format: "disclosure-bundle".into(),
            format_version: 1,
            bundle_id: String::new(),
            agency: crate::bundle::manifest::ManifestAgency {
                name: "甲".into(),
                short_name: "甲".into(),
                org_code: String::new(),
            },
            created_at: "2026-11-27T10:00:00+08:00".into(),
            created_by: "乙".into(),
            items: vec![item()],
            revocations: vec![],
            audit_anchor: None,
        };
        let csv = catalog_csv(&m);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv).unwrap();
        assert!(text.contains("主动公开"), "{text}");
        assert!(text.contains("2026-11-27"), "{text}");
        assert!(!catalog_xlsx(&m).unwrap().is_empty());
    }
}
