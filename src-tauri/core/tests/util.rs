//! Fixtures shared by the integration tests: each test gets its own temp data directory.

use std::path::{Path, PathBuf};

use disclosure_core::{clock, Store};
use tempfile::TempDir;

/// Pins this test thread's clock to `day` (`YYYY-MM-DD`) at 10:00 while the guard lives.
pub fn on(day: &str) -> clock::Pinned {
    let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a YYYY-MM-DD day");
    clock::pin_day(
        day,
        chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("10:00"),
    )
}

pub struct Dir {
    pub tmp: TempDir,
}

/// One audit-key folder for this test run, shared by every store the tests open and by
/// the `disclosure` processes they start (which inherit the variable): never the user's
/// own configuration folder.
fn key_dir() {
    static KEYS: std::sync::OnceLock<TempDir> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let t = tempfile::tempdir().expect("key dir");
        std::env::set_var(disclosure_core::audit::key::KEY_DIR_ENV, t.path());
        disclosure_core::audit::key::set_dir(t.path().to_path_buf());
        t
    });
}

impl Dir {
    pub fn new() -> Dir {
        key_dir();
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn open(&self) -> Store {
        Store::open(self.path()).expect("store opens")
    }
}

use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::item::{self, ItemInput};
use disclosure_core::staff::{self, NewStaff, Role, Staff};
use disclosure_core::{category, office};

pub const PASSWORD: &str = "mima2026abc";

/// A store with an org code, an administrator and two drafters of 法规处 and one of 财审处.
pub struct Bureau {
    pub store: Store,
    pub admin: Staff,
    pub drafter: Staff,
    pub colleague: Staff,
    pub other_office: Staff,
}

pub fn office_id(store: &Store, name: &str) -> i64 {
    office::list(store, true)
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("office {name}"))
        .id
}

pub fn bureau(dir: &Dir) -> Bureau {
    bureau_in(dir.path())
}

/// [`bureau`] in the data directory `path` (made when missing).
pub fn bureau_in(path: &Path) -> Bureau {
    key_dir();
    let mut store = Store::open(path).expect("store opens");
    agency::bootstrap(
        &mut store,
        &AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山市教育局".into(),
            org_code: "11210300MB0000000X".into(),
            ..AgencyInput::default()
        },
    )
    .unwrap();
    let fagui = office_id(&store, "法规处");
    let caishen = office_id(&store, "财审处");
    let bangong = office_id(&store, "办公室");
    let admin = staff::create_first_admin(&mut store, "管理员", bangong, PASSWORD).unwrap();
    let mut add = |name: &str, office: i64, roles: Vec<Role>| {
        add_person(&mut store, &admin, name, office, roles)
    };
    let drafter = add("张伟", fagui, vec![Role::Drafter]);
    let colleague = add("李娜", fagui, vec![Role::Drafter]);
    let other_office = add("王芳", caishen, vec![Role::Drafter]);
    Bureau {
        store,
        admin,
        drafter,
        colleague,
        other_office,
    }
}

/// Adds a person as `admin`, who then changes the random initial password to the test
/// password (as a new person does at first sign-in).
pub fn add_person(
    store: &mut Store,
    admin: &Staff,
    name: &str,
    office: i64,
    roles: Vec<Role>,
) -> Staff {
    let added = staff::add(
        store,
        admin,
        &NewStaff {
            name: name.into(),
            office_id: office,
            roles,
        },
    )
    .unwrap();
    staff::change_password(store, &added.staff, &added.initial_password, PASSWORD).unwrap();
    staff::get(store, added.staff.id).unwrap()
}

impl Bureau {
    /// Creates a filled-in draft as `actor`.
    pub fn create(
        &mut self,
        actor: &Staff,
        category: &str,
        title: &str,
    ) -> disclosure_core::Result<item::Saved> {
        let input = draft(&self.store, actor, category, title);
        item::create(&mut self.store, actor, &input)
    }
}

/// A filled-in draft of category `category` (name).
pub fn draft(store: &Store, actor: &Staff, category_name: &str, title: &str) -> ItemInput {
    let mut input = item::defaults(store, actor).unwrap();
    input.category_id = category::find(store, category_name).unwrap().id;
    input.title = title.into();
    input.summary = format!("{title}的内容概述。");
    input.topic = "教育".into();
    input.body_html = format!("<p>{title}正文。</p>");
    input
}

/// Writes `rows` (the first one is the header) to an .xlsx in `dir`.
pub fn sheet(dir: &Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

/// A text cell as calamine reads it.
pub fn cell(s: &str) -> calamine::Data {
    calamine::Data::String(s.into())
}

/// Every row of `sheet` in the workbook at `path`.
pub fn rows(path: &Path, sheet: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A PDF file of `objects` (numbered from 1; object 1 the catalog), with its cross-reference
/// table: for hand-made PDF fixtures.
pub fn pdf_file(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF with a line of Helvetica text.
pub fn one_page_pdf() -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (Hello) Tj ET";
    pdf_file(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>".to_vec(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
    ])
}

/// The details of item `id`'s audit entries of `action`, newest first.
pub fn audit_details(store: &Store, id: i64, action: &str) -> Vec<String> {
    disclosure_core::audit_admin::recent(store, Some(id), 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| e.detail)
        .collect()
}
