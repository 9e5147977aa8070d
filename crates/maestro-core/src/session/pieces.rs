//! Long because the cuts, the joining of the pieces and their tests (documents the whole
//! parse refuses, doubtful ones, the line walk the cuts replaced) belong together.
//!
//! Loading a large session file in pieces, to bound the memory of the parse.
//!
//! The `toml` crate parses a whole document at once into tokens, events and a
//! document tree, all alive together: about 23 bytes of memory per byte of text (a
//! 9 MB session of 10,000 threats peaked at 212 MiB, for a model of 15 MiB). Cut at
//! the headers of records of a top-level array (`[[threats]]`), each piece is a TOML
//! document of its own; the pieces are parsed and deserialized one after the other and
//! their records appended, so only one piece's parse is alive at a time and freed
//! memory is reused by the next piece.
//!
//! The result must be the one the whole-document parse gives, or nothing: any doubt
//! (a piece that does not parse, keys the model does not know, a top-level key in two
//! pieces other than the continued array, a static array continued by `[[KEY]]`
//! headers) returns `None`, and the caller parses the whole text as before, which
//! also reports errors with their place.
//!
//! Cuts are found by a line scan after the first table header, without a lexer: a line
//! `[[KEY]]` inside a multi-line string or array looks like a header. Cutting there
//! leaves that string or array unclosed at the end of the piece before, which then
//! does not parse: the first piece starts at the start of the file, so every piece
//! that parses ends, and the next one starts, outside any value.

use super::model::{SCHEMA_VERSION, Session};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use toml::de::{DeTable, DeValue, Deserializer};

/// Text per piece: small enough that a piece's parse stays a few MiB, large enough
/// that the per-piece overhead does not show.
pub const PIECE_BYTES: usize = 128 * 1024;

/// A place to cut the text: the start of a `[[key]]` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cut<'t> {
    at: usize,
    key: &'t str,
}

/// The session of a file at the current schema version, parsed piece by piece; `None`
/// when the file is small (one piece) or anything is in doubt (see the module docs).
pub fn parse(text: &str) -> Option<Session> {
    parse_with(text, PIECE_BYTES)
}

