//! 命令行的中文界面 — clap prints its headings, its help flags and its parse errors in
//! English; this module gives the `disclosure` CLI Chinese ones, so an administrator never
//! meets English in the tool.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The command tree with Chinese descriptions of the help and version flags, recursively.
pub fn localize(cmd: Command) -> Command {
    let root = cmd.get_version().is_some();
    let cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        );
    let cmd = if root {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
    } else {
        cmd
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .into_iter()
        .fold(cmd, |cmd, name| cmd.mut_subcommand(name, localize))
}

/// Help text with clap's English headings in Chinese.
pub fn help_text(rendered: &str) -> String {
    let mut text = rendered
        .replace("Usage: ", "用法：")
        .replace("Usage:", "用法：")
        .replace("Commands:", "子命令：")
        .replace("Arguments:", "参数：")
        .replace("Options:", "选项：");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A parse error as one Chinese message with the usage line, or `None` for help and
/// version output, which clap prints as they are.
pub fn error_message(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令。".to_string(),
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand);
            format!("没有“{sub}”这个子命令。")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”。"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if valid.is_empty() {
                format!("参数 {arg} 的值“{value}”无效。")
            } else {
                format!("参数 {arg} 的值“{value}”无效，可用的值：{valid}。")
            }
        }
        ErrorKind::ValueValidation => format!("参数 {arg} 的值“{value}”无效。"),
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg);
            format!("参数 {arg} 不能与 {other} 同时使用。")
        }
        ErrorKind::TooManyValues => {
            format!("参数 {arg} 给出的值过多。")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对。")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 须写成 {arg}=值。"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8）。".to_string(),
        _ => "命令行参数有误。".to_string(),
    };
    let usage = context(e, ContextKind::Usage);
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("用法：")
        .trim();
    let mut out = format!("错误：{what}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n查看帮助：disclosure --help（或在子命令后加 --help）\n");
    Some(out)
}
