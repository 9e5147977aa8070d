//! Long because it is tests: every interchange format's round trips and refusals.
//!
//! OTM export/import, session diff, shell integration and the session JSON Schema,
//! through the library and the real binary.

use maestro_tm::catalog::Catalog;
use maestro_tm::interchange::otm::{self, ImportDefaults, Syntax};
use maestro_tm::interchange::schema::{SESSION_SCHEMA_PATH, session_schema};
use maestro_tm::session::{Session, storage};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
    cmd.arg("--no-user-catalog");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The diff fixtures plus the example sessions once they are in the repository.
fn sessions() -> Vec<PathBuf> {
    let mut files = vec![data("diff/support-v1.toml"), data("diff/support-v2.toml")];
    if let Ok(dir) = std::fs::read_dir(root().join("sessions")) {
        let mut examples: Vec<_> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        examples.sort();
        files.extend(examples);
    }
    files
}

fn load(path: &Path) -> Session {
    storage::load(path).unwrap().session
}

fn defaults() -> ImportDefaults {
    ImportDefaults {
        catalog_version: "test".into(),
        today: "2025-06-01".into(),
    }
}

fn validator(schema_file: &Path) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema_file).unwrap())
        .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

// ---------------------------------------------------------------- OTM export

#[test]
fn otm_export_validates_against_the_otm_schema() {
    let catalog = Catalog::embedded();
    let validator = validator(&data("otm/otm-0.2.0.schema.json"));
    for file in sessions() {
        let doc = otm::export(&load(&file), &catalog);
        let json: Value = serde_json::from_str(&otm::to_json(&doc)).unwrap();
        assert_valid(&validator, &json, &file.display().to_string());
        // The YAML form is the same document.
        let yaml: Value = serde_yaml_ng::from_str(&otm::to_yaml(&doc)).unwrap();
        assert_eq!(yaml, json);
    }
}

#[test]
fn otm_schema_copy_rejects_what_otm_forbids() {
    // Guards the test above: the schema copy must be able to fail.
    let validator = validator(&data("otm/otm-0.2.0.schema.json"));
    let missing_parent = serde_json::json!({
        "otmVersion": "0.2.0",
        "project": {"name": "x", "id": "x"},
        "trustZones": [],
        "components": [{"id": "c", "name": "c", "type": "t"}],
        "dataflows": []
    });
    assert!(!validator.is_valid(&missing_parent));
    let both_parents = serde_json::json!({
        "otmVersion": "0.2.0",
        "project": {"name": "x", "id": "x"},
        "trustZones": [{"id": "z", "name": "z", "risk": {"trustRating": 1}}],
        "components": [{"id": "c", "name": "c", "type": "t",
                        "parent": {"trustZone": "z", "component": "c"}}],
        "dataflows": []
    });
    assert!(!validator.is_valid(&both_parents));
}

#[test]
fn otm_export_carries_maestro_data_in_attributes() {
    let catalog = Catalog::embedded();
    let doc = otm::export(&load(&data("diff/support-v1.toml")), &catalog);
    let json: Value = serde_json::from_str(&otm::to_json(&doc)).unwrap();
    let triage = &json["components"][1];
    assert_eq!(triage["id"], "C-TRIAGE");
    assert_eq!(triage["type"], "agent");
    assert_eq!(triage["parent"]["trustZone"], "Z-APP");
    assert_eq!(
        triage["attributes"]["maestro"]["layers"],
        serde_json::json!(["L3"])
    );
    // Threat instances with their mitigations.
    assert_eq!(triage["threats"][0]["threat"], "T-1");
    assert_eq!(triage["threats"][0]["mitigations"][0]["mitigation"], "M-1");
    assert_eq!(
        triage["threats"][0]["mitigations"][0]["state"],
        "partially-implemented"
    );
    let t1 = &json["threats"][0];
    assert_eq!(
        t1["categories"],
        serde_json::json!(["Tampering", "Elevation of Privilege"])
    );
    assert_eq!(t1["risk"]["impact"], 75);
    assert_eq!(t1["attributes"]["maestro"]["factors"][1], "Autonomy");
    assert_eq!(t1["attributes"]["maestro"]["attack_vector"], "Network");
    let m1 = &json["mitigations"][0];
    assert_eq!(m1["attributes"]["maestro"]["status"], "In Progress");
    assert_eq!(m1["attributes"]["maestro"]["kind"], "Preventive");
    // The unzoned component sits in the placeholder zone.
    assert_eq!(
        json["components"][3]["parent"]["trustZone"],
        otm::UNZONED_ID
    );
    // Nested zones keep their parent.
    assert_eq!(json["trustZones"][1]["parent"]["trustZone"], "Z-APP");
}

