//! The one output-sanitising layer: every human-facing string that came from a file
//! (session fields, imported OTM names, catalog overrides, config values, file names,
//! parser messages quoting them) passes through here on its way to a terminal (CLI and
//! TUI) or a report.
//!
//! A file is data from whoever wrote it. Terminal escape sequences (colours, OSC 52
//! clipboard writes, window titles, hyperlinks), other C0 and C1 control characters,
//! DEL, bidirectional overrides and isolates (the "Trojan Source" trick) and invisible
//! zero-width characters could rewrite a terminal, hide text or make a line read
//! differently from what it holds. They are not dropped but **shown as visible
//! escapes**, `\u{1b}`, `\u{202e}`: harmless to any terminal, and a reviewer sees that
//! something odd is in the file. Tabs and line breaks become spaces where the layout is
//! one line ([`sanitize_inline`]) and are kept as line breaks in blocks
//! ([`sanitize_block`]). Identifiers ([`sanitize_id`]) also show zero-width joiners,
//! which are legitimate in prose (emoji sequences) but make two ids look the same.

use std::borrow::Cow;
use std::fmt::Write;

/// One line of text from a file: control, bidi and invisible characters shown as
/// `\u{…}`; line breaks and tabs become single spaces.
pub fn sanitize_inline(text: &str) -> Cow<'_, str> {
    sanitize(text, Mode::Inline)
}

/// Multi-line text from a file: like [`sanitize_inline`] but keeps line breaks (`\r\n`
/// and `\r` become `\n`); tabs become spaces.
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    sanitize(text, Mode::Block)
}

/// An identifier from a file: like [`sanitize_inline`], and zero-width joiners and
/// non-joiners are shown too.
pub fn sanitize_id(text: &str) -> Cow<'_, str> {
    sanitize(text, Mode::Id)
}

/// Unicode bidirectional formatting characters (embeddings, overrides, isolates, marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Invisible characters that change no rendering but make strings differ: zero-width
/// space, word joiner, byte-order mark (zero-width joiners are in [`is_joiner`]).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Zero-width non-joiner and joiner.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether a character may not appear as itself in an identifier (used to reject ids).
pub fn forbidden_in_id(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || is_joiner(c)
}

/// JSON text made safe to print: control characters (serde_json leaves C1 and DEL
/// raw), bidi controls and invisible characters inside strings become `\uXXXX`
/// escapes, which JSON readers decode to the same value. Line breaks of the layout stay.
pub fn json_visible(json: String) -> String {
    let odd = |c: char| (c.is_control() && c != '\n') || is_bidi_control(c) || is_invisible(c);
    if !json.chars().any(odd) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if odd(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// [`json_visible`] as a writer: what is written through it reaches `inner` with the
/// same escapes, so a large JSON document is never held whole (reports of 50,000
/// threats). Call [`JsonVisible::finish`] at the end.
pub struct JsonVisible<W: std::io::Write> {
    inner: W,
    /// Bytes of a character cut between two writes.
    pending: Vec<u8>,
    out: String,
}

impl<W: std::io::Write> JsonVisible<W> {
    pub fn new(inner: W) -> JsonVisible<W> {
        JsonVisible {
            inner,
            pending: Vec::new(),
            out: String::new(),
        }
    }

    /// Writes out what is held; an unfinished character is an error.
    pub fn finish(mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "JSON text ends inside a character",
            ));
        }
        std::io::Write::flush(&mut self)
    }
}

impl<W: std::io::Write> std::io::Write for JsonVisible<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let odd = |c: char| (c.is_control() && c != '\n') || is_bidi_control(c) || is_invisible(c);
        // Bytes held from the last write (a character cut in two) go first; else the
        // new bytes are read where they are, validated once.
        let mut held = std::mem::take(&mut self.pending);
        let data: &[u8] = if held.is_empty() {
            bytes
        } else {
            held.extend_from_slice(bytes);
            &held
        };
        let (text, cut) = match std::str::from_utf8(data) {
            Ok(text) => (text, &[][..]),
            // A character cut at the end: keep its bytes for the next write.
            Err(e) if e.error_len().is_none() => {
                let (head, cut) = data.split_at(e.valid_up_to());
                (std::str::from_utf8(head).expect("valid up to here"), cut)
            }
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        // Runs of plain text are copied whole; only an odd character is written alone.
        // ASCII (nearly all of a report) is judged by its byte.
        let mut plain = 0;
        let mut at = 0;
        while let Some(&byte) = text.as_bytes().get(at) {
            let (c, odd) = if byte.is_ascii() {
                (char::from(byte), byte.is_ascii_control() && byte != b'\n')
            } else {
                let c = text[at..].chars().next().expect("at a character boundary");
                (c, odd(c))
            };
            if odd {
                self.out.push_str(&text[plain..at]);
                let _ = write!(self.out, "\\u{:04x}", c as u32);
                plain = at + c.len_utf8();
            }
            at += c.len_utf8();
        }
        self.out.push_str(&text[plain..]);
        self.pending = cut.to_vec();
        if self.out.len() >= 64 * 1024 {
            self.inner.write_all(self.out.as_bytes())?;
            self.out.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.write_all(self.out.as_bytes())?;
        self.out.clear();
        self.inner.flush()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Inline,
    Block,
    Id,
}

fn needs_work(c: char, mode: Mode) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || (mode == Mode::Id && is_joiner(c))
}

