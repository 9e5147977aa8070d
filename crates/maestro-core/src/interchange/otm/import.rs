//! Long because the OTM import checks and maps every element kind in one ordered pass (syntax, types, version, ids, references); export and the bounded reader are separate files.
//!
//! OTM → session.
//!
//! Checks, in order: syntax (JSON or YAML), types and required fields (every error
//! names its path in the document, e.g. `components[3].parent`), the OTM version,
//! unique ids, and references between elements. Elements that carry a MAESTRO
//! record in `attributes.maestro` are restored from it; the others are mapped from
//! their native fields. What the session does not model is then kept with each record
//! (`lossless`). Over 600 lines because one pass checks and maps every element kind;
//! guesses about other tools' values live in `foreign`.

use super::document::*;
use super::foreign::{guess_kind, mitigation_progress};
use super::{MAESTRO_KEY, PLACEHOLDER_KEY, scale};
use crate::session::{
    Asset, Component, DataFlow, LifecycleStep, Mitigation, SCHEMA_VERSION, Session, Threat,
    TrustZone,
};
use crate::vocab::MitigationType;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An invalid OTM document: where in the document, and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct OtmError {
    /// Path inside the document, e.g. `components[3].parent.trustZone`.
    pub path: String,
    pub message: String,
}

impl OtmError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> OtmError {
        OtmError {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// The text syntax of an OTM file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// By extension (`.json`, `.yaml`, `.yml`), else by content: JSON starts with `{`.
    pub fn detect(path: Option<&Path>, text: &str) -> Syntax {
        let extension = path
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_lowercase());
        match extension.as_deref() {
            Some("json") => Syntax::Json,
            Some("yaml" | "yml") => Syntax::Yaml,
            _ if text.trim_start().starts_with('{') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// What a session imported from another tool starts with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportDefaults {
    pub catalog_version: String,
    /// YYYY-MM-DD.
    pub today: String,
}

/// Deserializes `value` as `T`, naming the failing path below `prefix`.
fn typed<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, OtmError> {
    typed_from(value, prefix)
}

/// [`typed`] straight from a parser: no generic tree of the document in between.
fn typed_from<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    de: D,
    prefix: &str,
) -> Result<T, OtmError> {
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.path().to_string();
        let message = e.into_inner().to_string();
        // The YAML parser's message starts with the path already.
        let message = message
            .strip_prefix(&format!("{inner}: "))
            .map_or_else(|| message.clone(), str::to_string);
        let path = match (prefix.is_empty(), inner == ".") {
            (true, true) => "document".to_string(),
            (true, false) => inner,
            (false, true) => prefix.to_string(),
            (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
            (false, false) => format!("{prefix}.{inner}"),
        };
        OtmError::new(path, message)
    })
}

/// Parses OTM text and checks its structure (not yet its references).
pub fn parse(text: &str, syntax: Syntax) -> Result<OtmDocument, OtmError> {
    parse_with_warnings(text, syntax).map(|(doc, _)| doc)
}

/// The version assumed for a file without `otmVersion` (real producers emit them).
pub const ASSUMED_VERSION: &str = "0.2.0";

