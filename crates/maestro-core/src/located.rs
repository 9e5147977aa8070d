//! Errors that point at a place in a file: `FILE:LINE:COL: error: message`.
//!
//! Every loader (session, catalog, config, theme) reports through this type so the
//! command line and the TUI print problems the same way, compiler style.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem found at a known place in a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: PathBuf,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters), or 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl Located {
    pub fn new(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Located {
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem with the file as a whole (unreadable, too large, …).
    pub fn whole_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Located::new(file, 0, 0, message)
    }

    /// A problem at a byte offset into `text`.
    pub fn at_offset(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Located::new(file, line, column, message)
    }

    /// Converts a `toml` parse or deserialize error, keeping its position.
    pub fn from_toml(file: &Path, text: &str, err: &toml::de::Error) -> Self {
        let message = first_line(err.message());
        match err.span() {
            Some(span) => Located::at_offset(file, text, span.start, message),
            None => Located::whole_file(file, message),
        }
    }
}

impl fmt::Display for Located {
    // Messages quote values from the file and paths come from anywhere: neither may
    // carry terminal control sequences to the screen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        let file = crate::text::sanitize_inline(&file);
        let message = crate::text::sanitize_inline(&self.message);
        if self.line == 0 {
            write!(f, "{file}: error: {message}")
        } else {
            write!(f, "{file}:{}:{}: error: {message}", self.line, self.column)
        }
    }
}

impl std::error::Error for Located {}

/// 1-based line and column (in characters) of a byte offset; offsets past the end
/// point just after the last character.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // 'é' is two bytes; the column counts characters.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 10_000), (3, 1));
    }

    #[test]
    fn display_strips_terminal_sequences() {
        let located = Located::new(
            "s\u{1b}]0;x\u{7}.toml",
            2,
            3,
            "unknown component `C\u{1b}[31m9`",
        );
        let shown = located.to_string();
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(
            shown.starts_with(
                "s\\u{1b}]0;x\\u{7}.toml:2:3: error: unknown component `C\\u{1b}[31m9`"
            ),
            "{shown:?}"
        );
    }

    #[test]
    fn toml_error_keeps_position() {
        let text = "title = \"x\"\ncount = [1,\n";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let located = Located::from_toml(Path::new("s.toml"), text, &err);
        assert_eq!(located.line, 2);
        assert!(located.to_string().starts_with("s.toml:2:"), "{located}");
    }
}
