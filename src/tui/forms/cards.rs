//! Forms of the phase 6 Threat Card and the phase 7 Mitigation Card (07-templates.md):
//! every field of both templates that the analyst writes, so nothing on a card is
//! read-only. Ratings, vector, complexity and factors keep their one-key shortcuts on
//! the card; the form edits them too. Closed sets (layers, STRIDE, ASI, types, levels,
//! statuses) are pickers, references pick from the session's own records, so the form
//! cannot write a value `validate` rejects.

use super::{RecordKind, kept};
use crate::catalog::Catalog;
use crate::session::{Mitigation, Session, Threat};
use crate::tui::widgets::form::{FieldSpec, Opt, Value};
use crate::vocab::{
    AgenticFactor, AttackComplexity, AttackVector, Cost, Coverage, Effectiveness, Layer,
    Likelihood, MitigationStatus, MitigationType, Severity, Stride,
};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn shown<T: std::fmt::Display>(v: Option<T>) -> Value {
    Value::Text(v.map(|x| x.to_string()).unwrap_or_default())
}

fn names<T: std::fmt::Display>(v: &[T]) -> Value {
    Value::List(v.iter().map(|x| x.to_string()).collect())
}

fn parsed<T>(v: &Value, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    v.list().iter().filter_map(|x| parse(x)).collect()
}

fn options<T: std::fmt::Display>(all: &[T]) -> Vec<Opt> {
    all.iter().map(|x| Opt::new(x.to_string(), "")).collect()
}

fn records<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Opt> {
    items.map(|(id, name)| Opt::new(id, name)).collect()
}

/// Boundaries by the zones they separate ("Public zone → Agent zone"): they have no name.
fn boundary_opts(s: &Session) -> Vec<Opt> {
    let zone = |id: &str| {
        s.zones
            .iter()
            .find(|z| z.id == id)
            .map_or_else(|| id.to_string(), |z| z.name.clone())
    };
    s.boundaries
        .iter()
        .map(|b| {
            Opt::new(
                b.id.clone(),
                format!("{} → {}", zone(&b.source_zone), zone(&b.destination_zone)),
            )
        })
        .collect()
}

/// The Threat Card template: one threat of the register.
#[derive(Debug)]
pub struct ThreatCards;

impl ThreatCards {
    fn find<'a>(s: &'a Session, id: &str) -> Option<&'a Threat> {
        s.threats.iter().find(|t| t.id == id)
    }
}

