//! The body-HTML pipeline: sanitize, then derive the text. Whatever goes in, what comes
//! out parses (as a browser would) to only the editor's tags, only href/rel/colspan/
//! rowspan attributes and only http(s)/mailto links — and sanitizing again changes
//! nothing, so a stored body cannot mutate into something else on the next save (mXSS).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scraper::{Html, Node};

const TAGS: &[&str] = &[
    "html", "h1", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "table", "thead", "tbody",
    "tr", "th", "td", "strong", "b", "em", "i", "a", "blockquote",
];

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let clean = disclosure_core::html::sanitize(input);
    let _ = disclosure_core::html::to_text(&clean);
    let doc = Html::parse_fragment(&clean);
    for node in doc.root_element().descendants() {
        if let Node::Element(e) = node.value() {
            assert!(TAGS.contains(&e.name()), "tag {} in {clean:?}", e.name());
            for (name, value) in e.attrs() {
                assert!(
                    matches!(name, "href" | "rel" | "colspan" | "rowspan"),
                    "attribute {name} in {clean:?}"
                );
                if name == "href" {
                    // As a browser reads it (the WHATWG URL parser): leading and trailing
                    // C0 controls and spaces stripped — not other whitespace such as a
                    // no-break space — and ASCII tabs and newlines removed. A scheme is
                    // then `[a-z][a-z0-9+.-]*` before a ':' that precedes any '/', '?',
                    // '#'; anything else (`httth><ps:`, `\u{a0}imosscript:`) is a relative
                    // link.
                    let v: String = value
                        .trim_matches(|c: char| c <= ' ')
                        .chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .collect::<String>()
                        .to_ascii_lowercase();
                    let colon = v.find(':');
                    let path = v.find(['/', '?', '#']);
                    let scheme_like = |s: &str| {
                        s.starts_with(|c: char| c.is_ascii_lowercase())
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
                    };
                    if let Some(c) = colon
                        .filter(|c| path.is_none_or(|p| *c < p))
                        .filter(|c| scheme_like(&v[..*c]))
                    {
                        assert!(
                            matches!(&v[..c], "http" | "https" | "mailto"),
                            "href {value} in {clean:?}"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(disclosure_core::html::sanitize(&clean), clean, "not idempotent");
});