#[test]
fn otm_export_import_export_is_byte_identical() {
    let catalog = Catalog::embedded();
    for file in sessions() {
        let original = load(&file);
        for yaml in [false, true] {
            let write = |s: &Session| {
                let doc = otm::export(s, &catalog);
                if yaml {
                    otm::to_yaml(&doc)
                } else {
                    otm::to_json(&doc)
                }
            };
            let first = write(&original);
            let syntax = if yaml { Syntax::Yaml } else { Syntax::Json };
            let imported = otm::import(&otm::parse(&first, syntax).unwrap(), &defaults())
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(write(&imported), first, "{} (yaml: {yaml})", file.display());
            // The session itself comes back too (field defaults aside).
            assert_eq!(imported.threats, original.threats);
            assert_eq!(imported.components, original.components);
            assert_eq!(imported.zones, original.zones);
            assert_eq!(imported.flows, original.flows);
            assert_eq!(imported.assets, original.assets);
            assert_eq!(imported.residual_risks, original.residual_risks);
            assert_eq!(imported.phases, original.phases);
        }
    }
}

#[test]
fn cli_export_then_import_round_trips_and_import_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.otm.json");
    let back = dir.path().join("back.toml");
    let source = data("diff/support-v1.toml");
    let o = run(&[
        "export",
        source.to_str().unwrap(),
        "--format",
        "otm",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "import",
        out.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("4 components"), "{}", stdout(&o));
    // Same session as the source: `diff` says equal.
    let o = run(&["diff", source.to_str().unwrap(), back.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Existing file: refused without --force, replaced with it.
    std::fs::write(&back, "keep me").unwrap();
    let o = run(&[
        "import",
        out.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&back).unwrap(), "keep me");
    let o = run(&[
        "import",
        out.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(std::fs::read_to_string(&back).unwrap(), "keep me");
    // YAML by flag.
    let o = run(&["export", source.to_str().unwrap(), "--yaml"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with("otmVersion: 0.2.0"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn cli_export_refuses_an_invalid_session() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(data("diff/support-v1.toml"))
        .unwrap()
        .replace("zone = \"Z-APP\"", "zone = \"Z-NOWHERE\"");
    std::fs::write(&bad, text).unwrap();
    let o = run(&["export", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Z-NOWHERE"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- OTM import

fn import_file(name: &str) -> Session {
    let path = data(&format!("otm/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    otm::read(&text, Some(&path), &defaults()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn import_of_another_tools_json_with_nested_zones_threats_and_mitigations() {
    let s = import_file("webshop-nested-zones.json");
    assert_eq!(s.session.title, "Web shop with support chatbot");
    assert_eq!(
        s.architecture.overview,
        "Storefront, order API and a chatbot that answers order questions."
    );
    assert_eq!(s.session.analysts, ["Platform security team"]);
    assert_eq!(s.session.created, "2025-06-01");
    // Nested trust zones.
    let zone = |id: &str| s.zones.iter().find(|z| z.id == id).unwrap();
    assert_eq!(zone("db-subnet").parent, "private-vpc");
    assert_eq!(zone("private-vpc").parent, "cloud");
    assert_eq!(zone("internet").trust_level, Some(1));
    // Every component is unplaced; nested components sit in their parent's zone.
    assert_eq!(s.components.len(), 6);
    assert!(s.components.iter().all(|c| c.layers.is_empty()));
    assert_eq!(s.component("order-api").unwrap().zone, "private-vpc");
    assert_eq!(s.component("orders-db").unwrap().zone, "db-subnet");
    assert_eq!(
        s.component("chatbot").unwrap().kind,
        maestro_tm::vocab::ComponentKind::Model
    );
    assert_eq!(s.component("k8s").unwrap().technology, "kubernetes");
    // Threats: links from the component instances, ratings from the numbers.
    let t = s.threat("prompt-injection").unwrap();
    assert_eq!(t.components, ["chatbot"]);
    assert_eq!(t.severity, Some(maestro_tm::vocab::Severity::Critical));
    assert_eq!(
        t.likelihood,
        Some(maestro_tm::vocab::Likelihood::VeryLikely)
    );
    assert_eq!(
        t.stride,
        [
            maestro_tm::vocab::Stride::ElevationOfPrivilege,
            maestro_tm::vocab::Stride::InformationDisclosure
        ]
    );
    assert_eq!(s.threat("sqli").unwrap().likelihood, None);
    // Mitigations: addressed threats and status from the instances.
    let authz = s.mitigation("authz-check").unwrap();
    assert_eq!(authz.addresses, ["idor", "prompt-injection"]);
    assert_eq!(
        authz.implementation,
        maestro_tm::vocab::ImplementationStatus::Implemented
    );
    let pq = s.mitigation("param-queries").unwrap();
    assert_eq!(pq.status, maestro_tm::vocab::MitigationStatus::InProgress);
    assert_eq!(
        pq.effectiveness,
        Some(maestro_tm::vocab::Effectiveness::High)
    );
    // A two-way flow stays one flow, marked as two-way.
    let two_way = s.flows.iter().find(|f| f.id == "df-1").unwrap();
    assert!(two_way.bidirectional);
    assert_eq!(
        (two_way.from.as_str(), two_way.to.as_str()),
        ("browser", "cdn")
    );
    assert_eq!(s.flows.len(), 4);
    // Assets and where they are processed and stored.
    let orders = s.assets.iter().find(|a| a.id == "orders").unwrap();
    assert_eq!(
        orders.classification,
        Some(maestro_tm::vocab::Classification::Restricted)
    );
    assert_eq!(orders.lifecycle.len(), 2);
    // The imported session is consistent.
    let problems = maestro_tm::session::validate::check(&s, &Catalog::embedded());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn import_of_another_tools_yaml() {
    let s = import_file("rag-assistant.yaml");
    assert_eq!(s.session.title, "HR policy assistant");
    assert_eq!(s.components.len(), 4);
    assert!(s.components.iter().all(|c| c.layers.is_empty()));
    use maestro_tm::vocab::ComponentKind;
    let kinds: Vec<ComponentKind> = s.components.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ComponentKind::HumanRole,
            ComponentKind::Agent,
            ComponentKind::VectorStore,
            ComponentKind::Model
        ]
    );
    assert_eq!(
        s.threat("doc-poisoning").unwrap().components,
        ["assistant", "vectors"]
    );
    assert_eq!(
        s.mitigation("doc-review").unwrap().addresses,
        ["doc-poisoning"]
    );
    assert_eq!(s.flows.len(), 3, "the two-way flow stays one");
    assert_eq!(s.flows.iter().filter(|f| f.bidirectional).count(), 1);
    assert!(maestro_tm::session::validate::check(&s, &Catalog::embedded()).is_empty());
}

#[test]
fn import_of_otm_0_1_with_null_lists() {
    let s = import_file("legacy-0.1.json");
    assert_eq!(s.zones.len(), 2);
    assert_eq!(s.components.len(), 2);
    assert_eq!(s.flows.len(), 1);
    assert!(s.threats.is_empty());
    assert_eq!(s.zones[1].parent, "dmz");
}

#[test]
fn cli_import_of_another_tools_file_leaves_components_unplaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shop.toml");
    let src = data("otm/webshop-nested-zones.json");
    let o = run(&["import", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("6 components (6 unplaced)"),
        "{}",
        stdout(&o)
    );
    let o = run(&["validate", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
}

fn import_error(text: &str) -> String {
    otm::read(text, None, &defaults()).unwrap_err().to_string()
}

const GOOD_HEAD: &str = r#""otmVersion": "0.2.0", "project": {"name": "p", "id": "p"}"#;

#[test]
fn malformed_otm_fails_naming_the_path() {
    // Missing project.
    let e = import_error(r#"{"otmVersion": "0.2.0", "trustZones": []}"#);
    assert!(e.contains("missing field `project`"), "{e}");
    // Wrong type, deep inside.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, "trustZones": [{{"id": "z", "name": "z", "risk": {{"trustRating": "high"}}}}]}}"#
    ));
    assert!(e.starts_with("trustZones[0].risk.trustRating: "), "{e}");
    // Missing required field of a component.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, "trustZones": [], "components": [{{"id": "c", "name": "c", "parent": {{"trustZone": "z"}}}}]}}"#
    ));
    assert!(e.starts_with("components[0]: missing field `type`"), "{e}");
    // Inconsistent ids: unknown parent zone.
    let zones = r#""trustZones": [{"id": "tz-1", "name": "a", "risk": {"trustRating": 5}}]"#;
    let comp = |id: &str, zone: &str| {
        format!(
            r#"{{"id": "{id}", "name": "{id}", "type": "t", "parent": {{"trustZone": "{zone}"}}}}"#
        )
    };
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{}, {}, {}, {}]}}"#,
        comp("a", "tz-1"),
        comp("b", "tz-1"),
        comp("c", "tz-1"),
        comp("d", "tz-9")
    ));
    assert_eq!(
        e,
        r#"components[3].parent.trustZone: unknown trust zone "tz-9""#
    );
    // Duplicate ids.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{}, {}]}}"#,
        comp("a", "tz-1"),
        comp("a", "tz-1")
    ));
    assert_eq!(
        e,
        r#"components[1].id: duplicate id "a" (also components[0])"#
    );
    // A data flow to nowhere, a threat instance of an unknown threat.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{}], "dataflows": [{{"id": "f", "name": "f", "source": "a", "destination": "zz"}}]}}"#,
        comp("a", "tz-1")
    ));
    assert_eq!(e, r#"dataflows[0].destination: unknown component "zz""#);
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{{"id": "a", "name": "a", "type": "t", "parent": {{"trustZone": "tz-1"}}, "threats": [{{"threat": "t-1", "state": "Expose"}}]}}]}}"#
    ));
    assert_eq!(
        e,
        r#"components[0].threats[0].threat: unknown threat "t-1""#
    );
    // Both parents at once.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{{"id": "a", "name": "a", "type": "t", "parent": {{"trustZone": "tz-1", "component": "a"}}}}]}}"#
    ));
    assert!(
        e.starts_with("components[0].parent: expected exactly one"),
        "{e}"
    );
    // A broken MAESTRO record names its path too.
    let e = import_error(&format!(
        r#"{{{GOOD_HEAD}, {zones}, "components": [{{"id": "a", "name": "a", "type": "agent", "parent": {{"trustZone": "tz-1"}}, "attributes": {{"maestro": {{"kind": "agent", "layers": ["L9"]}}}}}}]}}"#
    ));
    assert!(
        e.starts_with("components[0].attributes.maestro.layers[0]: unknown variant `L9`"),
        "{e}"
    );
    // Syntax errors and unsupported versions.
    assert!(import_error("{\"otmVersion\": ").starts_with("document: invalid JSON"));
    assert!(import_error("otmVersion: [").starts_with("document: invalid YAML"));
    let e = import_error(r#"{"otmVersion": "3.0.0", "project": {"name": "p", "id": "p"}}"#);
    assert!(e.starts_with("otmVersion: unsupported"), "{e}");
}

