//! A small tokenizer for Python and TypeScript/JavaScript source.
//!
//! Discovery needs imports, calls, decorators, class and function heads and string
//! literals, with their lines; it does not need an AST. This lexer knows each
//! language's comments and string forms (so a `#` in a string or an `Agent(` in a
//! comment does not count), joins dotted names (`crewai.Agent`) and records the
//! indentation of each line (so a Python function body can be found). Anything it does
//! not understand becomes an opaque operator token: bad input degrades matches, never
//! panics. Why not tree-sitter: see the discover module documentation.

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or dotted name (`self.agents`, `crewai.Agent`).
    Ident(String),
    /// A string literal's content (escapes left as written; template parts kept raw).
    Str(String),
    /// `( ) [ ] { } = , : @ ;` and `.`/`*` as themselves; any other operator as `o`.
    Punct(u8),
    /// End of a line (statement boundary in Python; harmless elsewhere).
    Newline,
}

/// A token with its 1-based line and the indentation of that line.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub indent: u32,
}

/// Source languages the lexer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Python,
    Script,
}

/// Longest string literal kept (longer ones are cut; model names and URLs are short).
const MAX_STRING: usize = 512;

/// Tokens of `text`, at most `max_tokens` of them.
pub fn lex(text: &str, lang: Lang, max_tokens: usize) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line, mut indent) = (0usize, 1u32, 0u32);
    let mut at_line_start = true;
    while i < bytes.len() && out.len() < max_tokens {
        let b = bytes[i];
        if at_line_start {
            let mut n = 0;
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                n += if bytes[i] == b'\t' { 8 } else { 1 };
                i += 1;
            }
            indent = n;
            at_line_start = false;
            continue;
        }
        let push =
            |out: &mut Vec<Token>, tok: Tok, line: u32| out.push(Token { tok, line, indent });
        match b {
            b'\n' => {
                push(&mut out, Tok::Newline, line);
                line += 1;
                at_line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' if lang == Lang::Python => i = skip_to_eol(bytes, i),
            b'/' if lang == Lang::Script && bytes.get(i + 1) == Some(&b'/') => {
                i = skip_to_eol(bytes, i)
            }
            b'/' if lang == Lang::Script && bytes.get(i + 1) == Some(&b'*') => {
                let start = i + 2;
                let end = find(bytes, start, b"*/").unwrap_or(bytes.len());
                line += count_newlines(&bytes[i..end.min(bytes.len())]);
                i = (end + 2).min(bytes.len());
            }
            b'"' | b'\'' | b'`' => {
                let (s, next, lines) = string_at(bytes, i, lang);
                push(&mut out, Tok::Str(s), line);
                line += lines;
                i = next;
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 => {
                let start = i;
                while i < bytes.len() && is_ident_byte(bytes[i]) {
                    i += 1;
                }
                // String prefixes (r"…", f'…', b"…", rb"…") belong to the string.
                if lang == Lang::Python
                    && i - start <= 2
                    && i < bytes.len()
                    && (bytes[i] == b'"' || bytes[i] == b'\'')
                    && bytes[start..i].iter().all(|c| b"rRbBfFuU".contains(c))
                {
                    let (s, next, lines) = string_at(bytes, i, lang);
                    push(&mut out, Tok::Str(s), line);
                    line += lines;
                    i = next;
                    continue;
                }
                // Dotted names: `a.b.c`, and `a?.b` in TypeScript.
                while i + 1 < bytes.len() {
                    let dot = if bytes[i] == b'.' {
                        1
                    } else if bytes[i] == b'?' && bytes[i + 1] == b'.' {
                        2
                    } else {
                        break;
                    };
                    let next = i + dot;
                    if next < bytes.len()
                        && (bytes[next].is_ascii_alphabetic() || bytes[next] == b'_')
                    {
                        i = next;
                        while i < bytes.len() && is_ident_byte(bytes[i]) {
                            i += 1;
                        }
                    } else {
                        break;
                    }
                }
                let ident = String::from_utf8_lossy(&bytes[start..i]).replace("?.", ".");
                push(&mut out, Tok::Ident(ident), line);
            }
            b'0'..=b'9' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                push(&mut out, Tok::Punct(b'0'), line);
            }
            b'=' => {
                // `==`, `=>`, `!=`, `<=` … are operators, not assignments.
                let next = bytes.get(i + 1).copied();
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let op = matches!(next, Some(b'=' | b'>'))
                    || matches!(
                        prev,
                        Some(
                            b'!' | b'<'
                                | b'>'
                                | b'='
                                | b'+'
                                | b'-'
                                | b'*'
                                | b'/'
                                | b'%'
                                | b'|'
                                | b'&'
                                | b'^'
                                | b':'
                        )
                    );
                push(&mut out, Tok::Punct(if op { b'o' } else { b'=' }), line);
                i += 1;
                while i < bytes.len() && matches!(bytes[i], b'=' | b'>') {
                    i += 1;
                }
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'@' | b';' | b'.' | b'*' => {
                push(&mut out, Tok::Punct(b), line);
                i += 1;
            }
            _ => {
                push(&mut out, Tok::Punct(b'o'), line);
                i += 1;
            }
        }
    }
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn skip_to_eol(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn count_newlines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

/// The string starting at `i` (a quote): its content, the index after it and the
/// newlines it spans. Unterminated single-line strings end at the line.
fn string_at(bytes: &[u8], i: usize, lang: Lang) -> (String, usize, u32) {
    let quote = bytes[i];
    let triple = lang == Lang::Python
        && bytes.len() >= i + 3
        && bytes[i + 1] == quote
        && bytes[i + 2] == quote;
    let (start, multiline) = if triple {
        (i + 3, true)
    } else {
        (i + 1, quote == b'`')
    };
    let mut j = start;
    let end;
    loop {
        if j >= bytes.len() {
            end = bytes.len();
            break;
        }
        let c = bytes[j];
        if c == b'\\' {
            j += 2;
            continue;
        }
        if c == b'\n' && !multiline {
            end = j;
            break;
        }
        if c == quote
            && (!triple || (bytes.get(j + 1) == Some(&quote) && bytes.get(j + 2) == Some(&quote)))
        {
            end = j;
            break;
        }
        j += 1;
    }
    let end = end.min(bytes.len());
    let close = if end >= bytes.len() || bytes[end] == b'\n' {
        end
    } else if triple {
        end + 3
    } else {
        end + 1
    };
    let raw = &bytes[start.min(end)..end];
    let kept = &raw[..raw.len().min(MAX_STRING)];
    (
        String::from_utf8_lossy(kept).into_owned(),
        close.min(bytes.len()),
        count_newlines(raw),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, lang: Lang) -> Vec<Tok> {
        lex(text, lang, 10_000).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn python_comments_strings_and_dotted_names() {
        let toks = kinds("x = crewai.Agent(role=\"A # b\")  # Agent(\n", Lang::Python);
        assert_eq!(
            toks,
            vec![
                Tok::Ident("x".into()),
                Tok::Punct(b'='),
                Tok::Ident("crewai.Agent".into()),
                Tok::Punct(b'('),
                Tok::Ident("role".into()),
                Tok::Punct(b'='),
                Tok::Str("A # b".into()),
                Tok::Punct(b')'),
                Tok::Newline,
            ]
        );
    }

    #[test]
    fn triple_quoted_and_prefixed_strings_keep_line_numbers() {
        let toks = lex("a = f'''x\ny'''\nb = rb\"z\"\n", Lang::Python, 100);
        let b = toks
            .iter()
            .find(|t| t.tok == Tok::Ident("b".into()))
            .unwrap();
        assert_eq!(b.line, 3);
        assert!(toks.iter().any(|t| t.tok == Tok::Str("z".into())));
    }

    #[test]
    fn script_comments_templates_and_arrows() {
        let toks = kinds(
            "/* new Agent( */ const f = (a) => `x ${a}`; // tool(\n",
            Lang::Script,
        );
        assert!(!toks.contains(&Tok::Ident("Agent".into())));
        assert!(!toks.contains(&Tok::Ident("tool".into())));
        assert!(toks.contains(&Tok::Str("x ${a}".into())));
        assert_eq!(toks.iter().filter(|t| **t == Tok::Punct(b'=')).count(), 1);
    }

    #[test]
    fn garbage_and_unterminated_input_do_not_panic() {
        for text in ["\"unterminated", "'''", "`", "/*", "a.", "é.ü(", "\\", "@"] {
            lex(text, Lang::Python, 100);
            lex(text, Lang::Script, 100);
        }
    }
}
