//! Session → OTM.
//!
//! Every record goes to its OTM element with the native fields other tools read
//! (names, parents, data flow ends, CIA and likelihood/impact numbers), and the
//! whole MAESTRO record in `attributes.maestro` (minus what the native fields hold
//! exactly), so that importing the file gives the same session back.

use super::document::*;
use super::{MAESTRO_KEY, PLACEHOLDER_KEY, UNZONED_ID, scale};
use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Asset, Component, DataFlow, Mitigation, Session, Threat, TrustZone};
use crate::vocab::{Disposition, ImplementationStatus, MitigationStatus};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

/// The OTM version written.
pub const OTM_VERSION: &str = "0.2.0";

/// Session keys that become OTM elements; the rest rides in the project's attributes.
const RECORD_KEYS: &[&str] = &[
    "components",
    "flows",
    "zones",
    "assets",
    "threats",
    "mitigations",
];

/// `attributes` holding the record as the session writes it, less `native` keys.
fn maestro_attributes<T: Serialize>(record: &T, native: &[&str]) -> Attributes {
    let mut object = match serde_json::to_value(record) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    for key in native {
        object.remove(*key);
    }
    // Kept OTM data is written back into the element itself (see `lossless`).
    object.remove("otm");
    let mut attributes = Map::new();
    attributes.insert(MAESTRO_KEY.to_string(), Value::Object(object));
    attributes
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

/// A project id from the title: lowercase letters and digits joined by dashes.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "maestro-session".to_string()
    } else {
        words.join("-")
    }
}

/// The OTM state of a threat: accepted in the residual register, else how far its
/// mitigations are in place (the risk engine's strongest status).
fn threat_state(lookup: &Lookup, threat_id: &str) -> &'static str {
    if lookup.accepted.contains(threat_id) {
        return "accepted";
    }
    match risk::strongest_status_with(&lookup.index, threat_id) {
        ImplementationStatus::Implemented => "mitigated",
        ImplementationStatus::PartiallyImplemented => "partly-mitigated",
        ImplementationStatus::NotImplemented => "exposed",
    }
}

fn mitigation_state(lookup: &Lookup, mitigation: &Mitigation) -> &'static str {
    match risk::mitigation_status_with(&lookup.index, mitigation) {
        ImplementationStatus::Implemented => "implemented",
        ImplementationStatus::PartiallyImplemented => "partially-implemented",
        ImplementationStatus::NotImplemented
            if mitigation.status == MitigationStatus::WillNotAction =>
        {
            "rejected"
        }
        ImplementationStatus::NotImplemented => "required",
    }
}

/// Lookups built once per export, so that it stays linear in the session's size.
struct Lookup<'a> {
    index: risk::Index<'a>,
    /// Threats with an Accepted record in the residual register.
    accepted: HashSet<&'a str>,
    /// Component id → the threats that name it, in session order, each once.
    threats_of: HashMap<&'a str, Vec<&'a Threat>>,
    /// Data flow id → the threats that name it, likewise.
    threats_of_flow: HashMap<&'a str, Vec<&'a Threat>>,
}

impl<'a> Lookup<'a> {
    fn new(session: &'a Session) -> Lookup<'a> {
        let mut threats_of: HashMap<&str, Vec<&Threat>> = HashMap::new();
        let mut threats_of_flow: HashMap<&str, Vec<&Threat>> = HashMap::new();
        for t in &session.threats {
            for (ids, map) in [
                (&t.components, &mut threats_of),
                (&t.flows, &mut threats_of_flow),
            ] {
                for id in ids {
                    let list = map.entry(id.as_str()).or_default();
                    if !list.last().is_some_and(|last| std::ptr::eq(*last, t)) {
                        list.push(t);
                    }
                }
            }
        }
        Lookup {
            index: risk::Index::new(session),
            accepted: session
                .residual_risks
                .iter()
                .filter(|r| r.disposition == Some(Disposition::Accepted))
                .map(|r| r.threat.as_str())
                .collect(),
            threats_of,
            threats_of_flow,
        }
    }
}

/// The threat instances of one component or data flow, with their mitigations.
fn instances(lookup: &Lookup, threats: Option<&Vec<&Threat>>) -> Vec<ThreatInstance> {
    threats
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|t| ThreatInstance {
            threat: t.id.clone(),
            state: threat_state(lookup, &t.id).to_string(),
            mitigations: lookup
                .index
                .mitigations_for(&t.id)
                .iter()
                .map(|m| MitigationInstance {
                    mitigation: m.id.clone(),
                    state: Some(mitigation_state(lookup, m).to_string()),
                })
                .collect(),
        })
        .collect()
}

fn number(value: u64) -> Number {
    Number::from(value)
}

