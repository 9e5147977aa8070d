//! Import's half of lossless OTM (see `lossless`): what the file holds beyond what the
//! session models is recorded with each record, by reading the document's JSON text
//! once more, one element at a time. Neither the file nor what export would write
//! exists as a whole JSON tree: a large import stays within its memory bound (issue 17,
//! M2), and only one element of each side is built at a time.

use super::document::{OtmDocument, Project};
use super::export::Writer;
use super::lossless::{LISTS, capture, id_of, object};
use super::{ASSUMED_VERSION, MAESTRO_KEY};
use crate::session::{Extension, Session};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::Serialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Records in `session` what `original` (the file as read, as JSON text) holds beyond
/// what export of the session writes.
pub(super) fn capture_all(session: &mut Session, original: &str) -> Result<(), serde_json::Error> {
    // The project's record is the session without its records (taken out meanwhile,
    // not serialized only to be dropped).
    let written_project = {
        let records = Records::take(session);
        let project = super::export::project_of(session);
        records.put_back(session);
        project
    };
    let (top, captured, native) = {
        let written = Written::new(session);
        let mut de = serde_json::Deserializer::from_str(original);
        let mut captured = Vec::new();
        let top = TopSeed {
            written: &written,
            captured: &mut captured,
        }
        .deserialize(&mut de)?;
        // The lists the file had no elements in are compared whole, at the top level.
        let native = written.top_level(&top.streamed, written_project.clone());
        (top, captured, native)
    };
    for (list, index, ext) in captured {
        if let Some(slot) = extension_at(session, list, index) {
            *slot = ext;
        }
    }
    let mut original_top = top.rest;
    // A file without a version was read as the assumed one, which export writes.
    original_top
        .entry("otmVersion")
        .or_insert_with(|| ASSUMED_VERSION.into());
    session.otm.document = capture(&original_top, &native);
    session.otm.project = capture(&object(top.project.as_ref()), &to_object(&written_project));
    Ok(())
}

/// A session's record lists, taken out for a moment.
struct Records {
    assets: Vec<crate::session::Asset>,
    zones: Vec<crate::session::TrustZone>,
    components: Vec<crate::session::Component>,
    flows: Vec<crate::session::DataFlow>,
    threats: Vec<crate::session::Threat>,
    mitigations: Vec<crate::session::Mitigation>,
}

impl Records {
    fn take(session: &mut Session) -> Records {
        use std::mem::take;
        Records {
            assets: take(&mut session.assets),
            zones: take(&mut session.zones),
            components: take(&mut session.components),
            flows: take(&mut session.flows),
            threats: take(&mut session.threats),
            mitigations: take(&mut session.mitigations),
        }
    }

    fn put_back(self, session: &mut Session) {
        session.assets = self.assets;
        session.zones = self.zones;
        session.components = self.components;
        session.flows = self.flows;
        session.threats = self.threats;
        session.mitigations = self.mitigations;
    }
}

/// The kept data of record `index` of the session list that OTM's `list` maps to.
fn extension_at<'s>(
    session: &'s mut Session,
    list: &str,
    index: usize,
) -> Option<&'s mut Extension> {
    match list {
        "assets" => session.assets.get_mut(index).map(|r| &mut r.otm),
        "trustZones" => session.zones.get_mut(index).map(|r| &mut r.otm),
        "components" => session.components.get_mut(index).map(|r| &mut r.otm),
        "dataflows" => session.flows.get_mut(index).map(|r| &mut r.otm),
        "threats" => session.threats.get_mut(index).map(|r| &mut r.otm),
        "mitigations" => session.mitigations.get_mut(index).map(|r| &mut r.otm),
        _ => None,
    }
}

/// What export writes for the session, element by element on demand.
struct Written<'a> {
    session: &'a Session,
    writer: Writer<'a>,
    /// List → record id → index in the session's list (the first record of an id).
    index: HashMap<&'static str, HashMap<&'a str, usize>>,
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