impl RecordKind for ThreatCards {
    fn name(&self) -> &'static str {
        "threat"
    }
    fn title(&self) -> &'static str {
        "Threats"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        s.threats.iter().map(|t| t.id.clone()).collect()
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        Self::find(s, id).map_or_else(Default::default, |t| {
            let layers: Vec<&str> = t.layers.iter().map(|l| l.as_str()).collect();
            (format!("{} {}", t.id, t.name), layers.join(","))
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        let mut asi: Vec<Opt> = c
            .threats
            .asi()
            .map(|t| Opt::new(t.id.clone(), t.name.clone()))
            .collect();
        asi.push(Opt::new("Extended", "Not in the ASI taxonomy"));
        vec![
            FieldSpec::text("name", "Threat name").required(),
            FieldSpec::multi("layers", "MAESTRO layer(s)", {
                Layer::ALL
                    .iter()
                    .map(|l| Opt::new(l.as_str(), l.name()))
                    .collect()
            })
            .required(),
            FieldSpec::multi("asi", "ASI mapping", asi),
            FieldSpec::multi("stride", "STRIDE category", options(Stride::ALL)),
            FieldSpec::multiline("description", "Description"),
            FieldSpec::choice("attack_vector", "Attack vector", options(AttackVector::ALL)),
            FieldSpec::choice(
                "attack_complexity",
                "Attack complexity",
                options(AttackComplexity::ALL),
            ),
            FieldSpec::choice("severity", "Severity", options(Severity::ALL)),
            FieldSpec::choice("likelihood", "Likelihood", options(Likelihood::ALL)),
            FieldSpec::multi("factors", "Agentic factors", options(AgenticFactor::ALL)),
            FieldSpec::refs(
                "components",
                "Affected components",
                records(
                    s.components
                        .iter()
                        .map(|x| (x.id.as_str(), x.name.as_str())),
                ),
            ),
            FieldSpec::refs(
                "actors",
                "Threat actors",
                records(s.actors.iter().map(|x| (x.id.as_str(), x.name.as_str()))),
            ),
            FieldSpec::refs(
                "assets",
                "Assets at risk",
                records(s.assets.iter().map(|x| (x.id.as_str(), x.name.as_str()))),
            ),
            FieldSpec::refs("boundaries", "Trust boundaries crossed", boundary_opts(s)),
            FieldSpec::multiline("prerequisites", "Prerequisites"),
            FieldSpec::multiline("impact", "Impact"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(t) = Self::find(s, id) else {
            return text("");
        };
        match key {
            "name" => text(&t.name),
            "layers" => names(&t.layers.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
            "asi" => Value::List(t.asi.clone()),
            "stride" => names(&t.stride),
            "description" => text(&t.description),
            "attack_vector" => shown(t.attack_vector),
            "attack_complexity" => shown(t.attack_complexity),
            "severity" => shown(t.severity),
            "likelihood" => shown(t.likelihood),
            "factors" => names(&t.factors),
            "components" => Value::List(t.components.clone()),
            "actors" => Value::List(t.actors.clone()),
            "assets" => Value::List(t.assets.clone()),
            "boundaries" => Value::List(t.boundaries.clone()),
            "prerequisites" => text(&t.prerequisites),
            "impact" => text(&t.impact),
            kept::KEY => kept::value(&t.otm),
            _ => text(""),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(t) = s.threats.iter_mut().find(|t| t.id == id) else {
            return;
        };
        match key {
            "name" => t.name = v.text(),
            "layers" => {
                // A threat lives on at least one layer: an emptied pick keeps the old ones.
                let layers = parsed(&v, Layer::parse);
                if !layers.is_empty() {
                    t.layers = layers;
                }
            }
            "asi" => t.asi = v.list(),
            "stride" => t.stride = parsed(&v, Stride::parse),
            "description" => t.description = v.text(),
            "attack_vector" => t.attack_vector = AttackVector::parse(&v.text()),
            "attack_complexity" => t.attack_complexity = AttackComplexity::parse(&v.text()),
            "severity" => t.severity = Severity::parse(&v.text()),
            "likelihood" => t.likelihood = Likelihood::parse(&v.text()),
            "factors" => t.factors = parsed(&v, AgenticFactor::parse),
            "components" => t.components = v.list(),
            "actors" => t.actors = v.list(),
            "assets" => t.assets = v.list(),
            "boundaries" => t.boundaries = v.list(),
            "prerequisites" => t.prerequisites = v.text(),
            "impact" => t.impact = v.text(),
            _ => {}
        }
    }
}

/// The Mitigation Card template: one mitigation of the plan.
#[derive(Debug)]
pub struct MitigationCards;

impl MitigationCards {
    fn find<'a>(s: &'a Session, id: &str) -> Option<&'a Mitigation> {
        s.mitigations.iter().find(|m| m.id == id)
    }
}

impl RecordKind for MitigationCards {
    fn name(&self) -> &'static str {
        "mitigation"
    }
    fn title(&self) -> &'static str {
        "Mitigations"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        s.mitigations.iter().map(|m| m.id.clone()).collect()
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        Self::find(s, id).map_or_else(Default::default, |m| {
            (format!("{} {}", m.id, m.name), m.kind.to_string())
        })
    }
    fn fields(&self, s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        vec![
            FieldSpec::text("name", "Mitigation name").required(),
            FieldSpec::choice("kind", "Type", options(MitigationType::ALL)).required(),
            FieldSpec::refs(
                "addresses",
                "Threats addressed",
                records(s.threats.iter().map(|t| (t.id.as_str(), t.name.as_str()))),
            ),
            FieldSpec::multiline("description", "Description"),
            FieldSpec::choice("cost", "Implementation cost", options(Cost::ALL)),
            FieldSpec::choice(
                "effectiveness",
                "Effectiveness",
                options(Effectiveness::ALL),
            ),
            FieldSpec::choice("status", "Status", options(MitigationStatus::ALL)).required(),
            FieldSpec::choice("coverage", "Coverage of the threat", options(Coverage::ALL))
                .required(),
            FieldSpec::text("owner", "Owner"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        let Some(m) = Self::find(s, id) else {
            return text("");
        };
        match key {
            "name" => text(&m.name),
            "kind" => text(m.kind.as_str()),
            "addresses" => Value::List(m.addresses.clone()),
            "description" => text(&m.description),
            "cost" => shown(m.cost),
            "effectiveness" => shown(m.effectiveness),
            "status" => text(m.status.as_str()),
            "coverage" => text(m.coverage.as_str()),
            "owner" => text(&m.owner),
            kept::KEY => kept::value(&m.otm),
            _ => text(""),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        let Some(m) = s.mitigations.iter_mut().find(|m| m.id == id) else {
            return;
        };
        match key {
            "name" => m.name = v.text(),
            "kind" => {
                if let Some(kind) = MitigationType::parse(&v.text()) {
                    m.kind = kind;
                }
            }
            "addresses" => m.addresses = v.list(),
            "description" => m.description = v.text(),
            "cost" => m.cost = Cost::parse(&v.text()),
            "effectiveness" => m.effectiveness = Effectiveness::parse(&v.text()),
            "status" => {
                if let Some(status) = MitigationStatus::parse(&v.text()) {
                    m.status = status;
                }
            }
            "coverage" => {
                if let Some(coverage) = Coverage::parse(&v.text()) {
                    m.coverage = coverage;
                }
            }
            "owner" => m.owner = v.text(),
            _ => {}
        }
    }
}
