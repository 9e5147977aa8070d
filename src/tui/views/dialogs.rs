//! Modal questions: quit with unsaved changes, recover autosaved edits, delete, a
//! stale lock, a file changed on disk, "save as" and replacing an existing file.

use super::centered;
use super::safe;
use crate::session::lock::Liveness;
use crate::tui::app::{AppState, Dialog, ExternalChange, FileStamp, StaleLock};
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, dialog: &Dialog) {
    let (title, body, keys) = match dialog {
        Dialog::ConfirmQuit => (
            " Unsaved changes ",
            "This session has changes that are not saved.".to_string(),
            "[s] save and quit   [d] discard and quit   [Esc] cancel",
        ),
        Dialog::Recovery(offer) => {
            return super::recovery_dialog::render(frame, area, state, &offer.restores);
        }
        Dialog::ConfirmDelete(pending) => (
            " Delete? ",
            match &pending.used_by {
                Some(used) => format!(
                    "Delete {}? {used}; deleting also removes those references.",
                    pending.id
                ),
                None => format!("Delete {}? Nothing refers to it.", pending.id),
            },
            match &pending.used_by {
                Some(_) => "[y] delete and unlink   [n/Esc] cancel",
                None => "[y] delete   [n/Esc] cancel",
            },
        ),
        Dialog::StaleLock(stale) => return stale_lock(frame, area, state, stale),
        Dialog::ExternalChange(change) => return external_change(frame, area, state, change),
        Dialog::ConfirmReload(change) => {
            let body = vec![
                format!(
                    "Load {} as it is on disk now, replacing your unsaved edits?",
                    safe::text(&change.path.display().to_string())
                ),
                format!(
                    "Your version stays in the undo history ({} brings it back) until you quit.",
                    state.keymap.key_label(crate::tui::action::Command::Undo)
                ),
            ];
            return boxed(
                frame,
                area,
                state,
                " Reload and drop your edits? ",
                body,
                "[y] reload   [n/Esc] back",
            );
        }
        Dialog::SaveAs => return save_as(frame, area, state),
        Dialog::ConfirmOverwrite(path) => {
            let body = vec![format!(
                "{} already exists. Replace it with this session?",
                safe::text(&path.display().to_string())
            )];
            return boxed(
                frame,
                area,
                state,
                " Replace the file? ",
                body,
                "[y] replace   [n/Esc] choose another name",
            );
        }
        Dialog::SaveFailed { path, reason } => {
            let body = vec![
                format!(
                    "Could not write {}: {}.",
                    safe::text(&path.display().to_string()),
                    safe::text(reason)
                ),
                "Your edits are kept in memory (and autosaved to the recovery file where \
                 its directory is writable). Save them to another place with save as."
                    .to_string(),
            ];
            return boxed(
                frame,
                area,
                state,
                " Not saved ",
                body,
                "[s] save as…   [Esc] close",
            );
        }
        Dialog::Help => return,
        Dialog::Conflicts { selected } => {
            return super::conflicts::render(frame, area, state, *selected);
        }
        Dialog::Problems { rows, selected } => {
            return super::problems::render(frame, area, state, rows, *selected);
        }
    };
    let t = &state.theme;
    let box_area = centered(area, 64, 8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(title, t.warn));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let lines = vec![
        Line::from(Span::styled(body, t.text)),
        Line::from(""),
        Line::from(Span::styled(keys, t.accent)),
    ];
    frame.render_widget(Lines::new(lines).wrap(true), inner);
}

/// Width of the larger dialogs (fits an 80-column terminal).
const WIDE: u16 = 72;

/// A warning box sized to its wrapped paragraphs, with the keys on the last line.
fn boxed(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    title: &str,
    body: Vec<String>,
    keys: &str,
) {
    let t = &state.theme;
    let width = WIDE.min(area.width);
    let text_width = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = body
        .iter()
        .map(|p| wrapped_rows(p, text_width))
        .sum::<usize>()
        + body.len().saturating_sub(1);
    let height = (rows + 4).min(usize::from(area.height)) as u16;
    let box_area = centered(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(title.to_string(), t.warn));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let mut lines = Vec::new();
    for (i, paragraph) in body.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(paragraph, t.text)));
    }
    let keys_row = inner.y + inner.height.saturating_sub(1);
    let text_area = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(2),
    );
    frame.render_widget(Lines::new(lines).wrap(true), text_area);
    frame.render_widget(
        Lines::new(Span::styled(keys.to_string(), t.accent)),
        Rect::new(inner.x, keys_row, inner.width, 1),
    );
}

/// Rows a paragraph takes when wrapped at word boundaries (words longer than a row
/// are broken), as ratatui's word wrapping does.
fn wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
        } else if len <= width {
            rows += 1;
            used = len;
        } else {
            // A long word (a path) starts on a fresh row and runs over several.
            if used > 0 {
                rows += 1;
            }
            rows += (len - 1) / width;
            used = (len - 1) % width + 1;
        }
    }
    rows
}