#[test]
fn cli_import_error_names_file_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "otmVersion: 0.2.0\ntrustZones: []\n").unwrap();
    let out = dir.path().join("out.toml");
    let o = run(&["import", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.yaml: error: document: missing field `project`"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

// ---------------------------------------------------------------- diff

fn diff_cli(format: &str) -> Output {
    run(&[
        "diff",
        "--exit-code",
        data("diff/support-v1.toml").to_str().unwrap(),
        data("diff/support-v2.toml").to_str().unwrap(),
        "--format",
        format,
    ])
}

#[test]
fn diff_of_two_versions_reports_each_kind_of_change() {
    let o = diff_cli("json");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let d: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Threats added, removed, renamed; inherent and residual risk moves.
    assert_eq!(ids(&d["threats"]["added"]), ["T-4"]);
    assert_eq!(ids(&d["threats"]["removed"]), ["T-3"]);
    assert_eq!(
        d["threats"]["renamed"][0]["new"],
        "Poisoning of the knowledge base"
    );
    let risk = d["threats"]["risk"].as_array().unwrap();
    assert!(risk.iter().any(|r| r["id"] == "T-2"
        && r["measure"] == "inherent"
        && r["old"] == "Medium"
        && r["new"] == "High"));
    assert!(
        risk.iter()
            .any(|r| r["id"] == "T-2" && r["measure"] == "residual")
    );
    // Mitigation status and implementation changes; a removed mitigation.
    let changes = d["mitigations"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["id"] == "M-1" && c["field"] == "status" && c["new"] == "Implemented")
    );
    assert!(
        changes
            .iter()
            .any(|c| c["id"] == "M-1" && c["field"] == "implementation")
    );
    assert_eq!(ids(&d["mitigations"]["removed"]), ["M-3"]);
    // Components added, removed, moved between layers.
    assert_eq!(ids(&d["components"]["added"]), ["C-TOOLS"]);
    assert_eq!(ids(&d["components"]["removed"]), ["C-NEW"]);
    assert_eq!(
        d["components"]["layers"][0]["new"],
        serde_json::json!(["L3", "L7"])
    );
    // Phase status changes.
    assert_eq!(
        d["phases"][0],
        serde_json::json!({"phase": 2, "old": "In Progress", "new": "Complete"})
    );
    // Other records per kind, and sections.
    let records = d["records"].as_array().unwrap();
    assert!(
        records
            .iter()
            .any(|r| r["kind"] == "flows" && r["added"] == serde_json::json!(["F-3"]))
    );
    assert!(
        records
            .iter()
            .any(|r| r["kind"] == "residual_risks" && r["removed"] == serde_json::json!(["R-1"]))
    );
    assert_eq!(d["sections"], serde_json::json!(["session"]));
}

#[test]
fn diff_text_and_markdown() {
    let o = diff_cli("text");
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("  + T-4  Refund tool misuse\n"), "{text}");
    assert!(
        text.contains("  ~ T-2  inherent risk: Medium → High\n"),
        "{text}"
    );
    assert!(
        text.contains("  ~ C-TRIAGE  layers: L3 → L3, L7\n"),
        "{text}"
    );
    assert!(
        text.contains("  ~ phase 2  In Progress → Complete\n"),
        "{text}"
    );
    let o = diff_cli("md");
    assert_eq!(o.status.code(), Some(1));
    let md = stdout(&o);
    assert!(md.starts_with("## Threat model changes: "), "{md}");
    assert!(md.contains("v1.0 → "), "{md}");
    assert!(
        md.contains("### Mitigations\n\n- **M-3** removed: Action audit log\n"),
        "{md}"
    );
}