/// Like [`parse`], with warnings about what was accepted although not quite valid.
pub fn parse_with_warnings(
    text: &str,
    syntax: Syntax,
) -> Result<(OtmDocument, Vec<String>), OtmError> {
    crate::limits::check_nesting(text).map_err(|m| OtmError::new("document", m))?;
    // Depth, node count, duplicate keys and values JSON cannot hold are checked while
    // parsing (see `checked`), in a first pass that builds nothing; the second pass
    // builds the typed document directly. Peak memory is then the parser's own plus the
    // typed document, never a generic tree of the whole document besides (issue 17, M2).
    // Lossless import reads the JSON text once more, one element at a time (`capture`).
    let bounds = super::checked::Bounds::for_len(text.len());
    // YAML is written out as JSON in the first pass: the YAML parser holds the events of
    // the whole document, which are freed before the typed document is built.
    let (top, yaml_as_json) = match syntax {
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let top = super::checked::check(&mut de, &bounds)
                .and_then(|top| de.end().map(|()| top))
                .map_err(|e| OtmError::new("document", format!("invalid JSON: {e}")))?;
            (top, None)
        }
        Syntax::Yaml => {
            let de = serde_yaml_ng::Deserializer::from_str(text);
            let (top, json) = super::checked::check_to_json(de, &bounds)
                .map_err(|e| OtmError::new("document", format!("invalid YAML: {e}")))?;
            (top, Some(json))
        }
    };
    if !top.is_object {
        return Err(OtmError::new(
            "document",
            "an OTM document is an object with `otmVersion` and `project`",
        ));
    }
    let has = |key: &str| top.keys.iter().any(|k| k == key);
    let mut warnings = Vec::new();
    // A file without a version is read as the current one when its structure is valid.
    let assumed = !has("otmVersion") && has("project");
    if !has("otmVersion") && !has("project") {
        return Err(OtmError::new("document", "missing field `otmVersion`"));
    }
    let mut doc: OtmDocument = match yaml_as_json {
        None => {
            let mut doc: OtmDocument =
                typed_from(&mut serde_json::Deserializer::from_str(text), "")?;
            doc.source = text.to_string();
            doc
        }
        Some(json) => {
            match typed_from::<OtmDocument, _>(&mut serde_json::Deserializer::from_str(&json), "") {
                Ok(mut doc) => {
                    doc.source = json;
                    doc
                }
                // Said again from the YAML, whose parser names the line and column there.
                Err(_) => {
                    drop(json);
                    typed_from(serde_yaml_ng::Deserializer::from_str(text), "")?
                }
            }
        }
    };
    if assumed {
        doc.otm_version = ASSUMED_VERSION.to_string();
        warnings.push(format!(
            "otmVersion: missing; read as OTM {ASSUMED_VERSION}"
        ));
    }
    doc.lost = bounds.take_lost();
    if syntax == Syntax::Yaml {
        doc.lost.extend(super::checked::yaml_comments(text));
    }
    let supported = ["0.1.", "0.2."];
    if !supported.iter().any(|p| doc.otm_version.starts_with(p)) {
        return Err(OtmError::new(
            "otmVersion",
            format!(
                "unsupported OTM version \"{}\"; expected 0.1.x or 0.2.x",
                doc.otm_version
            ),
        ));
    }
    Ok((doc, warnings))
}

/// An imported session with what to tell about the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub session: Session,
    /// What was accepted although not quite valid (a missing `otmVersion`).
    pub warnings: Vec<String>,
    /// What the file held that the session cannot keep, each with where it was.
    pub lost: Vec<String>,
}

/// Parses and imports an OTM file's text, telling warnings and losses apart.
pub fn read_imported(
    text: &str,
    path: Option<&Path>,
    defaults: &ImportDefaults,
) -> Result<Imported, OtmError> {
    let (mut doc, warnings) = parse_with_warnings(text, Syntax::detect(path, text))?;
    // The typed document is freed before the file is read again for what to keep.
    let source = std::mem::take(&mut doc.source);
    let lost = std::mem::take(&mut doc.lost);
    let mut session = import(&doc, defaults)?;
    drop(doc);
    if !source.is_empty() {
        super::capture::capture_all(&mut session, &source)
            .map_err(|e| OtmError::new("document", e.to_string()))?;
    }
    Ok(Imported {
        session,
        warnings,
        lost,
    })
}

/// Parses and imports an OTM file's text; `path` picks the syntax by extension.
pub fn read(
    text: &str,
    path: Option<&Path>,
    defaults: &ImportDefaults,
) -> Result<Session, OtmError> {
    read_with_warnings(text, path, defaults).map(|(session, _)| session)
}

