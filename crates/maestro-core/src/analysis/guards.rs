//! Guards a reviewer expects (issue 24), one rule each, used by the TUI before it
//! writes and by `validate` on a file written elsewhere:
//! - a risk Accepted while its residual level is above the engagement's risk tolerance
//!   (`business.risk_tolerance`) needs a business justification and a named approver;
//! - Mitigated needs at least one mitigation of the threat that is implemented
//!   (implementation status Implemented, or workflow status Implemented).

use crate::catalog::Catalog;
use crate::risk;
use crate::session::validate::Problem;
use crate::session::{ResidualRisk, Session};
use crate::vocab::{Disposition, ImplementationStatus, MitigationStatus, RiskLevel};

/// `(level, tolerance)` when the residual `level` is above the session's tolerance.
pub fn above_tolerance(
    session: &Session,
    level: Option<RiskLevel>,
) -> Option<(RiskLevel, RiskLevel)> {
    let tolerance = session.business.risk_tolerance?;
    let level = level?;
    (level > tolerance).then_some((level, tolerance))
}

/// The records a guard reads about threats: one index of the whole session when many
/// entries are checked (`validate`), or of one threat when the TUI checks one.
struct Facts<'a> {
    index: risk::Index<'a>,
    lookup: Option<crate::session::lookup::Lookup<'a>>,
}

