//! The record kinds of phases 1–5 (pre-engagement, business context, assumptions,
//! architecture, layer notes, components, data flows, actors, trust zones,
//! boundaries, assets): which fields their templates have and where each lives in
//! the session.

mod actors;
mod assets;
mod boundaries;
mod context;
mod system;

pub use actors::*;
pub use assets::*;
pub use boundaries::*;
pub use context::*;
pub use system::*;

use super::{RecordKind, kept};
use crate::catalog::Catalog;
use crate::catalog::taxonomy::{AnswerKind, Choice};
use crate::session::ids;
use crate::session::*;
use crate::tui::widgets::form::{FieldSpec, Opt, Value};
use crate::vocab::{Classification, ComponentKind, Depth, Layer, Level, RiskLevel};

// ---- helpers ----

trait HasId {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> &str { &self.id }
            fn set_id(&mut self, id: String) { self.id = id; }
        }
    )*};
}
has_id!(
    Assumption,
    Component,
    DataFlow,
    ThreatActor,
    TrustZone,
    TrustBoundary,
    Asset
);

fn ids_of<T: HasId>(v: &[T]) -> Vec<String> {
    v.iter().map(|x| x.id().to_string()).collect()
}

fn find<'a, T: HasId>(v: &'a [T], id: &str) -> Option<&'a T> {
    v.iter().find(|x| x.id() == id)
}

fn find_mut<'a, T: HasId>(v: &'a mut [T], id: &str) -> Option<&'a mut T> {
    v.iter_mut().find(|x| x.id() == id)
}

fn add_to<T: HasId + Default>(v: &mut Vec<T>, prefix: &str, floor: u32) -> Option<String> {
    let id = links::next_id_above(prefix, v.iter().map(|x| x.id()), floor);
    let mut record = T::default();
    record.set_id(id.clone());
    v.push(record);
    Some(id)
}

fn remove_from<T: HasId>(v: &mut Vec<T>, id: &str) -> bool {
    let before = v.len();
    v.retain(|x| x.id() != id);
    v.len() != before
}

fn shift_in<T>(v: &mut [T], i: Option<usize>, delta: isize) -> bool {
    let Some(i) = i else { return false };
    let j = i as isize + delta;
    if j < 0 || j as usize >= v.len() {
        return false;
    }
    v.swap(i, j as usize);
    true
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn list(v: &[String]) -> Value {
    Value::List(v.to_vec())
}

fn layers_value(v: &[Layer]) -> Value {
    Value::List(v.iter().map(|l| l.as_str().to_string()).collect())
}

fn layers_from(v: &Value) -> Vec<Layer> {
    v.list().iter().filter_map(|x| Layer::parse(x)).collect()
}

fn opt_str<T: std::fmt::Display>(v: Option<T>) -> Value {
    Value::Text(v.map(|x| x.to_string()).unwrap_or_default())
}

/// A comma-separated text field that stores a list.
fn split_list(v: &Value) -> Vec<String> {
    match v {
        Value::Text(t) => t
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect(),
        other => other.list(),
    }
}

fn enum_opts<T: std::fmt::Display>(all: &[T]) -> Vec<Opt> {
    all.iter().map(|x| Opt::new(x.to_string(), "")).collect()
}

fn layer_opts() -> Vec<Opt> {
    Layer::ALL
        .iter()
        .map(|l| Opt::new(l.as_str(), l.name()))
        .collect()
}

/// Taxonomy choices stored by their playbook name (as the example sessions do).
fn named(choices: &[Choice]) -> Vec<Opt> {
    choices
        .iter()
        .map(|c| Opt::new(c.name.clone(), ""))
        .collect()
}

/// A picker over a closed list (`taxonomy::CLOSED_FIELDS`): the same list `validate`
/// checks, so the form cannot write a value it rejects.
fn closed(c: &Catalog, record: &str, key: &str, label: &str) -> FieldSpec {
    let options = c
        .taxonomy
        .closed(record, key)
        .map(named)
        .unwrap_or_default();
    FieldSpec::choice(key, label, options)
}

fn component_opts(s: &Session) -> Vec<Opt> {
    s.components
        .iter()
        .map(|c| Opt::new(c.id.clone(), c.name.clone()))
        .collect()
}

fn zone_opts(s: &Session) -> Vec<Opt> {
    s.zones
        .iter()
        .map(|z| Opt::new(z.id.clone(), z.name.clone()))
        .collect()
}