fn parse_with(text: &str, piece_bytes: usize) -> Option<Session> {
    let (root_keys, first_header) = root(text)?;
    let cuts = cuts(text, first_header, piece_bytes);
    if cuts.is_empty() {
        return None;
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for end in cuts.iter().map(|c| c.at).chain([text.len()]) {
        pieces.push(&text[start..end]);
        start = end;
    }
    let mut session: Option<Session> = None;
    // Top-level keys of the pieces so far, and those of the last piece holding arrays.
    let mut seen: Vec<String> = Vec::new();
    let mut last_arrays: Vec<String> = Vec::new();
    for (i, piece) in parse_all(&pieces).into_iter().enumerate() {
        let Piece {
            keys,
            session: part,
        } = piece?;
        if i > 0 {
            // This piece continues the array `key` of the piece before: it must be an
            // array of tables there (not a static array of the root, not a table), and
            // every other key must be new (a table defined twice is an error of the
            // whole document, which the whole parse reports).
            let key = cuts[i - 1].key;
            if root_keys.iter().any(|k| k == key) || !last_arrays.iter().any(|k| k == key) {
                return None;
            }
            if keys.iter().any(|(k, _)| k != key && seen.contains(k)) {
                return None;
            }
        }
        match &mut session {
            None if part.schema_version != SCHEMA_VERSION => return None,
            None => session = Some(part),
            Some(whole) => absorb(whole, part)?,
        }
        last_arrays.clear();
        for (key, array) in keys {
            if array {
                last_arrays.push(key.clone());
            }
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
    }
    let mut session = session?;
    shrink(&mut session);
    Some(session)
}

/// One piece, parsed: its top-level keys (and whether each holds an array) and its part
/// of the session.
struct Piece {
    keys: Vec<(String, bool)>,
    session: Session,
}

/// `None` when the piece does not parse or holds keys the model does not know.
fn parse_piece(text: &str) -> Option<Piece> {
    let table = DeTable::parse(text).ok()?;
    let keys = table
        .get_ref()
        .iter()
        .map(|(k, v)| {
            let array = matches!(v.get_ref(), DeValue::Array(_));
            (k.get_ref().to_string(), array)
        })
        .collect();
    let mut ignored = false;
    let session = serde_ignored::deserialize(Deserializer::from(table), |_| ignored = true).ok()?;
    (!ignored).then_some(Piece { keys, session })
}

/// Parses the pieces, in order; on two threads when there are two cores (the pieces
/// are independent until they are joined), else on this one. After a piece fails, the
/// pieces not yet started are skipped (`None`): the whole parse takes over anyway.
fn parse_all(pieces: &[&str]) -> Vec<Option<Piece>> {
    let failed = AtomicBool::new(false);
    let parse = |text: &&str| {
        if failed.load(Relaxed) {
            return None;
        }
        let piece = parse_piece(text);
        if piece.is_none() {
            failed.store(true, Relaxed);
        }
        piece
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if pieces.len() < 2 || cores < 2 {
        return pieces.iter().map(parse).collect();
    }
    std::thread::scope(|scope| {
        // The helper takes the odd pieces, this thread the even ones.
        let odd =
            || -> Vec<Option<Piece>> { pieces.iter().skip(1).step_by(2).map(parse).collect() };
        let helper = std::thread::Builder::new().spawn_scoped(scope, odd);
        let even: Vec<Option<Piece>> = pieces.iter().step_by(2).map(parse).collect();
        let odd = match helper {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the odd pieces here too.
            Err(_) => odd(),
        };
        let mut even = even.into_iter();
        let mut odd = odd.into_iter();
        (0..pieces.len())
            .map(|i| {
                let next = if i % 2 == 0 { even.next() } else { odd.next() };
                next.flatten()
            })
            .collect()
    })
}

/// The first segments of the keys of the root table (the lines before the first table
/// header) and the offset of that header; `None` when there is no header or a root key
/// is quoted (not worth the trouble: such files are parsed whole).
fn root(text: &str) -> Option<(Vec<String>, usize)> {
    use toml_parser::lexer::TokenKind;
    let mut keys = Vec::new();
    let mut line_start = true;
    let mut depth = 0usize;
    for token in toml_parser::Source::new(text).lex() {
        let span = token.span();
        match token.kind() {
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::Newline => line_start |= depth == 0,
            TokenKind::Eof => return None,
            kind if line_start => {
                line_start = false;
                match kind {
                    TokenKind::LeftSquareBracket => return Some((keys, span.start())),
                    TokenKind::Atom => keys.push(text[span.start()..span.end()].to_string()),
                    _ => return None,
                }
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
    }
    None
}

/// Cuts at lines `[[KEY]]` (bare key) after the first header that continue the records
/// of the header line before (`[[KEY]]`, `[KEY.sub]`, ...), one per `piece_bytes` of text
/// at most. Only lines that start with `[` are looked at, found by a vectorized search for
/// `\n[` (a walk over every line was 4 ms of a 10,000-threat load before the parse).
fn cuts(text: &str, first_header: usize, piece_bytes: usize) -> Vec<Cut<'_>> {
    let mut cuts = Vec::new();
    let mut piece_start = 0;
    let mut last_key = None;
    let starts = std::iter::once(first_header).chain(
        memchr::memmem::find_iter(&text.as_bytes()[first_header..], b"\n[")
            .map(|at| first_header + at + 1),
    );
    for here in starts {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[here..]).map_or(text.len(), |n| here + n + 1);
        let line = &text[here..end];
        if !line.starts_with('[') {
            continue;
        }
        let key = array_header(line);
        if let Some(key) = key
            && last_key == Some(key)
            && here - piece_start >= piece_bytes
        {
            cuts.push(Cut { at: here, key });
            piece_start = here;
        }
        last_key = key.or_else(|| header_key(line));
    }
    cuts
}

/// The line-by-line scan [`cuts`] replaced, to test that they agree.
#[cfg(test)]
fn cuts_by_lines(text: &str, first_header: usize, piece_bytes: usize) -> Vec<Cut<'_>> {
    let mut cuts = Vec::new();
    let mut piece_start = 0;
    let mut at = first_header;
    let mut last_key = None;
    for line in text[first_header..].split_inclusive('\n') {
        let here = at;
        at += line.len();
        if !line.starts_with('[') {
            continue;
        }
        let key = array_header(line);
        if let Some(key) = key
            && last_key == Some(key)
            && here - piece_start >= piece_bytes
        {
            cuts.push(Cut { at: here, key });
            piece_start = here;
        }
        last_key = key.or_else(|| header_key(line));
    }
    cuts
}

/// `KEY` of a line that is exactly `[[KEY]]` with a bare key.
fn array_header(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let key = line.strip_prefix("[[")?.strip_suffix("]]")?;
    is_bare(key).then_some(key)
}

/// The first key of a header line `[KEY...` or `[[KEY...` when it is bare.
fn header_key(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('[')?;
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let end = rest.find(['.', ']'])?;
    let key = &rest[..end];
    is_bare(key).then_some(key)
}

fn is_bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Moves the parts of a later piece into the session: its records are appended; a
/// table it sets must not be set already (the key check makes that so; kept as a
/// guard). Naming every field makes a new one a compile error here.
fn absorb(whole: &mut Session, part: Session) -> Option<()> {
    let Session {
        // Only in the root table, i.e. the first piece.
        schema_version: _,
        session,
        engagement,
        business,
        architecture,
        phases,
        assumptions,
        components,
        flows,
        actors,
        zones,
        boundaries,
        assets,
        analysis,
        reviews,
        threats,
        chains,
        mitigations,
        code_validation,
        validations,
        residual_risks,
        summary,
        roadmap,
        triggers,
        signoffs,
        conflicts,
        id_high_water,
        discovery,
        otm,
    } = part;
    table(&mut whole.session, session)?;
    table(&mut whole.engagement, engagement)?;
    table(&mut whole.business, business)?;
    table(&mut whole.architecture, architecture)?;
    table(&mut whole.analysis, analysis)?;
    table(&mut whole.code_validation, code_validation)?;
    table(&mut whole.summary, summary)?;
    table(&mut whole.discovery, discovery)?;
    table(&mut whole.otm, otm)?;
    append(&mut whole.phases, phases);
    append(&mut whole.assumptions, assumptions);
    append(&mut whole.components, components);
    append(&mut whole.flows, flows);
    append(&mut whole.actors, actors);
    append(&mut whole.zones, zones);
    append(&mut whole.boundaries, boundaries);
    append(&mut whole.assets, assets);
    append(&mut whole.reviews, reviews);
    append(&mut whole.threats, threats);
    append(&mut whole.chains, chains);
    append(&mut whole.mitigations, mitigations);
    append(&mut whole.validations, validations);
    append(&mut whole.residual_risks, residual_risks);
    append(&mut whole.roadmap, roadmap);
    append(&mut whole.triggers, triggers);
    append(&mut whole.signoffs, signoffs);
    append(&mut whole.conflicts, conflicts);
    table(&mut whole.id_high_water, id_high_water)?;
    Some(())
}

/// Gives back the spare capacity the appends left in the record lists (up to half of
/// each: 2.8 MiB of 14.7 at 10,000 threats).
fn shrink(session: &mut Session) {
    let Session {
        schema_version: _,
        session: _,
        engagement: _,
        business: _,
        architecture: _,
        analysis: _,
        code_validation: _,
        summary: _,
        id_high_water: _,
        discovery: _,
        otm: _,
        phases,
        assumptions,
        components,
        flows,
        actors,
        zones,
        boundaries,
        assets,
        reviews,
        threats,
        chains,
        mitigations,
        validations,
        residual_risks,
        roadmap,
        triggers,
        signoffs,
        conflicts,
    } = session;
    phases.shrink_to_fit();
    assumptions.shrink_to_fit();
    components.shrink_to_fit();
    flows.shrink_to_fit();
    actors.shrink_to_fit();
    zones.shrink_to_fit();
    boundaries.shrink_to_fit();
    assets.shrink_to_fit();
    reviews.shrink_to_fit();
    threats.shrink_to_fit();
    chains.shrink_to_fit();
    mitigations.shrink_to_fit();
    validations.shrink_to_fit();
    residual_risks.shrink_to_fit();
    roadmap.shrink_to_fit();
    triggers.shrink_to_fit();
    signoffs.shrink_to_fit();
    conflicts.shrink_to_fit();
}

fn table<T: Default + PartialEq>(whole: &mut T, part: T) -> Option<()> {
    if part == T::default() {
        return Some(());
    }
    if *whole != T::default() {
        return None;
    }
    *whole = part;
    Some(())
}

fn append<T>(whole: &mut Vec<T>, mut part: Vec<T>) {
    if whole.is_empty() {
        *whole = part;
    } else {
        whole.append(&mut part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::session::storage;
    use crate::synth::{SynthParams, generate};

    fn whole(text: &str) -> Session {
        toml::from_str(text).unwrap()
    }

    fn synthetic(threats: usize) -> String {
        let session = generate(
            SynthParams {
                components: 12,
                threats,
                seed: 7,
            },
            &Catalog::embedded(),
        );
        storage::to_text(&session, &Default::default())
    }

    #[test]
    fn pieces_give_the_session_of_the_whole_parse() {
        let text = synthetic(300);
        let expected = whole(&text);
        for piece_bytes in [1, 700, 4096, 50_000] {
            let cuts = cuts(&text, root(&text).unwrap().1, piece_bytes);
            assert!(cuts.len() > 1, "{piece_bytes}: {} cuts", cuts.len());
            let pieces =
                parse_with(&text, piece_bytes).expect("a generated session loads in pieces");
            assert_eq!(pieces, expected, "piece size {piece_bytes}");
        }
        // One piece: left to the whole parse.
        assert_eq!(parse_with(&text, text.len()), None);
        // Windows line ends and a byte order mark.
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(whole(&crlf), expected);
        assert_eq!(parse_with(&crlf, 4096), Some(expected));
    }

    #[test]
    fn the_cuts_are_those_of_a_walk_over_every_line() {
        let text = synthetic(200);
        let crlf = text.replace('\n', "\r\n");
        let odd = "schema_version = 1\n  [[threats]]\nid = \"a\"\n[[threats]]\n[threats.x]\n[[threats]]\n \
                   [[threats]]\n[[threats]]\r\n[[threats]]";
        for text in [text.as_str(), crlf.as_str(), odd] {
            let first = root(text).unwrap().1;
            for piece_bytes in [0, 1, 700, 4096, 50_000] {
                assert_eq!(
                    cuts(text, first, piece_bytes),
                    cuts_by_lines(text, first, piece_bytes),
                    "{piece_bytes}"
                );
            }
        }
    }

    #[test]
    fn cuts_only_at_bare_array_headers_after_the_first_header() {
        let text = "schema_version = 1\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n\
                    [ [threats]]\n[[threats]] # c\n[threats.x]\n[[threats]]\n[[ok-key_2]]\r\n\
                    [[ok-key_2]]\r\n[[\"q\"]]\n[[q]]\n";
        let (keys, first) = root(text).unwrap();
        assert_eq!(keys, ["schema_version"]);
        assert_eq!(&text[first..first + 11], "[[threats]]");
        let cuts: Vec<&str> = cuts(text, first, 1).iter().map(|c| c.key).collect();
        assert_eq!(cuts, ["threats", "threats", "ok-key_2"]);
    }

    #[test]
    fn root_keys_skip_values_that_span_lines() {
        let text = "a = [\n  1,\n  [2],\n]\nb.c = \"\"\"\n[x]\n\"\"\"\n# [y]\n[t]\n";
        let (keys, first) = root(text).unwrap();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(&text[first..], "[t]\n");
        assert_eq!(root("a = 1\n"), None, "no header");
        assert_eq!(root("\"a\" = 1\n[t]\n"), None, "quoted root key");
    }

    #[test]
    fn a_header_inside_a_multi_line_string_or_array_is_not_a_cut() {
        let threat = |id: &str| format!("[[threats]]\nid = \"{id}\"\n");
        for inside in [
            "description = \"\"\"\n[[threats]]\nid = \"fake\"\n\"\"\"\n",
            "description = '''\n[[threats]]\n'''\n",
            "asi = [\n[[true]]\n]\n",
        ] {
            let text = format!(
                "schema_version = 1\n{}{}{inside}{}",
                threat("a"),
                threat("b"),
                threat("c")
            );
            // Whatever the cuts, the result is the whole parse's or nothing.
            for piece_bytes in [1, 10, 30] {
                let got = parse_with(&text, piece_bytes);
                if let (Some(got), Ok(expected)) = (&got, toml::from_str::<Session>(&text)) {
                    assert_eq!(*got, expected, "{inside:?} {piece_bytes}");
                }
            }
        }
    }

    #[test]
    fn documents_the_whole_parse_refuses_are_refused() {
        let cases = [
            // A static array at the root continued by headers (the line in the string
            // makes the last one look like a continuation).
            "schema_version = 1\nthreats = [{id = \"a\"}]\n[session]\ntitle = \"\"\"\n[[threats]]\n\"\"\"\n[[threats]]\nid = \"b\"\n",
            // A table defined twice, in different pieces.
            "schema_version = 1\n[session]\ntitle = \"t\"\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n[session]\nversion = \"2\"\n",
            // The same, the second time empty.
            "schema_version = 1\n[session]\ntitle = \"t\"\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n[session]\n",
            // A table continued as an array.
            "schema_version = 1\n[threats]\nid = \"a\"\n[[threats]]\nid = \"b\"\n",
        ];
        for text in cases {
            assert!(toml::from_str::<Session>(text).is_err(), "{text}");
            assert_eq!(parse_with(text, 1), None, "{text}");
        }
    }

    #[test]
    fn doubtful_documents_are_left_to_the_whole_parse() {
        let cases = [
            // Unknown keys: the whole parse collects them.
            "schema_version = 1\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\ncvss = 9\n",
            // An older schema version: migrated by the general path.
            "schema_version = 0\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n",
            // Records of one array in two runs: valid, but a key in two pieces.
            "schema_version = 1\n[[triggers]]\nid = \"T1\"\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n[[triggers]]\nid = \"T2\"\n",
            // A broken piece.
            "schema_version = 1\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \n",
        ];
        for text in cases {
            assert_eq!(parse_with(text, 1), None, "{text}");
        }
    }

    #[test]
    fn records_between_runs_of_another_array_keep_their_order() {
        let text = "schema_version = 1\n[[threats]]\nid = \"a\"\n[[threats]]\nid = \"b\"\n\
                    [[triggers]]\nid = \"T\"\n[[threats]]\nid = \"c\"\n[[threats]]\nid = \"d\"\n";
        let got = parse_with(text, 1).unwrap();
        assert_eq!(got, whole(text));
        let ids: Vec<&str> = got.threats.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
    }

    #[test]
    fn pieces_after_a_failed_one_are_not_parsed() {
        let good = "[[threats]]\nid = \"a\"\n";
        let pieces = [
            "schema_version = 1\n",
            "[[threats]]\nid = \n",
            good,
            good,
            good,
            good,
        ];
        let parsed = parse_all(&pieces);
        assert_eq!(parsed.len(), pieces.len());
        // Piece 0 may be parsed or skipped: the other thread can fail piece 1 before this
        // one starts piece 0 (either way the whole parse takes over).
        assert!(parsed[1].is_none());
        // The pieces after it on its thread (all of them on one core) were skipped.
        assert!(parsed[3].is_none() && parsed[5].is_none());
        let all_good = parse_all(&["schema_version = 1\n", good, good]);
        assert!(all_good.iter().all(Option::is_some));
    }

    #[test]
    fn sub_tables_of_a_record_stay_with_it() {
        let text = "schema_version = 1\n[[assets]]\nid = \"A1\"\n[[assets.lifecycle]]\nstage = \"s1\"\n\
                    [[assets]]\nid = \"A2\"\n[[assets.lifecycle]]\nstage = \"s2\"\n[[assets.lifecycle]]\nstage = \"s3\"\n\
                    [[assets]]\nid = \"A3\"\n";
        let got = parse_with(text, 1).unwrap();
        assert_eq!(got, whole(text));
        assert_eq!(got.assets[1].lifecycle.len(), 2);
    }
}
