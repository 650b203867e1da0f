//! XSS in exported pages: every vector of `data/xss_vectors.txt` is put in an item's
//! title, summary, body (as HTML and as text), the office head's comment and an
//! attachment's name; the items are approved and exported, and every item page of the
//! bundle, parsed as a browser parses it, holds no script, no event handler, no
//! `javascript:`/`vbscript:`/`data:` URL, no active element and no style that runs code —
//! while the vector's text is still there, shown as text.

use std::io::Read;

use disclosure_core::item;
use scraper::{ElementRef, Html, Selector};

use crate::bundle::desk;
use crate::util::{draft, Dir};

/// The vectors of the shared corpus (also read by the e2e test).
pub fn vectors() -> Vec<String> {
    include_str!("data/xss_vectors.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(str::to_string)
        .collect()
}

/// Elements that run, load or submit something; none may appear in a page.
const ACTIVE: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "form",
    "input", "button", "textarea", "select", "svg", "math", "img", "video", "audio", "source",
    "template", "noscript", "details", "marquee", "animate", "set", "image",
];

/// Attributes holding a URL.
const URLS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "xlink:href",
    "srcdoc",
    "content",
];

/// What a browser makes of a URL's start: no whitespace or control characters, lower case.
fn scheme_of(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// The violations in one page.
fn unsafe_in(page: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let doc = Html::parse_document(page);
    let mut styles = 0;
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let name = el.value().name();
        if ACTIVE.contains(&name) {
            bad.push(format!("<{name}> element"));
        }
        if name == "style" {
            styles += 1;
            let css = el.text().collect::<String>().to_lowercase();
            for danger in ["expression(", "javascript:", "@import", "url("] {
                if css.contains(danger) {
                    bad.push(format!("style sheet with {danger}"));
                }
            }
        }
        if name == "meta"
            && el
                .value()
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            bad.push("meta refresh".into());
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_lowercase();
            if attr.starts_with("on") {
                bad.push(format!("{attr} handler on <{name}>"));
            }
            if URLS.contains(&attr.as_str()) {
                let v = scheme_of(value);
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if v.starts_with(scheme) || (attr == "content" && v.contains(scheme)) {
                        bad.push(format!("{attr}={value:?} on <{name}>"));
                    }
                }
            }
            if attr == "style" {
                let v = scheme_of(value);
                if v.contains("expression(") || v.contains("javascript:") || v.contains("url(") {
                    bad.push(format!("style={value:?} on <{name}>"));
                }
            }
        }
    }
    if styles != 1 {
        bad.push(format!(
            "{styles} style elements (the page has its own one)"
        ));
    }
    bad
}

#[test]
fn exported_pages_never_carry_a_vector_unsanitized() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let vectors = vectors();
    assert!(vectors.len() >= 50, "{}", vectors.len());
    let drafter = d.b.drafter.clone();
    let mut titles = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        // A file name cannot hold '/'; the look-alike keeps the rest of the vector.
        let file = format!("{}-{i}.txt", v.replace('/', "∕"));
        let id = d.draft(&format!("事项{i}"), &[(&file, "附件正文".as_bytes())]);
        let mut input = draft(&d.b.store, &drafter, "通知公告", v);
        input.summary = format!("概述：{v}");
        input.body_html = format!("<p>{v}</p>{v}<table><tr><td>{v}</td></tr></table>");
        item::save(&mut d.b.store, &drafter, id, &input, false).unwrap();
        d.approve(id, v);
        titles.push(item::get(&d.b.store, id).unwrap().fields.title);
    }
    let bundle = d.export(None).unwrap();
    assert_eq!(bundle.count, vectors.len());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle.path).unwrap()).unwrap();
    let h1 = Selector::parse("h1").unwrap();
    let mut pages = 0;
    let mut failures = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if !f.name().ends_with("/index.html") {
            continue;
        }
        let name = f.name().to_string();
        let mut page = String::new();
        f.read_to_string(&mut page).unwrap();
        pages += 1;
        for v in unsafe_in(&page) {
            failures.push(format!("{name}: {v}"));
        }
        // The title is shown as text, exactly as written.
        let doc = Html::parse_document(&page);
        let shown: String = doc.select(&h1).next().unwrap().text().collect();
        if !titles.contains(&shown) {
            failures.push(format!("{name}: title shown as {shown:?}"));
        }
    }
    assert_eq!(pages, vectors.len());
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The checker itself finds what it looks for (so a pass means something).
#[test]
fn the_page_checker_finds_each_kind_of_vector() {
    let page = |body: &str| {
        format!("<!DOCTYPE html><html><head><style>p{{}}</style></head><body>{body}</body></html>")
    };
    for (body, expect) in [
        ("<script>x</script>", "<script>"),
        ("<p onclick=x>", "onclick"),
        ("<a href=' jav\tascript:x'>", "href"),
        ("<a href='DATA:text/html,x'>", "href"),
        ("<p style='width:expression(x)'>", "style="),
        ("<svg><a>", "<svg>"),
        (
            "<meta http-equiv=refresh content='0;url=javascript:x'>",
            "meta refresh",
        ),
        ("<style>@import 'x'</style>", "style elements"),
    ] {
        let found = unsafe_in(&page(body));
        assert!(
            found.iter().any(|f| f.contains(expect)),
            "{body}: {found:?}"
        );
    }
    assert!(unsafe_in(&page(
        "<p>正文 &lt;script&gt;</p><a href='https://www.gov.cn/'>链接</a>"
    ))
    .is_empty());
}
