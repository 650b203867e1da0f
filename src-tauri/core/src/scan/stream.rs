//! 流式检查 — a plain-text attachment (txt, csv, tsv) or an HTML page (through
//! [`super::html_text`], a line per paragraph) scanned while it is read, in bounded
//! memory whatever its size, with exactly the findings, locations and offsets that
//! [`super::scan_file`] gives for the whole file in memory (`tests/scan_stream.rs` holds
//! the two side by side over many chunk sizes).
//!
//! The bytes are read [`Chunking::read`] at a time and decoded as `extract::decode` does:
//! a BOM names the encoding; otherwise UTF-8 is assumed and, at the first invalid
//! sequence, the file is read again from its start as GB18030 (what `decode` would have
//! chosen), the findings so far dropped. Each line is one segment, scanned as soon as its
//! end is read (`lines.rs`); a line longer than [`Chunking::line`] is cut into pieces there.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, UTF_8};

use super::extract::{extension, file_location, too_large, MAX_READ};
use super::html_text::HtmlText;
use super::lines::Lines;
use super::{ole, scan_file, unreadable, Finding, ScanOptions, Scanner};

/// How much text is held at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunking {
    /// Bytes read from the file at a time.
    pub read: usize,
    /// A line up to this many bytes is scanned whole; a longer one in pieces.
    pub line: usize,
    /// A piece of a long line ends at a quiet place (16 Chinese characters either side,
    /// no keyword near) when one comes before this many bytes, and is cut where it is
    /// otherwise.
    pub most: usize,
    /// Bytes of the line either side of a piece scanned with it, so a number or keyword
    /// across the cut is found once, in the piece where it starts.
    pub context: usize,
}

/// What the real scan uses: at most a few MiB of text held whatever the file's size.
pub const CHUNKING: Chunking = Chunking {
    read: 256 << 10,
    line: 1 << 20,
    most: 2 << 20,
    context: 1024,
};

/// The file types scanned as a stream: one segment per line of text, or per paragraph of
/// an HTML page (named as `extract` names them).
fn streams(ext: &str) -> bool {
    matches!(ext, "txt" | "csv" | "tsv") || is_html(ext)
}

fn is_html(ext: &str) -> bool {
    matches!(ext, "html" | "htm")
}

/// Where the decoded text goes: into the lines, or through the HTML tokenizer first.
enum Sink<'a> {
    Plain(Lines<'a>),
    Html(Box<HtmlText>, Lines<'a>),
}

impl Sink<'_> {
    fn feed(&mut self, text: &str) {
        match self {
            Sink::Plain(lines) => lines.feed(text),
            Sink::Html(html, lines) => lines.feed(&html.feed(text)),
        }
    }

    fn finish(self) -> Vec<Finding> {
        match self {
            Sink::Plain(lines) => lines.finish(),
            Sink::Html(html, mut lines) => {
                lines.feed(&html.finish());
                lines.finish()
            }
        }
    }
}

/// The findings in the attachment at `path`, named `file_name`: a plain-text file is
/// scanned as a stream, any other read whole into memory and given to [`scan_file`]. The
/// guards of [`super::extract`] hold for both (size cap, a panic is an unreadable file).
/// An error is a file that could not be read from the disk.
pub fn scan_path(
    scanner: &Scanner,
    file_name: &str,
    path: &Path,
    opts: &ScanOptions,
) -> io::Result<Vec<Finding>> {
    if !streams(&extension(file_name)) {
        return Ok(scan_file(scanner, file_name, &std::fs::read(path)?, opts));
    }
    let mut file = File::open(path)?;
    if file.metadata()?.len() > MAX_READ as u64 {
        return Ok(vec![unreadable(
            file_location(file_name),
            file_name,
            &too_large(),
        )]);
    }
    // A Word or Excel 97–2003 file renamed .txt is read as what it is, as `extract` does.
    let mut magic = [0u8; 8];
    if read_full(&mut file, &mut magic)? == magic.len() && magic == ole::MAGIC {
        return Ok(scan_file(scanner, file_name, &std::fs::read(path)?, opts));
    }
    file.seek(SeekFrom::Start(0))?;
    let prefix = file_location(file_name);
    let html = is_html(&extension(file_name));
    let unit = if html { "段" } else { "行" };
    let scan = || scan_decoded(scanner, &prefix, unit, &mut file, opts, &CHUNKING, html);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(scan)).unwrap_or_else(|_| {
        Ok(vec![unreadable(
            prefix.clone(),
            file_name,
            "文件结构异常，无法读取文字",
        )])
    })
}

