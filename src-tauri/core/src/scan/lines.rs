//! Decoded text cut into lines as it arrives, each scanned as one segment the way
//! [`super::paragraphs`] + [`super::scan_segments`] scan it: blank lines skipped and not
//! counted, `\r` before `\n` dropped, offsets counted from the line's start.
//!
//! A line longer than [`Chunking::line`] is scanned in pieces, each together with
//! [`Chunking::context`] bytes of the line either side, keeping the hits that start in it.
//! A piece ends at a *quiet* place where there is one: 16 inert characters either side
//! (Chinese characters and the punctuation of Chinese prose, none of which any detector
//! reads as part of a number, a marking's surroundings or a line of its own) and no
//! keyword or sensitive word overlapping them. No detector looks across such a place, no
//! hit lies within it and an excerpt (15 characters either side) does not reach past it,
//! so the findings are exactly those of the whole line. A line with no quiet place within
//! [`Chunking::most`] bytes is cut where it is: a number across that cut is still found
//! once, from the context; only a run of numbers or a marking's surroundings longer than
//! the context could then read differently.

use super::stream::Chunking;
use super::{mask, Finding, Hit, ScanOptions, Scanner};

/// Inert characters either side of a quiet place.
const QUIET: usize = 16;
/// Every inert character is three bytes in UTF-8.
const QUIET_BYTES: usize = QUIET * 3;

pub(super) struct Lines<'a> {
    scanner: &'a Scanner,
    opts: &'a ScanOptions,
    prefix: &'a str,
    unit: &'a str,
    chunking: Chunking,
    /// Non-blank lines finished.
    count: usize,
    /// The current line's text not yet scanned, after the context kept before it.
    buf: String,
    /// Offset of `buf[0]` in the line.
    base: usize,
    /// Where in `buf` the text not yet scanned starts.
    own: usize,
    /// Where in `buf` the search for a quiet place goes on.
    searched: usize,
    /// The line has had nothing but whitespace so far.
    blank: bool,
    /// The current line's location, made at its first finding.
    location: Option<String>,
    out: Vec<Finding>,
    unlisted: super::Unlisted,
}