/// The OTM document of a session with the data kept from an import put back: what
/// `export otm` writes (see `lossless`).
pub fn export_document(session: &Session, catalog: &Catalog) -> Value {
    let mut document = serde_json::to_value(export(session, catalog)).unwrap_or(Value::Null);
    super::lossless::apply_all(session, &mut document);
    document
}

/// Builds the OTM document of a session from what the session models (no kept data).
pub fn export(session: &Session, _catalog: &Catalog) -> OtmDocument {
    native(session)
}

/// [`export`] without the catalog (import uses it to find what it must keep).
pub(super) fn native(session: &Session) -> OtmDocument {
    let writer = Writer::new(session);
    let mut trust_zones: Vec<OtmTrustZone> = session.zones.iter().map(|z| writer.zone(z)).collect();
    trust_zones.extend(writer.placeholder_zone());
    OtmDocument {
        otm_version: OTM_VERSION.to_string(),
        project: writer.project(),
        representations: Vec::new(),
        assets: session.assets.iter().map(|a| writer.asset(a)).collect(),
        trust_zones,
        components: session
            .components
            .iter()
            .map(|c| writer.component(c))
            .collect(),
        dataflows: session.flows.iter().map(|f| writer.flow(f)).collect(),
        threats: session.threats.iter().map(|t| writer.threat(t)).collect(),
        mitigations: session
            .mitigations
            .iter()
            .map(|m| writer.mitigation(m))
            .collect(),
        source: String::new(),
        lost: Vec::new(),
    }
}

/// The session without its records (each is an element of its own) nor its kept OTM
/// data, for the project's MAESTRO record: cloned field by field, not serialized whole
/// only to drop the records. Every field is named, so a new one fails to compile here.
fn without_records(session: &Session) -> Session {
    let Session {
        schema_version,
        session: info,
        engagement,
        business,
        architecture,
        phases,
        assumptions,
        components: _,
        flows: _,
        actors,
        zones: _,
        boundaries,
        assets: _,
        analysis,
        reviews,
        threats: _,
        chains,
        mitigations: _,
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
        otm: _,
    } = session;
    Session {
        schema_version: *schema_version,
        session: info.clone(),
        engagement: engagement.clone(),
        business: business.clone(),
        architecture: architecture.clone(),
        phases: phases.clone(),
        assumptions: assumptions.clone(),
        components: Vec::new(),
        flows: Vec::new(),
        actors: actors.clone(),
        zones: Vec::new(),
        boundaries: boundaries.clone(),
        assets: Vec::new(),
        analysis: analysis.clone(),
        reviews: reviews.clone(),
        threats: Vec::new(),
        chains: chains.clone(),
        mitigations: Vec::new(),
        code_validation: code_validation.clone(),
        validations: validations.clone(),
        residual_risks: residual_risks.clone(),
        summary: summary.clone(),
        roadmap: roadmap.clone(),
        triggers: triggers.clone(),
        signoffs: signoffs.clone(),
        conflicts: conflicts.clone(),
        id_high_water: id_high_water.clone(),
        discovery: discovery.clone(),
        otm: Default::default(),
    }
}

/// The `project` element of a session's export (its MAESTRO record: the session
/// without its records).
pub(super) fn project_of(session: &Session) -> Project {
    let info = &session.session;
    let name = if info.title.trim().is_empty() {
        "Untitled session".to_string()
    } else {
        info.title.clone()
    };
    let mut session_rest = match serde_json::to_value(without_records(session)) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    for key in RECORD_KEYS {
        session_rest.remove(*key);
    }
    session_rest.remove("otm");
    let mut project_attributes = Map::new();
    project_attributes.insert(MAESTRO_KEY.to_string(), Value::Object(session_rest));
    Project {
        id: slug(&name),
        name,
        description: text(&session.architecture.overview),
        owner: (!info.analysts.is_empty()).then(|| info.analysts.join(", ")),
        owner_contact: None,
        tags: Vec::new(),
        attributes: project_attributes,
    }
}

