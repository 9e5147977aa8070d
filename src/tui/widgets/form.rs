//! A generic record editor driven by a list of field descriptions.
//!
//! A form does not own the record: each field's value is read from the session
//! through a [`crate::tui::forms::RecordKind`] and written back when the field is
//! confirmed, so every change is one undo step. This module holds the field
//! descriptions, the editor state of the focused field and the drawing.

use super::field::Field;
use super::safe;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};
use ratatui_textarea::{Input, Key, TextArea};

/// One selectable value of a choice field.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt {
    /// Stored in the session.
    pub value: String,
    /// Shown beside the value (may be empty).
    pub label: String,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
        }
    }

    /// Options from values that are their own label.
    pub fn plain<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Vec<Opt> {
        values
            .into_iter()
            .map(|v| Opt::new(v.as_ref(), ""))
            .collect()
    }

    fn shown(&self) -> String {
        if self.label.is_empty() || self.label == self.value {
            self.value.clone()
        } else {
            format!("{} — {}", self.value, self.label)
        }
    }
}

/// What a field holds and how it is edited.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines (Enter adds a line, Esc finishes).
    MultiLine,
    /// One value from a list, searchable by typing; `free` also takes typed text
    /// that matches no option.
    Choice { options: Vec<Opt>, free: bool },
    /// Several values from a list (Space toggles).
    MultiChoice(Vec<Opt>),
    /// Several ids of other records (Space toggles).
    Refs(Vec<Opt>),
    /// On/off, toggled by Enter or Space.
    Bool,
    /// Shown, never edited: data kept from an OTM import, one entry a line.
    Kept,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// Name the record kind reads and writes the field by.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// A short line of guidance under the field when it has the focus.
    pub hint: String,
}

impl FieldSpec {
    pub fn new(key: &str, label: impl Into<String>, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            key: key.to_string(),
            label: label.into(),
            kind,
            required: false,
            hint: String::new(),
        }
    }
    pub fn text(key: &str, label: &str) -> FieldSpec {
        FieldSpec::new(key, label, FieldKind::Text)
    }
    pub fn multiline(key: &str, label: &str) -> FieldSpec {
        FieldSpec::new(key, label, FieldKind::MultiLine)
    }
    pub fn choice(key: &str, label: &str, options: Vec<Opt>) -> FieldSpec {
        FieldSpec::new(
            key,
            label,
            FieldKind::Choice {
                options,
                free: false,
            },
        )
    }
    /// A choice that also accepts free text (the playbook suggests, does not fix).
    pub fn suggest(key: &str, label: &str, options: Vec<Opt>) -> FieldSpec {
        FieldSpec::new(
            key,
            label,
            FieldKind::Choice {
                options,
                free: true,
            },
        )
    }
    pub fn multi(key: &str, label: &str, options: Vec<Opt>) -> FieldSpec {
        FieldSpec::new(key, label, FieldKind::MultiChoice(options))
    }
    pub fn refs(key: &str, label: &str, options: Vec<Opt>) -> FieldSpec {
        FieldSpec::new(key, label, FieldKind::Refs(options))
    }
    pub fn switch(key: &str, label: &str) -> FieldSpec {
        FieldSpec::new(key, label, FieldKind::Bool)
    }
    pub fn required(mut self) -> FieldSpec {
        self.required = true;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> FieldSpec {
        self.hint = hint.into();
        self
    }

    /// The message shown next to the field, if its value is not acceptable.
    pub fn problem(&self, value: &Value) -> Option<String> {
        if self.required && value.is_empty() {
            return Some("required".into());
        }
        if let (
            FieldKind::Choice {
                options,
                free: false,
            },
            Value::Text(v),
        ) = (&self.kind, value)
            && !v.is_empty()
            && !options.iter().any(|o| o.value == *v)
        {
            return Some(format!("`{v}` is not one of the choices"));
        }
        None
    }
}

/// A field's value as the form sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
    Bool(bool),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(t) => t.trim().is_empty(),
            Value::List(l) => l.is_empty(),
            Value::Bool(_) => false,
        }
    }
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::List(l) => l.join(", "),
            Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        }
    }
    pub fn list(&self) -> Vec<String> {
        match self {
            Value::List(l) => l.clone(),
            Value::Text(t) if t.is_empty() => Vec::new(),
            Value::Text(t) => vec![t.clone()],
            Value::Bool(_) => Vec::new(),
        }
    }
    pub fn flag(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

/// Searchable list of options being picked from.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub filter: String,
    pub cursor: usize,
    /// Chosen values (multi-choice); for one choice, the current value.
    pub chosen: Vec<String>,
    pub multi: bool,
}

