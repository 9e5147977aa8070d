//! Import → export without loss: what an imported OTM element holds beyond what the
//! session models is kept with its record (`session::Extension`) and written back.
//!
//! The rule is the same for every element, the document's top level and `project`:
//! right after import, maestro-tm exports the new session and compares, key by key,
//! what it writes with what the file held. Keys that differ keep the file's value
//! (`kept`, verbatim JSON) and a fingerprint of what maestro-tm wrote (`written`). On
//! export, a key whose written value still has that fingerprint gets the kept value
//! back (or stays out, if the file had no such key); a key the analyst has changed since
//! is written from the session. Foreign `attributes` are kept whole; maestro-tm's own
//! record (`attributes.maestro`) is left out while it says only what import derived.

use super::MAESTRO_KEY;
use crate::session::{Extension, Session};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// The element lists of an OTM document, with the session list each maps to.
pub(super) const LISTS: [&str; 6] = [
    "assets",
    "trustZones",
    "components",
    "dataflows",
    "threats",
    "mitigations",
];

/// Key of `written` for maestro-tm's own record in `attributes`.
pub const ATTRIBUTES_MAESTRO: &str = "attributes.maestro";

/// FNV-1a (64 bits) of the value's compact JSON, whose object keys are sorted: stable
/// across builds and platforms, short enough for one TOML line.
pub fn fingerprint(value: &Value) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in compact(value).bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// One line of JSON.
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// What to keep of an element the file held as `original` and export writes as `written`.
pub(super) fn capture(original: &Map<String, Value>, written: &Map<String, Value>) -> Extension {
    let mut ext = Extension::default();
    let keys: BTreeSet<&String> = original.keys().chain(written.keys()).collect();
    for key in keys.into_iter().filter(|k| *k != "attributes") {
        let (was, now) = (original.get(key), written.get(key));
        if was == now {
            continue;
        }
        if let Some(was) = was {
            ext.kept.insert(key.clone(), compact(was));
        }
        if let Some(now) = now {
            ext.written.insert(key.clone(), fingerprint(now));
        }
    }
    let own_record = written
        .get("attributes")
        .and_then(|a| a.get(MAESTRO_KEY))
        .map(fingerprint);
    match original.get("attributes") {
        // Written by maestro-tm: its record is the session; keep the rest only.
        Some(Value::Object(attributes)) if attributes.contains_key(MAESTRO_KEY) => {
            // Only the rest is copied: the record can be large.
            let rest: Map<String, Value> = attributes
                .iter()
                .filter(|(key, _)| *key != MAESTRO_KEY)
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            if !rest.is_empty() {
                ext.kept
                    .insert("attributes".into(), compact(&Value::Object(rest)));
            }
        }
        foreign => {
            if let Some(attributes) = foreign {
                ext.kept.insert("attributes".into(), compact(attributes));
            }
            if let Some(own) = own_record {
                ext.written.insert(ATTRIBUTES_MAESTRO.into(), own);
            }
        }
    }
    ext.kept.shrink_to_fit();
    ext.written.shrink_to_fit();
    ext
}