/// The findings in the text `reader` holds, one segment per non-blank line named
/// "{prefix} 第{n}{unit}", as [`super::paragraphs`] names them.
pub fn scan_reader<R: Read + Seek>(
    scanner: &Scanner,
    prefix: &str,
    unit: &str,
    reader: R,
    opts: &ScanOptions,
    chunking: &Chunking,
) -> io::Result<Vec<Finding>> {
    scan_decoded(scanner, prefix, unit, reader, opts, chunking, false)
}

/// [`scan_reader`] of an HTML page (`html`: its text through [`HtmlText`], a segment per
/// paragraph).
pub fn scan_html_reader<R: Read + Seek>(
    scanner: &Scanner,
    prefix: &str,
    reader: R,
    opts: &ScanOptions,
    chunking: &Chunking,
) -> io::Result<Vec<Finding>> {
    scan_decoded(scanner, prefix, "段", reader, opts, chunking, true)
}

fn scan_decoded<R: Read + Seek>(
    scanner: &Scanner,
    prefix: &str,
    unit: &str,
    mut reader: R,
    opts: &ScanOptions,
    chunking: &Chunking,
    html: bool,
) -> io::Result<Vec<Finding>> {
    let mut head = [0u8; 3];
    let n = read_full(&mut reader, &mut head)?;
    let (mut encoding, bom, mut strict) = match Encoding::for_bom(&head[..n]) {
        Some((encoding, bom)) => (encoding, bom, false),
        None => (UTF_8, 0, true),
    };
    loop {
        reader.seek(SeekFrom::Start(bom as u64))?;
        let lines = Lines::new(scanner, opts, prefix, unit, chunking);
        let mut sink = match html {
            true => Sink::Html(Box::new(HtmlText::new()), lines),
            false => Sink::Plain(lines),
        };
        let decoder = encoding.new_decoder_without_bom_handling();
        if read_all(&mut reader, decoder, strict, chunking.read, &mut sink)? {
            return Ok(sink.finish());
        }
        // Not UTF-8: GB18030, from the start.
        (encoding, strict) = (GB18030, false);
    }
}

/// Decodes everything `reader` holds into `lines`; false when `strict` and the bytes are
/// not valid in the encoding.
fn read_all(
    reader: &mut impl Read,
    mut decoder: Decoder,
    strict: bool,
    chunk: usize,
    lines: &mut Sink<'_>,
) -> io::Result<bool> {
    let chunk = chunk.max(4);
    let mut raw = vec![0u8; chunk];
    let room = decoder.max_utf8_buffer_length(chunk).unwrap_or(chunk * 4);
    let mut text = String::with_capacity(room);
    loop {
        let n = read_some(reader, &mut raw)?;
        let last = n == 0;
        let mut input = &raw[..n];
        loop {
            text.clear();
            let (result, read) = if strict {
                let (result, read) =
                    decoder.decode_to_string_without_replacement(input, &mut text, last);
                match result {
                    encoding_rs::DecoderResult::InputEmpty => (CoderResult::InputEmpty, read),
                    encoding_rs::DecoderResult::OutputFull => (CoderResult::OutputFull, read),
                    encoding_rs::DecoderResult::Malformed(..) => return Ok(false),
                }
            } else {
                let (result, read, _) = decoder.decode_to_string(input, &mut text, last);
                (result, read)
            };
            lines.feed(&text);
            input = &input[read..];
            if result == CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            return Ok(true);
        }
    }
}

fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Fills `buf` as far as the reader goes; the number of bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match read_some(reader, &mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