impl<'a> Written<'a> {
    fn new(session: &'a Session) -> Written<'a> {
        let index = HashMap::from([
            ("assets", ids(session.assets.iter().map(|r| r.id.as_str()))),
            (
                "trustZones",
                ids(session.zones.iter().map(|r| r.id.as_str())),
            ),
            (
                "components",
                ids(session.components.iter().map(|r| r.id.as_str())),
            ),
            (
                "dataflows",
                ids(session.flows.iter().map(|r| r.id.as_str())),
            ),
            (
                "threats",
                ids(session.threats.iter().map(|r| r.id.as_str())),
            ),
            (
                "mitigations",
                ids(session.mitigations.iter().map(|r| r.id.as_str())),
            ),
        ]);
        Written {
            session,
            writer: Writer::new(session),
            index,
        }
    }

    /// The session's record of `list` under `id`, by its index.
    fn record(&self, list: &str, id: &str) -> Option<usize> {
        self.index.get(list).and_then(|ids| ids.get(id)).copied()
    }

    /// The element of `list` export writes for record `i`, as JSON (with its MAESTRO
    /// record in `attributes` if `records`).
    fn element(&self, list: &str, i: usize, records: bool) -> Map<String, Value> {
        let (s, w) = (self.session, self.writer.with_records(records));
        match list {
            "assets" => to_object(&w.asset(&s.assets[i])),
            "trustZones" => to_object(&w.zone(&s.zones[i])),
            "components" => to_object(&w.component(&s.components[i])),
            "dataflows" => to_object(&w.flow(&s.flows[i])),
            "threats" => to_object(&w.threat(&s.threats[i])),
            "mitigations" => to_object(&w.mitigation(&s.mitigations[i])),
            _ => Map::new(),
        }
    }

    /// The top level export writes, without the lists compared element by element.
    fn top_level(&self, streamed: &[&str], project: Project) -> Map<String, Value> {
        let mut doc = OtmDocument {
            otm_version: super::OTM_VERSION.to_string(),
            project,
            representations: Vec::new(),
            assets: Vec::new(),
            trust_zones: Vec::new(),
            components: Vec::new(),
            dataflows: Vec::new(),
            threats: Vec::new(),
            mitigations: Vec::new(),
            source: String::new(),
            lost: Vec::new(),
        };
        let (s, w) = (self.session, self.writer.with_records(true));
        let whole = |list: &str| !streamed.contains(&list);
        if whole("assets") {
            doc.assets = s.assets.iter().map(|r| w.asset(r)).collect();
        }
        if whole("trustZones") {
            doc.trust_zones = s.zones.iter().map(|r| w.zone(r)).collect();
            doc.trust_zones.extend(w.placeholder_zone());
        }
        if whole("components") {
            doc.components = s.components.iter().map(|r| w.component(r)).collect();
        }
        if whole("dataflows") {
            doc.dataflows = s.flows.iter().map(|r| w.flow(r)).collect();
        }
        if whole("threats") {
            doc.threats = s.threats.iter().map(|r| w.threat(r)).collect();
        }
        if whole("mitigations") {
            doc.mitigations = s.mitigations.iter().map(|r| w.mitigation(r)).collect();
        }
        let mut top = to_object(&doc);
        for list in streamed {
            top.remove(*list);
        }
        // Compared on its own (`capture_all`).
        top.remove("project");
        top
    }
}

fn to_object(element: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(element) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    }
}

/// What the document's top level held besides the elements.
#[derive(Default)]
struct Top {
    /// Every key but `project` and the lists that had elements.
    rest: Map<String, Value>,
    project: Option<Value>,
    /// The lists that had elements (each compared element by element).
    streamed: Vec<&'static str>,
}

/// Kept data captured for the session's records: (list, record index, data).
type Captured = Vec<(&'static str, usize, Extension)>;

struct TopSeed<'a, 'w> {
    written: &'a Written<'w>,
    captured: &'a mut Captured,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = Top;
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Top, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OTM document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(list) = LISTS.iter().copied().find(|l| *l == key) {
                let seed = ListSeed {
                    list,
                    written: self.written,
                    captured: &mut *self.captured,
                };
                match map.next_value_seed(seed)? {
                    Some(0) => {
                        top.rest.insert(key, Value::Array(Vec::new()));
                    }
                    Some(_) => top.streamed.push(list),
                    None => {
                        top.rest.insert(key, Value::Null);
                    }
                }
            } else if key == "project" {
                top.project = Some(map.next_value()?);
            } else {
                let value: Value = map.next_value()?;
                top.rest.insert(key, value);
            }
        }
        Ok(top)
    }
}

/// One element list: each element is read, compared with what export writes for its
/// id, and dropped. Yields the number of elements (`None` for `null`).
struct ListSeed<'a, 'w> {
    list: &'static str,
    written: &'a Written<'w>,
    captured: &'a mut Captured,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = Option<usize>;
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Option<usize>, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of OTM elements or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<usize>, A::Error> {
        let mut count = 0;
        // The first element of an id is the one its record came from.
        let mut met = HashSet::new();
        while let Some(element) = seq.next_element_seed(Lean::Element)? {
            count += 1;
            let Value::Object(original) = &element else {
                continue;
            };
            let Some(i) = id_of(&element).and_then(|id| self.written.record(self.list, id)) else {
                continue;
            };
            if met.insert(i) {
                // An element with maestro-tm's record keeps only the rest of its
                // `attributes` (`capture`): what export would write there is not needed.
                let own = original
                    .get("attributes")
                    .and_then(Value::as_object)
                    .is_some_and(|a| a.contains_key(MAESTRO_KEY));
                let ext = capture(original, &self.written.element(self.list, i, !own));
                self.captured.push((self.list, i, ext));
            }
        }
        Ok(Some(count))
    }
}

/// Reads an element as a JSON value, except the value of `attributes.maestro`, which is
/// skipped (a `null` stands in for it): capture only needs to know it is there, and it
/// is the largest part of an element maestro-tm wrote.
#[derive(Clone, Copy)]
enum Lean {
    Element,
    Attributes,
    Value,
}

impl<'de> DeserializeSeed<'de> for Lean {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        match self {
            Lean::Value => Value::deserialize(de),
            _ => de.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Lean {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Lean::Value)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = match (self, key.as_str()) {
                (Lean::Element, "attributes") => map.next_value_seed(Lean::Attributes)?,
                (Lean::Attributes, MAESTRO_KEY) => {
                    map.next_value::<de::IgnoredAny>()?;
                    Value::Null
                }
                _ => map.next_value_seed(Lean::Value)?,
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