/// Writes a session's records as OTM elements, one at a time (import compares them
/// with the file element by element, without the whole document at once).
pub(super) struct Writer<'a> {
    session: &'a Session,
    lookup: Lookup<'a>,
    /// Whether elements get their MAESTRO record (`attributes.maestro`): import leaves
    /// it out where the file's element has one, which then says all of it.
    records: std::cell::Cell<bool>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(session: &'a Session) -> Writer<'a> {
        Writer {
            session,
            lookup: Lookup::new(session),
            records: std::cell::Cell::new(true),
        }
    }

    /// Elements written from now on have their MAESTRO record, or not.
    pub(super) fn with_records(&self, records: bool) -> &Self {
        self.records.set(records);
        self
    }

    fn attributes<T: Serialize>(&self, record: &T, native: &[&str]) -> Attributes {
        if self.records.get() {
            maestro_attributes(record, native)
        } else {
            Attributes::new()
        }
    }

    pub(super) fn project(&self) -> Project {
        project_of(self.session)
    }

    pub(super) fn zone(&self, z: &TrustZone) -> OtmTrustZone {
        OtmTrustZone {
            id: z.id.clone(),
            name: z.name.clone(),
            kind: text(&z.kind),
            description: text(&z.description),
            risk: TrustRisk {
                trust_rating: number(u64::from(z.trust_level.unwrap_or(scale::UNRATED_TRUST))),
            },
            parent: (!z.parent.is_empty()).then(|| Parent {
                trust_zone: Some(z.parent.clone()),
                component: None,
            }),
            representations: Vec::new(),
            attributes: self.attributes(z, &["id", "name", "description", "parent"]),
        }
    }

    /// OTM requires every component to have a parent; unzoned ones share a placeholder.
    pub(super) fn placeholder_zone(&self) -> Option<OtmTrustZone> {
        if !self.session.components.iter().any(|c| c.zone.is_empty()) {
            return None;
        }
        let mut attributes = Map::new();
        attributes.insert(PLACEHOLDER_KEY.to_string(), Value::Bool(true));
        Some(OtmTrustZone {
            id: UNZONED_ID.to_string(),
            name: "Not yet placed in a trust zone".to_string(),
            kind: None,
            description: None,
            risk: TrustRisk {
                trust_rating: number(u64::from(scale::UNRATED_TRUST)),
            },
            parent: None,
            representations: Vec::new(),
            attributes,
        })
    }

    pub(super) fn component(&self, c: &Component) -> OtmComponent {
        let lookup = &self.lookup;
        let threats = instances(lookup, lookup.threats_of.get(c.id.as_str()));
        OtmComponent {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind.as_str().to_string(),
            description: text(&c.description),
            parent: Parent {
                trust_zone: Some(if c.zone.is_empty() {
                    UNZONED_ID.to_string()
                } else {
                    c.zone.clone()
                }),
                component: None,
            },
            representations: Vec::new(),
            assets: None,
            threats,
            tags: Vec::new(),
            attributes: self.attributes(c, &["id", "name", "description", "zone"]),
        }
    }

    pub(super) fn flow(&self, f: &DataFlow) -> OtmDataflow {
        let lookup = &self.lookup;
        OtmDataflow {
            id: f.id.clone(),
            name: if f.data.is_empty() {
                format!("{} to {}", f.from, f.to)
            } else {
                f.data.clone()
            },
            description: None,
            bidirectional: f.bidirectional.then_some(true),
            source: f.from.clone(),
            destination: f.to.clone(),
            assets: Vec::new(),
            threats: instances(lookup, lookup.threats_of_flow.get(f.id.as_str())),
            tags: Vec::new(),
            attributes: self.attributes(f, &["id", "from", "to"]),
        }
    }

    pub(super) fn threat(&self, t: &Threat) -> OtmThreat {
        OtmThreat {
            id: t.id.clone(),
            name: t.name.clone(),
            description: text(&t.description),
            categories: t
                .stride
                .iter()
                .map(|s| Some(s.as_str().to_string()))
                .collect(),
            cwes: Vec::new(),
            risk: ThreatRisk {
                likelihood: t.likelihood.map(|l| number(scale::likelihood_value(l))),
                likelihood_comment: None,
                impact: number(t.severity.map_or(0, scale::severity_value)),
                impact_comment: None,
            },
            tags: Vec::new(),
            attributes: self.attributes(t, &["id", "name", "description"]),
        }
    }

    pub(super) fn mitigation(&self, m: &Mitigation) -> OtmMitigation {
        OtmMitigation {
            id: m.id.clone(),
            name: m.name.clone(),
            description: text(&m.description),
            risk_reduction: number(m.effectiveness.map_or(0, scale::effectiveness_value)),
            attributes: self.attributes(m, &["id", "name", "description"]),
        }
    }

    pub(super) fn asset(&self, a: &Asset) -> OtmAsset {
        OtmAsset {
            id: a.id.clone(),
            name: a.name.clone(),
            description: None,
            risk: CiaRisk {
                confidentiality: number(scale::confidentiality_value(a.classification)),
                integrity: number(scale::UNRATED_CIA),
                availability: number(scale::UNRATED_CIA),
                comment: None,
            },
            attributes: self.attributes(a, &["id", "name"]),
        }
    }
}

/// The document as pretty JSON with a final newline (a [`Value`] from
/// [`export_document`] goes through [`super::lossless::Ordered`] for OTM's key order).
pub fn to_json<T: Serialize + ?Sized>(doc: &T) -> String {
    serde_json::to_string_pretty(doc).expect("an OTM document always serializes") + "\n"
}

/// The document as YAML.
pub fn to_yaml<T: Serialize + ?Sized>(doc: &T) -> String {
    serde_yaml_ng::to_string(doc).expect("an OTM document always serializes")
}
