//! The whole annual report as an Excel workbook: a sheet per table section (二, 三, 四) laid
//! out like the national form, and one with the texts of sections 一, 五 and 六.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::applications::COLUMNS;
use super::xlsx::{cell, fail, head};
use super::yearly::YearReport;
use crate::error::Result;

fn title(sheet: &mut Worksheet, text: &str, last_col: u16) -> Result<(), XlsxError> {
    let f = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, last_col, text, &f)?;
    Ok(())
}

fn section_two(book: &mut Workbook, r: &YearReport) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name("二、主动公开政府信息情况")?;
    let (h, c) = (head(), cell().set_align(FormatAlign::Center));
    for (col, w) in [22.0, 18.0, 18.0, 18.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, w)?;
    }
    title(sheet, "二、主动公开政府信息情况", 3)?;
    sheet.merge_range(1, 0, 1, 3, "第二十条第（一）项", &h)?;
    for (col, t) in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(2, col as u16, *t, &h)?;
    }
    let mut row = 3;
    for x in &r.regulations.rows {
        sheet.write_string_with_format(row, 0, &x.label, &c)?;
        for (col, n) in [x.enacted, x.repealed, x.in_force].iter().enumerate() {
            sheet.write_number_with_format(row, col as u16 + 1, f64::from(*n), &c)?;
        }
        row += 1;
    }
    let blocks = super::yearly::section_two_blocks(&r.inputs);
    for (block, column, rows) in blocks {
        sheet.merge_range(row, 0, row, 3, block, &h)?;
        sheet.write_string_with_format(row + 1, 0, "信息内容", &h)?;
        sheet.merge_range(row + 1, 1, row + 1, 3, column, &h)?;
        row += 2;
        for (label, v) in rows {
            sheet.write_string_with_format(row, 0, label, &c)?;
            sheet.merge_range(row, 1, row, 3, &v, &c)?;
            row += 1;
        }
    }
    Ok(())
}

fn section_three(book: &mut Workbook, r: &YearReport) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name("三、收到和处理政府信息公开申请情况")?;
    let (h, c) = (head(), cell().set_align(FormatAlign::Center));
    let l = cell().set_text_wrap();
    for (col, w) in [12.0, 14.0, 34.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, w)?;
    }
    for col in 3..10 {
        sheet.set_column_width(col, 10.0)?;
    }
    title(sheet, "三、收到和处理政府信息公开申请情况", 9)?;
    sheet.merge_range(
        1,
        0,
        3,
        2,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        &h,
    )?;
    sheet.merge_range(1, 3, 1, 9, "申请人情况", &h)?;
    sheet.merge_range(2, 3, 3, 3, COLUMNS[0], &h)?;
    sheet.merge_range(2, 4, 2, 8, "法人或其他组织", &h)?;
    sheet.merge_range(2, 9, 3, 9, COLUMNS[6], &h)?;
    for (k, name) in COLUMNS[1..6].iter().enumerate() {
        sheet.write_string_with_format(3, 4 + k as u16, *name, &h)?;
    }
    let mut row = 4u32;
    let mut head_from = None;
    let mut group_from: Option<(u32, String)> = None;
    let close_group = |sheet: &mut Worksheet, g: &mut Option<(u32, String)>, to: u32| {
        if let Some((from, name)) = g.take() {
            if to > from {
                sheet.merge_range(from, 1, to - 1, 1, &name, &l)?;
            }
        }
        Ok::<(), XlsxError>(())
    };
    for x in &r.applications.rows {
        match (x.level, x.cells) {
            (0, None) => head_from = Some((row, x.label.clone())),
            (1, None) => {
                close_group(sheet, &mut group_from, row)?;
                group_from = Some((row, x.label.clone()));
            }
            (level, Some(cells)) => {
                if level == 0 {
                    close_group(sheet, &mut group_from, row)?;
                    if let Some((from, name)) = head_from.take() {
                        sheet.merge_range(from, 0, row - 1, 0, &name, &l)?;
                    }
                    sheet.merge_range(row, 0, row, 2, &x.label, &l)?;
                } else if level == 1 {
                    close_group(sheet, &mut group_from, row)?;
                    sheet.merge_range(row, 1, row, 2, &x.label, &l)?;
                } else {
                    sheet.write_string_with_format(row, 2, &x.label, &l)?;
                }
                for (k, n) in cells.iter().enumerate() {
                    sheet.write_number_with_format(row, 3 + k as u16, f64::from(*n), &c)?;
                }
                row += 1;
            }
            _ => {}
        }
    }
    sheet.set_freeze_panes(4, 3)?;
    Ok(())
}

fn section_four(book: &mut Workbook, r: &YearReport) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name("四、行政复议、行政诉讼情况")?;
    let (h, c) = (head(), cell().set_align(FormatAlign::Center));
    for col in 0..15 {
        sheet.set_column_width(col, 9.0)?;
    }
    title(sheet, "四、政府信息公开行政复议、行政诉讼情况", 14)?;
    sheet.merge_range(1, 0, 2, 4, "行政复议", &h)?;
    sheet.merge_range(1, 5, 1, 14, "行政诉讼", &h)?;
    sheet.merge_range(2, 5, 2, 9, "未经复议直接起诉", &h)?;
    sheet.merge_range(2, 10, 2, 14, "复议后起诉", &h)?;
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    for (k, counts) in r.appeals.iter().enumerate() {
        for (j, name) in results.iter().enumerate() {
            let col = (k * 5 + j) as u16;
            sheet.write_string_with_format(3, col, *name, &h)?;
            sheet.write_number_with_format(4, col, f64::from(counts[j]), &c)?;
        }
    }
    Ok(())
}

fn texts(book: &mut Workbook, r: &YearReport) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name("一、五、六 文字部分")?;
    sheet.set_column_width(0, 30.0)?;
    sheet.set_column_width(1, 90.0)?;
    let h = head();
    let wrap = cell().set_text_wrap().set_align(FormatAlign::Top);
    let total: i64 = r.fees.iter().map(|f| f.amount).sum();
    let fees = if r.fees.is_empty() {
        "本年度未收取信息处理费。".to_string()
    } else {
        format!("收取信息处理费 {} 件，共计 {total} 元。", r.fees.len())
    };
    let rows = [
        ("一、总体情况", r.inputs.overview.as_str()),
        ("五、存在的主要问题及改进情况", r.inputs.problems.as_str()),
        ("六、其他需要报告的事项", r.inputs.other.as_str()),
        ("信息处理费", fees.as_str()),
    ];
    for (i, (name, text)) in rows.iter().enumerate() {
        let row = i as u32;
        sheet.write_string_with_format(row, 0, *name, &h)?;
        let text = if text.trim().is_empty() {
            "（未填写）"
        } else {
            text
        };
        sheet.write_string_with_format(row, 1, text, &wrap)?;
    }
    Ok(())
}

/// The report as `.xlsx` bytes.
pub fn render(r: &YearReport) -> Result<Vec<u8>> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        book.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_title(format!("{}{}年政府信息公开工作年度报告", r.agency, r.year))
                .set_author(&r.agency),
        );
        texts(&mut book, r)?;
        section_two(&mut book, r)?;
        section_three(&mut book, r)?;
        section_four(&mut book, r)?;
        book.save_to_buffer()
    };
    build().map_err(fail)
}
