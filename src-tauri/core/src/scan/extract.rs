//! 附件文字 — the text of an attachment, by file type, cut into [`Segment`]s whose
//! locations a reviewer can find again. A file that cannot be read is an error whose
//! message says why; the caller turns it into an `unreadable` finding, never a pass.

use super::{doc, html_text, ofd, office, ole, pdf, ppt, scanned, sheet, Segment};

/// "附件《名单.xlsx》": how every location in a file starts.
pub fn file_location(file_name: &str) -> String {
    format!("附件《{file_name}》")
}

/// Attachments bigger than this are not read automatically; a person checks them.
pub const MAX_READ: usize = 200 * 1024 * 1024;

/// The segments of an attachment, or why it cannot be checked automatically. Hostile
/// and malformed files are an error, never a panic: zips are checked first (`zipsafe`),
/// the size is capped, a library that panics is caught, and PDFs are read under a time
/// limit (`pdf.rs`), and OCR runs as child processes under a time limit per page
/// (`scanned.rs`).
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    if bytes.len() > MAX_READ {
        return Err(too_large());
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| by_type(file_name, bytes)))
        .unwrap_or_else(|_| Err("文件结构异常，无法读取文字".into()))
}

/// Why a file over [`MAX_READ`] is not checked automatically.
pub(super) fn too_large() -> String {
    format!("文件超过 {} MB，不自动检查，请人工审查", MAX_READ >> 20)
}

/// The file name's extension in lower case ("" when it has none).
pub(super) fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// [`extract`] without the size cap and panic guard: for the fuzz targets, which must
/// see a panic to report it.
#[doc(hidden)]
pub fn extract_unguarded(file_name: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    by_type(file_name, bytes)
}

fn by_type(file_name: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let prefix = file_location(file_name);
    let ext = extension(file_name);
    // An Office 97–2003 or WPS file is read as what its streams say it is, whatever its
    // extension: WPS saves .wps/.et/.dps in these formats, and files get renamed.
    match ole::kind(bytes) {
        Some(ole::Kind::Word) => return doc::document(&prefix, bytes),
        Some(ole::Kind::Workbook) => return sheet::workbook(&prefix, bytes),
        Some(ole::Kind::Presentation) => return ppt::presentation(&prefix, bytes),
        Some(ole::Kind::EncryptedPackage) => return Err("文件已加密，无法读取".into()),
        None => {}
    }
    match ext.as_str() {
        "docx" | "docm" => office::docx(&prefix, bytes),
        "doc" | "dot" | "wps" | "wpt" => doc::document(&prefix, bytes),
        "xlsx" | "xlsm" | "xls" | "et" | "ett" | "ods" => sheet::workbook(&prefix, bytes),
        "ppt" | "pps" | "pot" | "dps" | "dpt" => ppt::presentation(&prefix, bytes),
        "pdf" => pdf::pages(&prefix, bytes),
        "ofd" => ofd::document(&prefix, bytes),
        // Photos and scans of documents, read by OCR.
        "jpg" | "jpeg" | "png" | "tif" | "tiff" | "bmp" => {
            scanned::image(&scanned::Tools::find(), &prefix, &ext, bytes)
        }
        "txt" | "csv" | "tsv" => Ok(paragraphs(&prefix, "行", &decode(bytes))),
        "html" | "htm" => Ok(paragraphs(&prefix, "段", &html_text::text(&decode(bytes)))),
        // An OFD saved under another name (OA exports often lose the extension).
        _ if ofd::is_package(bytes) => ofd::document(&prefix, bytes),
        "" => Err("文件没有扩展名，无法判断类型".into()),
        _ => Err(format!("不支持自动检查“.{ext}”类型的文件")),
    }
}

/// One segment per non-empty line: "{prefix} 第{n}{unit}" ("正文 第3段", "… 第12行"),
/// numbered as a reader counts them, skipping blank lines.
pub fn paragraphs(prefix: &str, unit: &str, text: &str) -> Vec<Segment> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| Segment::new(format!("{prefix} 第{}{unit}", i + 1), l))
        .collect()
}

/// Text files from Windows offices are often GB18030 (GBK); UTF-8 and UTF-16 carry a BOM
/// or decode cleanly.
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("联系电话：0412-2223456\n\n第二行");
        let segs = extract("通讯录.txt", &gbk).unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].text, "联系电话：0412-2223456");
        assert_eq!(segs[1].location, "附件《通讯录.txt》 第2行");
    }
}
