//! `maestro-tm man`: one self-contained manual page. clap_mangen's subcommand section
//! refers to `maestro-tm-validate(1)` and friends, pages nobody installs; this page
//! documents every subcommand inline instead, so it references no other page.

use super::args::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Escapes text for roff: backslashes, hyphens, and lines starting with a control character.
fn roff(text: &str) -> String {
    text.lines()
        .map(|line| {
            let escaped = line.replace('\\', "\\\\").replace('-', "\\-");
            if escaped.starts_with('.') || escaped.starts_with('\'') {
                format!("\\&{escaped}")
            } else {
                escaped
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The manual page in roff.
pub fn render() -> std::io::Result<Vec<u8>> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    writeln!(out, ".SH SUBCOMMANDS")?;
    for sub in command.get_subcommands() {
        render_subcommand(&mut out, "maestro\\-tm", sub)?;
    }
    writeln!(out, ".SH ENVIRONMENT")?;
    writeln!(
        out,
        ".TP\n\\fBNO_COLOR\\fR\n{}",
        roff(super::output::NO_COLOR_HELP)
    )?;
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// One subcommand's section, then its own subcommands (`export sarif`, `export issues`).
fn render_subcommand(out: &mut Vec<u8>, parent: &str, sub: &clap::Command) -> std::io::Result<()> {
    let name = format!("{parent} {}", roff(sub.get_name()));
    writeln!(out, ".SS \"{name}\"")?;
    let about = sub
        .get_long_about()
        .or_else(|| sub.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    for paragraph in about.split("\n\n") {
        writeln!(out, ".PP\n{}", roff(paragraph))?;
    }
    for arg in sub.get_arguments() {
        if arg.is_hide_set() {
            continue;
        }
        let mut names = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("-{short}"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("--{long}"));
        }
        let value = arg
            .get_value_names()
            .map(|v| v.join(" "))
            .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
        let label = if names.is_empty() {
            value
        } else if arg.get_action().takes_values() {
            format!("{} {value}", names.join(", "))
        } else {
            names.join(", ")
        };
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(&label), roff(&help))?;
    }
    if let Some(after) = sub.get_after_help() {
        writeln!(out, ".PP\n.nf\n{}\n.fi", roff(&after.to_string()))?;
    }
    for nested in sub.get_subcommands().filter(|n| n.get_name() != "help") {
        render_subcommand(out, &name, nested)?;
    }
    Ok(())
}
