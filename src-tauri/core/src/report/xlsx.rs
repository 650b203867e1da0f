//! The reports as Excel workbooks (rust_xlsxwriter): the assessment as a summary sheet and
//! an overdue sheet, the annual counts laid out like the national report's table.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::annual::AnnualReport;
use super::assessment::{Assessment, OfficeAssessment};
use crate::error::{Error, Result};

pub(super) fn fail(e: XlsxError) -> Error {
    Error::invalid("xlsx", format!("生成 Excel 文件失败：{e}"))
}

pub(super) fn head() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#EEF2F7")
}

pub(super) fn cell() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

/// Writes a header row at `row` with column widths.
fn header(sheet: &mut Worksheet, row: u32, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    let f = head();
    for (c, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *title, &f)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_row_height(row, 30)?;
    Ok(())
}

/// 考核汇总 and 逾期事项.
pub fn assessment(a: &Assessment) -> Result<Vec<u8>> {
    assessment_book(a).map_err(fail)
}

fn assessment_book(a: &Assessment) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("{} {} 年度政务公开考核", a.agency, a.year))
            .set_author(&a.agency),
    );
    let (text, num) = (cell(), cell().set_align(FormatAlign::Center));
    let pct = cell().set_align(FormatAlign::Center).set_num_format("0.0%");
    let dec = cell().set_align(FormatAlign::Center).set_num_format("0.0");

    // The categories any office published in, so the sheet is not 13 columns of zeros.
    let used: Vec<usize> = (0..a.categories.len())
        .filter(|&i| a.total.by_category[i] > 0)
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name("考核汇总")?;
    let mut columns: Vec<(&str, f64)> = vec![
        ("处室", 16.0),
        ("发布事项数", 11.0),
        ("应按时公开数", 12.0),
        ("按时公开数", 11.0),
        ("按时公开率", 11.0),
        ("办结审查轮次", 12.0),
        ("平均审查用时（工作日）", 14.0),
        ("退回修改次数", 12.0),
        ("逾期事项数", 11.0),
    ];
    columns.extend(used.iter().map(|&i| (a.categories[i].as_str(), 12.0)));
    header(sheet, 0, &columns)?;
    let rows = a.offices.iter().chain(std::iter::once(&a.total));
    for (r, o) in rows.enumerate() {
        let r = r as u32 + 1;
        summary_row(sheet, r, o, &used, (&text, &num, &pct, &dec))?;
    }
    sheet.set_freeze_panes(1, 1)?;

    let sheet = book.add_worksheet();
    sheet.set_name("逾期事项")?;
    header(
        sheet,
        0,
        &[
            ("处室", 14.0),
            ("索引号", 26.0),
            ("信息名称", 44.0),
            ("公开类别", 16.0),
            ("应公开日期", 12.0),
            ("发布日期", 12.0),
            ("逾期天数", 10.0),
        ],
    )?;
    let mut r = 1;
    for o in &a.offices {
        for it in &o.overdue {
            sheet.write_string_with_format(r, 0, &o.office_name, &text)?;
            sheet.write_string_with_format(r, 1, &it.index_no, &text)?;
            sheet.write_string_with_format(r, 2, &it.title, &text)?;
            sheet.write_string_with_format(r, 3, &it.category_name, &text)?;
            sheet.write_string_with_format(r, 4, &it.due_on, &num)?;
            let published = it.published_on.as_deref().unwrap_or("未发布");
            sheet.write_string_with_format(r, 5, published, &num)?;
            sheet.write_number_with_format(r, 6, it.days_late as f64, &num)?;
            r += 1;
        }
    }
    if r == 1 {
        sheet.write_string(1, 0, "本年度没有逾期事项。")?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

fn summary_row(
    sheet: &mut Worksheet,
    r: u32,
    o: &OfficeAssessment,
    used: &[usize],
    (text, num, pct, dec): (&Format, &Format, &Format, &Format),
) -> Result<(), XlsxError> {
    let text = if o.office_id == 0 {
        &text.clone().set_bold()
    } else {
        text
    };
    sheet.write_string_with_format(r, 0, &o.office_name, text)?;
    let counts = [o.published, o.assessed, o.on_time];
    for (c, n) in counts.iter().enumerate() {
        sheet.write_number_with_format(r, c as u16 + 1, f64::from(*n), num)?;
    }
    match o.on_time_rate {
        Some(rate) => sheet.write_number_with_format(r, 4, rate, pct)?,
        None => sheet.write_string_with_format(r, 4, "—", num)?,
    };
    sheet.write_number_with_format(r, 5, f64::from(o.reviews), num)?;
    match o.review_days {
        Some(d) => sheet.write_number_with_format(r, 6, d, dec)?,
        None => sheet.write_string_with_format(r, 6, "—", num)?,
    };
    sheet.write_number_with_format(r, 7, f64::from(o.returns), num)?;
    sheet.write_number_with_format(r, 8, f64::from(o.overdue_count), num)?;
    for (k, &i) in used.iter().enumerate() {
        sheet.write_number_with_format(r, 9 + k as u16, f64::from(o.by_category[i]), num)?;
    }
    Ok(())
}

/// 第二十条第（一）项 and the blocks of section 二 this app does not record (left blank
/// for the user), laid out like the national report's table.
pub fn annual(a: &AnnualReport) -> Result<Vec<u8>> {
    annual_book(a).map_err(fail)
}

fn annual_book(a: &AnnualReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!(
                "{} {} 年政府信息公开工作年度报告",
                a.agency, a.year
            ))
            .set_author(&a.agency),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("二、主动公开政府信息情况")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let h = head();
    let (text, num) = (
        cell().set_align(FormatAlign::Center),
        cell().set_align(FormatAlign::Center),
    );
    for (c, w) in [22.0, 18.0, 18.0, 18.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, w)?;
    }
    sheet.merge_range(0, 0, 0, 3, "二、主动公开政府信息情况", &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        3,
        &format!("{}　{} 年度（统计至 {}）", a.agency, a.year, a.as_of),
        &Format::new().set_align(FormatAlign::Center),
    )?;
    sheet.merge_range(2, 0, 2, 3, "第二十条第（一）项", &h)?;
    for (c, t) in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(3, c as u16, *t, &h)?;
    }
    let mut r = 4;
    for row in &a.rows {
        sheet.write_string_with_format(r, 0, &row.label, &text)?;
        for (c, n) in [row.enacted, row.repealed, row.in_force].iter().enumerate() {
            sheet.write_number_with_format(r, c as u16 + 1, f64::from(*n), &num)?;
        }
        r += 1;
    }
    // The other blocks: the same shape as the national form, values for the user to fill.
    let blocks: [(&str, &str, &[&str]); 3] = [
        ("第二十条第（五）项", "本年处理决定数量", &["行政许可"]),
        (
            "第二十条第（六）项",
            "本年处理决定数量",
            &["行政处罚", "行政强制"],
        ),
        (
            "第二十条第（八）项",
            "本年收费金额（单位：万元）",
            &["行政事业性收费"],
        ),
    ];
    for (block, column, rows) in blocks {
        sheet.merge_range(r, 0, r, 3, block, &h)?;
        sheet.write_string_with_format(r + 1, 0, "信息内容", &h)?;
        sheet.merge_range(r + 1, 1, r + 1, 3, column, &h)?;
        r += 2;
        for label in rows {
            sheet.write_string_with_format(r, 0, *label, &text)?;
            sheet.merge_range(r, 1, r, 3, "", &num)?;
            r += 1;
        }
    }
    sheet.merge_range(
        r + 1,
        0,
        r + 1,
        3,
        "注：第（一）项由本程序按“规章和规范性文件”类事项统计；第（五）（六）（八）项本程序不记录，请据业务数据填写。",
        &Format::new().set_text_wrap().set_font_color("#666666"),
    )?;
    sheet.set_row_height(r + 1, 32)?;
    sheet.set_freeze_panes(4, 0)?;
    book.save_to_buffer()
}
