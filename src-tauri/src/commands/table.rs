//! The window's commands: the one command table of `disclosure-api`, expanded into Tauri
//! commands (see [`super::tauri_commands`]).

use disclosure_api::table::prelude::*;

use super::tauri_commands;

disclosure_api::command_table!(tauri_commands);
pub use disclosure_api::table::COMMANDS;