/// Like [`read`], with the warnings of [`parse_with_warnings`].
pub fn read_with_warnings(
    text: &str,
    path: Option<&Path>,
    defaults: &ImportDefaults,
) -> Result<(Session, Vec<String>), OtmError> {
    let imported = read_imported(text, path, defaults)?;
    let mut warnings = imported.warnings;
    warnings.extend(imported.lost.iter().map(|l| format!("{l} (not kept)")));
    Ok((imported.session, warnings))
}

/// The MAESTRO record of an element, if it has one.
fn maestro_record(
    attributes: &Attributes,
    at: &str,
) -> Result<Option<Map<String, Value>>, OtmError> {
    match attributes.get(MAESTRO_KEY) {
        None => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object.clone())),
        Some(_) => Err(OtmError::new(
            format!("{at}.attributes.{MAESTRO_KEY}"),
            "expected an object (the maestro-tm record)",
        )),
    }
}

/// Restores a record from its MAESTRO attributes plus the native fields.
fn restore<T: DeserializeOwned>(
    mut record: Map<String, Value>,
    native: &[(&str, &str)],
    at: &str,
) -> Result<T, OtmError> {
    for (key, value) in native {
        record.insert((*key).to_string(), Value::String((*value).to_string()));
    }
    typed(
        Value::Object(record),
        &format!("{at}.attributes.{MAESTRO_KEY}"),
    )
}

fn number(value: &serde_json::Number) -> f64 {
    value.as_f64().unwrap_or(0.0)
}

/// Checks ids of one element list are unique; returns id → index.
fn unique_ids<'a>(
    list: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<BTreeMap<&'a str, usize>, OtmError> {
    let mut seen = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(OtmError::new(format!("{list}[{i}].id"), "empty id"));
        }
        if let Some(first) = seen.insert(id, i) {
            return Err(OtmError::new(
                format!("{list}[{i}].id"),
                format!("duplicate id \"{id}\" (also {list}[{first}])"),
            ));
        }
    }
    Ok(seen)
}

/// Both or neither of `trustZone` and `component` is an error.
fn parent_of<'a>(parent: &'a Parent, at: &str) -> Result<ParentRef<'a>, OtmError> {
    match (&parent.trust_zone, &parent.component) {
        (Some(zone), None) => Ok(ParentRef::Zone(zone)),
        (None, Some(component)) => Ok(ParentRef::Component(component)),
        _ => Err(OtmError::new(
            at,
            "expected exactly one of `trustZone` and `component`",
        )),
    }
}

