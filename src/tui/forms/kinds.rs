//! The record kinds of phases 1–5 (pre-engagement, business context, assumptions,
//! architecture, layer notes, components, data flows, actors, trust zones,
//! boundaries, assets): which fields their templates have and where each lives in
//! the session.

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

// ---- pre-engagement ----

/// The decision-tree answers and the resulting depth (`[engagement]`).
#[derive(Debug)]
pub struct Engagement;

impl RecordKind for Engagement {
    fn name(&self) -> &'static str {
        "engagement"
    }
    fn title(&self) -> &'static str {
        "Pre-engagement"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        vec!["engagement".into()]
    }
    fn row(&self, s: &Session, _id: &str) -> (String, String) {
        let depth = s
            .engagement
            .depth
            .map_or("not decided".into(), |d| d.to_string());
        ("Engagement depth".into(), depth)
    }
    fn fields(&self, _s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let mut f: Vec<FieldSpec> = c
            .engagement
            .questions
            .iter()
            .map(|q| {
                let options = q
                    .answers
                    .iter()
                    .map(|a| Opt::new(a.id.clone(), a.label.clone()))
                    .collect();
                FieldSpec::choice(&q.id, &format!("Q{} {}", q.number, q.text), options)
                    .hint(q.help.clone())
            })
            .collect();
        f.push(
            FieldSpec::choice("depth", "Depth", enum_opts(Depth::ALL))
                .hint("Set from the answers; choose another to override"),
        );
        f.push(FieldSpec::multiline("depth_note", "Depth note"));
        f.push(
            FieldSpec::text("custom_threat_prefix", "Prefix of your own threat ids").hint(format!(
                "Threats that map to no catalog entry get <prefix>1, <prefix>2…; empty: {}",
                crate::analysis::custom::DEFAULT_PREFIX
            )),
        );
        f
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        match key {
            "depth" => opt_str(s.engagement.depth),
            "depth_note" => text(&s.engagement.depth_note),
            "custom_threat_prefix" => text(&s.analysis.custom_threat_prefix),
            q => text(s.engagement.answers.get(q).map_or("", String::as_str)),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, _id: &str, key: &str, v: Value) {
        match key {
            "depth" => s.engagement.depth = Depth::parse(&v.text()),
            "depth_note" => s.engagement.depth_note = v.text(),
            "custom_threat_prefix" => {
                s.analysis.custom_threat_prefix = crate::analysis::custom::clean_prefix(&v.text());
            }
            q => {
                if v.is_empty() {
                    s.engagement.answers.remove(q);
                } else {
                    s.engagement.answers.insert(q.to_string(), v.text());
                }
                if let Some(depth) = c.engagement.decide(&s.engagement.answers) {
                    s.engagement.depth = Some(depth);
                }
            }
        }
    }
}

// ---- phase 1 ----

/// The Business Context template (`[business]`, with title and scope of `[session]`).
#[derive(Debug)]
pub struct Business;

