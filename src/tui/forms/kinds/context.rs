//! Pre-engagement and phase 1: the engagement decision tree, the Business Context
//! template, stakeholders and assumptions.

use super::*;

// ---- pre-engagement ----

form_fields!(EngagementField {
    Depth = "depth",
    DepthNote = "depth_note",
    CustomThreatPrefix = "custom_threat_prefix",
});

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
        use EngagementField as F;
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
            FieldSpec::choice(F::Depth.key(), "Depth", enum_opts(Depth::ALL))
                .hint("Set from the answers; choose another to override"),
        );
        f.push(FieldSpec::multiline(F::DepthNote.key(), "Depth note"));
        f.push(
            FieldSpec::text(F::CustomThreatPrefix.key(), "Prefix of your own threat ids").hint(
                format!(
                    "Threats that map to no catalog entry get <prefix>1, <prefix>2…; empty: {}",
                    crate::analysis::custom::DEFAULT_PREFIX
                ),
            ),
        );
        f
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        use EngagementField as F;
        // Any other key is a decision-tree question of the catalog.
        match F::parse(key) {
            Some(F::Depth) => opt_str(s.engagement.depth),
            Some(F::DepthNote) => text(&s.engagement.depth_note),
            Some(F::CustomThreatPrefix) => text(&s.analysis.custom_threat_prefix),
            None => text(s.engagement.answers.get(key).map_or("", String::as_str)),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, _id: &str, key: &str, v: Value) {
        use EngagementField as F;
        match F::parse(key) {
            Some(F::Depth) => s.engagement.depth = Depth::parse(&v.text()),
            Some(F::DepthNote) => s.engagement.depth_note = v.text(),
            Some(F::CustomThreatPrefix) => {
                s.analysis.custom_threat_prefix = crate::analysis::custom::clean_prefix(&v.text());
            }
            None => {
                if v.is_empty() {
                    s.engagement.answers.remove(key);
                } else {
                    s.engagement.answers.insert(key.to_string(), v.text());
                }
                if let Some(depth) = c.engagement.decide(&s.engagement.answers) {
                    s.engagement.depth = Some(depth);
                }
            }
        }
    }
}

// ---- phase 1 ----

form_fields!(BusinessField {
    Application = "application",
    Domain = "domain",
    Function = "function",
    DataClassification = "data_classification",
    Regulations = "regulations",
    Criticality = "criticality",
    UserBase = "user_base",
    AgentType = "agent_type",
    Autonomy = "autonomy",
    DataCategories = "data_categories",
    RiskAppetite = "risk_appetite",
    RiskTolerance = "risk_tolerance",
});

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
        use BusinessField as F;
        let t = &c.taxonomy;
        vec![
            FieldSpec::text(F::Application.key(), "Application").required(),
            FieldSpec::text(F::Domain.key(), "Business domain").required(),
            FieldSpec::multiline(F::Function.key(), "Business function"),
            FieldSpec::choice(
                F::DataClassification.key(),
                "Data classification",
                enum_opts(Classification::ALL),
            )
            .required(),
            FieldSpec::multi(F::Regulations.key(), "Regulations", named(&t.regulations))
                .hint("Others: add them in the file or pick the closest"),
            FieldSpec::choice(F::Criticality.key(), "Criticality", enum_opts(Level::ALL))
                .required(),
            closed(c, "business", F::UserBase.key(), "User base"),
            closed(c, "business", F::AgentType.key(), "Agent type"),
            closed(c, "business", F::Autonomy.key(), "Autonomy"),
            FieldSpec::text(F::DataCategories.key(), "Data categories").hint("Comma-separated"),
            FieldSpec::multiline(F::RiskAppetite.key(), "Risk appetite"),
            FieldSpec::choice(
                F::RiskTolerance.key(),
                "Risk tolerance",
                enum_opts(RiskLevel::ALL),
            )
            .hint("Highest residual risk level accepted without escalation"),
        ]
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        use BusinessField as F;
        let b = &s.business;
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Application => text(&b.application),
            F::Domain => text(&b.domain),
            F::Function => text(&b.function),
            F::DataClassification => opt_str(b.data_classification),
            F::Regulations => list(&b.regulations),
            F::Criticality => opt_str(b.criticality),
            F::UserBase => text(&b.user_base),
            F::AgentType => text(&b.agent_type),
            F::Autonomy => text(&b.autonomy),
            F::DataCategories => text(&b.data_categories.join(", ")),
            F::RiskAppetite => text(&b.risk_appetite),
            F::RiskTolerance => opt_str(b.risk_tolerance),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, _id: &str, key: &str, v: Value) {
        use BusinessField as F;
        let b = &mut s.business;
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Application => b.application = v.text(),
            F::Domain => b.domain = v.text(),
            F::Function => b.function = v.text(),
            F::DataClassification => b.data_classification = Classification::parse(&v.text()),
            F::Regulations => b.regulations = v.list(),
            F::Criticality => b.criticality = Level::parse(&v.text()),
            F::UserBase => b.user_base = v.text(),
            F::AgentType => b.agent_type = v.text(),
            F::Autonomy => b.autonomy = v.text(),
            F::DataCategories => b.data_categories = split_list(&v),
            F::RiskAppetite => b.risk_appetite = v.text(),
            F::RiskTolerance => b.risk_tolerance = RiskLevel::parse(&v.text()),
        }
    }
}

