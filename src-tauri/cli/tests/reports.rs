//! `disclosure report assessment | annual`: the file type follows the extension; usage
//! errors exit 2 in Chinese; a failed write exits 1 and leaves nothing.

use crate::util::{bureau, cell, rows, Dir};
use crate::{pdftotext, squash};

/// Runs `disclosure ARGS… --user 管理员`.
fn disclosure(dir: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let mut args = args.to_vec();
    args.extend(["--user", "管理员"]);
    crate::commands::run(dir, &args, crate::util::PASSWORD)
}

#[test]
fn cli_report_assessment_writes_pdf_or_xlsx_by_extension() {
    let y = Dir::new();
    drop(bureau(&y));
    let pdf = y.path().join("a.pdf");
    let (code, out, err) = disclosure(
        &y,
        &[
            "report",
            "assessment",
            "--year",
            "2025",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2025 年度政务公开考核"), "{out}");
    let text = squash(&pdftotext(&pdf));
    assert!(text.contains("法规处") && text.contains("财审处"), "{text}");

    let xlsx = y.path().join("财审处.XLSX");
    let (code, _, err) = disclosure(
        &y,
        &[
            "report",
            "assessment",
            "--year",
            "2025",
            "--office",
            "财审处",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let summary = rows(&xlsx, "考核汇总");
    assert_eq!(summary.len(), 3, "header, 财审处, 合计");
    assert_eq!(summary[1][0], cell("财审处"));
}

#[test]
fn cli_report_annual_writes_the_table_and_usage_errors_exit_2_in_chinese() {
    let dir = Dir::new();
    drop(bureau(&dir));
    let out_path = dir.path().join("年报.xlsx");
    let (code, out, err) = disclosure(
        &dir,
        &[
            "report",
            "annual",
            "--year",
            "2025",
            "-o",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // (The figures themselves are the core's tests'; here, that the table is written.)
    assert!(out.contains("行政规范性文件：制发 0，废止 0"), "{out}");
    assert!(!rows(&out_path, "二、主动公开政府信息情况").is_empty());
    // The PDF to look at before the Word file goes out.
    let pdf = dir.path().join("年报.pdf");
    let (code, _, err) = disclosure(
        &dir,
        &[
            "report",
            "annual",
            "--year",
            "2025",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let cases: [(&[&str], &str); 5] = [
        (
            &["report", "annual", "--year", "2025", "-o", "年报.odt"],
            ".docx 或 .xlsx 或 .pdf",
        ),
        (
            &["report", "assessment", "--year", "2025", "-o", "a.csv"],
            ".pdf 或 .xlsx",
        ),
        (
            &["report", "assessment", "--year", "1990", "-o", "a.pdf"],
            "年度应在",
        ),
        (
            &[
                "report",
                "assessment",
                "--year",
                "2025",
                "--office",
                "没有的处",
                "-o",
                "a.pdf",
            ],
            "没有名为“没有的处”的处室",
        ),
        (&["report", "assessment", "-o", "a.pdf"], "--year"),
    ];
    for (args, message) in cases {
        let (code, out, err) = disclosure(&dir, args);
        assert_eq!(code, Some(2), "{args:?}: {out}{err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let cases: [&[&str]; 1] = [&["report", "assessment", "--year", "2025", "-o"]];
    for args in cases {
        assert_eq!(disclosure(&dir, args).0, Some(2));
    }
    // Writing fails (no such folder): exit 1, nothing written.
    let nowhere = dir.path().join("无此目录").join("a.xlsx");
    let (code, _, err) = disclosure(
        &dir,
        &[
            "report",
            "assessment",
            "--year",
            "2025",
            "-o",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.starts_with("错误："), "{err}");
}