impl RecordKind for Business {
    fn name(&self) -> &'static str {
        "business"
    }
    fn title(&self) -> &'static str {
        "Business context"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        vec!["business".into()]
    }
    fn row(&self, s: &Session, _id: &str) -> (String, String) {
        ("Business context".into(), s.business.application.clone())
    }
    fn fields(&self, _s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let t = &c.taxonomy;
        vec![
            FieldSpec::text("application", "Application").required(),
            FieldSpec::text("domain", "Business domain").required(),
            FieldSpec::multiline("function", "Business function"),
            FieldSpec::choice(
                "data_classification",
                "Data classification",
                enum_opts(Classification::ALL),
            )
            .required(),
            FieldSpec::multi("regulations", "Regulations", named(&t.regulations))
                .hint("Others: add them in the file or pick the closest"),
            FieldSpec::choice("criticality", "Criticality", enum_opts(Level::ALL)).required(),
            closed(c, "business", "user_base", "User base"),
            closed(c, "business", "agent_type", "Agent type"),
            closed(c, "business", "autonomy", "Autonomy"),
            FieldSpec::text("data_categories", "Data categories").hint("Comma-separated"),
            FieldSpec::multiline("risk_appetite", "Risk appetite"),
            FieldSpec::choice(
                "risk_tolerance",
                "Risk tolerance",
                enum_opts(RiskLevel::ALL),
            )
            .hint("Highest residual risk level accepted without escalation"),
        ]
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        let b = &s.business;
        match key {
            "application" => text(&b.application),
            "domain" => text(&b.domain),
            "function" => text(&b.function),
            "data_classification" => opt_str(b.data_classification),
            "regulations" => list(&b.regulations),
            "criticality" => opt_str(b.criticality),
            "user_base" => text(&b.user_base),
            "agent_type" => text(&b.agent_type),
            "autonomy" => text(&b.autonomy),
            "data_categories" => text(&b.data_categories.join(", ")),
            "risk_appetite" => text(&b.risk_appetite),
            "risk_tolerance" => opt_str(b.risk_tolerance),
            _ => Value::Text(String::new()),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, _id: &str, key: &str, v: Value) {
        let b = &mut s.business;
        match key {
            "application" => b.application = v.text(),
            "domain" => b.domain = v.text(),
            "function" => b.function = v.text(),
            "data_classification" => b.data_classification = Classification::parse(&v.text()),
            "regulations" => b.regulations = v.list(),
            "criticality" => b.criticality = Level::parse(&v.text()),
            "user_base" => b.user_base = v.text(),
            "agent_type" => b.agent_type = v.text(),
            "autonomy" => b.autonomy = v.text(),
            "data_categories" => b.data_categories = split_list(&v),
            "risk_appetite" => b.risk_appetite = v.text(),
            "risk_tolerance" => b.risk_tolerance = RiskLevel::parse(&v.text()),
            _ => {}
        }
    }
}

/// Stakeholders with RACI; they have no id in the file, so rows are numbered S1….
#[derive(Debug)]
pub struct Stakeholders;

fn stakeholder_index(id: &str) -> Option<usize> {
    id.strip_prefix('S')?.parse::<usize>().ok()?.checked_sub(1)
}