impl Picker {
    /// Options matching the typed filter (value or label, case-insensitive).
    pub fn visible<'a>(&self, options: &'a [Opt]) -> Vec<&'a Opt> {
        let f = self.filter.to_lowercase();
        options
            .iter()
            .filter(|o| {
                f.is_empty()
                    || o.value.to_lowercase().contains(&f)
                    || o.label.to_lowercase().contains(&f)
            })
            .collect()
    }
}

/// The editor of the focused field while it is being changed.
#[derive(Debug, Clone)]
pub enum Active {
    Line(Box<Field>),
    Area(Box<TextArea<'static>>),
    Pick(Picker),
}

/// What a key did to an active editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Still editing.
    Editing,
    /// Finished with this value.
    Done(Value),
    /// Left without changing the value.
    Cancelled,
}

impl Active {
    /// Opens the editor for a field showing `value`.
    pub fn open(spec: &FieldSpec, value: &Value) -> Option<Active> {
        Some(match &spec.kind {
            FieldKind::Text => Active::Line(Box::new(Field::new(&value.text()))),
            FieldKind::MultiLine => {
                // As for one-line fields: editing cleans terminal control sequences.
                let text = value.text();
                let lines: Vec<String> = crate::text::sanitize_block(&text)
                    .lines()
                    .map(str::to_string)
                    .collect();
                let mut area = TextArea::new(if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                });
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                Active::Area(Box::new(area))
            }
            FieldKind::Choice { options, .. } => {
                let current = value.text();
                let cursor = options.iter().position(|o| o.value == current).unwrap_or(0);
                Active::Pick(Picker {
                    filter: String::new(),
                    cursor,
                    chosen: value.list(),
                    multi: false,
                })
            }
            FieldKind::MultiChoice(_) | FieldKind::Refs(_) => Active::Pick(Picker {
                filter: String::new(),
                cursor: 0,
                chosen: value.list(),
                multi: true,
            }),
            FieldKind::Bool | FieldKind::Kept => return None,
        })
    }

    /// Feeds one key to the editor.
    pub fn input(&mut self, spec: &FieldSpec, input: Input) -> Outcome {
        match self {
            Active::Line(field) => match input.key {
                Key::Enter => Outcome::Done(Value::Text(field.text().trim().to_string())),
                Key::Esc => Outcome::Cancelled,
                _ => {
                    field.input(input);
                    Outcome::Editing
                }
            },
            Active::Area(area) => match input.key {
                Key::Esc => Outcome::Done(Value::Text(area.lines().join("\n").trim().to_string())),
                _ => {
                    area.input(input);
                    Outcome::Editing
                }
            },
            Active::Pick(picker) => pick_input(picker, spec, input),
        }
    }

    /// Bracketed paste into a text editor.
    pub fn paste(&mut self, text: &str) {
        match self {
            Active::Line(field) => field.paste(text),
            Active::Area(area) => {
                area.insert_str(text);
            }
            Active::Pick(picker) => picker.filter.push_str(text.trim()),
        }
    }

    /// Current text of a text editor (for `$EDITOR`).
    pub fn text(&self) -> Option<String> {
        match self {
            Active::Line(f) => Some(f.text()),
            Active::Area(a) => Some(a.lines().join("\n")),
            Active::Pick(_) => None,
        }
    }
}

/// A reference shown with the name of what it refers to ("Z-APP Application zone"),
/// not as a bare id; values whose label only repeats them are shown alone.
fn with_names(spec: &FieldSpec, value: &Value) -> String {
    let options = options_of(spec);
    let named = |v: &str| match options.iter().find(|o| o.value == v) {
        Some(o) if !o.label.trim().is_empty() && !o.label.eq_ignore_ascii_case(v) => {
            format!("{v} {}", o.label)
        }
        _ => v.to_string(),
    };
    match value {
        Value::List(items) => items
            .iter()
            .map(|v| named(v))
            .collect::<Vec<_>>()
            .join(", "),
        other => named(&other.text()),
    }
}

