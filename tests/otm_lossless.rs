//! Lossless OTM: a corpus of OTM files (tests/otm/, written for these tests, plus real
//! ones from startleft, Apache-2.0, licence beside them) goes through `import` →
//! `export otm` with the real binary and must come back equal as JSON (key order
//! aside), or with exactly the listed warnings and differences. Then what the session
//! makes of the kept data: links, vocabulary, edits, validation, merge and diff.

use maestro_tm::catalog::Catalog;
use maestro_tm::session::{Session, storage};
use maestro_tm::vocab::{Effectiveness, Stride};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/otm")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .arg("--no-user-catalog")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An OTM file's value: JSON, else YAML.
fn read_value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text)
        .or_else(|_| serde_yaml_ng::from_str(&text))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One corpus file, the warnings `import` must print (after `FILE: warning: `) and
/// the keys (JSON pointer → value) export adds to the input.
struct Case {
    file: &'static str,
    warnings: &'static [&'static str],
    added: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        file: "nested-zones.json",
        warnings: &[],
        added: &[],
    },
    Case {
        file: "flows-threats-vocab.json",
        warnings: &[],
        added: &[],
    },
    Case {
        file: "no-version.yaml",
        warnings: &["otmVersion: missing; read as OTM 0.2.0"],
        added: &[("/otmVersion", "\"0.2.0\"")],
    },
    Case {
        file: "startleft/otm_file_example.otm",
        warnings: &[],
        added: &[],
    },
    Case {
        file: "startleft/otm_file_example_yaml.otm",
        warnings: &[],
        added: &[],
    },
    Case {
        file: "startleft/nested_tz.otm",
        warnings: &[],
        added: &[],
    },
];

/// Imports `input` into `dir`, exports it again; gives the import's stderr, the
/// session's text and the exported document.
fn round_trip(input: &Path, dir: &Path) -> (String, String, Value) {
    let session = dir.join("session.toml");
    let out = dir.join("out.json");
    let imported = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        session.to_str().unwrap(),
    ]);
    assert!(
        imported.status.success(),
        "import {}: {}",
        input.display(),
        stderr(&imported)
    );
    let exported = run(&[
        "export",
        "--format",
        "otm",
        session.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(exported.status.success(), "export: {}", stderr(&exported));
    (
        stderr(&imported),
        std::fs::read_to_string(&session).unwrap(),
        read_value(&out),
    )
}

fn warnings(stderr: &str, file: &Path) -> Vec<String> {
    let prefix = format!("{}: warning: ", file.display());
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

/// Names the first place two values differ, for a readable failure.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &here) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{here}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} vs {b}")),
    }
}

#[test]
fn corpus_comes_back_equal_after_import_and_export() {
    for case in CASES {
        let input = corpus(case.file);
        let dir = tempfile::tempdir().unwrap();
        let (said, _, output) = round_trip(&input, dir.path());
        assert_eq!(
            warnings(&said, &input),
            case.warnings,
            "{}: warnings",
            case.file
        );
        let mut expected = read_value(&input);
        for (pointer, value) in case.added {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            expected
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .unwrap()
                .insert(key.to_string(), serde_json::from_str(value).unwrap());
        }
        // serde_json's maps compare whatever the key order.
        assert!(
            output == expected,
            "{}: export differs from the input at {}",
            case.file,
            first_difference(&expected, &output, "").unwrap_or_default()
        );
    }
}

#[test]
fn the_own_example_files_come_back_equal_too() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/otm");
    for file in [
        "webshop-nested-zones.json",
        "rag-assistant.yaml",
        "legacy-0.1.json",
    ] {
        let input = data.join(file);
        let dir = tempfile::tempdir().unwrap();
        let (said, _, output) = round_trip(&input, dir.path());
        let expected = read_value(&input);
        assert!(
            output == expected,
            "{file}: differs at {}; import said {said}",
            first_difference(&expected, &output, "").unwrap_or_default()
        );
    }
}

