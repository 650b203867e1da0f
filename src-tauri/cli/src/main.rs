//! `disclosure` — the headless command line over the same core and data directory as the
//! app, for administrators' scripts and for tests.
//!
//! Every command that reads or writes records acts as a signed-in person (`--user`,
//! `--by`) whose password is read from the environment variable `DISCLOSURE_PASSWORD` or
//! prompted, never taken as an argument; the same roles, read policy and rules apply as in
//! the window (the core's [`Session`]). `info`, `audit verify`, `verify`, `scan`,
//! `workdays` report integrity or compute and show no record's content: they need no
//! sign-in. `user reset-password` is the way back in when no administrator remembers a
//! password: whoever can write the data directory may run it (the operating system already
//! trusts them with every record); it is audited and forces a change at the next sign-in.
//!
//! One module per group of subcommands; this file parses and dispatches.
//!
//! Exit status: 0 success, 1 a check found a problem, 2 an error (bad input, storage).
//! When the reader of the output goes away (`disclosure … | head -1`) the program stops
//! quietly, as Unix tools do.

/// `println!` that stops the program quietly when standard output is a closed pipe,
/// instead of panicking on it; any other failure to write is an error (exit 2).
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::output_failed(e)
        }
    }};
}

/// `print!` with the same handling as [`println!`].
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            $crate::output_failed(e)
        }
    }};
}

fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("错误：无法写出结果：{e}");
    std::process::exit(2)
}

mod args;
mod audit;
mod backup;
mod cli_zh;
mod export;
#[cfg(feature = "demo")]
mod gen_demo;
mod info;
mod init;
mod items;
mod ledger;
mod publish;
mod register;
mod reports;
mod requests;
mod restore;
mod review;
mod revoke;
mod scan;
mod serve;
mod session;
mod sheet;
mod users;
mod verify;
mod workdays;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use disclosure_core::{lock, paths, Error, Store};

use args::{
    AuditCommand, Cli, Command, ItemCommand, ReportCommand, RequestCommand, ReviewCommand,
    UserCommand, WorkdaysCommand,
};

fn main() -> ExitCode {
    let matches = match cli_zh::localize(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return parse_failed(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return parse_failed(&e),
    };
    match run(cli) {
        Ok(code) => code,
        // The data directory is in use: the command was refused, nothing went wrong.
        Err(e @ Error::Locked(_)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

/// Help and version go to standard output (exit 0); a usage error to standard error, in
/// Chinese (exit 2).
fn parse_failed(e: &clap::Error) -> ExitCode {
    match cli_zh::error_message(e) {
        Some(message) => {
            eprint!("{message}");
            ExitCode::from(2)
        }
        None => {
            print!("{}", cli_zh::help_text(&e.render().to_string()));
            ExitCode::SUCCESS
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into())
}

/// Whether the command changes the data (and so needs the data directory's lock). A
/// backup only reads, through its own connection, and may run beside the app.
fn writes(c: &Command) -> bool {
    match c {
        Command::Info { .. }
        | Command::Item(ItemCommand::List { .. } | ItemCommand::Show { .. })
        | Command::Review(ReviewCommand::Queue { .. })
        | Command::Audit(_)
        | Command::Workdays(_)
        | Command::Sheet { .. }
        | Command::Register { .. }
        | Command::Ledger { .. }
        | Command::Scan { .. }
        | Command::Verify { .. }
        | Command::Report(_)
        | Command::Request(
            RequestCommand::List { .. } | RequestCommand::Show { .. } | RequestCommand::Due { .. },
        )
        | Command::Backup { .. } => false,
        // The server holds the data directory as the app does (in `Desk::open`).
        Command::Serve { .. } => false,
        Command::Init { .. }
        | Command::User(_)
        | Command::Item(ItemCommand::Import { .. } | ItemCommand::Submit { .. })
        | Command::Review(ReviewCommand::Decide { .. })
        | Command::Export { .. }
        | Command::Publish { .. }
        | Command::Revoke { .. }
        | Command::Restore { .. }
        | Command::Request(
            RequestCommand::Add { .. }
            | RequestCommand::Record { .. }
            | RequestCommand::Letter { .. }
            | RequestCommand::Served { .. },
        ) => true,
        #[cfg(feature = "demo")]
        Command::GenDemo { .. } => true,
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    // Commands on files outside the data directory, or that compute.
    match &cli.command {
        Command::Scan { files, json } => return scan::scan(cli.data_dir, files, *json),
        Command::Serve {
            listen,
            hosts,
            ui_dir,
            export_dir,
        } => {
            let dir = paths::resolve_data_dir(cli.data_dir.clone())?;
            return serve::serve(
                dir,
                *listen,
                hosts.clone(),
                ui_dir.clone(),
                export_dir.clone(),
            );
        }
        Command::Verify {
            bundle,
            against_db: false,
            json,
        } => return verify::verify(None, bundle, *json),
        _ => {}
    }
    let dir = paths::resolve_data_dir(cli.data_dir)?;
    if let Command::Workdays(w) = &cli.command {
        return workdays::workdays(&dir, w);
    }
    // Writing commands hold the data directory for their run; the app holds it while open.
    let _lock = if writes(&cli.command) {
        Some(lock::acquire(&dir)?)
    } else {
        None
    };
    if let Command::Restore { backup: from, user } = &cli.command {
        return restore::restore(&dir, from, &user.user);
    }
    // gen-demo --today: the whole run (the store's own records included) happens on that day.
    #[cfg(feature = "demo")]
    let _day = match &cli.command {
        Command::GenDemo {
            today: Some(day), ..
        } => Some(disclosure_core::clock::pin_day(
            *day,
            disclosure_core::clock::now().time(),
        )),
        _ => None,
    };
    let mut store = Store::open(&dir)?;
    let s = &mut store;
    match cli.command {
        Command::Info { json } => info::info(s, json),
        Command::Init {
            admin,
            office,
            org_code,
        } => init::init(s, admin, &office, org_code),
        Command::User(c) => users::run(s, c),
        Command::Item(c) => items::run(s, c),
        Command::Review(c) => review::run(s, c),
        Command::Audit(AuditCommand::Verify { bundles, json }) => {
            audit::audit_verify(s, &bundles, json)
        }
        #[cfg(feature = "demo")]
        Command::GenDemo { items, seed, .. } => gen_demo::gen_demo(s, items, seed),
        Command::Sheet {
            index_nos,
            output,
            round,
            user,
        } => sheet::sheets(s, &user.user, &index_nos, round, &output),
        Command::Register {
            from,
            to,
            output,
            user,
        } => register::register(s, &user.user, &from, &to, &output),
        Command::Ledger { output, user } => ledger::ledger(s, &user.user, &output),
        Command::Report(r) => reports::run(s, r),
        Command::Request(r) => requests::run(s, r),
        Command::Export {
            index_nos,
            all_approved: _,
            out,
            user,
        } => export::export(s, user, &index_nos, out),
        Command::Verify { bundle, json, .. } => verify::verify(Some(s), &bundle, json),
        Command::Publish {
            index_no,
            url,
            date,
            csv,
            user,
            json,
        } => publish::publish(s, &user.user, index_no, url, date, csv, json),
        Command::Revoke {
            index_no,
            kind,
            reason,
            user,
        } => revoke::revoke(s, &user.user, &index_no, &kind, &reason),
        Command::Backup { out, user } => backup::backup(s, &user.user, out),
        Command::Restore { .. }
        | Command::Workdays(_)
        | Command::Scan { .. }
        | Command::Serve { .. } => {
            unreachable!("handled before the store is opened")
        }
    }
}