impl<'a> Facts<'a> {
    fn whole(session: &'a Session) -> Facts<'a> {
        Facts {
            index: risk::Index::new(session),
            lookup: Some(crate::session::lookup::Lookup::new(session)),
        }
    }

    fn of_threat(session: &'a Session, threat: &str) -> Facts<'a> {
        Facts {
            index: risk::Index::for_threat(session, threat),
            lookup: None,
        }
    }

    fn threat(&self, session: &'a Session, id: &str) -> Option<&'a crate::session::Threat> {
        match &self.lookup {
            Some(lookup) => lookup.threat(id),
            None => session.threat(id),
        }
    }
}

/// The residual level of `threat`'s entry (override included), `None` when unrated.
fn residual_level(
    facts: &Facts<'_>,
    session: &Session,
    catalog: &Catalog,
    threat: &str,
) -> Option<RiskLevel> {
    let t = facts.threat(session, threat)?;
    risk::residual_with(&facts.index, session, t, catalog).level
}

/// What accepting `entry` still lacks: the justification and the approver, when its
/// level is above the tolerance (empty otherwise, or when it is not Accepted).
pub fn acceptance_lacks(
    session: &Session,
    catalog: &Catalog,
    entry: &ResidualRisk,
) -> Vec<&'static str> {
    if entry.disposition != Some(Disposition::Accepted) {
        return Vec::new();
    }
    lacks(
        &Facts::of_threat(session, &entry.threat),
        session,
        catalog,
        entry,
    )
}

fn lacks(
    facts: &Facts<'_>,
    session: &Session,
    catalog: &Catalog,
    entry: &ResidualRisk,
) -> Vec<&'static str> {
    if entry.disposition != Some(Disposition::Accepted) {
        return Vec::new();
    }
    let level = residual_level(facts, session, catalog, &entry.threat);
    if above_tolerance(session, level).is_none() {
        return Vec::new();
    }
    let mut lacks = Vec::new();
    if entry.justification.trim().is_empty() {
        lacks.push("justification");
    }
    if entry.approved_by.trim().is_empty() {
        lacks.push("approved_by");
    }
    lacks
}

/// Why `threat` cannot be set to Mitigated; `None` when one of its mitigations is
/// implemented.
pub fn mitigated_refusal(session: &Session, threat: &str) -> Option<String> {
    refusal(&Facts::of_threat(session, threat), threat)
}

fn refusal(facts: &Facts<'_>, threat: &str) -> Option<String> {
    let mine = facts.index.mitigations_for(threat);
    if mine.is_empty() {
        return Some(format!(
            "{threat} has no mitigation: adopt one in phase 7 before calling it Mitigated"
        ));
    }
    let implemented = mine.iter().any(|m| {
        m.implementation == ImplementationStatus::Implemented
            || m.status == MitigationStatus::Implemented
    });
    (!implemented).then(|| {
        let ids: Vec<&str> = mine.iter().map(|m| m.id.as_str()).collect();
        format!(
            "{threat} is not Mitigated until one of {} is implemented",
            ids.join(", ")
        )
    })
}

/// The guards `entry` breaks, each with the field it concerns, in words.
pub fn problems_of(session: &Session, catalog: &Catalog, entry: &ResidualRisk) -> Vec<String> {
    let facts = Facts::of_threat(session, &entry.threat);
    field_problems(&facts, session, catalog, entry)
        .into_iter()
        .map(|(_, message)| message)
        .collect()
}

fn field_problems(
    facts: &Facts<'_>,
    session: &Session,
    catalog: &Catalog,
    r: &ResidualRisk,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for field in lacks(facts, session, catalog, r) {
        out.push((
            field,
            format!(
                "{} accepts {} above the risk tolerance without {}",
                r.id,
                r.threat,
                if field == "justification" {
                    "a business justification"
                } else {
                    "an approver (approved_by)"
                }
            ),
        ));
    }
    if r.disposition == Some(Disposition::Mitigated)
        && let Some(why) = refusal(facts, &r.threat)
    {
        out.push(("disposition", format!("{}: {why}", r.id)));
    }
    out
}

/// The guards broken by a session, as warnings at the fields that lack a value. The
/// session is indexed once: a lookup per entry made this quadratic (23 s at 50,000).
pub fn problems(session: &Session, catalog: &Catalog) -> Vec<Problem> {
    let facts = Facts::whole(session);
    let mut out = Vec::new();
    for (i, r) in session.residual_risks.iter().enumerate() {
        for (field, message) in field_problems(&facts, session, catalog, r) {
            out.push(Problem {
                path: crate::path!["residual_risks", i, field],
                message,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `problems` indexes the session once; what it finds is what each entry's own
    /// check (the TUI's, one threat indexed) finds.
    #[test]
    fn the_session_wide_check_finds_what_each_entry_check_finds() {
        let catalog = Catalog::embedded();
        let mut s = crate::synth::generate(
            crate::synth::SynthParams {
                components: 20,
                threats: 300,
                seed: 11,
            },
            &catalog,
        );
        s.business.risk_tolerance = Some(RiskLevel::Low);
        for (i, r) in s.residual_risks.iter_mut().enumerate() {
            r.disposition = Some(if i % 3 == 0 {
                Disposition::Mitigated
            } else {
                Disposition::Accepted
            });
            if i % 5 == 0 {
                r.justification = "board decision".into();
            }
        }
        let whole: Vec<String> = problems(&s, &catalog)
            .into_iter()
            .map(|p| p.message)
            .collect();
        let each: Vec<String> = s
            .residual_risks
            .iter()
            .flat_map(|r| problems_of(&s, &catalog, r))
            .collect();
        assert!(whole.len() > 100, "the guards fire: {}", whole.len());
        assert_eq!(whole, each);
    }
    use crate::session::{Mitigation, Threat};
    use crate::vocab::{Layer, Likelihood, Severity};

    fn session() -> (Session, Catalog) {
        let catalog = Catalog::embedded();
        let mut s = Session::new("guards", "x", "2026-01-01");
        s.business.risk_tolerance = Some(RiskLevel::Low);
        s.threats.push(Threat {
            id: "T-1".into(),
            name: "Critical one".into(),
            layers: vec![Layer::L3],
            severity: Some(Severity::ALL[Severity::ALL.len() - 1]),
            likelihood: Some(Likelihood::ALL[Likelihood::ALL.len() - 1]),
            ..Threat::default()
        });
        s.residual_risks.push(ResidualRisk {
            id: "RR-1".into(),
            threat: "T-1".into(),
            disposition: Some(Disposition::Accepted),
            ..ResidualRisk::default()
        });
        (s, catalog)
    }

    #[test]
    fn accepting_above_the_tolerance_needs_a_justification_and_an_approver() {
        let (mut s, catalog) = session();
        let entry = s.residual_risks[0].clone();
        assert_eq!(
            acceptance_lacks(&s, &catalog, &entry),
            ["justification", "approved_by"]
        );
        assert_eq!(problems(&s, &catalog).len(), 2);
        s.residual_risks[0].justification = "Refunds capped at 50 EUR".into();
        s.residual_risks[0].approved_by = "CISO".into();
        let entry = s.residual_risks[0].clone();
        assert!(acceptance_lacks(&s, &catalog, &entry).is_empty());
        assert!(problems(&s, &catalog).is_empty());
        // Within the tolerance: nothing asked.
        s.business.risk_tolerance = Some(RiskLevel::Critical);
        s.residual_risks[0].approved_by.clear();
        let entry = s.residual_risks[0].clone();
        assert!(acceptance_lacks(&s, &catalog, &entry).is_empty());
    }

    #[test]
    fn the_report_lists_a_risk_accepted_above_the_tolerance_and_its_approver() {
        let (mut s, catalog) = session();
        let markdown = crate::report::to_markdown(&crate::report::build(&s, &catalog));
        assert!(
            markdown.contains("Accepted above the risk tolerance, approved by nobody yet"),
            "{markdown}"
        );
        s.residual_risks[0].approved_by = "CISO".into();
        let report = crate::report::build(&s, &catalog);
        assert!(report.residual_register[0].above_tolerance);
        assert!(
            crate::report::to_markdown(&report)
                .contains("Accepted above the risk tolerance, approved by CISO")
        );
    }

    #[test]
    fn mitigated_needs_an_implemented_mitigation() {
        let (mut s, _) = session();
        assert!(
            mitigated_refusal(&s, "T-1")
                .unwrap()
                .contains("no mitigation")
        );
        s.mitigations.push(Mitigation {
            otm: Default::default(),
            id: "M-1".into(),
            name: "Filter".into(),
            catalog: String::new(),
            kind: crate::vocab::MitigationType::Preventive,
            description: String::new(),
            addresses: vec!["T-1".into()],
            cost: None,
            effectiveness: None,
            status: MitigationStatus::Identified,
            implementation: ImplementationStatus::NotImplemented,
            coverage: crate::vocab::Coverage::Full,
            owner: String::new(),
            attested: false,
            attestation: String::new(),
        });
        let why = mitigated_refusal(&s, "T-1").unwrap();
        assert!(why.contains("M-1 is implemented"), "{why}");
        s.mitigations[0].implementation = ImplementationStatus::Implemented;
        assert_eq!(mitigated_refusal(&s, "T-1"), None);
    }
}