fn options_of(spec: &FieldSpec) -> &[Opt] {
    match &spec.kind {
        FieldKind::Choice { options, .. } => options,
        FieldKind::MultiChoice(o) | FieldKind::Refs(o) => o,
        _ => &[],
    }
}

fn pick_input(picker: &mut Picker, spec: &FieldSpec, input: Input) -> Outcome {
    let options = options_of(spec);
    let visible = picker.visible(options);
    let free = matches!(spec.kind, FieldKind::Choice { free: true, .. });
    match input.key {
        Key::Esc => return Outcome::Cancelled,
        Key::Up => picker.cursor = picker.cursor.saturating_sub(1),
        Key::Down => picker.cursor = (picker.cursor + 1).min(visible.len().saturating_sub(1)),
        Key::Char(' ') if picker.multi => {
            if let Some(o) = visible.get(picker.cursor) {
                if let Some(i) = picker.chosen.iter().position(|c| *c == o.value) {
                    picker.chosen.remove(i);
                } else {
                    picker.chosen.push(o.value.clone());
                }
            }
        }
        Key::Enter if picker.multi => {
            // Keep the options' order so files diff well.
            let mut chosen: Vec<String> = options
                .iter()
                .filter(|o| picker.chosen.contains(&o.value))
                .map(|o| o.value.clone())
                .collect();
            chosen.extend(
                picker
                    .chosen
                    .iter()
                    .filter(|c| !options.iter().any(|o| o.value == **c))
                    .cloned(),
            );
            return Outcome::Done(Value::List(chosen));
        }
        Key::Enter => {
            return match visible.get(picker.cursor) {
                Some(o) if !(free && visible.is_empty()) => {
                    Outcome::Done(Value::Text(o.value.clone()))
                }
                _ if free => Outcome::Done(Value::Text(picker.filter.trim().to_string())),
                _ => Outcome::Editing,
            };
        }
        Key::Backspace => {
            picker.filter.pop();
            picker.cursor = 0;
        }
        Key::Char(c) if !input.ctrl && !input.alt => {
            picker.filter.push(c);
            picker.cursor = 0;
        }
        _ => {}
    }
    Outcome::Editing
}