impl RecordKind for Stakeholders {
    fn name(&self) -> &'static str {
        "stakeholder"
    }
    fn title(&self) -> &'static str {
        "Stakeholders"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        (1..=s.business.stakeholders.len())
            .map(|i| format!("S{i}"))
            .collect()
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        let st = stakeholder_index(id).and_then(|i| s.business.stakeholders.get(i));
        st.map_or_else(Default::default, |st| {
            (
                format!("Stakeholder: {}", st.name),
                format!("{} {}", st.role, st.raci).trim().to_string(),
            )
        })
    }
    fn fields(&self, _s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::text("name", "Name").required(),
            FieldSpec::text("role", "Role"),
            FieldSpec::choice(
                "raci",
                "RACI",
                Opt::plain(["R", "A", "C", "I", "RA", "RC", "AC"]),
            )
            .hint("Responsible, Accountable, Consulted, Informed"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(st) = stakeholder_index(id).and_then(|i| s.business.stakeholders.get(i)) else {
            return text("");
        };
        text(match key {
            "name" => &st.name,
            "role" => &st.role,
            _ => &st.raci,
        })
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(st) = stakeholder_index(id).and_then(|i| s.business.stakeholders.get_mut(i))
        else {
            return;
        };
        match key {
            "name" => st.name = v.text(),
            "role" => st.role = v.text(),
            _ => st.raci = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        s.business.stakeholders.push(Stakeholder::default());
        Some(format!("S{}", s.business.stakeholders.len()))
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        match stakeholder_index(id) {
            Some(i) if i < s.business.stakeholders.len() => {
                s.business.stakeholders.remove(i);
                true
            }
            _ => false,
        }
    }
    fn shift(&self, s: &mut Session, id: &str, delta: isize) -> bool {
        shift_in(&mut s.business.stakeholders, stakeholder_index(id), delta)
    }
}

/// The Assumption template.
#[derive(Debug)]
pub struct Assumptions;

impl RecordKind for Assumptions {
    fn name(&self) -> &'static str {
        "assumption"
    }
    fn title(&self) -> &'static str {
        "Assumptions"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.assumptions)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        let a = find(&s.assumptions, id);
        a.map_or_else(Default::default, |a| {
            let flag = if a.high_impact { " · high impact" } else { "" };
            (
                format!("{} {}", a.id, a.description),
                format!("{}{flag}", a.status),
            )
        })
    }
    fn fields(&self, _s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::multiline("description", "Description").required(),
            FieldSpec::multiline("rationale", "Rationale"),
            FieldSpec::multiline("impact_if_wrong", "Impact if wrong"),
            FieldSpec::text("validation_method", "Validation method"),
            closed(c, "assumption", "status", "Status"),
            FieldSpec::switch("high_impact", "High impact"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(a) = find(&s.assumptions, id) else {
            return text("");
        };
        match key {
            "description" => text(&a.description),
            "rationale" => text(&a.rationale),
            "impact_if_wrong" => text(&a.impact_if_wrong),
            "validation_method" => text(&a.validation_method),
            "status" => text(&a.status),
            _ => Value::Bool(a.high_impact),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(a) = find_mut(&mut s.assumptions, id) else {
            return;
        };
        match key {
            "description" => a.description = v.text(),
            "rationale" => a.rationale = v.text(),
            "impact_if_wrong" => a.impact_if_wrong = v.text(),
            "validation_method" => a.validation_method = v.text(),
            "status" => a.status = v.text(),
            _ => a.high_impact = v.flag(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "A");
            add_to(&mut s.assumptions, "A", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.assumptions, id)
    }
    fn shift(&self, s: &mut Session, id: &str, delta: isize) -> bool {
        let i = s.assumptions.iter().position(|a| a.id == id);
        shift_in(&mut s.assumptions, i, delta)
    }
}

// ---- phase 2 ----

/// Single/multi-agent, MCP and overview (`[architecture]`).
#[derive(Debug)]
pub struct Architecture;

impl RecordKind for Architecture {
    fn name(&self) -> &'static str {
        "architecture"
    }
    fn title(&self) -> &'static str {
        "Architecture"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        vec!["architecture".into()]
    }
    fn row(&self, s: &Session, _id: &str) -> (String, String) {
        let a = &s.architecture;
        (
            "Architecture profile".into(),
            format!(
                "{} · MCP {}",
                if a.multi_agent {
                    "multi-agent"
                } else {
                    "single agent"
                },
                if a.uses_mcp { "yes" } else { "no" }
            ),
        )
    }
    fn fields(&self, _s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::switch("multi_agent", "Multi-agent"),
            FieldSpec::switch("uses_mcp", "Uses MCP"),
            FieldSpec::multiline("overview", "Overview"),
        ]
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        match key {
            "multi_agent" => Value::Bool(s.architecture.multi_agent),
            "uses_mcp" => Value::Bool(s.architecture.uses_mcp),
            _ => text(&s.architecture.overview),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, _id: &str, key: &str, v: Value) {
        match key {
            "multi_agent" => s.architecture.multi_agent = v.flag(),
            "uses_mcp" => s.architecture.uses_mcp = v.flag(),
            _ => s.architecture.overview = v.text(),
        }
    }
}

/// Per-layer notes: a layer marked not applicable, with the reason.
#[derive(Debug)]
pub struct LayerNotes;