#[test]
fn diff_exit_codes() {
    let v1 = data("diff/support-v1.toml");
    let v1 = v1.to_str().unwrap();
    let o = run(&["diff", v1, v1]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    let o = run(&["diff", v1, v1, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["diff", v1, "/definitely/not/here.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not/here.toml"));
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "schema_version = 1\n[[threats]]\nid = 5\n").unwrap();
    let o = run(&["diff", v1, broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    // An empty side (git difftool on an added file) is an empty session.
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let o = run(&["diff", empty.to_str().unwrap(), v1]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "differences without --exit-code: 0"
    );
    let o = run(&["diff", "--exit-code", empty.to_str().unwrap(), v1]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("+ T-1"));
}

// ---------------------------------------------------------------- shell integration

#[test]
fn completions_for_each_shell_mention_validate() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("validate"), "{shell}");
        assert!(text.contains("maestro-tm"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_page_mentions_validate() {
    let o = run(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(".ie \\n(.g"),
        "{}",
        &text[..text.len().min(80)]
    );
    assert!(text.contains(".TH maestro-tm"), "roff title");
    assert!(text.contains("validate"));
}

// ---------------------------------------------------------------- session schema

#[test]
fn session_schema_file_is_in_sync_with_the_model() {
    let path = root().join(SESSION_SCHEMA_PATH);
    let generated = session_schema();
    if std::env::var_os("MAESTRO_TM_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; regenerate with `MAESTRO_TM_BLESS=1 cargo test --test interchange session_schema`",
        SESSION_SCHEMA_PATH
    );
}

fn toml_as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn session_schema_accepts_sessions_and_rejects_a_wrong_enum_value() {
    let validator = validator(&root().join(SESSION_SCHEMA_PATH));
    for file in sessions() {
        let json = toml_as_json(&std::fs::read_to_string(&file).unwrap());
        assert_valid(&validator, &json, &file.display().to_string());
    }
    let text = std::fs::read_to_string(data("diff/support-v1.toml")).unwrap();
    let wrong = text.replace("severity = \"High\"", "severity = \"Catastrophic\"");
    assert_ne!(wrong, text);
    assert!(!validator.is_valid(&toml_as_json(&wrong)));
    let wrong_layer = text.replace("layers = [\"L3\"]", "layers = [\"L8\"]");
    assert_ne!(wrong_layer, text);
    assert!(!validator.is_valid(&toml_as_json(&wrong_layer)));
}
