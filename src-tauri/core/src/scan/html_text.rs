//! The text of an HTML attachment, in bounded memory: html5ever's tokenizer (the one the
//! DOM parser uses, fed as the file is read) turns tags into line breaks the way
//! `crate::html::to_text` does — a new line at `p`, `h1`–`h4`, `li`, `tr`, `blockquote`,
//! `table` and `br`, a tab at `td`/`th` — and each line comes out trimmed, blank lines
//! dropped. The whole-file scan (`extract`) and the streamed one (`stream`) both read
//! HTML through it, so they find the same things at the same places.
//!
//! Script and style text is kept (a number in a page's script is on the website too);
//! comments are not. Whitespace is withheld at most [`MAX_PENDING`] bytes, so no input
//! makes it hold more.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};

/// Whitespace inside a line is withheld until the line goes on (it is dropped at the line's
/// end); past this much it is let through.
const MAX_PENDING: usize = 4096;

/// The text as it comes out, trimmed line by line.
#[derive(Default)]
struct Out {
    text: String,
    /// The last character before trimming (what the tag rules look at).
    raw_last: Option<char>,
    /// The current line has had something other than whitespace.
    content: bool,
    pending: String,
}

impl Out {
    fn push(&mut self, c: char) {
        self.raw_last = Some(c);
        if c == '\n' {
            self.pending.clear();
            if self.content {
                self.text.push('\n');
                self.content = false;
            }
        } else if c.is_whitespace() {
            if self.content {
                self.pending.push(c);
                if self.pending.len() > MAX_PENDING {
                    self.text.push_str(&self.pending);
                    self.pending.clear();
                }
            }
        } else {
            self.text.push_str(&self.pending);
            self.pending.clear();
            self.text.push(c);
            self.content = true;
        }
    }

    fn tag(&mut self, name: &str) {
        let ended = |c: Option<char>| c.is_none() || c == Some('\n');
        match name {
            "br" => self.push('\n'),
            "p" | "h1" | "h2" | "h3" | "h4" | "li" | "tr" | "blockquote" | "table"
                if !ended(self.raw_last) =>
            {
                self.push('\n');
            }
            "td" | "th" if !ended(self.raw_last) && self.raw_last != Some('\t') => self.push('\t'),
            _ => {}
        }
    }
}

struct Sink(RefCell<Out>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.0.borrow_mut();
        match token {
            CharacterTokens(t) => t.chars().for_each(|c| out.push(c)),
            TagToken(tag) if tag.kind == StartTag => {
                out.tag(&tag.name);
                // What the tree builder would tell the tokenizer: these elements' text is
                // not markup.
                return match &*tag.name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// HTML fed in pieces; its text taken out as it comes.
pub(crate) struct HtmlText {
    tokenizer: Tokenizer<Sink>,
    queue: BufferQueue,
}

impl HtmlText {
    pub(crate) fn new() -> HtmlText {
        HtmlText {
            tokenizer: Tokenizer::new(Sink(RefCell::new(Out::default())), TokenizerOpts::default()),
            queue: BufferQueue::default(),
        }
    }

    /// Feeds the next piece of the HTML; returns the text finished so far.
    pub(crate) fn feed(&mut self, html: &str) -> String {
        if !html.is_empty() {
            self.queue.push_back(StrTendril::from(html));
            let _ = self.tokenizer.feed(&self.queue);
        }
        std::mem::take(&mut self.tokenizer.sink.0.borrow_mut().text)
    }

    /// The end of the HTML: the rest of the text.
    pub(crate) fn finish(self) -> String {
        let _ = self.tokenizer.feed(&self.queue);
        self.tokenizer.end();
        let mut out = self.tokenizer.sink.0.borrow_mut();
        std::mem::take(&mut out.text)
    }
}

/// The text of a whole HTML document, as [`HtmlText`] gives it piece by piece.
pub(crate) fn text(html: &str) -> String {
    let mut t = HtmlText::new();
    let mut out = t.feed(html);
    out.push_str(&t.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_break_lines_like_the_body_text_and_lines_are_trimmed() {
        let html = "<html><head><title>通知</title><style>p{color:red}</style></head><body>\
            <h1> 关于 招生 </h1><p>联系&nbsp;人：张三</p>  <p>电话 13812341234</p>\
            <table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>李四</td><td>210302199001011238</td></tr></table>\
            <!-- 备注 13900000000 --><ul><li>一</li><li>二<br>三</li></ul>\
            <script>var tel = '13912345678'; if (a < b) {}</script></body></html>";
        assert_eq!(
            text(html),
            "通知p{color:red}\n关于 招生\n联系\u{a0}人：张三\n电话 13812341234\n姓名\t身份证号\n李四\t210302199001011238\n一\n二\n三var tel = '13912345678'; if (a < b) {}"
        );
    }

    #[test]
    fn pieces_of_any_size_give_the_same_text() {
        let html = "<p>甲 &amp; 乙</p><table><tr><td>电话</td><td>１３８１２３４１２３４</td></tr></table>\
                    <p>  多个   空格  </p><script>if (x<y) { s = '</p>' }</script><p>末</p>";
        let whole = text(html);
        let chars: Vec<char> = html.chars().collect();
        for size in [1, 2, 3, 7, 64] {
            let mut t = HtmlText::new();
            let mut out = String::new();
            for piece in chars.chunks(size) {
                out.push_str(&t.feed(&piece.iter().collect::<String>()));
            }
            out.push_str(&t.finish());
            assert_eq!(out, whole, "pieces of {size}");
        }
    }

    #[test]
    fn whitespace_held_back_is_bounded() {
        let html = format!("<p>a{}b</p>", " ".repeat(100_000));
        let mut t = HtmlText::new();
        let _ = t.feed(&html);
        assert!(t.tokenizer.sink.0.borrow().pending.len() <= MAX_PENDING);
        assert_eq!(text(&html).len(), 100_002);
    }
}