impl RecordKind for LayerNotes {
    fn name(&self) -> &'static str {
        "layer"
    }
    fn title(&self) -> &'static str {
        "Layers"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        Layer::ALL.iter().map(|l| l.as_str().to_string()).collect()
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        let layer = Layer::parse(id).unwrap_or(Layer::L1);
        let count = s
            .components
            .iter()
            .filter(|c| c.layers.contains(&layer))
            .count();
        let note = s.architecture.layer_notes.iter().find(|n| n.layer == layer);
        let detail = match note {
            Some(n) if n.not_applicable => format!("not applicable: {}", n.note),
            _ if count == 0 => "⚠ empty".to_string(),
            _ => format!("{count} component(s)"),
        };
        (format!("{} {}", layer.as_str(), layer.name()), detail)
    }
    fn fields(&self, _s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::switch("not_applicable", "Not applicable"),
            FieldSpec::multiline("note", "Reason / note"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let layer = Layer::parse(id);
        let note = s
            .architecture
            .layer_notes
            .iter()
            .find(|n| Some(n.layer) == layer);
        match key {
            "not_applicable" => Value::Bool(note.is_some_and(|n| n.not_applicable)),
            _ => text(note.map_or("", |n| n.note.as_str())),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(layer) = Layer::parse(id) else {
            return;
        };
        let notes = &mut s.architecture.layer_notes;
        let i = match notes.iter().position(|n| n.layer == layer) {
            Some(i) => i,
            None => {
                notes.push(LayerNote {
                    layer,
                    note: String::new(),
                    not_applicable: false,
                });
                notes.len() - 1
            }
        };
        match key {
            "not_applicable" => notes[i].not_applicable = v.flag(),
            _ => notes[i].note = v.text(),
        }
        if !notes[i].not_applicable && notes[i].note.is_empty() {
            notes.remove(i);
        }
    }
}

/// The Layer Mapping template: one component.
#[derive(Debug)]
pub struct Components;

impl RecordKind for Components {
    fn name(&self) -> &'static str {
        "component"
    }
    fn title(&self) -> &'static str {
        "Components"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.components)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.components, id).map_or_else(Default::default, |c| {
            let layers: Vec<&str> = c.layers.iter().map(|l| l.as_str()).collect();
            (
                format!("{} {}", c.id, c.name),
                format!("{} · {}", c.kind, layers.join(",")),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let kinds = ComponentKind::ALL
            .iter()
            .map(|k| {
                let def = c.taxonomy.get_component_kind(*k);
                Opt::new(k.as_str(), def.map_or(String::new(), |d| d.name.clone()))
            })
            .collect();
        let typical: Vec<String> = c
            .layers
            .layers
            .iter()
            .map(|l| {
                format!(
                    "{}: {}",
                    l.id.as_str(),
                    l.components
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        vec![
            FieldSpec::text("name", "Name").required(),
            FieldSpec::choice("kind", "Kind", kinds).required(),
            FieldSpec::multi("layers", "Layers", layer_opts())
                .required()
                .hint(format!("Typical — {}", typical.join("; "))),
            FieldSpec::text("technology", "Technology"),
            FieldSpec::multiline("description", "Description"),
            FieldSpec::choice("zone", "Trust zone", zone_opts(s)),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(c) = find(&s.components, id) else {
            return text("");
        };
        match key {
            "name" => text(&c.name),
            "kind" => text(c.kind.as_str()),
            "layers" => layers_value(&c.layers),
            "technology" => text(&c.technology),
            "description" => text(&c.description),
            kept::KEY => kept::value(&c.otm),
            _ => text(&c.zone),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(c) = find_mut(&mut s.components, id) else {
            return;
        };
        match key {
            "name" => c.name = v.text(),
            "kind" => {
                if let Some(k) = ComponentKind::parse(&v.text()) {
                    c.kind = k;
                }
            }
            "layers" => c.layers = layers_from(&v),
            "technology" => c.technology = v.text(),
            "description" => c.description = v.text(),
            kept::KEY => {}
            _ => c.zone = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        let c = crate::session::endpoints::new_component(s);
        let id = c.id.clone();
        s.components.push(c);
        Some(id)
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.components, id)
    }
}

/// A data flow between two components.
#[derive(Debug)]
pub struct Flows;

impl RecordKind for Flows {
    fn name(&self) -> &'static str {
        "flow"
    }
    fn title(&self) -> &'static str {
        "Data flows"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.flows)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.flows, id).map_or_else(Default::default, |f| {
            (
                format!("{} {}", f.id, names::flow_ends(s, f)),
                f.data.clone(),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::choice("from", "From", super::endpoints::options(s))
                .required()
                .hint("A user or an outside service can be created here (on L7)"),
            FieldSpec::choice("to", "To", super::endpoints::options(s)).required(),
            FieldSpec::text("data", "Data"),
            FieldSpec::suggest("protocol", "Protocol", named(&c.taxonomy.protocols)),
            FieldSpec::choice("encrypted", "Encrypted", Opt::plain(["Yes", "No"])),
            FieldSpec::text("authentication", "Authentication"),
            FieldSpec::switch("critical", "Critical"),
            FieldSpec::switch("bidirectional", "Two-way")
                .hint("Data goes both ways: one flow, not two"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(f) = find(&s.flows, id) else {
            return text("");
        };
        match key {
            "from" => text(&f.from),
            "to" => text(&f.to),
            "data" => text(&f.data),
            "protocol" => text(&f.protocol),
            "encrypted" => text(match f.encrypted {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "",
            }),
            "authentication" => text(&f.authentication),
            "bidirectional" => Value::Bool(f.bidirectional),
            kept::KEY => kept::value(&f.otm),
            _ => Value::Bool(f.critical),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        // An end chosen as "new user" or "new service" is a component made in place.
        let v = match key {
            "from" | "to" if find(&s.flows, id).is_some() && !v.text().is_empty() => {
                Value::Text(super::endpoints::resolve(s, &v.text()))
            }
            _ => v,
        };
        let Some(f) = find_mut(&mut s.flows, id) else {
            return;
        };
        match key {
            // An end is changed, never emptied: a flow without both ends is invalid.
            "from" if !v.text().is_empty() => f.from = v.text(),
            "to" if !v.text().is_empty() => f.to = v.text(),
            "from" | "to" => {}
            "data" => f.data = v.text(),
            "protocol" => f.protocol = v.text(),
            "encrypted" => {
                f.encrypted = match v.text().as_str() {
                    "Yes" => Some(true),
                    "No" => Some(false),
                    _ => None,
                }
            }
            "authentication" => f.authentication = v.text(),
            "bidirectional" => f.bidirectional = v.flag(),
            kept::KEY => {}
            _ => f.critical = v.flag(),
        }
    }
    fn cannot_add(&self) -> Option<&'static str> {
        Some("Add a component first: a data flow runs between components")
    }
    /// A flow runs between two components (`validate` needs both ends), so a new one
    /// starts from the first to the last component; with none there is nothing to add.
    fn add(&self, s: &mut Session) -> Option<String> {
        let from = s.components.first()?.id.clone();
        let to = s.components.last()?.id.clone();
        let floor = ids::used(s, "DF");
        let id = add_to(&mut s.flows, "DF", floor)?;
        if let Some(f) = s.flows.iter_mut().find(|f| f.id == id) {
            f.from = from;
            f.to = to;
        }
        Some(id)
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.flows, id)
    }
}

// ---- phase 3 ----

/// The Threat Actor template.
#[derive(Debug)]
pub struct Actors;

impl RecordKind for Actors {
    fn name(&self) -> &'static str {
        "actor"
    }
    fn title(&self) -> &'static str {
        "Threat actors"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.actors)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.actors, id).map_or_else(Default::default, |a| {
            let p = a.priority.map_or(String::new(), |p| format!(" · {p}"));
            (
                format!("{} {}", a.id, a.name),
                format!("{} · {}{p}", a.capability, a.relevance),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let t = &c.taxonomy;
        let categories = t
            .actors
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        let assets = s
            .assets
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        vec![
            FieldSpec::choice("category", "Category", categories).hint("Empty for a custom actor"),
            FieldSpec::text("name", "Name").required(),
            closed(c, "actor", "capability", "Capability"),
            FieldSpec::multi("motivations", "Motivations", named(&t.motivations)),
            FieldSpec::refs("target_assets", "Target assets", assets),
            FieldSpec::text("attack_vectors", "Attack vectors").hint("Comma-separated"),
            FieldSpec::multi("target_layers", "Target layers", layer_opts()),
            closed(c, "actor", "relevance", "Relevance"),
            FieldSpec::choice("priority", "Priority", enum_opts(Level::ALL)),
            FieldSpec::multiline("notes", "Notes"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(a) = find(&s.actors, id) else {
            return text("");
        };
        match key {
            "category" => text(&a.category),
            "name" => text(&a.name),
            "capability" => text(&a.capability),
            "motivations" => list(&a.motivations),
            "target_assets" => list(&a.target_assets),
            "attack_vectors" => text(&a.attack_vectors.join(", ")),
            "target_layers" => layers_value(&a.target_layers),
            "relevance" => text(&a.relevance),
            "priority" => opt_str(a.priority),
            _ => text(&a.notes),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(a) = find_mut(&mut s.actors, id) else {
            return;
        };
        match key {
            "category" => {
                a.category = v.text();
                // A fresh actor takes the category's name and typical layers.
                if let Some(cat) = c.taxonomy.get_actor(&a.category) {
                    if a.name.is_empty() {
                        a.name = cat.name.clone();
                    }
                    if a.target_layers.is_empty() {
                        a.target_layers = cat.target_layers.clone();
                    }
                }
            }
            "name" => a.name = v.text(),
            "capability" => a.capability = v.text(),
            "motivations" => a.motivations = v.list(),
            "target_assets" => a.target_assets = v.list(),
            "attack_vectors" => a.attack_vectors = split_list(&v),
            "target_layers" => a.target_layers = layers_from(&v),
            "relevance" => a.relevance = v.text(),
            "priority" => a.priority = Level::parse(&v.text()),
            _ => a.notes = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TA");
            add_to(&mut s.actors, "TA", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.actors, id)
    }
}

// ---- phase 4 ----

/// A trust zone.
#[derive(Debug)]
pub struct Zones;

impl RecordKind for Zones {
    fn name(&self) -> &'static str {
        "zone"
    }
    fn title(&self) -> &'static str {
        "Trust zones"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.zones)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.zones, id).map_or_else(Default::default, |z| {
            let level = z
                .trust_level
                .map_or(String::new(), |l| format!(" · trust {l}"));
            (format!("{} {}", z.id, z.name), format!("{}{level}", z.kind))
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let kinds = c
            .taxonomy
            .zone_kinds
            .iter()
            .map(|k| Opt::new(k.id.clone(), k.name.clone()))
            .collect();
        vec![
            FieldSpec::text("name", "Name").required(),
            FieldSpec::choice("kind", "Kind", kinds).required(),
            FieldSpec::text("trust_level", "Trust level").hint("0 (untrusted) to 100"),
            FieldSpec::choice("parent", "Parent zone", zone_opts(s)),
            // Zones are assigned here too, where boundaries are drawn (phase 4), not
            // only on each component in phase 2: it writes the components' zone.
            FieldSpec::refs(MEMBERS, "Components", component_opts(s))
                .hint("A component is in one zone: choosing it here moves it"),
            FieldSpec::multiline("description", "Description"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(z) = find(&s.zones, id) else {
            return text("");
        };
        match key {
            "name" => text(&z.name),
            "kind" => text(&z.kind),
            "trust_level" => opt_str(z.trust_level),
            "parent" => text(&z.parent),
            MEMBERS => list(&zone_members(s, id)),
            kept::KEY => kept::value(&z.otm),
            _ => text(&z.description),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        if key == MEMBERS {
            return set_zone_members(s, id, &v.list());
        }
        let Some(z) = find_mut(&mut s.zones, id) else {
            return;
        };
        match key {
            "name" => z.name = v.text(),
            "kind" => z.kind = v.text(),
            "trust_level" => z.trust_level = v.text().trim().parse::<u8>().ok().map(|l| l.min(100)),
            // A zone cannot contain itself.
            "parent" if v.text() == z.id => {}
            "parent" => z.parent = v.text(),
            kept::KEY => {}
            _ => z.description = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TZ");
            add_to(&mut s.zones, "TZ", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.zones, id)
    }
}

/// The zone form's field listing the components in the zone.
const MEMBERS: &str = "components";

/// The components placed in zone `id`.
fn zone_members(s: &Session, id: &str) -> Vec<String> {
    s.components
        .iter()
        .filter(|c| c.zone == id)
        .map(|c| c.id.clone())
        .collect()
}

/// Places exactly `members` in zone `id`: the chosen components move into it (out of
/// any other), the others leave it for no zone.
fn set_zone_members(s: &mut Session, id: &str, members: &[String]) {
    if !s.zones.iter().any(|z| z.id == id) {
        return;
    }
    for c in &mut s.components {
        if members.contains(&c.id) {
            c.zone = id.to_string();
        } else if c.zone == id {
            c.zone.clear();
        }
    }
}

/// The Trust Boundary template: one crossing with its control checklist.
#[derive(Debug)]
pub struct Boundaries;

impl RecordKind for Boundaries {
    fn name(&self) -> &'static str {
        "boundary"
    }
    fn title(&self) -> &'static str {
        "Boundary crossings"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.boundaries)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.boundaries, id).map_or_else(Default::default, |b| {
            let implicit = if b.implicit_trust.is_empty() {
                ""
            } else {
                " · ⚠ implicit trust"
            };
            (
                format!("{} {}", b.id, names::boundary_ends(s, b)),
                format!("{}{implicit}", b.strength),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let t = &c.taxonomy;
        let names = names::Names::new(s);
        let flows = s
            .flows
            .iter()
            .map(|f| Opt::new(f.id.clone(), names.flow_ends(f)))
            .collect();
        let mut f = vec![
            FieldSpec::choice("source_zone", "Source zone", zone_opts(s)).required(),
            FieldSpec::choice("destination_zone", "Destination zone", zone_opts(s)).required(),
            FieldSpec::refs("components", "Components", component_opts(s)),
            FieldSpec::refs("flows", "Data flows", flows),
            FieldSpec::suggest("protocol", "Protocol", named(&t.protocols)),
            FieldSpec::text("authentication", "Authentication"),
            FieldSpec::text("authorization", "Authorization"),
        ];
        for control in &t.boundary_controls {
            let spec = match control.answers {
                AnswerKind::YesNoPartial => FieldSpec::choice(
                    &format!("control:{}", control.id),
                    &format!("✓ {}", control.name),
                    Opt::plain(["Yes", "No", "Partial"]),
                ),
                AnswerKind::YesNo => FieldSpec::choice(
                    &format!("control:{}", control.id),
                    &format!("✓ {}", control.name),
                    Opt::plain(["Yes", "No"]),
                ),
                AnswerKind::Mechanism => {
                    let mut options = Opt::plain(&control.examples);
                    options.push(Opt::new("None", ""));
                    FieldSpec::suggest(
                        &format!("control:{}", control.id),
                        &format!("✓ {}", control.name),
                        options,
                    )
                }
            };
            f.push(spec.hint(control.question.clone()));
        }
        f.push(closed(c, "boundary", "strength", "Strength"));
        f.push(
            FieldSpec::multiline("implicit_trust", "Implicit trust")
                .hint("Trust assumed without verification at this crossing (flagged)"),
        );
        f
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(b) = find(&s.boundaries, id) else {
            return text("");
        };
        if let Some(control) = key.strip_prefix("control:") {
            return text(b.controls.get(control).map_or("", String::as_str));
        }
        match key {
            "source_zone" => text(&b.source_zone),
            "destination_zone" => text(&b.destination_zone),
            "components" => list(&b.components),
            "flows" => list(&b.flows),
            "protocol" => text(&b.protocol),
            "authentication" => text(&b.authentication),
            "authorization" => text(&b.authorization),
            "strength" => text(&b.strength),
            _ => text(&b.implicit_trust),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(b) = find_mut(&mut s.boundaries, id) else {
            return;
        };
        if let Some(control) = key.strip_prefix("control:") {
            if v.is_empty() {
                b.controls.remove(control);
            } else {
                b.controls.insert(control.to_string(), v.text());
            }
            return;
        }
        match key {
            "source_zone" => b.source_zone = v.text(),
            "destination_zone" => b.destination_zone = v.text(),
            "components" => b.components = v.list(),
            "flows" => b.flows = v.list(),
            "protocol" => b.protocol = v.text(),
            "authentication" => b.authentication = v.text(),
            "authorization" => b.authorization = v.text(),
            "strength" => b.strength = v.text(),
            _ => b.implicit_trust = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TB");
            add_to(&mut s.boundaries, "TB", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.boundaries, id)
    }
}

// ---- phase 5 ----

/// The Asset Flow template: an asset with its lifecycle mapped to components.
#[derive(Debug)]
pub struct Assets;

impl RecordKind for Assets {
    fn name(&self) -> &'static str {
        "asset"
    }
    fn title(&self) -> &'static str {
        "Assets"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.assets)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.assets, id).map_or_else(Default::default, |a| {
            let c = a
                .classification
                .map_or(String::new(), |c| format!(" · {c}"));
            (format!("{} {}", a.id, a.name), format!("{}{c}", a.class))
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let t = &c.taxonomy;
        let classes = t
            .asset_classes
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        let mut f = vec![
            FieldSpec::text("name", "Name").required(),
            FieldSpec::choice("class", "Class", classes).required(),
            FieldSpec::choice(
                "classification",
                "Classification",
                enum_opts(Classification::ALL),
            )
            .required(),
        ];
        for stage in &t.lifecycle_stages {
            f.push(
                FieldSpec::refs(
                    &format!("stage:{}", stage.id),
                    &format!("{}: components", stage.name),
                    component_opts(s),
                )
                .hint(stage.question.clone()),
            );
            f.push(FieldSpec::text(
                &format!("how:{}", stage.id),
                &format!("{}: how", stage.name),
            ));
        }
        f.push(FieldSpec::refs("zones", "Zones", zone_opts(s)));
        f.push(
            FieldSpec::text("exposure_points", "Exposure points").hint(format!(
                "Comma-separated; e.g. {}",
                named(&t.exposure_points)
                    .iter()
                    .take(4)
                    .map(|o| o.value.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        f.push(FieldSpec::text("controls", "Controls").hint(format!(
                "Comma-separated; e.g. {}",
                named(&t.protection_controls)
                    .iter()
                    .take(4)
                    .map(|o| o.value.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        f.push(kept::field());
        f
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(a) = find(&s.assets, id) else {
            return text("");
        };
        if let Some(stage) = key.strip_prefix("stage:") {
            let step = a.lifecycle.iter().find(|l| l.stage == stage);
            return list(step.map_or(&[][..], |l| &l.components));
        }
        if let Some(stage) = key.strip_prefix("how:") {
            let step = a.lifecycle.iter().find(|l| l.stage == stage);
            return text(step.map_or("", |l| &l.how));
        }
        match key {
            "name" => text(&a.name),
            "class" => text(&a.class),
            "classification" => opt_str(a.classification),
            "zones" => list(&a.zones),
            "exposure_points" => text(&a.exposure_points.join(", ")),
            kept::KEY => kept::value(&a.otm),
            _ => text(&a.controls.join(", ")),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(a) = find_mut(&mut s.assets, id) else {
            return;
        };
        let stage_key = key
            .strip_prefix("stage:")
            .map(|st| (st, true))
            .or_else(|| key.strip_prefix("how:").map(|st| (st, false)));
        if let Some((stage, components)) = stage_key {
            let i = match a.lifecycle.iter().position(|l| l.stage == stage) {
                Some(i) => i,
                None => {
                    a.lifecycle.push(LifecycleStep {
                        stage: stage.to_string(),
                        ..Default::default()
                    });
                    a.lifecycle.len() - 1
                }
            };
            if components {
                a.lifecycle[i].components = v.list();
            } else {
                a.lifecycle[i].how = v.text();
            }
            if a.lifecycle[i].components.is_empty() && a.lifecycle[i].how.is_empty() {
                a.lifecycle.remove(i);
            }
            // Keep the playbook's stage order.
            let order = |st: &str| {
                c.taxonomy
                    .lifecycle_stages
                    .iter()
                    .position(|x| x.id == st)
                    .unwrap_or(usize::MAX)
            };
            a.lifecycle.sort_by_key(|l| order(&l.stage));
            return;
        }
        match key {
            "name" => a.name = v.text(),
            "class" => {
                a.class = v.text();
                if a.classification.is_none()
                    && let Some(class) = c.taxonomy.get_asset_class(&a.class)
                {
                    a.classification = Some(class.typical_classification);
                }
            }
            "classification" => a.classification = Classification::parse(&v.text()),
            "zones" => a.zones = v.list(),
            "exposure_points" => a.exposure_points = split_list(&v),
            kept::KEY => {}
            _ => a.controls = split_list(&v),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "AF");
            add_to(&mut s.assets, "AF", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.assets, id)
    }
}