fn sanitize(text: &str, mode: Mode) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_work(c, mode)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if mode == Mode::Block { '\n' } else { ' ' });
            }
            '\n' => out.push(if mode == Mode::Block { '\n' } else { ' ' }),
            '\t' => out.push(' '),
            c if needs_work(c, mode) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_visible_writer_escapes_as_the_function_does_across_cut_characters() {
        let json = "{\n  \"a\": \"x\u{202E}y\u{200B}z\u{85}é👩‍💻\u{7f}\"\n}\n".to_string();
        // Byte by byte: every multi-byte character is cut between writes.
        let mut out = Vec::new();
        let mut writer = JsonVisible::new(&mut out);
        for byte in json.as_bytes() {
            std::io::Write::write_all(&mut writer, std::slice::from_ref(byte)).unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), json_visible(json.clone()));
        // In one piece: plain runs copied whole, the odd characters escaped between them.
        let mut out = Vec::new();
        let mut writer = JsonVisible::new(&mut out);
        std::io::Write::write_all(&mut writer, format!("\t{json}\u{1b}").as_bytes()).unwrap();
        writer.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            json_visible(format!("\t{json}\u{1b}"))
        );
        assert!(json_visible(json).contains("\\u202e"));
        // A text that ends inside a character is refused, not written half.
        let mut writer = JsonVisible::new(Vec::new());
        std::io::Write::write_all(&mut writer, &"é".as_bytes()[..1]).unwrap();
        assert!(writer.finish().is_err());
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize_inline("Plain – ünïcode ✓ 👩‍💻"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(
            sanitize_inline("\x1b[31mred\x1b[0m text"),
            "\\u{1b}[31mred\\u{1b}[0m text"
        );
        assert_eq!(
            sanitize_inline("a\x1b]52;c;ZWNobyBoaQ==\x07b"),
            "a\\u{1b}]52;c;ZWNobyBoaQ==\\u{7}b"
        );
        assert_eq!(
            sanitize_inline("a\u{9d}8;;x\u{9c}b"),
            "a\\u{9d}8;;x\\u{9c}b"
        );
    }

    #[test]
    fn every_class_is_visible() {
        assert_eq!(
            sanitize_inline("abc\u{202E}fed\u{2066}"),
            "abc\\u{202e}fed\\u{2066}"
        );
        assert_eq!(
            sanitize_inline("nul\0bell\x07del\x7f"),
            "nul\\u{0}bell\\u{7}del\\u{7f}"
        );
        assert_eq!(sanitize_inline("zero\u{200B}width"), "zero\\u{200b}width");
        assert_eq!(sanitize_inline("a\u{200D}b"), "a\u{200D}b");
        assert_eq!(sanitize_id("a\u{200D}b"), "a\\u{200d}b");
        for c in ['\u{1b}', '\u{85}', '\u{202E}', '\u{2069}', '\u{FEFF}'] {
            let shown = sanitize_block(&format!("x{c}y")).into_owned();
            assert!(!shown.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }

    #[test]
    fn json_keeps_its_value_and_shows_no_control() {
        let value = serde_json::json!({"a": "x\u{85}y\u{202e}z\u{7f}"});
        let text = json_visible(serde_json::to_string_pretty(&value).unwrap());
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(text.contains("\\u202e"), "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn newlines_depend_on_mode() {
        assert_eq!(
            sanitize_inline("one\r\ntwo\nthree\tfour"),
            "one two three four"
        );
        assert_eq!(sanitize_block("one\r\ntwo\rthree"), "one\ntwo\nthree");
    }
}
