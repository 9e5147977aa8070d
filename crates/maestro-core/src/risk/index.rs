//! Lookups by id built once per computation, so that assessing every threat of a session
//! costs O(threats + mitigations + validations) instead of scanning every mitigation,
//! validation and residual record again for each threat.
//!
//! The index only finds records; the rules stay in `mitigation_status`, `residual` & co.,
//! which the index-taking variants share with the plain ones.

use crate::session::{Mitigation, ResidualRisk, Session};
use crate::vocab::ImplementationStatus;
// foldhash: several times faster than SipHash on short ids, seeded per process so ids
// from a hostile file cannot be chosen to collide (unlike an unseeded FxHash).
use foldhash::HashMap;
use foldhash::HashMapExt;

/// Records of one session grouped by the id they refer to.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Threat id → the mitigations addressing it, in session order, each once.
    mitigations: HashMap<&'a str, Vec<&'a Mitigation>>,
    /// Mitigation id → weakest implementation status found by a phase 8 validation.
    validated: HashMap<&'a str, ImplementationStatus>,
    /// Threat id → its first residual risk record.
    residuals: HashMap<&'a str, &'a ResidualRisk>,
}

impl<'a> Index<'a> {
    pub fn new(session: &'a Session) -> Index<'a> {
        let mut mitigations: HashMap<&str, Vec<&Mitigation>> = HashMap::new();
        for m in &session.mitigations {
            for threat in &m.addresses {
                let list = mitigations.entry(threat.as_str()).or_default();
                // A threat listed twice in `addresses` still has the mitigation once.
                if !list.last().is_some_and(|last| std::ptr::eq(*last, m)) {
                    list.push(m);
                }
            }
        }
        let validated = Self::validated_of(session);
        let mut residuals = HashMap::new();
        for r in &session.residual_risks {
            residuals.entry(r.threat.as_str()).or_insert(r);
        }
        Index {
            mitigations,
            validated,
            residuals,
        }
    }

    /// An index that knows the phase 8 findings only ([`Index::validated`]): for rules
    /// that look up mitigations' validated status and nothing by threat.
    pub fn of_validations(session: &'a Session) -> Index<'a> {
        Index {
            validated: Self::validated_of(session),
            ..Index::default()
        }
    }

    fn validated_of(session: &'a Session) -> HashMap<&'a str, ImplementationStatus> {
        let mut validated: HashMap<&str, ImplementationStatus> = HashMap::new();
        for v in &session.validations {
            if let Some(status) = v.implementation {
                validated
                    .entry(v.mitigation.as_str())
                    .and_modify(|s| *s = (*s).min(status))
                    .or_insert(status);
            }
        }
        validated
    }

    /// An index that knows one threat only (its mitigations, their validations and its
    /// residual record): one scan of each list, for a single card, where [`Index::new`]
    /// would hash every record of the session.
    pub fn for_threat(session: &'a Session, threat_id: &str) -> Index<'a> {
        let mut index = Index::default();
        let addressing: Vec<&Mitigation> = session
            .mitigations
            .iter()
            .filter(|m| m.addresses.iter().any(|t| t == threat_id))
            .collect();
        for v in &session.validations {
            if let Some(status) = v.implementation
                && let Some(m) = addressing.iter().find(|m| m.id == v.mitigation)
            {
                index
                    .validated
                    .entry(m.id.as_str())
                    .and_modify(|s| *s = (*s).min(status))
                    .or_insert(status);
            }
        }
        if let Some(first) = addressing.first() {
            let id = first
                .addresses
                .iter()
                .find(|t| *t == threat_id)
                .map(String::as_str)
                .unwrap_or_default();
            index.mitigations.insert(id, addressing);
        }
        if let Some(r) = session
            .residual_risks
            .iter()
            .find(|r| r.threat == threat_id)
        {
            index.residuals.insert(r.threat.as_str(), r);
        }
        index
    }

    /// The mitigations addressing a threat (same order as `Session::mitigations_for`).
    pub fn mitigations_for(&self, threat_id: &str) -> &[&'a Mitigation] {
        self.mitigations
            .get(threat_id)
            .map_or(&[], |list| list.as_slice())
    }

    /// Types of the controls planned for a threat: every mitigation except those
    /// marked Will Not Action. Gap rules (defense in depth) count only these.
    pub fn planned_kinds(&self, threat_id: &str) -> Vec<crate::vocab::MitigationType> {
        self.mitigations_for(threat_id)
            .iter()
            .filter(|m| m.status != crate::vocab::MitigationStatus::WillNotAction)
            .map(|m| m.kind)
            .collect()
    }

    /// The weakest status phase 8 found for a mitigation, if it was validated.
    pub fn validated(&self, mitigation_id: &str) -> Option<ImplementationStatus> {
        self.validated.get(mitigation_id).copied()
    }

    /// The residual risk record of a threat (the first, as `Iterator::find` would give).
    pub fn residual_record(&self, threat_id: &str) -> Option<&'a ResidualRisk> {
        self.residuals.get(threat_id).copied()
    }
}
