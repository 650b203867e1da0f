//! Workbooks (`.xlsx`, `.xls`, `.ods`, and WPS's `.et`, an `.xls` inside): every cell of
//! every sheet, hidden sheets included and labelled as such, plus the comments and document
//! properties of an `.xlsx` and the comments (批注) and text boxes of an `.xls`, which
//! calamine does not read ([`xls_notes`]).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Reader, SheetType, SheetVisible, Xlsx};

use super::{dense, office, ole, xls_notes, Segment};

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
        fits_densely(zip.as_mut(), bytes)?;
        other_cells(prefix, &ole::workbook_only(bytes)?, &mut out)?;
        xls_comments(prefix, bytes, &mut out)?;
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

/// The comments and text boxes of an `.xls` (BIFF8 `Workbook` stream; nothing for an
/// Excel 5 `Book` or bytes that are no compound file).
fn xls_comments(prefix: &str, bytes: &[u8], out: &mut Vec<Segment>) -> Result<(), String> {
    if !bytes.starts_with(&ole::MAGIC) {
        return Ok(());
    }
    let mut file = ole::open(bytes)?;
    let Some(stream) = ole::stream(&mut file, "/Workbook")? else {
        return Ok(());
    };
    for n in xls_notes::notes(&stream) {
        let place = match n.cell {
            Some((r, c)) => format!("{}{} 批注", column(c), r.saturating_add(1)),
            None => "文本框".to_string(),
        };
        out.push(Segment::new(
            format!("{prefix} 工作表“{}”{} {place}", n.sheet, n.hidden),
            n.text,
        ));
    }
    Ok(())
}

/// calamine lays an .ods (`zip`, checked already) or an .xls out densely: its size is read
/// first, and one too large to lay out is refused before calamine sees it.
fn fits_densely(zip: Option<&mut office::Package<'_>>, bytes: &[u8]) -> Result<(), String> {
    let cells = match zip {
        Some(z) => match office::part(z, "content.xml")? {
            Some(xml) => dense::ods_cells(&xml)?,
            None => 0,
        },
        None => dense::xls_cells(bytes)?,
    };
    if cells > dense::MAX_CELLS {
        return Err(dense::too_large(cells));
    }
    Ok(())
}

/// Rows an import reads from its sheet, at most.
pub const IMPORT_MAX_ROWS: u32 = 100_000;
/// Columns an import reads, at most (its sheets have a dozen).
pub const IMPORT_MAX_COLUMNS: u32 = 100;

/// The first sheet of a workbook for an import (人员、事项清单): its non-empty rows, each
/// with its row number as Excel shows it (1-based) and its cells as text (dates as
/// `YYYY-MM-DD`), read with the scanner's guards — the zip checked, an .xlsx streamed, an
/// .xls or .ods measured before calamine lays it out, calamine's panics caught — so a
/// hostile file is an error in Chinese, never a crash.
pub fn first_sheet_table(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| first_sheet_guarded(bytes)))
        .unwrap_or_else(|_| Err("无法读取该 Excel 文件（文件已损坏）".to_string()))
}

fn first_sheet_guarded(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, String> {
    let too_big =
        || format!("表格过大：导入的工作表最多 {IMPORT_MAX_ROWS} 行、{IMPORT_MAX_COLUMNS} 列");
    let mut grid: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut put = |(r, c): (u32, u32), text: String| -> Result<(), String> {
        if text.trim().is_empty() {
            return Ok(());
        }
        if r >= IMPORT_MAX_ROWS || c >= IMPORT_MAX_COLUMNS {
            return Err(too_big());
        }
        let row = grid.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = text;
        Ok(())
    };
    use calamine::DataType as _;
    let text = |d: &calamine::Data| match d {
        calamine::Data::DateTime(_) | calamine::Data::DateTimeIso(_) => d
            .as_date()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    };
    let mut zip = match bytes.starts_with(b"PK") {
        true => Some(office::open(bytes)?),
        false => None,
    };
    let unreadable = || "无法读取该 Excel 文件（可能已加密或已损坏）".to_string();
    if zip
        .as_ref()
        .is_some_and(|z| z.index_for_name("xl/workbook.xml").is_some())
    {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
        let first = wb
            .sheets_metadata()
            .first()
            .map(|s| s.name.clone())
            .ok_or("Excel 文件中没有工作表")?;
        let mut cells = wb
            .worksheet_cells_reader(&first)
            .map_err(|_| format!("无法读取工作表“{first}”"))?;
        while let Some(cell) = cells
            .next_cell()
            .map_err(|_| format!("工作表“{first}”已损坏"))?
        {
            let value = calamine::Data::from(cell.get_value().clone());
            put(cell.get_position(), text(&value))?;
        }
    } else {
        fits_densely(zip.as_mut(), bytes)?;
        let clean = ole::workbook_only(bytes)?;
        let mut wb =
            open_workbook_auto_from_rs(Cursor::new(&clean[..])).map_err(|_| unreadable())?;
        let range = wb
            .worksheet_range_at(0)
            .ok_or("Excel 文件中没有工作表")?
            .map_err(|_| "无法读取工作表".to_string())?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            put((r0 + r as u32, c0 + c as u32), text(value))?;
        }
    }
    Ok(grid.into_iter().map(|(r, cells)| (r + 1, cells)).collect())
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