#[test]
fn what_cannot_be_kept_is_named_and_strict_refuses_it() {
    let input = corpus("comments-and-nan.yaml");
    let dir = tempfile::tempdir().unwrap();
    let (said, _, output) = round_trip(&input, dir.path());
    assert_eq!(
        warnings(&said, &input),
        [
            "components[0].attributes.lastScore: the number NaN (no JSON form; read as null) (not kept)",
            "components[0].attributes.7: YAML key that is not a string (read as a string) (not kept)",
            "lines 1, 10: YAML comments (not kept)",
        ]
    );
    // Everything else comes back; the two values as read.
    assert_eq!(
        output["components"][0]["attributes"],
        json!({"lastScore": null, "7": "seven"})
    );
    assert_eq!(output["trustZones"][0]["risk"], json!({"trustRating": 50}));

    let session = dir.path().join("strict.toml");
    let strict = run(&[
        "import",
        "--strict",
        input.to_str().unwrap(),
        "-o",
        session.to_str().unwrap(),
    ]);
    assert_eq!(strict.status.code(), Some(2), "{}", stderr(&strict));
    let said = stderr(&strict);
    assert_eq!(said.matches(": error: ").count(), 4, "{said}");
    assert!(
        said.contains("--strict: 3 item(s) would not be kept"),
        "{said}"
    );
    assert!(!session.exists(), "nothing written under --strict");

    // A file without losses imports under --strict.
    let fine = run(&[
        "import",
        "--strict",
        corpus("nested-zones.json").to_str().unwrap(),
        "-o",
        session.to_str().unwrap(),
    ]);
    assert!(fine.status.success(), "{}", stderr(&fine));
}

fn imported(file: &str) -> (Session, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (_, text, _) = round_trip(&corpus(file), dir.path());
    let session = storage::load(&dir.path().join("session.toml"))
        .unwrap()
        .session;
    (session, text, dir)
}

