//! Bounds on what the loaders accept, checked before a document reaches its parser.
//!
//! Every file maestro-tm reads may come from someone else (a shared repository, another
//! tool). The parsers (toml, serde_json, serde_yaml_ng) already stop at a recursion depth
//! of about 80–128, but with messages such as "recursion limit exceeded"; the checks here
//! refuse oversized or absurdly nested documents first, with a message that says what
//! is wrong and what the limit is. No legitimate session nests deeper than a handful of
//! levels.

use std::path::Path;

/// Deepest bracket nesting (`[`/`{`) accepted in a TOML, JSON or YAML document.
pub const MAX_NESTING: usize = 64;

/// Size limit of the TUI config file.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Size limit of a theme file.
pub const MAX_THEME_BYTES: u64 = 1024 * 1024;
/// Size limit of one catalog override file (the whole embedded catalog is ~1 MiB).
pub const MAX_CATALOG_OVERRIDE_BYTES: u64 = 16 * 1024 * 1024;
/// Sessions larger than this are refused before parsing (a session of 10,000
/// threats is a few megabytes).
pub const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;
/// Size limit of an imported OTM document (same as a session).
pub const MAX_OTM_BYTES: u64 = MAX_SESSION_BYTES;
/// Size limit of an OTM document in YAML: the YAML parser holds every event of the
/// document at once, about 21× the input at peak (measured: 18 MB → 405 MB), so YAML
/// gets a quarter of the JSON limit to stay far below 1 GiB.
pub const MAX_OTM_YAML_BYTES: u64 = 16 * 1024 * 1024;

/// Longest text drawn in one line of the interface; longer strings are cut with `…`.
pub const MAX_DRAWN_CHARS: usize = 4096;

/// Refuses a document whose nesting exceeds [`MAX_NESTING`]: `[`/`{` brackets, plus the
/// dots of a TOML dotted key or table header (`a.b.c = 1` and `[a.b.c]` nest three
/// tables without a bracket), counted where they are. Brackets and dots inside quoted
/// strings and `#` comments are not counted (TOML and YAML comments; JSON has none).
/// A number after `=` may count one dot too many, harmless against a limit of 64.
/// YAML nests by indentation too: OTM documents are also bounded while they are parsed
/// (`interchange::otm::checked`).
pub fn check_nesting(text: &str) -> Result<(), String> {
    nesting_within(deepest_nesting(text, MAX_NESTING + 1, false))
}

/// [`check_nesting`] for TOML, where dotted keys and headers nest too (see above).
pub fn check_toml_nesting(text: &str) -> Result<(), String> {
    nesting_within(deepest_nesting(text, MAX_NESTING + 1, true))
}

/// Fewest bytes per TOML value a catalog override may average. Every value costs a few
/// hundred bytes in the parsed table at peak (measured: 4.6 MB of four-byte array items
/// peaked at 127 MB, 27×), so a file of tiny values would break the memory bound of
/// 16× its size; the embedded catalog files average 25 to 118 bytes per value.
pub const MIN_BYTES_PER_CATALOG_VALUE: usize = 20;

/// Refuses a catalog override with more values (`key = value` pairs and array items)
/// than its size allows (see [`MIN_BYTES_PER_CATALOG_VALUE`]); a small allowance keeps
/// tiny files out of it. Counted lexically, outside strings and comments, before parsing.
pub fn check_catalog_value_density(text: &str) -> Result<(), String> {
    let allowed = text.len() / MIN_BYTES_PER_CATALOG_VALUE + 1024;
    let values = toml_values(text);
    if values > allowed {
        Err(format!(
            "catalog override holds {values} values in {} bytes, more than one per \
             {MIN_BYTES_PER_CATALOG_VALUE} bytes ({allowed} allowed); refused to keep memory bounded",
            text.len()
        ))
    } else {
        Ok(())
    }
}

/// Upper bound of the values in a TOML text: `=` and `,` outside strings and comments.
fn toml_values(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut values, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'=' | b',' => values += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if bytes[i..].starts_with(&[quote; 3]) {
                            i += 2;
                            break;
                        }
                    } else if bytes[i] == quote || bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    values
}

fn nesting_within(deepest: usize) -> Result<(), String> {
    if deepest > MAX_NESTING {
        Err(format!(
            "document nests arrays/tables more than {MAX_NESTING} levels deep; refused \
             (no maestro-tm file needs more than a few levels)"
        ))
    } else {
        Ok(())
    }
}