/// Puts the kept data of `ext` back into the element export wrote as `written`.
pub(super) fn apply(written: &mut Map<String, Value>, ext: &Extension) {
    if ext.is_empty() {
        return;
    }
    let kept = |key: &str| {
        ext.kept
            .get(key)
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
    };
    let keys: BTreeSet<&String> = ext.kept.keys().chain(ext.written.keys()).collect();
    for key in keys
        .into_iter()
        .filter(|k| *k != "attributes" && *k != ATTRIBUTES_MAESTRO)
    {
        let unchanged = match (ext.written.get(key), written.get(key)) {
            (Some(print), Some(now)) => fingerprint(now) == *print,
            (None, None) => true,
            _ => false,
        };
        if !unchanged {
            continue;
        }
        match kept(key) {
            Some(value) => {
                written.insert(key.clone(), value);
            }
            None if ext.kept.contains_key(key) => {} // unreadable: the session's value
            None => {
                written.remove(key);
            }
        }
    }

    let mut attributes = match written.remove("attributes") {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    };
    let mut own = attributes.remove(MAESTRO_KEY);
    if let (Some(record), Some(print)) = (&own, ext.written.get(ATTRIBUTES_MAESTRO))
        && fingerprint(record) == *print
    {
        own = None;
    }
    let out = match kept("attributes") {
        Some(Value::Object(mut foreign)) => {
            foreign.extend(attributes);
            Some(Value::Object(foreign))
        }
        // `null` (or another odd value) stays as it was while nothing is added to it.
        Some(other) if own.is_none() && attributes.is_empty() => Some(other),
        _ if own.is_none() && attributes.is_empty() => None,
        _ => Some(Value::Object(attributes)),
    };
    match (out, own) {
        (Some(Value::Object(mut object)), Some(record)) => {
            object.insert(MAESTRO_KEY.into(), record);
            written.insert("attributes".into(), Value::Object(object));
        }
        (None | Some(_), Some(record)) => {
            let mut object = Map::new();
            object.insert(MAESTRO_KEY.into(), record);
            written.insert("attributes".into(), Value::Object(object));
        }
        (Some(value), None) => {
            written.insert("attributes".into(), value);
        }
        (None, None) => {}
    }
}

pub(super) fn object(value: Option<&Value>) -> Map<String, Value> {
    value
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Id → kept data of the records of `list` (the first record of an id).
fn extensions<'s>(session: &'s Session, list: &str) -> HashMap<&'s str, &'s Extension> {
    let pairs: Vec<(&str, &Extension)> = match list {
        "assets" => session
            .assets
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        "trustZones" => session
            .zones
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        "components" => session
            .components
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        "dataflows" => session
            .flows
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        "threats" => session
            .threats
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        "mitigations" => session
            .mitigations
            .iter()
            .map(|r| (r.id.as_str(), &r.otm))
            .collect(),
        _ => Vec::new(),
    };
    let mut map = HashMap::with_capacity(pairs.len());
    for (id, ext) in pairs {
        map.entry(id).or_insert(ext);
    }
    map
}

pub(super) fn id_of(element: &Value) -> Option<&str> {
    element.get("id").and_then(Value::as_str)
}

/// Puts every record's kept data back into the document export wrote.
pub(super) fn apply_all(session: &Session, document: &mut Value) {
    let Some(document) = document.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(project)) = document.get_mut("project") {
        apply(project, &session.otm.project);
    }
    // The top level, with the lists that have elements set aside (as at import).
    let mut lists = Map::new();
    for list in LISTS {
        if document
            .get(list)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
            && let Some(value) = document.remove(list)
        {
            lists.insert(list.to_string(), value);
        }
    }
    let project = document.remove("project");
    apply(document, &session.otm.document);
    if let Some(project) = project {
        document.insert("project".into(), project);
    }
    for (list, mut value) in lists {
        let kept = extensions(session, &list);
        for element in value.as_array_mut().into_iter().flatten() {
            let ext = id_of(element).and_then(|id| kept.get(id).copied());
            if let (Some(ext), Some(object)) = (ext, element.as_object_mut()) {
                apply(object, ext);
            }
        }
        document.insert(list, value);
    }
}

/// Where a key goes when a document is written: OTM's own order, then any other key
/// alphabetically, `attributes` last.
fn rank(key: &str) -> usize {
    const ORDER: &[&str] = &[
        "otmVersion",
        "project",
        "id",
        "name",
        "type",
        "description",
        "owner",
        "ownerContact",
        "parent",
        "trustZone",
        "component",
        "source",
        "destination",
        "bidirectional",
        "risk",
        "trustRating",
        "confidentiality",
        "integrity",
        "availability",
        "comment",
        "likelihood",
        "likelihoodComment",
        "impact",
        "impactComment",
        "riskReduction",
        "categories",
        "cwes",
        "representations",
        "assets",
        "trustZones",
        "components",
        "dataflows",
        "threats",
        "threat",
        "state",
        "mitigations",
        "mitigation",
        "tags",
    ];
    match key {
        "attributes" => usize::MAX,
        _ => ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len()),
    }
}

