//! Making user-written text safe to show: every output (terminal, report, export) passes
//! strings typed into a session through here first.
//!
//! A session file is data from whoever wrote it. Control characters, terminal escape
//! sequences (colours, OSC 52 clipboard writes, window titles) and bidirectional
//! overrides could rewrite a terminal, hide text or make a line read differently from
//! what it contains (the "Trojan Source" trick), so they are removed.

use std::borrow::Cow;

/// One line of user text: escape sequences, control characters and bidi controls are
/// removed; line breaks and tabs become single spaces.
pub fn sanitize_inline(text: &str) -> Cow<'_, str> {
    sanitize(text, false)
}

/// Multi-line user text: like [`sanitize_inline`] but keeps line breaks (`\r\n` and `\r`
/// become `\n`); tabs become spaces.
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    sanitize(text, true)
}

/// Unicode bidirectional formatting characters (embeddings, overrides, isolates, marks).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn needs_work(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(needs_work) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => skip_escape_sequence(&mut chars),
            // C1 CSI and OSC introducers start sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if keep_newlines { '\n' } else { ' ' });
            }
            '\n' => out.push(if keep_newlines { '\n' } else { ' ' }),
            '\t' => out.push(' '),
            c if needs_work(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI (`ESC [`), a string (`ESC ]`, `ESC P`, `ESC ^`,
/// `ESC _`, `ESC X`) or a two-character sequence.
fn skip_escape_sequence(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '^' | '_' | 'X') => skip_string(chars),
        // ESC followed by intermediates then a final byte (e.g. `ESC ( B`).
        Some(c) if ('\x20'..='\x2f').contains(&c) => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\x20'..='\x2f').contains(&c) {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes up to a final byte in `@`..`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\x40'..='\x7e').contains(&c) || !('\x20'..='\x3f').contains(&c) {
            break;
        }
    }
}

/// String sequences (OSC, DCS, …) end at BEL, ST (`ESC \`) or C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\x07' | '\u{9c}' => break,
            '\x1b' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize_inline("Plain – ünïcode ✓"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn strips_ansi_colours() {
        assert_eq!(sanitize_inline("\x1b[31mred\x1b[0m text"), "red text");
        assert_eq!(sanitize_inline("\x1b[1;38;5;196mbold"), "bold");
    }

    #[test]
    fn strips_osc_52_clipboard_write() {
        assert_eq!(sanitize_inline("a\x1b]52;c;ZWNobyBoaQ==\x07b"), "ab");
        assert_eq!(sanitize_inline("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(sanitize_inline("a\u{9d}8;;http://x\u{9c}b"), "ab");
    }

    #[test]
    fn strips_bidi_overrides_and_controls() {
        assert_eq!(sanitize_inline("abc\u{202E}fed\u{2066}"), "abcfed");
        assert_eq!(sanitize_inline("nul\0bell\x07del\x7f"), "nulbelldel");
    }

    #[test]
    fn newlines_depend_on_mode() {
        assert_eq!(
            sanitize_inline("one\r\ntwo\nthree\tfour"),
            "one two three four"
        );
        assert_eq!(sanitize_block("one\r\ntwo\rthree"), "one\ntwo\nthree");
    }

    #[test]
    fn unterminated_sequence_swallows_rest_not_more() {
        assert_eq!(sanitize_inline("ok\x1b]52;c;never-ends"), "ok");
        assert_eq!(sanitize_inline("ok\x1b"), "ok");
    }
}
