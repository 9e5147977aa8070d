//! The delta as plain text (one change a line, like `diff`) and as Markdown (for a
//! pull-request comment or the report's "delta from previous model").

use super::*;
use std::fmt::Write;

fn level(level: Option<RiskLevel>) -> &'static str {
    level.map_or("unrated", RiskLevel::as_str)
}

fn layers(layers: &[Layer]) -> String {
    if layers.is_empty() {
        "unplaced".to_string()
    } else {
        layers
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn measure(m: RiskMeasure) -> &'static str {
    match m {
        RiskMeasure::Inherent => "inherent risk",
        RiskMeasure::Residual => "residual risk",
    }
}

/// One section of changes: a title and lines of (mark, id, text).
struct Group {
    title: String,
    lines: Vec<(char, String, String)>,
}

type Line = (char, String, String);

fn added(list: &[Named]) -> impl Iterator<Item = Line> + '_ {
    list.iter().map(|n| ('+', n.id.clone(), n.name.clone()))
}

fn removed(list: &[Named]) -> impl Iterator<Item = Line> + '_ {
    list.iter().map(|n| ('-', n.id.clone(), n.name.clone()))
}

fn modified(list: &[String]) -> impl Iterator<Item = Line> + '_ {
    list.iter()
        .map(|id| ('~', id.clone(), "changed".to_string()))
}

fn groups(diff: &SessionDiff) -> Vec<Group> {
    let mut out = Vec::new();
    let mut push = |title: &str, lines: Vec<(char, String, String)>| {
        if !lines.is_empty() {
            out.push(Group {
                title: title.to_string(),
                lines,
            });
        }
    };

    let t = &diff.threats;
    push(
        "Threats",
        added(&t.added)
            .chain(removed(&t.removed))
            .chain(t.renamed.iter().map(|r| {
                (
                    '~',
                    r.id.clone(),
                    format!("renamed \"{}\" → \"{}\"", r.old, r.new),
                )
            }))
            .chain(t.risk.iter().map(|r| {
                let text = format!(
                    "{}: {} → {}",
                    measure(r.measure),
                    level(r.old),
                    level(r.new)
                );
                ('~', r.id.clone(), text)
            }))
            .chain(modified(&t.modified))
            .collect(),
    );
    let m = &diff.mitigations;
    push(
        "Mitigations",
        added(&m.added)
            .chain(removed(&m.removed))
            .chain(m.changes.iter().map(|c| {
                (
                    '~',
                    c.id.clone(),
                    format!("{}: {} → {}", c.field, c.old, c.new),
                )
            }))
            .chain(modified(&m.modified))
            .collect(),
    );
    let c = &diff.components;
    push(
        "Components",
        added(&c.added)
            .chain(removed(&c.removed))
            .chain(c.layers.iter().map(|l| {
                (
                    '~',
                    l.id.clone(),
                    format!("layers: {} → {}", layers(&l.old), layers(&l.new)),
                )
            }))
            .chain(modified(&c.modified))
            .collect(),
    );
    push(
        "Phases",
        diff.phases
            .iter()
            .map(|p| {
                (
                    '~',
                    format!("phase {}", p.phase),
                    format!("{} → {}", p.old, p.new),
                )
            })
            .collect(),
    );
    for r in &diff.records {
        let lines = r
            .added
            .iter()
            .map(|id| ('+', id.clone(), String::new()))
            .chain(r.removed.iter().map(|id| ('-', id.clone(), String::new())))
            .chain(
                r.modified
                    .iter()
                    .map(|id| ('~', id.clone(), "changed".to_string())),
            )
            .collect();
        push(&format!("Records: {}", r.kind), lines);
    }
    push(
        "Sections",
        diff.sections
            .iter()
            .map(|s| ('~', s.clone(), "changed".to_string()))
            .collect(),
    );
    push(
        "Order",
        diff.reordered
            .iter()
            .map(|s| ('~', s.clone(), "reordered".to_string()))
            .collect(),
    );
    out
}

/// Plain text: a title line per group, then `+`/`-`/`~` lines; empty when equal.
pub fn to_text(diff: &SessionDiff) -> String {
    let mut out = String::new();
    for group in groups(diff) {
        let _ = writeln!(out, "{}:", group.title);
        for (mark, id, text) in group.lines {
            // Values from the sessions: one line each, nothing a terminal would run (L2).
            let (id, text) = (
                crate::text::sanitize_id(&id).into_owned(),
                crate::text::sanitize_inline(&text).into_owned(),
            );
            let line = format!("  {mark} {id}  {text}");
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}

/// Characters that would change the meaning of Markdown inline text.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Markdown: a heading per group and a bullet per change.
pub fn to_markdown(diff: &SessionDiff, old_label: &str, new_label: &str) -> String {
    let mut out = format!(
        "## Threat model changes: {} → {}\n\n",
        escape_md(old_label),
        escape_md(new_label)
    );
    let groups = groups(diff);
    if groups.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    for group in groups {
        let _ = writeln!(out, "### {}\n", escape_md(&group.title));
        for (mark, id, text) in group.lines {
            // Values from the sessions: one line each, nothing a terminal would run (L2).
            let (id, text) = (
                crate::text::sanitize_id(&id).into_owned(),
                crate::text::sanitize_inline(&text).into_owned(),
            );
            let verb = match mark {
                '+' => "added",
                '-' => "removed",
                _ => "",
            };
            let text = escape_md(&text);
            let line = match (verb.is_empty(), text.is_empty()) {
                (false, true) => format!("- **{}** {verb}", escape_md(&id)),
                (false, false) => format!("- **{}** {verb}: {text}", escape_md(&id)),
                _ => format!("- **{}** {text}", escape_md(&id)),
            };
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    out
}