/// The deepest bracket nesting of `text`, counting no further than `stop`.
fn deepest_nesting(text: &str, stop: usize, toml_dots: bool) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    // Dots of the key being read: each nests one more table.
    let mut dots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => {
                depth += 1;
                dots = 0;
                deepest = deepest.max(depth);
                if deepest >= stop {
                    return deepest;
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                dots = 0;
            }
            b'.' if toml_dots => {
                dots += 1;
                deepest = deepest.max(depth + dots);
                if deepest >= stop {
                    return deepest;
                }
            }
            b'=' | b',' | b'\n' => dots = 0,
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            // Strings are skipped with a vectorized search (most of a session's bytes
            // are in strings; a byte-by-byte scan was 9 ms of a 10,000-threat load).
            b'"' => {
                i += 1;
                // Backslash escapes only in double-quoted strings: the escaped byte is
                // skipped, whatever it is.
                loop {
                    let rest = bytes.get(i..).unwrap_or_default();
                    match memchr::memchr2(b'"', b'\\', rest) {
                        Some(n) if rest[n] == b'\\' => i += n + 2,
                        Some(n) => {
                            i += n;
                            break;
                        }
                        None => {
                            i = bytes.len();
                            break;
                        }
                    }
                }
            }
            // An unterminated string ends at the line (TOML and JSON strings cannot span
            // lines without triple quotes, which this still skips).
            b'\'' => {
                i += 1;
                i = memchr::memchr2(b'\'', b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The byte-by-byte scan [`deepest_nesting`] replaced, to test that they agree.
#[cfg(test)]
fn deepest_nesting_bytewise(text: &str, stop: usize, toml_dots: bool) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut dots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => {
                depth += 1;
                dots = 0;
                deepest = deepest.max(depth);
                if deepest >= stop {
                    return deepest;
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                dots = 0;
            }
            b'.' if toml_dots => {
                dots += 1;
                deepest = deepest.max(depth + dots);
                if deepest >= stop {
                    return deepest;
                }
            }
            b'=' | b',' | b'\n' => dots = 0,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    if i < bytes.len() && bytes[i] == b'\n' && quote == b'\'' {
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// Refuses a file larger than `max` bytes (checked from its metadata, before reading).
pub fn check_size(path: &Path, max: u64, what: &str) -> std::io::Result<()> {
    let len = std::fs::metadata(path)?.len();
    if len > max {
        return Err(std::io::Error::other(format!(
            "{what} {} is {len} bytes; files larger than {} are refused",
            path.display(),
            human(max)
        )));
    }
    Ok(())
}

/// Reads a UTF-8 text file no larger than `max` bytes through the bounded reader
/// ([`crate::files::read`]: the stream is counted, not the metadata; regular files or
/// `-` only).
pub fn read_text(path: &Path, max: u64, what: &str) -> std::io::Result<String> {
    let bytes = crate::files::read_bytes(path, max, what)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}: not valid UTF-8 (at byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / 1024 / 1024)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// One line of user text made safe to draw: sanitized (see [`crate::text`]) and cut to
/// [`MAX_DRAWN_CHARS`] characters, so a megabyte-long field costs no more than a screen.
pub fn drawable(text: &str) -> std::borrow::Cow<'_, str> {
    let text = if text.len() > MAX_DRAWN_CHARS * 4 {
        // Cut the raw text first so sanitizing a huge field stays cheap.
        let cut = text
            .char_indices()
            .nth(MAX_DRAWN_CHARS * 2)
            .map_or(text.len(), |(i, _)| i);
        &text[..cut]
    } else {
        text
    };
    let clean = crate::text::sanitize_inline(text);
    match clean.char_indices().nth(MAX_DRAWN_CHARS) {
        None if clean.len() == text.len() => clean,
        None => std::borrow::Cow::Owned(clean.into_owned()),
        Some((cut, _)) => {
            let mut out = clean[..cut].to_string();
            out.push('…');
            std::borrow::Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalog_value_density_counts_values_outside_strings_and_comments() {
        assert_eq!(toml_values("a = \"x, y = z\" # b = 1, 2\nc = [1, 2]\n"), 3);
        assert_eq!(
            toml_values("d = \"\"\"\nq = \"two\", three\n\"\"\"\ne = 'l,i=t'\n"),
            2
        );
        for file in ["threats", "mitigations", "discover", "scoring", "meta"] {
            let path = format!("{}/../../catalog/{file}.toml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            check_catalog_value_density(&text).unwrap();
            // Even a file of many copies of them: real entries are never that dense.
            check_catalog_value_density(&text.repeat(40)).unwrap();
        }
        let tiny_items = format!("items = [{}]\n", vec!["\"x1\""; 200_000].join(", "));
        let err = check_catalog_value_density(&tiny_items).unwrap_err();
        assert!(err.contains("200000 values"), "{err}");
    }

    use super::*;

    /// The vectorized string skipping counts as the byte-by-byte scan did, on texts with
    /// escapes, unterminated strings, quotes of both kinds, comments and dotted keys.
    #[test]
    fn the_nesting_scan_agrees_with_the_bytewise_one() {
        let pieces = [
            "a", ".", "[", "]", "{", "}", "=", ",", "\n", "#", "\"", "'", "\\", "x.y", "\"\"\"",
            "'''", "é", " ",
        ];
        let mut rng = fastrand::Rng::with_seed(23);
        let mut texts: Vec<String> = (0..4000)
            .map(|_| {
                let n = rng.usize(0..40);
                (0..n).map(|_| pieces[rng.usize(0..pieces.len())]).collect()
            })
            .collect();
        let session = crate::synth::generate(
            crate::synth::SynthParams {
                components: 5,
                threats: 40,
                seed: 1,
            },
            &crate::catalog::Catalog::embedded(),
        );
        texts.push(crate::session::storage::to_text(
            &session,
            &Default::default(),
        ));
        for text in &texts {
            for (stop, dots) in [(usize::MAX, true), (usize::MAX, false), (4, true)] {
                assert_eq!(
                    deepest_nesting(text, stop, dots),
                    deepest_nesting_bytewise(text, stop, dots),
                    "{text:?} stop {stop} dots {dots}"
                );
            }
        }
    }

    #[test]
    fn ten_thousand_deep_array_is_refused_with_a_clear_message() {
        let deep = format!("a = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = check_nesting(&deep).unwrap_err();
        assert!(err.contains("64 levels"), "{err}");
        let json = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(check_nesting(&json).is_err());
        let objects = "{\"a\":".repeat(10_000);
        assert!(check_nesting(&objects).is_err());
    }

    #[test]
    fn ordinary_documents_and_brackets_in_strings_pass() {
        let session = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/report-sample.toml"
        ))
        .unwrap();
        check_nesting(&session).unwrap();
        let in_strings = format!(
            "a = \"{}\"\nb = '{}'\n# {}\n",
            "[".repeat(500),
            "{".repeat(500),
            "[".repeat(500)
        );
        check_nesting(&in_strings).unwrap();
        check_nesting(&format!("{}1{}", "[".repeat(64), "]".repeat(64))).unwrap();
        assert!(check_nesting(&format!("{}1{}", "[".repeat(65), "]".repeat(65))).is_err());
    }

    #[test]
    fn dotted_keys_and_headers_count_as_nesting() {
        let keys: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
        let dotted = format!("{} = 1\n", keys.join("."));
        assert!(check_toml_nesting(&dotted).is_err());
        let header = format!("[{}]\nx = 1\n", keys.join("."));
        assert!(check_toml_nesting(&header).is_err());
        let inline = format!("a = {{ {} = 1 }}\n", keys.join("."));
        assert!(check_toml_nesting(&inline).is_err());
        // Ordinary dotted keys and floats are fine; prose in YAML is not counted.
        check_toml_nesting("a.b.c = 1.5\n[x.y]\nv = [1.5, 2.5, 3.25]\n").unwrap();
        check_nesting(&format!("d: {}\n", "End. ".repeat(100))).unwrap();
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        let text = format!("a = \"\\\" {}\"", "[".repeat(100));
        check_nesting(&text).unwrap();
    }

    #[test]
    fn oversized_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'#'; 2048]).unwrap();
        let err = read_text(&path, 1024, "config").unwrap_err();
        assert!(err.to_string().contains("1 KiB limit for config"), "{err}");
        assert!(read_text(&path, 4096, "config").is_ok());
    }

    #[test]
    fn drawable_text_is_clean_and_cut() {
        assert_eq!(drawable("a\x1b[31mb"), "a\\u{1b}[31mb");
        let long = "x".repeat(1_000_000);
        let start = std::time::Instant::now();
        let cut = drawable(&long);
        assert!(start.elapsed() < std::time::Duration::from_millis(200));
        assert_eq!(cut.chars().count(), MAX_DRAWN_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