enum ParentRef<'a> {
    Zone(&'a str),
    Component(&'a str),
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Builds a session from a parsed OTM document, checking its references.
pub fn import(doc: &OtmDocument, defaults: &ImportDefaults) -> Result<Session, OtmError> {
    let mut session = match maestro_record(&doc.project.attributes, "project")? {
        Some(record) => {
            let mut session: Session = typed(
                Value::Object(record),
                &format!("project.attributes.{MAESTRO_KEY}"),
            )?;
            session.session.title = doc.project.name.clone();
            session
        }
        None => {
            let mut session = Session::new(
                doc.project.name.clone(),
                &defaults.catalog_version,
                &defaults.today,
            );
            session.architecture.overview = doc.project.description.clone().unwrap_or_default();
            if let Some(owner) = doc.project.owner.as_deref().filter(|o| !o.is_empty()) {
                session.session.analysts = vec![owner.to_string()];
            }
            session
        }
    };
    if session.schema_version == 0 {
        session.schema_version = SCHEMA_VERSION;
    }

    let placeholders: BTreeSet<&str> = doc
        .trust_zones
        .iter()
        .filter(|z| z.attributes.get(PLACEHOLDER_KEY) == Some(&Value::Bool(true)))
        .map(|z| z.id.as_str())
        .collect();
    let zone_ids = unique_ids("trustZones", doc.trust_zones.iter().map(|z| z.id.as_str()))?;
    let component_ids = unique_ids("components", doc.components.iter().map(|c| c.id.as_str()))?;
    let threat_ids = unique_ids("threats", doc.threats.iter().map(|t| t.id.as_str()))?;
    let mitigation_ids = unique_ids("mitigations", doc.mitigations.iter().map(|m| m.id.as_str()))?;
    let asset_ids = unique_ids("assets", doc.assets.iter().map(|a| a.id.as_str()))?;
    unique_ids("dataflows", doc.dataflows.iter().map(|f| f.id.as_str()))?;

    let check_zone = |zone: &str, at: String| -> Result<(), OtmError> {
        if zone_ids.contains_key(zone) {
            Ok(())
        } else {
            Err(OtmError::new(at, format!("unknown trust zone \"{zone}\"")))
        }
    };
    let check_component = |id: &str, at: String| -> Result<(), OtmError> {
        if component_ids.contains_key(id) {
            Ok(())
        } else if zone_ids.contains_key(id) {
            Err(OtmError::new(
                at,
                format!("\"{id}\" is a trust zone; maestro-tm data flows connect components"),
            ))
        } else {
            Err(OtmError::new(at, format!("unknown component \"{id}\"")))
        }
    };

    // The trust zone each component sits in, following nested components up.
    let mut component_zone: BTreeMap<&str, String> = BTreeMap::new();
    for (i, c) in doc.components.iter().enumerate() {
        let mut at = format!("components[{i}].parent");
        let mut current = c;
        let mut visited = BTreeSet::new();
        let zone = loop {
            if !visited.insert(current.id.as_str()) {
                return Err(OtmError::new(
                    format!("components[{i}].parent.component"),
                    format!("components nest in a cycle through \"{}\"", current.id),
                ));
            }
            match parent_of(&current.parent, &at)? {
                ParentRef::Zone(zone) => {
                    check_zone(zone, format!("{at}.trustZone"))?;
                    break zone;
                }
                ParentRef::Component(parent) => {
                    let index = *component_ids.get(parent).ok_or_else(|| {
                        OtmError::new(
                            format!("{at}.component"),
                            format!("unknown component \"{parent}\""),
                        )
                    })?;
                    current = &doc.components[index];
                    at = format!("components[{index}].parent");
                }
            }
        };
        let zone = if placeholders.contains(zone) {
            String::new()
        } else {
            zone.to_string()
        };
        component_zone.insert(c.id.as_str(), zone);
    }

    for (i, z) in doc.trust_zones.iter().enumerate() {
        if placeholders.contains(z.id.as_str()) {
            continue;
        }
        let at = format!("trustZones[{i}]");
        let parent = match &z.parent {
            None => String::new(),
            Some(p) => match parent_of(p, &format!("{at}.parent"))? {
                ParentRef::Zone(parent) => {
                    check_zone(parent, format!("{at}.parent.trustZone"))?;
                    parent.to_string()
                }
                // A zone inside a component sits in that component's zone.
                ParentRef::Component(component) => {
                    component_zone.get(component).cloned().ok_or_else(|| {
                        OtmError::new(
                            format!("{at}.parent.component"),
                            format!("unknown component \"{component}\""),
                        )
                    })?
                }
            },
        };
        let description = z.description.clone().unwrap_or_default();
        let zone = match maestro_record(&z.attributes, &at)? {
            Some(record) => restore::<TrustZone>(
                record,
                &[
                    ("id", &z.id),
                    ("name", &z.name),
                    ("description", &description),
                    ("parent", &parent),
                ],
                &at,
            )?,
            None => TrustZone {
                id: z.id.clone(),
                name: z.name.clone(),
                trust_level: Some(number(&z.risk.trust_rating).clamp(0.0, 100.0).round() as u8),
                parent,
                description,
                ..TrustZone::default()
            },
        };
        session.zones.push(zone);
    }

    let mut foreign_threats = BTreeSet::new();
    for (i, t) in doc.threats.iter().enumerate() {
        let at = format!("threats[{i}]");
        let description = t.description.clone().unwrap_or_default();
        let threat = match maestro_record(&t.attributes, &at)? {
            Some(record) => restore::<Threat>(
                record,
                &[
                    ("id", &t.id),
                    ("name", &t.name),
                    ("description", &description),
                ],
                &at,
            )?,
            None => {
                foreign_threats.insert(t.id.as_str());
                Threat {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    description,
                    // Each category once, in the file's order; the spellings
                    // themselves stay in the kept `categories`.
                    stride: t
                        .categories
                        .iter()
                        .flatten()
                        .filter_map(|c| super::stride_of(c))
                        .fold(Vec::new(), |mut list, s| {
                            if !list.contains(&s) {
                                list.push(s);
                            }
                            list
                        }),
                    severity: Some(scale::severity_of(number(&t.risk.impact))),
                    likelihood: t
                        .risk
                        .likelihood
                        .as_ref()
                        .map(|l| scale::likelihood_of(number(l))),
                    ..Threat::default()
                }
            }
        };
        session.threats.push(threat);
    }

    let mut foreign_mitigations = BTreeSet::new();
    for (i, m) in doc.mitigations.iter().enumerate() {
        let at = format!("mitigations[{i}]");
        let description = m.description.clone().unwrap_or_default();
        let mitigation = match maestro_record(&m.attributes, &at)? {
            Some(record) => restore::<Mitigation>(
                record,
                &[
                    ("id", &m.id),
                    ("name", &m.name),
                    ("description", &description),
                ],
                &at,
            )?,
            None => {
                foreign_mitigations.insert(m.id.as_str());
                // Status and links come from the threat instances below.
                let mut record = Map::new();
                record.insert("kind".into(), MitigationType::Preventive.as_str().into());
                let mut mitigation: Mitigation = restore(
                    record,
                    &[
                        ("id", &m.id),
                        ("name", &m.name),
                        ("description", &description),
                    ],
                    &at,
                )?;
                mitigation.effectiveness = scale::effectiveness_of(number(&m.risk_reduction));
                mitigation
            }
        };
        session.mitigations.push(mitigation);
    }

    let mut seen_mitigation_state = BTreeSet::new();
    let instance_lists = doc
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("components[{i}]"), Ok(c.id.as_str()), &c.threats))
        .chain(
            doc.dataflows
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("dataflows[{i}]"), Err(f.id.as_str()), &f.threats)),
        );
    // `owner` is Ok(component id) or Err(data flow id).
    for (owner_at, owner, instances) in instance_lists {
        for (j, instance) in instances.iter().enumerate() {
            let at = format!("{owner_at}.threats[{j}]");
            let Some(&t_index) = threat_ids.get(instance.threat.as_str()) else {
                return Err(OtmError::new(
                    format!("{at}.threat"),
                    format!("unknown threat \"{}\"", instance.threat),
                ));
            };
            if foreign_threats.contains(instance.threat.as_str()) {
                let threat = &mut session.threats[t_index];
                match owner {
                    Ok(component) => push_unique(&mut threat.components, component),
                    Err(flow) => push_unique(&mut threat.flows, flow),
                }
            }
            for (k, m) in instance.mitigations.iter().enumerate() {
                let Some(&m_index) = mitigation_ids.get(m.mitigation.as_str()) else {
                    return Err(OtmError::new(
                        format!("{at}.mitigations[{k}].mitigation"),
                        format!("unknown mitigation \"{}\"", m.mitigation),
                    ));
                };
                if foreign_mitigations.contains(m.mitigation.as_str()) {
                    let mitigation = &mut session.mitigations[m_index];
                    push_unique(&mut mitigation.addresses, &instance.threat);
                    // The first state seen for a mitigation counts.
                    if seen_mitigation_state.insert(m_index) {
                        let (status, implementation) = mitigation_progress(m.state.as_deref());
                        mitigation.status = status;
                        mitigation.implementation = implementation;
                    }
                }
            }
        }
    }

    for (i, c) in doc.components.iter().enumerate() {
        let at = format!("components[{i}]");
        let description = c.description.clone().unwrap_or_default();
        let zone = component_zone
            .get(c.id.as_str())
            .cloned()
            .unwrap_or_default();
        let component = match maestro_record(&c.attributes, &at)? {
            Some(record) => restore::<Component>(
                record,
                &[
                    ("id", &c.id),
                    ("name", &c.name),
                    ("description", &description),
                    ("zone", &zone),
                ],
                &at,
            )?,
            // Another tool's component: unplaced (no layers) until phase 2.
            None => Component {
                otm: Default::default(),
                id: c.id.clone(),
                name: c.name.clone(),
                kind: guess_kind(&c.kind, &c.name),
                layers: Vec::new(),
                technology: c.kind.clone(),
                description,
                zone,
            },
        };
        session.components.push(component);
    }

    let mut foreign_assets = BTreeSet::new();
    for (i, a) in doc.assets.iter().enumerate() {
        let at = format!("assets[{i}]");
        let asset = match maestro_record(&a.attributes, &at)? {
            Some(record) => restore::<Asset>(record, &[("id", &a.id), ("name", &a.name)], &at)?,
            None => {
                foreign_assets.insert(a.id.as_str());
                Asset {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    classification: Some(scale::classification_of(number(&a.risk.confidentiality))),
                    ..Asset::default()
                }
            }
        };
        session.assets.push(asset);
    }
    // Components that process or store an asset become its lifecycle stages.
    for (i, c) in doc.components.iter().enumerate() {
        let Some(instance) = &c.assets else { continue };
        for (stage, list) in [
            ("processed", &instance.processed),
            ("stored", &instance.stored),
        ] {
            for (j, asset_id) in list.iter().enumerate() {
                let Some(&index) = asset_ids.get(asset_id.as_str()) else {
                    return Err(OtmError::new(
                        format!("components[{i}].assets.{stage}[{j}]"),
                        format!("unknown asset \"{asset_id}\""),
                    ));
                };
                if !foreign_assets.contains(asset_id.as_str()) {
                    continue;
                }
                let lifecycle = &mut session.assets[index].lifecycle;
                match lifecycle.iter_mut().find(|s| s.stage == stage) {
                    Some(step) => push_unique(&mut step.components, &c.id),
                    None => lifecycle.push(LifecycleStep {
                        stage: stage.to_string(),
                        components: vec![c.id.clone()],
                        how: String::new(),
                    }),
                }
            }
        }
    }

    for (i, f) in doc.dataflows.iter().enumerate() {
        let at = format!("dataflows[{i}]");
        check_component(&f.source, format!("{at}.source"))?;
        check_component(&f.destination, format!("{at}.destination"))?;
        for (j, asset) in f.assets.iter().flatten().enumerate() {
            if !asset_ids.contains_key(asset.as_str()) {
                return Err(OtmError::new(
                    format!("{at}.assets[{j}]"),
                    format!("unknown asset \"{asset}\""),
                ));
            }
        }
        match maestro_record(&f.attributes, &at)? {
            Some(record) => session.flows.push(restore::<DataFlow>(
                record,
                &[("id", &f.id), ("from", &f.source), ("to", &f.destination)],
                &at,
            )?),
            None => {
                let data = f.description.clone().map_or(f.name.clone(), |d| {
                    if d.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{}: {d}", f.name)
                    }
                });
                session.flows.push(DataFlow {
                    id: f.id.clone(),
                    from: f.source.clone(),
                    to: f.destination.clone(),
                    data,
                    bidirectional: f.bidirectional == Some(true),
                    ..DataFlow::default()
                });
            }
        }
    }

    // What the file holds beyond the session's model stays with each record.
    if !doc.source.is_empty() {
        super::capture::capture_all(&mut session, &doc.source)
            .map_err(|e| OtmError::new("document", e.to_string()))?;
    }
    Ok(session)
}
