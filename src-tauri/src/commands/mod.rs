//! Commands: the adapters from the window to `disclosure-core` that are more than one call
//! (dialogs, progress, cancelling), grouped by page; a command that is one call into the
//! core is written in its declaration in [`table`]. No SQL, no rules, no formatting here.
//!
//! Every command is declared once, in [`table`]: its name, arguments and result, and the
//! function that runs it. From that one declaration come the Tauri handler, the names
//! `build.rs` turns into permissions (and `capabilities/default.json`), and the UI's typed
//! client `ui/src/ipc/commands.ts` (a test fails when it is stale). Every command runs on
//! the blocking pool, never on the main thread, so the window stays responsive however
//! long a command takes.

pub mod backup;
pub mod bundle;
pub mod dialog;
pub mod items;
pub mod jobs;
pub mod overview;
pub mod reports;
pub mod review;
pub mod session;
pub mod settings;
pub mod sheet;
pub mod table;
pub mod typescript;

use tauri::{AppHandle, Manager, Runtime, State};

use crate::state::Desk;

/// What a command's function gets: the app (its state, its dialogs and events).
pub struct Ctx<R: Runtime> {
    pub app: AppHandle<R>,
}

impl<R: Runtime> Ctx<R> {
    pub fn desk(&self) -> State<'_, Desk> {
        self.app.state::<Desk>()
    }
}

/// Runs `f` on the blocking pool (the window's main thread stays free) and waits for it.
pub async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&Ctx<R>) -> disclosure_core::Result<T> + Send + 'static,
) -> disclosure_core::Result<T> {
    tauri::async_runtime::spawn_blocking(move || f(&Ctx { app }))
        .await
        .unwrap_or_else(|e| {
            log::error!("a command stopped: {e}");
            Err(disclosure_core::Error::io(
                "执行操作",
                std::io::Error::other(e.to_string()),
            ))
        })
}

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

/// `attachment_id` → `attachmentId` (what Tauri expects of a JavaScript caller, and the
/// name of the generated client function).
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

/// Declares the commands: each `name(arg: Type, …) -> Output = run;` (with an optional
/// doc comment), where `run` is a function `(cx, args…)` of a page's module or a closure
/// `|cx, args…| …`, becomes an async Tauri command that runs it on the blocking pool, and
/// an entry of [`table::COMMANDS`]. A declaration starts its line with four spaces and its
/// name (`build.rs` reads the names so); a continuation is indented further.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $run:expr ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name<R: tauri::Runtime>(
                app: tauri::AppHandle<R>,
                $($arg: $ty),*
            ) -> disclosure_core::Result<$out> {
                $crate::commands::blocking(app, move |cx| {
                    // A function of the page's module or a closure written in the table:
                    // either way typed as the declaration says.
                    let run: fn(
                        &$crate::commands::Ctx<R>,
                        $($ty),*
                    ) -> disclosure_core::Result<$out> = $run;
                    run(cx, $($arg),*)
                })
                .await
            }
        )*

        /// Every command, in declaration order.
        pub const COMMANDS: &[$crate::commands::Command] = &[
            $( $crate::commands::Command {
                name: stringify!($name),
                doc: &[$($doc),*],
                args: &[$((stringify!($arg), stringify!($ty))),*],
                out: stringify!($out),
            } ),*
        ];

        /// The handler with every command, for the builder.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

pub(crate) use commands;