#[test]
fn threats_on_flows_two_way_flows_and_vocabulary_are_modelled() {
    let (s, text, _dir) = imported("flows-threats-vocab.json");
    let threat = |id: &str| s.threats.iter().find(|t| t.id == id).unwrap();
    assert_eq!(threat("session-hijack").flows, ["chat"]);
    assert_eq!(threat("prompt-injection").components, ["copilot"]);
    assert_eq!(threat("prompt-injection").flows, ["chat"]);
    assert_eq!(threat("data-leak").flows, ["retrieval"]);
    // Spelling variants map to STRIDE; other categories stay kept only.
    assert_eq!(
        threat("prompt-injection").stride,
        [Stride::Tampering, Stride::ElevationOfPrivilege]
    );
    assert_eq!(
        threat("session-hijack").stride,
        [Stride::Spoofing, Stride::ElevationOfPrivilege]
    );
    assert_eq!(
        threat("data-leak").stride,
        [Stride::InformationDisclosure, Stride::DenialOfService]
    );
    assert_eq!(s.flows.len(), 2, "two-way flows stay one each");
    assert!(s.flows.iter().all(|f| f.bidirectional));
    let filter = s
        .mitigations
        .iter()
        .find(|m| m.id == "input-filter")
        .unwrap();
    assert_eq!(filter.effectiveness, Some(Effectiveness::Low));
    assert_eq!(filter.otm.kept["riskReduction"], "33.3");
    assert_eq!(
        threat("prompt-injection").otm.kept["categories"],
        r#"["Tampering","Privileges","OWASP LLM01"]"#
    );
    // One line of JSON per kept key, next to the record, in the session file.
    assert!(text.contains("[threats.otm.kept]\n"), "{text}");
    assert!(text.contains(r#"cwes = '["CWE-77","CWE-1427"]'"#), "{text}");
    let problems = maestro_tm::session::validate::check(&s, &Catalog::embedded());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn nested_zones_and_the_project_id_are_kept() {
    let (s, _, _dir) = imported("nested-zones.json");
    let zone = |id: &str| s.zones.iter().find(|z| z.id == id).unwrap();
    assert_eq!(zone("vpc").parent, "cloud", "a boundary inside a boundary");
    // A zone inside a component sits in that component's zone; the OTM parent is kept.
    assert_eq!(zone("enclave").parent, "vpc");
    assert_eq!(zone("enclave").otm.kept["parent"], r#"{"component":"k8s"}"#);
    assert_eq!(zone("cloud").trust_level, Some(67));
    assert_eq!(zone("cloud").otm.kept["risk"], r#"{"trustRating":66.6}"#);
    assert_eq!(s.otm.project.kept["id"], r#""claims-portal-7f3a""#);
    let api = s.components.iter().find(|c| c.id == "api").unwrap();
    assert_eq!(api.zone, "vpc");
    assert_eq!(api.otm.kept["x-owner"], r#""claims-team""#);
    let problems = maestro_tm::session::validate::check(&s, &Catalog::embedded());
    assert!(problems.is_empty(), "{problems:?}");
}

fn export(session: &Session) -> Value {
    maestro_tm::interchange::otm::export_document(session, &Catalog::embedded())
}

fn find<'v>(doc: &'v Value, list: &str, id: &str) -> &'v Value {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap()
}

#[test]
fn the_analysts_edits_win_over_kept_values_and_the_rest_stays() {
    let (mut s, _, _dir) = imported("flows-threats-vocab.json");
    let original = read_value(&corpus("flows-threats-vocab.json"));
    assert_eq!(export(&s), original);

    let m = s
        .mitigations
        .iter_mut()
        .find(|m| m.id == "input-filter")
        .unwrap();
    m.effectiveness = Some(Effectiveness::High);
    let t = s.threats.iter_mut().find(|t| t.id == "data-leak").unwrap();
    t.stride = vec![Stride::Repudiation];
    let c = s.components.iter_mut().find(|c| c.id == "kb").unwrap();
    c.name = "Ticket index".into();
    c.layers = vec![maestro_tm::vocab::Layer::L2];
    let doc = export(&s);

    let filter = find(&doc, "mitigations", "input-filter");
    assert_eq!(filter["riskReduction"], 90, "the session's new rating");
    assert_eq!(filter["attributes"]["vendor"], "in-house", "kept");
    assert!(
        filter["attributes"]["maestro"].is_object(),
        "record changed"
    );
    let leak = find(&doc, "threats", "data-leak");
    assert_eq!(leak["categories"], json!(["Repudiation"]));
    let kb = find(&doc, "components", "kb");
    assert_eq!(kb["name"], "Ticket index");
    assert_eq!(kb["attributes"]["maestro"]["layers"], json!(["L2"]));
    assert_eq!(kb["type"], "vector-db", "unchanged kind: the file's type");
    // Untouched records are as in the file.
    assert_eq!(
        find(&doc, "threats", "prompt-injection"),
        find(&original, "threats", "prompt-injection")
    );
    assert_eq!(
        find(&doc, "mitigations", "short-tokens"),
        find(&original, "mitigations", "short-tokens")
    );
}

#[test]
fn merge_and_diff_carry_kept_data() {
    let (base, _, _dir) = imported("nested-zones.json");
    let mut ours = base.clone();
    ours.components[0].name = "Browser".into();
    let mut theirs = base.clone();
    theirs.components[0]
        .otm
        .kept
        .insert("tags".into(), r#"["external","pwa"]"#.into());
    let labels = maestro_tm::merge::Labels {
        ours: "ours".into(),
        theirs: "theirs".into(),
        date: "2026-12-05".into(),
    };
    let merged = maestro_tm::merge::merge(&base, &ours, &theirs, &labels).unwrap();
    assert_eq!(merged.new_conflicts, 0);
    let c = &merged.session.components[0];
    assert_eq!(c.name, "Browser");
    assert_eq!(c.otm.kept["tags"], r#"["external","pwa"]"#);
    assert_eq!(
        c.otm.kept["representations"],
        base.components[0].otm.kept["representations"]
    );
    assert_eq!(merged.session.otm, base.otm);
    let catalog = Catalog::embedded();
    assert!(maestro_tm::diff::diff(&base, &base.clone(), &catalog).is_empty());
    let mut zones_changed = base.clone();
    zones_changed.zones[0]
        .otm
        .kept
        .insert("x-note".into(), "\"moved\"".into());
    assert!(!maestro_tm::diff::diff(&base, &zones_changed, &catalog).is_empty());
}

/// The README's table of STRIDE spellings is the one import uses: each spelling it
/// lists maps to its row's category, and it lists every spelling of the table.
#[test]
fn the_documented_stride_spellings_are_the_table_import_uses() {
    use maestro_tm::interchange::otm::{STRIDE_SPELLINGS, stride_of};
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("| Category | Also read |").expect("the table");
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut documented = Vec::new();
    for row in readme[start..].lines().skip(2) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        if cells.len() < 4 {
            break;
        }
        let category = stride_of(cells[1]).unwrap_or_else(|| panic!("{}", cells[1]));
        for spelling in cells[2].split(',').map(str::trim) {
            // `privilege(s)`: both `privilege` and `privileges`.
            let forms = match spelling.split_once('(') {
                Some((stem, rest)) => {
                    let suffix = rest.trim_end_matches(')');
                    vec![stem.to_string(), format!("{stem}{suffix}")]
                }
                None => vec![spelling.to_string()],
            };
            for form in forms {
                assert_eq!(stride_of(&form), Some(category), "{form}");
                documented.push(letters(&form));
            }
        }
    }
    for (spelling, _) in STRIDE_SPELLINGS {
        assert!(
            documented.contains(&spelling.to_string()),
            "{spelling} is not in the README's table"
        );
    }
}