form_fields!(StakeholderField {
    Name = "name",
    Role = "role",
    Raci = "raci",
});

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
        use StakeholderField as F;
        vec![
            FieldSpec::text(F::Name.key(), "Name").required(),
            FieldSpec::text(F::Role.key(), "Role"),
            FieldSpec::choice(
                F::Raci.key(),
                "RACI",
                Opt::plain(["R", "A", "C", "I", "RA", "RC", "AC"]),
            )
            .hint("Responsible, Accountable, Consulted, Informed"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use StakeholderField as F;
        let Some(st) = stakeholder_index(id).and_then(|i| s.business.stakeholders.get(i)) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        text(match field {
            F::Name => &st.name,
            F::Role => &st.role,
            F::Raci => &st.raci,
        })
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use StakeholderField as F;
        let Some(st) = stakeholder_index(id).and_then(|i| s.business.stakeholders.get_mut(i))
        else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Name => st.name = v.text(),
            F::Role => st.role = v.text(),
            F::Raci => st.raci = v.text(),
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

form_fields!(AssumptionField {
    Description = "description",
    Rationale = "rationale",
    ImpactIfWrong = "impact_if_wrong",
    ValidationMethod = "validation_method",
    Status = "status",
    HighImpact = "high_impact",
});

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
        use AssumptionField as F;
        vec![
            FieldSpec::multiline(F::Description.key(), "Description").required(),
            FieldSpec::multiline(F::Rationale.key(), "Rationale"),
            FieldSpec::multiline(F::ImpactIfWrong.key(), "Impact if wrong"),
            FieldSpec::text(F::ValidationMethod.key(), "Validation method"),
            closed(c, "assumption", F::Status.key(), "Status"),
            FieldSpec::switch(F::HighImpact.key(), "High impact"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use AssumptionField as F;
        let Some(a) = find(&s.assumptions, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Description => text(&a.description),
            F::Rationale => text(&a.rationale),
            F::ImpactIfWrong => text(&a.impact_if_wrong),
            F::ValidationMethod => text(&a.validation_method),
            F::Status => text(&a.status),
            F::HighImpact => Value::Bool(a.high_impact),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use AssumptionField as F;
        let Some(a) = find_mut(&mut s.assumptions, id) else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Description => a.description = v.text(),
            F::Rationale => a.rationale = v.text(),
            F::ImpactIfWrong => a.impact_if_wrong = v.text(),
            F::ValidationMethod => a.validation_method = v.text(),
            F::Status => a.status = v.text(),
            F::HighImpact => a.high_impact = v.flag(),
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