/// A JSON value written with OTM's key order instead of the alphabetical one.
pub struct Ordered<'v>(pub &'v Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(object) => {
                let mut keys: Vec<&String> = object.keys().collect();
                keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
                let mut map = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    map.serialize_entry(key, &Ordered(&object[key]))?;
                }
                map.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Ordered)),
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn an_unchanged_element_comes_back_as_the_file_had_it() {
        let original = map(json!({
            "id": "c1", "name": "API", "type": "web-service", "tags": ["a", null],
            "description": null, "attributes": null, "x-extra": {"deep": [1, 2.5]}
        }));
        let written = map(json!({
            "id": "c1", "name": "API", "type": "external-service",
            "attributes": {"maestro": {"kind": "external-service"}}
        }));
        let ext = capture(&original, &written);
        assert_eq!(ext.kept["type"], r#""web-service""#);
        assert_eq!(ext.kept["attributes"], "null");
        assert!(!ext.kept.contains_key("id"), "equal keys are not kept");
        assert!(ext.written.contains_key("type"));
        assert!(
            !ext.written.contains_key("tags"),
            "nothing written for tags: no fingerprint"
        );
        let mut out = written.clone();
        apply(&mut out, &ext);
        assert_eq!(out, original);
    }

    #[test]
    fn a_changed_field_is_written_from_the_session_and_the_rest_stays() {
        let original = map(json!({"id": "m1", "riskReduction": 33.3, "attributes": {"v": 1}}));
        let written = map(json!({"id": "m1", "riskReduction": 30,
            "attributes": {"maestro": {"effectiveness": "Low"}}}));
        let ext = capture(&original, &written);
        let mut out = map(json!({"id": "m1", "riskReduction": 90,
            "attributes": {"maestro": {"effectiveness": "High"}}}));
        apply(&mut out, &ext);
        assert_eq!(
            Value::Object(out),
            json!({"id": "m1", "riskReduction": 90,
                "attributes": {"v": 1, "maestro": {"effectiveness": "High"}}})
        );
    }

    #[test]
    fn own_records_keep_only_foreign_attributes_and_always_write_theirs() {
        let original = map(json!({"id": "t1",
            "attributes": {"maestro": {"asi": ["T6"]}, "jira": "SEC-1"}}));
        let written = map(json!({"id": "t1", "attributes": {"maestro": {"asi": ["T6"]}}}));
        let ext = capture(&original, &written);
        assert_eq!(ext.kept["attributes"], r#"{"jira":"SEC-1"}"#);
        assert!(!ext.written.contains_key(ATTRIBUTES_MAESTRO));
        let mut out = written.clone();
        apply(&mut out, &ext);
        assert_eq!(out, original);
    }

    #[test]
    fn a_kept_value_that_is_not_json_leaves_the_sessions_value() {
        let mut ext = Extension::default();
        ext.kept.insert("name".into(), "{broken".into());
        ext.written
            .insert("name".into(), fingerprint(&json!("Session name")));
        let mut out = map(json!({"id": "z", "name": "Session name"}));
        apply(&mut out, &ext);
        assert_eq!(out["name"], "Session name");
    }

    #[test]
    fn fingerprints_are_stable_and_key_order_free() {
        // FNV-1a 64 of `{"a":1,"b":[true]}`, as any other implementation computes it.
        assert_eq!(
            fingerprint(&json!({"a": 1, "b": [true]})),
            "7ce7ec50cb291b15"
        );
        let reordered: Value = serde_json::from_str(r#"{"b":[true],"a":1}"#).unwrap();
        assert_eq!(
            fingerprint(&reordered),
            fingerprint(&json!({"a": 1, "b": [true]}))
        );
    }

    #[test]
    fn documents_are_written_in_otm_key_order() {
        let doc = json!({"trustZones": [], "project": {"name": "x", "id": "y",
            "attributes": {}, "zzz": 1}, "otmVersion": "0.2.0"});
        let text = serde_json::to_string(&Ordered(&doc)).unwrap();
        assert_eq!(
            text,
            r#"{"otmVersion":"0.2.0","project":{"id":"y","name":"x","zzz":1,"attributes":{}},"trustZones":[]}"#
        );
    }
}