fn stale_lock(frame: &mut Frame, area: Rect, state: &AppState, stale: &StaleLock) {
    let o = &stale.owner;
    let who = format!(
        "Locked by {}@{} pid {} since {}.",
        safe::text(&o.user),
        safe::text(&o.host),
        o.pid,
        o.since_text()
    );
    let (title, body, keys) = match (stale.liveness, stale.confirm) {
        (Liveness::OtherHost, false) => (
            " Locked on another host ",
            vec![
                who,
                format!(
                    "The lock was taken on {}; from here it cannot be told whether that \
                     process still runs. Open read-only unless you know it has ended.",
                    safe::text(&o.host)
                ),
            ],
            "[r] open read-only   [t] take over…   [Esc] back",
        ),
        (Liveness::OtherHost, true) => (
            " Take over a lock from another host? ",
            vec![
                who,
                format!(
                    "If it is still being edited on {}, one of you will overwrite the \
                     other's work. Take over only if you know that session has ended.",
                    safe::text(&o.host)
                ),
            ],
            "[y] yes, take over   [Esc] back",
        ),
        (liveness, _) => (
            " Stale lock ",
            vec![
                who,
                if liveness == Liveness::Reused {
                    format!(
                        "Process {} is another program now (the id was reused); the \
                         session's editor is no longer running.",
                        o.pid
                    )
                } else {
                    "That process is no longer running (a crash or a reboot).".to_string()
                },
            ],
            "[t] take over   [r] open read-only   [Esc] back",
        ),
    };
    boxed(frame, area, state, title, body, keys);
}

/// `1234 bytes, modified 2026-11-02 10:15:07 UTC`
fn stamp(s: &FileStamp) -> String {
    let when = s
        .modified
        .and_then(|secs| i64::try_from(secs).ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .map_or_else(
            || "unknown time".to_string(),
            |t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
        );
    format!("{} bytes, modified {when}", s.len)
}

fn external_change(frame: &mut Frame, area: Rect, state: &AppState, change: &ExternalChange) {
    let path = safe::text(&change.path.display().to_string());
    let undone = format!(
        "You undid past the reload of {path}: saving replaces the version on disk you reloaded."
    );
    if change.undone_reload && change.changes == Some(0) {
        let body = vec![
            undone,
            "Overwrite it with your version, or keep both with save as.".into(),
        ];
        return boxed(
            frame,
            area,
            state,
            " Replace the reloaded version? ",
            body,
            "[o] overwrite with mine  [r] reload theirs  [s] save as…  [Esc] cancel",
        );
    }
    let mut body = vec![
        format!(
            "{} changed on disk since you opened or last saved it (git pull? another editor?).",
            safe::text(&change.path.display().to_string())
        ),
        format!(
            "Now: {}. Then: {}.",
            stamp(&change.now),
            stamp(&change.then)
        ),
    ];
    body.push(match (&change.changes, &change.unreadable) {
        (Some(0), _) => "Its content means the same as the version you opened \
                         (only formatting or order differs)."
            .to_string(),
        (Some(n), _) => format!(
            "{n} change{} from the version you opened (records, risk, sections).",
            if *n == 1 { "" } else { "s" }
        ),
        (None, Some(why)) => format!("It does not load as a session now: {}", safe::text(why)),
        (None, None) => "Its content could not be compared.".to_string(),
    });
    if change.undone_reload {
        body.push(undone);
    }
    boxed(
        frame,
        area,
        state,
        " File changed on disk ",
        body,
        "[o] overwrite with mine  [r] reload theirs  [s] save as…  [Esc] cancel",
    );
}

fn save_as(frame: &mut Frame, area: Rect, state: &AppState) {
    path_prompt(
        frame,
        area,
        state,
        " Save as ",
        "Write the session to this file; it becomes the file you edit.",
        "Relative to the directory maestro-tm started in; ~ is your home.",
        "[Enter] save   [Esc] cancel",
    );
}

/// A one-line path prompt in a box: what the path is for, how it is read, the field
/// being edited, and the keys (save as, the discovery folder).
pub fn path_prompt(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    title: &str,
    purpose: &str,
    how: &str,
    keys: &str,
) {
    let t = &state.theme;
    let box_area = centered(area, WIDE, 8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(title.to_string(), t.focus));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let lines = vec![
        Line::from(Span::styled(purpose.to_string(), t.text)),
        Line::from(Span::styled(how.to_string(), t.muted)),
    ];
    frame.render_widget(Lines::new(lines), inner);
    if let Some(editing) = &state.editing
        && inner.height >= 4
    {
        let mut f = editing.field.clone();
        f.set_style(t.editing, t.selected);
        frame.render_widget(f.widget(), Rect::new(inner.x, inner.y + 3, inner.width, 1));
    }
    if inner.height >= 6 {
        frame.render_widget(
            Lines::new(Span::styled(keys.to_string(), t.accent)),
            Rect::new(inner.x, inner.y + 5, inner.width, 1),
        );
    }
}
