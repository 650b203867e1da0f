//! 字体 — the two faces compiled into the binary (see `assets/fonts/README.md` for what
//! they cover and how they were cut), parsed once per process, and the per-character
//! choice between them.
//!
//! Body text is 宋体-style Noto Serif CJK SC; the title and labels are 黑体-style Noto Sans
//! CJK SC Bold, which carries only GB2312's common characters: a heading character it
//! lacks is drawn with the body face. A character neither face has is drawn as 〓 and
//! remembered, so the caller can report it rather than lose it.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{Error, Result};

const BODY: &[u8] = include_bytes!("../../assets/fonts/NotoSerifCJKsc-Regular.subset.otf");
const HEADING: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold.subset.otf");

/// What a character the fonts lack is printed as (the typesetters' 缺字 mark).
pub const MISSING_MARK: char = '〓';

/// Which face draws a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Body,
    Heading,
}

pub struct Fonts {
    pub body: ParsedFont,
    pub heading: ParsedFont,
    body_upem: f32,
    heading_upem: f32,
}

/// The parsed faces; the first call parses them (tens of milliseconds), later calls are free.
pub fn get() -> Result<&'static Fonts> {
    static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8], name: &str| {
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                    .ok_or_else(|| format!("内置字体 {name} 无法解析"))
            };
            let body = parse(BODY, "NotoSerifCJKsc")?;
            let heading = parse(HEADING, "NotoSansCJKsc-Bold")?;
            let upem = |f: &ParsedFont| f32::from(f.pdf_font_metrics.units_per_em.max(1));
            Ok(Fonts {
                body_upem: upem(&body),
                heading_upem: upem(&heading),
                body,
                heading,
            })
        })
        .as_ref()
        .map_err(|e| Error::io("载入内置字体", std::io::Error::other(e.clone())))
}

impl Fonts {
    /// The face that draws `c` when `want` is asked for, and the character it draws:
    /// `c` itself, or [`MISSING_MARK`] in the body face when no face has it.
    pub fn resolve(&self, c: char, want: Face) -> (Face, char) {
        if want == Face::Heading && self.heading.lookup_glyph_index(c as u32).is_some() {
            return (Face::Heading, c);
        }
        if self.body.lookup_glyph_index(c as u32).is_some() {
            return (Face::Body, c);
        }
        (Face::Body, MISSING_MARK)
    }

    /// The advance of `c` in ems when drawn as `want` asks (after fallback).
    pub fn advance(&self, c: char, want: Face) -> f32 {
        let (face, c) = self.resolve(c, want);
        let (font, upem) = match face {
            Face::Body => (&self.body, self.body_upem),
            Face::Heading => (&self.heading, self.heading_upem),
        };
        match font.lookup_glyph_index(c as u32) {
            Some(gid) => f32::from(font.get_horizontal_advance(gid)) / upem,
            // White space the font lacks (a tab, say) is as wide as a space.
            None => 0.25,
        }
    }

    /// The width of `text` in points at `size`.
    pub fn width(&self, text: &str, want: Face, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, want)).sum::<f32>() * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_full_width_and_latin_is_narrower() {
        let f = get().unwrap();
        assert!((f.advance('审', Face::Body) - 1.0).abs() < 1e-3);
        assert!(f.advance('a', Face::Body) < 0.7);
    }

    #[test]
    fn headings_fall_back_to_the_body_face_and_unknown_characters_are_marked() {
        let f = get().unwrap();
        assert_eq!(f.resolve('审', Face::Heading), (Face::Heading, '审'));
        // 堃 is outside GB2312, so the bold face lacks it; the body face has it.
        assert_eq!(f.resolve('堃', Face::Heading), (Face::Body, '堃'));
        // An Extension B character is in neither face.
        assert_eq!(f.resolve('𠀀', Face::Body), (Face::Body, MISSING_MARK));
    }
}
