//! Workbooks (`.xlsx`, `.xls`, `.ods`): every cell of every sheet, hidden sheets included
//! and labelled as such, plus the comments and document properties of an `.xlsx`.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Reader, SheetType, SheetVisible, Xlsx};

use super::{dense, office, Segment};

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

/// Cells of a workbook sheet by sheet, hidden sheets labelled. An .xlsx is checked as a
/// zip first and its cells are streamed: building calamine's dense `Range` would allocate
/// rows × columns cells, so one cell at A1 and one at XFD1048576 would take the process
/// down. An .xls or .ods can only be read densely, so its size is estimated first
/// ([`dense`]) and a file too large to lay out is reported instead.
pub fn workbook(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    // Checked as a zip (`office::open`) before calamine sees it.
    let mut zip = match bytes.starts_with(b"PK") {
        true => Some(office::open(bytes)?),
        false => None,
    };
    let mut out = Vec::new();
    if zip
        .as_ref()
        .is_some_and(|z| z.index_for_name("xl/workbook.xml").is_some())
    {
        xlsx_cells(prefix, bytes, &mut out)?;
    } else {
        // calamine lays an .ods or .xls out densely: its size is read first.
        let cells = match zip.as_mut() {
            Some(z) => match office::part(z, "content.xml")? {
                Some(xml) => dense::ods_cells(&xml)?,
                None => 0,
            },
            None => dense::xls_cells(bytes)?,
        };
        if cells > dense::MAX_CELLS {
            return Err(dense::too_large(cells));
        }
        other_cells(prefix, bytes, &mut out)?;
    }
    if let Some(mut zip) = zip {
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

fn hidden_label(v: SheetVisible) -> &'static str {
    match v {
        SheetVisible::Visible => "",
        SheetVisible::Hidden => "(隐藏)",
        SheetVisible::VeryHidden => "(深度隐藏)",
    }
}

fn push_cell(
    out: &mut Vec<Segment>,
    prefix: &str,
    sheet: &str,
    hidden: &str,
    (r, c): (u32, u32),
    text: String,
) {
    if text.trim().is_empty() {
        return;
    }
    let cell = format!("{}{}", column(c), r.saturating_add(1));
    out.push(Segment::new(
        format!("{prefix} 工作表“{sheet}”{hidden} {cell}"),
        text,
    ));
}

fn xlsx_cells(prefix: &str, bytes: &[u8], out: &mut Vec<Segment>) -> Result<(), String> {
    let unreadable = |_| "无法读取工作簿（可能已加密或已损坏）".to_string();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    for sheet in wb.sheets_metadata().to_vec() {
        let hidden = hidden_label(sheet.visible);
        let mut cells = match wb.worksheet_cells_reader(&sheet.name) {
            Ok(r) => r,
            Err(_) if sheet.typ == SheetType::ChartSheet => continue,
            Err(_) => return Err(format!("无法读取工作表“{}”", sheet.name)),
        };
        loop {
            match cells.next_cell() {
                Ok(Some(cell)) => {
                    let text = calamine::Data::from(cell.get_value().clone()).to_string();
                    push_cell(out, prefix, &sheet.name, hidden, cell.get_position(), text);
                }
                Ok(None) => break,
                Err(_) => return Err(format!("工作表“{}”已损坏", sheet.name)),
            }
        }
    }
    Ok(())
}

/// .xls and .ods through calamine's ranges.
fn other_cells(prefix: &str, bytes: &[u8], out: &mut Vec<Segment>) -> Result<(), String> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| "无法读取工作簿（可能已加密或已损坏）".to_string())?;
    for sheet in wb.sheets_metadata().to_vec() {
        let hidden = hidden_label(sheet.visible);
        let range = match wb.worksheet_range(&sheet.name) {
            Ok(r) => r,
            // A chart sheet has no cells.
            Err(_) if sheet.typ == SheetType::ChartSheet => continue,
            Err(_) => return Err(format!("无法读取工作表“{}”", sheet.name)),
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let pos = (r0 + r as u32, c0 + c as u32);
            push_cell(out, prefix, &sheet.name, hidden, pos, value.to_string());
        }
    }
    Ok(())
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