impl<'a> Lines<'a> {
    pub(super) fn new(
        scanner: &'a Scanner,
        opts: &'a ScanOptions,
        prefix: &'a str,
        unit: &'a str,
        chunking: &Chunking,
    ) -> Lines<'a> {
        Lines {
            scanner,
            opts,
            prefix,
            unit,
            chunking: *chunking,
            count: 0,
            buf: String::new(),
            base: 0,
            own: 0,
            searched: 0,
            blank: true,
            location: None,
            out: Vec::new(),
            unlisted: super::Unlisted::default(),
        }
    }

    /// The next part of the text.
    pub(super) fn feed(&mut self, mut text: &str) {
        while let Some(nl) = text.find('\n') {
            let line = &text[..nl];
            if self.buf.is_empty() && self.base == 0 {
                // The whole line is here: scanned where it lies, not copied.
                self.whole(line.strip_suffix('\r').unwrap_or(line));
            } else {
                self.buf.push_str(line);
                if self.buf.ends_with('\r') {
                    self.buf.pop();
                }
                self.last_piece();
            }
            text = &text[nl + 1..];
        }
        self.buf.push_str(text);
        while self.buf.len() - self.own >= self.chunking.line + self.chunking.context {
            if !self.cut() {
                break;
            }
        }
    }

    /// The findings, once all the text has been fed.
    pub(super) fn finish(mut self) -> Vec<Finding> {
        if !self.buf.is_empty() || self.base > 0 {
            self.last_piece();
        }
        self.unlisted.finish(&mut self.out);
        self.out
    }

    fn whole(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        self.count += 1;
        self.scan(line, 0, usize::MAX, 0, self.count);
        self.location = None;
    }

    /// Scans what is left of the current line and starts the next.
    fn last_piece(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        self.blank &= buf[self.own..].trim().is_empty();
        if !self.blank {
            self.count += 1;
            self.scan(&buf, self.own, usize::MAX, self.base, self.count);
        }
        self.buf = buf;
        self.buf.clear();
        (self.base, self.own, self.searched, self.blank) = (0, 0, 0, true);
        self.location = None;
    }

    /// Scans a piece of a long line if a place to end it is known; false to wait for
    /// more text.
    fn cut(&mut self) -> bool {
        let context = self.chunking.context.max(QUIET_BYTES);
        let lo = self.own + self.chunking.line / 2;
        let hi = self.buf.len() - context;
        let at = match self.quiet_place(lo.max(self.searched), hi) {
            Some(at) => at,
            None if self.buf.len() - self.own >= self.chunking.most => {
                match floor_char(&self.buf, hi) {
                    at if at > self.own => at,
                    _ => ceil_char(&self.buf, self.own + 1),
                }
            }
            None => {
                self.searched = hi.saturating_sub(2 * QUIET_BYTES).max(self.own);
                return false;
            }
        };
        let buf = std::mem::take(&mut self.buf);
        let window = &buf[..ceil_char(&buf, at + context)];
        self.blank &= buf[self.own..at].trim().is_empty();
        if !self.blank {
            // Numbered as it will be counted when it ends: it is not blank.
            self.scan(window, self.own, at, self.base, self.count + 1);
        }
        self.buf = buf;
        let drop = floor_char(&self.buf, at.saturating_sub(context));
        self.buf.drain(..drop);
        self.base += drop;
        self.own = at - drop;
        self.searched = self.own;
        true
    }

    /// The first quiet place at or after `lo` and not after `hi`.
    fn quiet_place(&self, lo: usize, hi: usize) -> Option<usize> {
        let b = self.buf.as_bytes();
        let mut i = floor_char(&self.buf, lo.saturating_sub(QUIET_BYTES));
        let mut run = 0;
        while i < b.len() && i <= hi + QUIET_BYTES {
            if inert(&b[i..]) {
                run += 1;
                i += 3;
                let at = i.saturating_sub(QUIET_BYTES);
                if run >= 2 * QUIET
                    && at >= lo
                    && at <= hi
                    && !self
                        .scanner
                        .keyword_near(b, at - QUIET_BYTES, at + QUIET_BYTES)
                {
                    return Some(at);
                }
            } else {
                run = 0;
                i += utf8_len(b[i]);
            }
        }
        None
    }

    /// Scans `window` and keeps the hits starting in `own..end` of it, `base` being the
    /// window's offset in line `number`.
    fn scan(&mut self, window: &str, own: usize, end: usize, base: usize, number: usize) {
        let hits = self.scanner.scan_text(window, self.opts);
        for h in hits.iter().filter(|h| h.start >= own && h.start < end) {
            let location = self
                .location
                .get_or_insert_with(|| format!("{} 第{number}{}", self.prefix, self.unit))
                .clone();
            if self
                .unlisted
                .full(&self.out, self.opts.max_findings, || location.clone())
            {
                continue;
            }
            let suggestion = self.scanner.note(h).map(str::to_string);
            self.out
                .push(finding(window, h, &hits, location, base, suggestion));
        }
    }
}

fn finding(
    window: &str,
    h: &Hit,
    hits: &[Hit],
    location: String,
    base: usize,
    suggestion: Option<String>,
) -> Finding {
    Finding {
        kind: h.kind,
        severity: h.severity,
        location,
        matched: window[h.start..h.end].to_string(),
        excerpt: mask::excerpt(window, h, hits),
        start: base + h.start,
        end: base + h.end,
        suggestion,
    }
}

/// Whether `b` starts with a character no detector reads as part of what it looks for:
/// a Chinese character or the punctuation between them. Whitespace, ASCII, full-width
/// letters and digits, brackets, colons, dashes and stars are not inert.
fn inert(b: &[u8]) -> bool {
    let [x, y, z, ..] = *b else {
        return false;
    };
    if x & 0xF0 != 0xE0 {
        return false;
    }
    let c = (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F);
    matches!(c, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
        || matches!(
            char::from_u32(c),
            Some('，' | '。' | '、' | '；' | '！' | '？' | '“' | '”' | '‘' | '’' | '《' | '》')
        )
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
