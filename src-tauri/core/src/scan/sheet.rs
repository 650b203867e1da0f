//! Workbooks (`.xlsx`, `.xls`, `.ods`): every cell of every sheet, hidden sheets included
//! and labelled as such, plus the comments and document properties of an `.xlsx`.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Reader, SheetType, SheetVisible};

use super::{office, Segment};

/// "A", "Z", "AA" … for a 0-based column.
fn column(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

pub fn workbook(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let is_zip = bytes.starts_with(b"PK");
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| "无法读取工作簿（可能已加密或已损坏）".to_string())?;
    let sheets = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for sheet in sheets {
        let hidden = match sheet.visible {
            SheetVisible::Visible => "",
            SheetVisible::Hidden => "(隐藏)",
            SheetVisible::VeryHidden => "(深度隐藏)",
        };
        let range = match wb.worksheet_range(&sheet.name) {
            Ok(r) => r,
            // A chart sheet has no cells.
            Err(_) if sheet.typ == SheetType::ChartSheet => continue,
            Err(_) => return Err(format!("无法读取工作表“{}”", sheet.name)),
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let text = value.to_string();
            if text.trim().is_empty() {
                continue;
            }
            let cell = format!("{}{}", column(c0 + c as u32), r0 + r as u32 + 1);
            out.push(Segment::new(
                format!("{prefix} 工作表“{}”{hidden} {cell}", sheet.name),
                text,
            ));
        }
    }
    if is_zip {
        let mut zip = office::open(bytes)?;
        let mut names: Vec<String> = zip
            .file_names()
            .filter(|n| n.starts_with("xl/comments") && n.ends_with(".xml"))
            .map(str::to_string)
            .collect();
        names.sort();
        for name in names {
            if let Some(xml) = office::part(&mut zip, &name)? {
                for (n, (text, _)) in office::units(&xml, b"comment", b"t")?
                    .into_iter()
                    .enumerate()
                {
                    out.push(Segment::new(format!("{prefix} 批注 第{}条", n + 1), text));
                }
            }
        }
        office::properties(&mut out, prefix, &mut zip)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_names() {
        assert_eq!(super::column(0), "A");
        assert_eq!(super::column(25), "Z");
        assert_eq!(super::column(26), "AA");
        assert_eq!(super::column(701), "ZZ");
        assert_eq!(super::column(702), "AAA");
    }
}
