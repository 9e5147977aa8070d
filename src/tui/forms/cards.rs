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

form_fields!(ThreatField {
    Name = "name",
    Layers = "layers",
    Asi = "asi",
    Stride = "stride",
    Description = "description",
    AttackVector = "attack_vector",
    AttackComplexity = "attack_complexity",
    Severity = "severity",
    Likelihood = "likelihood",
    Factors = "factors",
    Components = "components",
    Actors = "actors",
    Assets = "assets",
    Boundaries = "boundaries",
    Prerequisites = "prerequisites",
    Impact = "impact",
    Kept = kept::KEY,
});

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
        use ThreatField as F;
        let mut asi: Vec<Opt> = c
            .threats
            .asi()
            .map(|t| Opt::new(t.id.clone(), t.name.clone()))
            .collect();
        asi.push(Opt::new("Extended", "Not in the ASI taxonomy"));
        vec![
            FieldSpec::text(F::Name.key(), "Threat name").required(),
            FieldSpec::multi(F::Layers.key(), "MAESTRO layer(s)", {
                Layer::ALL
                    .iter()
                    .map(|l| Opt::new(l.as_str(), l.name()))
                    .collect()
            })
            .required(),
            FieldSpec::multi(F::Asi.key(), "ASI mapping", asi),
            FieldSpec::multi(F::Stride.key(), "STRIDE category", options(Stride::ALL)),
            FieldSpec::multiline(F::Description.key(), "Description"),
            FieldSpec::choice(
                F::AttackVector.key(),
                "Attack vector",
                options(AttackVector::ALL),
            ),
            FieldSpec::choice(
                F::AttackComplexity.key(),
                "Attack complexity",
                options(AttackComplexity::ALL),
            ),
            FieldSpec::choice(F::Severity.key(), "Severity", options(Severity::ALL)),
            FieldSpec::choice(F::Likelihood.key(), "Likelihood", options(Likelihood::ALL)),
            FieldSpec::multi(
                F::Factors.key(),
                "Agentic factors",
                options(AgenticFactor::ALL),
            ),
            FieldSpec::refs(
                F::Components.key(),
                "Affected components",
                records(
                    s.components
                        .iter()
                        .map(|x| (x.id.as_str(), x.name.as_str())),
                ),
            ),
            FieldSpec::refs(
                F::Actors.key(),
                "Threat actors",
                records(s.actors.iter().map(|x| (x.id.as_str(), x.name.as_str()))),
            ),
            FieldSpec::refs(
                F::Assets.key(),
                "Assets at risk",
                records(s.assets.iter().map(|x| (x.id.as_str(), x.name.as_str()))),
            ),
            FieldSpec::refs(
                F::Boundaries.key(),
                "Trust boundaries crossed",
                boundary_opts(s),
            ),
            FieldSpec::multiline(F::Prerequisites.key(), "Prerequisites"),
            FieldSpec::multiline(F::Impact.key(), "Impact"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use ThreatField as F;
        let Some(t) = Self::find(s, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Name => text(&t.name),
            F::Layers => names(&t.layers.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
            F::Asi => Value::List(t.asi.clone()),
            F::Stride => names(&t.stride),
            F::Description => text(&t.description),
            F::AttackVector => shown(t.attack_vector),
            F::AttackComplexity => shown(t.attack_complexity),
            F::Severity => shown(t.severity),
            F::Likelihood => shown(t.likelihood),
            F::Factors => names(&t.factors),
            F::Components => Value::List(t.components.clone()),
            F::Actors => Value::List(t.actors.clone()),
            F::Assets => Value::List(t.assets.clone()),
            F::Boundaries => Value::List(t.boundaries.clone()),
            F::Prerequisites => text(&t.prerequisites),
            F::Impact => text(&t.impact),
            F::Kept => kept::value(&t.otm),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use ThreatField as F;
        let Some(t) = s.threats.iter_mut().find(|t| t.id == id) else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Name => t.name = v.text(),
            F::Layers => {
                // A threat lives on at least one layer: an emptied pick keeps the old ones.
                let layers = parsed(&v, Layer::parse);
                if !layers.is_empty() {
                    t.layers = layers;
                }
            }
            F::Asi => t.asi = v.list(),
            F::Stride => t.stride = parsed(&v, Stride::parse),
            F::Description => t.description = v.text(),
            F::AttackVector => t.attack_vector = AttackVector::parse(&v.text()),
            F::AttackComplexity => t.attack_complexity = AttackComplexity::parse(&v.text()),
            F::Severity => t.severity = Severity::parse(&v.text()),
            F::Likelihood => t.likelihood = Likelihood::parse(&v.text()),
            F::Factors => t.factors = parsed(&v, AgenticFactor::parse),
            F::Components => t.components = v.list(),
            F::Actors => t.actors = v.list(),
            F::Assets => t.assets = v.list(),
            F::Boundaries => t.boundaries = v.list(),
            F::Prerequisites => t.prerequisites = v.text(),
            F::Impact => t.impact = v.text(),
            F::Kept => {}
        }
    }
}

form_fields!(MitigationField {
    Name = "name",
    Kind = "kind",
    Addresses = "addresses",
    Description = "description",
    Cost = "cost",
    Effectiveness = "effectiveness",
    Status = "status",
    Coverage = "coverage",
    Owner = "owner",
    Kept = kept::KEY,
});

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
        use MitigationField as F;
        vec![
            FieldSpec::text(F::Name.key(), "Mitigation name").required(),
            FieldSpec::choice(F::Kind.key(), "Type", options(MitigationType::ALL)).required(),
            FieldSpec::refs(
                F::Addresses.key(),
                "Threats addressed",
                records(s.threats.iter().map(|t| (t.id.as_str(), t.name.as_str()))),
            ),
            FieldSpec::multiline(F::Description.key(), "Description"),
            FieldSpec::choice(F::Cost.key(), "Implementation cost", options(Cost::ALL)),
            FieldSpec::choice(
                F::Effectiveness.key(),
                "Effectiveness",
                options(Effectiveness::ALL),
            ),
            FieldSpec::choice(F::Status.key(), "Status", options(MitigationStatus::ALL)).required(),
            FieldSpec::choice(
                F::Coverage.key(),
                "Coverage of the threat",
                options(Coverage::ALL),
            )
            .required(),
            FieldSpec::text(F::Owner.key(), "Owner"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use MitigationField as F;
        let Some(m) = Self::find(s, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Name => text(&m.name),
            F::Kind => text(m.kind.as_str()),
            F::Addresses => Value::List(m.addresses.clone()),
            F::Description => text(&m.description),
            F::Cost => shown(m.cost),
            F::Effectiveness => shown(m.effectiveness),
            F::Status => text(m.status.as_str()),
            F::Coverage => text(m.coverage.as_str()),
            F::Owner => text(&m.owner),
            F::Kept => kept::value(&m.otm),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use MitigationField as F;
        let Some(m) = s.mitigations.iter_mut().find(|m| m.id == id) else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Name => m.name = v.text(),
            F::Kind => {
                if let Some(kind) = MitigationType::parse(&v.text()) {
                    m.kind = kind;
                }
            }
            F::Addresses => m.addresses = v.list(),
            F::Description => m.description = v.text(),
            F::Cost => m.cost = Cost::parse(&v.text()),
            F::Effectiveness => m.effectiveness = Effectiveness::parse(&v.text()),
            F::Status => {
                if let Some(status) = MitigationStatus::parse(&v.text()) {
                    m.status = status;
                }
            }
            F::Coverage => {
                if let Some(coverage) = Coverage::parse(&v.text()) {
                    m.coverage = coverage;
                }
            }
            F::Owner => m.owner = v.text(),
            F::Kept => {}
        }
    }
}
