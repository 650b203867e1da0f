//! 敏感词表 as a text file, the form an administrator imports and exports: one word per
//! line, UTF-8 or GB18030, blank lines and lines starting with `#` ignored. Where the list
//! is stored is the caller's business; [`super::Scanner::new`] takes it as it is.

use super::extract::decode;

/// The words of an imported file, trimmed, each once, in file order.
pub fn parse_words(bytes: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in decode(bytes).lines() {
        let w = line.trim();
        if !w.is_empty() && !w.starts_with('#') && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

/// The file an export writes: one word per line.
pub fn words_file(words: &[String]) -> String {
    let mut s = String::from("# 敏感词表：每行一个词，以 # 开头的行为注释\n");
    for w in words {
        s.push_str(w.trim());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_survives_export_and_import() {
        let words = vec!["法轮功".to_string(), "六合彩".to_string()];
        assert_eq!(parse_words(words_file(&words).as_bytes()), words);
        let (gbk, _, _) =
            encoding_rs::GBK.encode("六合彩\r\n\r\n # 注释\n六合彩\n 拆迁补偿明细 \n");
        assert_eq!(parse_words(&gbk), ["六合彩", "拆迁补偿明细"]);
        assert_eq!(parse_words("\u{FEFF}六合彩\n".as_bytes()), ["六合彩"]);
    }
}
