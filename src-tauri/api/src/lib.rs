//! 政务公开工作台 — the commands, shared by every shell: the command table
//! ([`table`], declared once), the pages' commands written against [`Shell`] ([`page`]),
//! and the desk they run on ([`Desk`], [`Gate`]). The desktop window (`disclosure-desk`,
//! Tauri) and the LAN server (`disclosure-server`, HTTPS) each expand the table into their
//! own transport; every rule stays in `disclosure-core`. No Tauri, no HTTP here.

pub mod desk;
pub mod page;
pub mod shell;
pub mod table;
pub mod typescript;

pub use desk::{Desk, Gate, Scratch, Slot};
pub use shell::{Filter, Shell};

/// One command as declared in [`table`]: for the permission list and the TypeScript client.
pub struct Command {
    pub name: &'static str,
    /// The declaration's doc comment, line by line.
    pub doc: &'static [&'static str],
    /// (argument, Rust type as written).
    pub args: &'static [(&'static str, &'static str)],
    /// The Rust output type as written.
    pub out: &'static str,
}

/// `attachment_id` → `attachmentId` (what a JavaScript caller sends, and the name of the
/// generated client function).
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}