/// Lines of a form: each field with its value, marks and message; the active
/// editor's options under its field. Returns the lines and the index of the line
/// of the focused field (for scrolling).
pub fn lines(
    theme: &Theme,
    specs: &[FieldSpec],
    values: &[Value],
    focus: usize,
    active: Option<&Active>,
    width: u16,
) -> (Vec<Line<'static>>, usize) {
    let label_width = specs
        .iter()
        .map(|s| s.label.chars().count() + 1)
        .max()
        .unwrap_or(10)
        .min(usize::from(width / 3).max(8));
    let mut out = Vec::new();
    let mut focus_line = 0;
    for (i, (spec, value)) in specs.iter().zip(values).enumerate() {
        let focused = i == focus;
        if focused {
            focus_line = out.len();
        }
        let marker = if focused { "▶ " } else { "  " };
        let star = if spec.required { "*" } else { " " };
        let label: String = spec.label.chars().take(label_width - 1).collect();
        let shown = match (&spec.kind, value) {
            (FieldKind::Bool, Value::Bool(b)) => if *b { "[x] yes" } else { "[ ] no" }.to_string(),
            (FieldKind::MultiLine, v) => v.text().replace('\n', " ⏎ "),
            (FieldKind::Kept, v) => v.text().lines().next().unwrap_or("—").to_string(),
            (_, v) if v.is_empty() => "—".to_string(),
            (FieldKind::Choice { .. } | FieldKind::Refs(_), v) => with_names(spec, v),
            (_, v) => v.text(),
        };
        let style = if focused { theme.selected } else { theme.text };
        let mut spans = vec![Span::styled(
            format!("{marker}{label:<label_width$}{star} "),
            style,
        )];
        match (focused, active) {
            (true, Some(Active::Line(f))) => spans.push(Span::styled(
                format!("{}▏", safe::text(&f.text())),
                theme.editing,
            )),
            (true, Some(Active::Area(_))) => {
                spans.push(Span::styled("(editing below; Esc finishes)", theme.muted))
            }
            (true, Some(Active::Pick(p))) => spans.push(Span::styled(
                format!("search: {}▏", safe::text(&p.filter)),
                theme.editing,
            )),
            _ => spans.push(safe::span(&shown, theme.text)),
        }
        if let Some(problem) = spec.problem(value) {
            spans.push(Span::styled(
                format!("  ⚠ {}", safe::text(&problem)),
                theme.warn,
            ));
        }
        out.push(Line::from(spans));
        if spec.kind == FieldKind::Kept {
            for more in value.text().lines().skip(1) {
                let indent = " ".repeat(label_width + 3);
                out.push(Line::from(safe::span(
                    &format!("{indent}{more}"),
                    theme.muted,
                )));
            }
        }
        if focused {
            if let Some(Active::Area(area)) = active {
                for (n, l) in area.lines().iter().enumerate() {
                    let cursor = if n == area.cursor().0 { "▏" } else { "" };
                    out.push(Line::from(Span::styled(
                        format!("    │ {}{cursor}", safe::text(l)),
                        theme.editing,
                    )));
                }
            }
            if let Some(Active::Pick(p)) = active {
                let options = options_of(spec);
                let visible = p.visible(options);
                let start = p.cursor.saturating_sub(7);
                for (n, o) in visible.iter().enumerate().skip(start).take(8) {
                    let mark = if p.multi {
                        if p.chosen.contains(&o.value) {
                            "[x] "
                        } else {
                            "[ ] "
                        }
                    } else if p.chosen.contains(&o.value) {
                        "● "
                    } else {
                        "○ "
                    };
                    let style = if n == p.cursor {
                        theme.selected
                    } else {
                        theme.text
                    };
                    out.push(Line::from(Span::styled(
                        format!("    {mark}{}", safe::text(&o.shown())),
                        style,
                    )));
                }
                if visible.is_empty() {
                    let free = matches!(spec.kind, FieldKind::Choice { free: true, .. });
                    let msg = if free {
                        "    (no match: Enter keeps the typed text)"
                    } else {
                        "    (no match)"
                    };
                    out.push(Line::from(Span::styled(msg, theme.muted)));
                }
                let keys = if p.multi {
                    "    type to search · ↑↓ move · Space toggle · Enter done · Esc cancel"
                } else {
                    "    type to search · ↑↓ move · Enter choose · Esc cancel"
                };
                out.push(Line::from(Span::styled(keys, theme.muted)));
            } else if !spec.hint.is_empty() {
                out.push(Line::from(Span::styled(
                    format!("    {}", spec.hint),
                    theme.muted,
                )));
            }
        }
    }
    (out, focus_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: Key) -> Input {
        Input {
            key: k,
            ..Input::default()
        }
    }

    #[test]
    fn choice_is_searchable_and_free_text_falls_through() {
        let spec = FieldSpec::suggest("x", "X", Opt::plain(["Internal", "External", "Mixed"]));
        let mut a = Active::open(&spec, &Value::Text(String::new())).unwrap();
        for c in "ext".chars() {
            a.input(&spec, key(Key::Char(c)));
        }
        assert_eq!(
            a.input(&spec, key(Key::Enter)),
            Outcome::Done(Value::Text("External".into()))
        );
        let mut a = Active::open(&spec, &Value::Text(String::new())).unwrap();
        for c in "partners".chars() {
            a.input(&spec, key(Key::Char(c)));
        }
        assert_eq!(
            a.input(&spec, key(Key::Enter)),
            Outcome::Done(Value::Text("partners".into()))
        );
    }

    #[test]
    fn multi_choice_toggles_and_keeps_option_order() {
        let spec = FieldSpec::multi("l", "Layers", Opt::plain(["L1", "L2", "L3"]));
        let mut a = Active::open(&spec, &Value::List(vec!["L3".into()])).unwrap();
        a.input(&spec, key(Key::Char(' ')));
        assert_eq!(
            a.input(&spec, key(Key::Enter)),
            Outcome::Done(Value::List(vec!["L1".into(), "L3".into()]))
        );
    }

    #[test]
    fn required_and_closed_choices_report_problems() {
        let spec = FieldSpec::choice("k", "Kind", Opt::plain(["a"])).required();
        assert_eq!(
            spec.problem(&Value::Text("".into())).as_deref(),
            Some("required")
        );
        assert!(spec.problem(&Value::Text("b".into())).is_some());
        assert_eq!(spec.problem(&Value::Text("a".into())), None);
    }
}
