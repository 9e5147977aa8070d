//! Mitigation gap analysis (phase 7, steps 6–7, and the guide's defense-in-depth rule).
//!
//! A threat's level here is its inherent risk level (severity × likelihood): the guide
//! states its rules per risk level, and a gap is about what is *planned*, so the current
//! implementation status does not lower the level. Planned means every mitigation that
//! addresses the threat except those marked "Will Not Action" (evaluated and declined).
//! A threat's `gap_note` (why the analyst accepts the gap) travels with each entry; it
//! does not hide the gap.

use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Mitigation, Session, Threat};
use crate::vocab::{MitigationStatus, MitigationType, RiskLevel, Severity};
use std::fmt;

/// The gap rules, in the order a view lists them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum GapRule {
    /// No planned mitigation at all.
    NoMitigation,
    /// Critical threat without a Preventive control.
    CriticalWithoutPreventive,
    /// Critical or High threat without a Detective control.
    WithoutDetective,
    /// Exactly one planned mitigation: a single point of failure.
    SingleMitigation,
    /// The catalog's defense-in-depth rule for the level is not met.
    DefenseInDepth,
    /// A residual risk accepted or deferred without a named owner (the Residual Risk
    /// template: "Every accepted or deferred risk MUST have a named risk owner"). Its
    /// entries are residual entries, listed in register order.
    AcceptedWithoutOwner,
}

impl GapRule {
    pub const ALL: &'static [GapRule] = &[
        GapRule::NoMitigation,
        GapRule::CriticalWithoutPreventive,
        GapRule::WithoutDetective,
        GapRule::SingleMitigation,
        GapRule::DefenseInDepth,
        GapRule::AcceptedWithoutOwner,
    ];

    /// Whether the rule is about a threat's planned mitigations (phase 7), as opposed
    /// to the residual register (phase 9).
    pub fn is_mitigation_rule(self) -> bool {
        self != GapRule::AcceptedWithoutOwner
    }
}

impl GapRule {
    /// A few words for a table cell.
    pub fn short(self) -> &'static str {
        match self {
            GapRule::NoMitigation => "no mitigation",
            GapRule::CriticalWithoutPreventive => "Critical severity, no Preventive",
            GapRule::WithoutDetective => "Critical/High severity, no Detective",
            GapRule::SingleMitigation => "single mitigation",
            GapRule::DefenseInDepth => "defense in depth not met",
            GapRule::AcceptedWithoutOwner => "accepted risk, no owner",
        }
    }
}

impl fmt::Display for GapRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GapRule::NoMitigation => "Threats with no mitigation",
            GapRule::CriticalWithoutPreventive => {
                "Critical-severity threats without a Preventive control"
            }
            GapRule::WithoutDetective => {
                "Critical/High-severity threats without a Detective control"
            }
            GapRule::SingleMitigation => "Threats with a single mitigation",
            GapRule::DefenseInDepth => "Defense in depth not met",
            GapRule::AcceptedWithoutOwner => "Accepted or deferred risks without a named owner",
        })
    }
}

/// One threat that breaks one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct GapEntry {
    pub threat_id: String,
    /// Inherent level, when rated.
    pub level: Option<RiskLevel>,
    /// Planned mitigations of the threat.
    pub mitigations: Vec<String>,
    /// Defense-in-depth only: each group of types of which none is planned.
    pub missing: Vec<Vec<MitigationType>>,
    /// The analyst's acknowledgement of the gap, if any.
    pub note: String,
    /// [`GapRule::AcceptedWithoutOwner`] only: the residual entry without an owner
    /// (`threat_id` is the threat it records).
    pub residual: Option<String>,
}

/// All gaps, one list per rule (every rule present, possibly empty).
#[derive(Debug, Clone, PartialEq)]
pub struct GapReport {
    pub lists: Vec<(GapRule, Vec<GapEntry>)>,
}

impl GapReport {
    pub fn list(&self, rule: GapRule) -> &[GapEntry] {
        self.lists
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    /// The id an entry is listed under: the residual entry's for the owner rule, the
    /// threat's otherwise.
    pub fn entry_ids(&self, rule: GapRule) -> Vec<&str> {
        self.list(rule)
            .iter()
            .map(|e| e.residual.as_deref().unwrap_or(&e.threat_id))
            .collect()
    }

    /// Ids of the threats that break `rule`.
    pub fn ids(&self, rule: GapRule) -> Vec<&str> {
        self.list(rule)
            .iter()
            .map(|e| e.threat_id.as_str())
            .collect()
    }

    pub fn total(&self) -> usize {
        self.lists.iter().map(|(_, l)| l.len()).sum()
    }
}

/// Mitigations that count as planned for a threat.
pub fn planned<'a>(session: &'a Session, threat_id: &'a str) -> Vec<&'a Mitigation> {
    session
        .mitigations_for(threat_id)
        .filter(|m| m.status != MitigationStatus::WillNotAction)
        .collect()
}

/// The rules `threat` breaks, with the unmet defense-in-depth groups.
pub fn rules_broken(
    session: &Session,
    catalog: &Catalog,
    threat: &Threat,
) -> Vec<(GapRule, Vec<Vec<MitigationType>>)> {
    rules_broken_by(catalog, threat, &planned(session, &threat.id))
}

/// [`planned`] through an index built once for many threats.
pub fn planned_with<'a>(index: &risk::Index<'a>, threat_id: &str) -> Vec<&'a Mitigation> {
    index
        .mitigations_for(threat_id)
        .iter()
        .copied()
        .filter(|m| m.status != MitigationStatus::WillNotAction)
        .collect()
}

/// [`rules_broken`] with the threat's planned mitigations already looked up.
pub fn rules_broken_by(
    catalog: &Catalog,
    threat: &Threat,
    mitigations: &[&Mitigation],
) -> Vec<(GapRule, Vec<Vec<MitigationType>>)> {
    let kinds: Vec<MitigationType> = mitigations.iter().map(|m| m.kind).collect();
    rules_broken_kinds(catalog, threat, &kinds)
}

/// The one gap rule of the method, given the types of the threat's planned mitigations
/// (one entry per mitigation). The TUI's gap view, the reports, `status` and the
/// phase 7 criterion all come here.
///
/// Phase 7 step 7 (06-modeling-process.md) names "Critical threats" and "High threats";
/// step 6 of the same phase speaks of Critical and High *severity*, so those two rules
/// read the threat's severity (docs/method.md, R-GAP-SEVERITY). The defense-in-depth rule
/// of guides/risk-scoring.md is stated per risk *level* and reads the inherent level.
pub fn rules_broken_kinds(
    catalog: &Catalog,
    threat: &Threat,
    kinds: &[MitigationType],
) -> Vec<(GapRule, Vec<Vec<MitigationType>>)> {
    let level = risk::inherent(threat, catalog);
    let has = |k: MitigationType| kinds.contains(&k);
    let mut broken = Vec::new();
    if kinds.is_empty() {
        broken.push((GapRule::NoMitigation, Vec::new()));
    }
    if threat.severity == Some(Severity::Critical) && !has(MitigationType::Preventive) {
        broken.push((GapRule::CriticalWithoutPreventive, Vec::new()));
    }
    if matches!(threat.severity, Some(Severity::Critical | Severity::High))
        && !has(MitigationType::Detective)
    {
        broken.push((GapRule::WithoutDetective, Vec::new()));
    }
    if kinds.len() == 1 {
        broken.push((GapRule::SingleMitigation, Vec::new()));
    }
    if let Some(level) = level {
        let missing: Vec<Vec<MitigationType>> = catalog
            .scoring
            .defense_gaps(level, kinds)
            .into_iter()
            .map(<[MitigationType]>::to_vec)
            .collect();
        if !missing.is_empty() {
            broken.push((GapRule::DefenseInDepth, missing));
        }
    }
    broken
}

/// The gap analysis of the whole register, threats in session order within each rule.
pub fn analyse(session: &Session, catalog: &Catalog) -> GapReport {
    let mut lists: Vec<(GapRule, Vec<GapEntry>)> =
        GapRule::ALL.iter().map(|r| (*r, Vec::new())).collect();
    // Planned mitigations by threat id, looked up once (linear in the register).
    let mut by_threat: std::collections::HashMap<&str, Vec<&Mitigation>> = Default::default();
    for m in &session.mitigations {
        if m.status == MitigationStatus::WillNotAction {
            continue;
        }
        for t in &m.addresses {
            let list = by_threat.entry(t.as_str()).or_default();
            // `planned` lists a mitigation once even if it names the threat twice.
            if !list.last().is_some_and(|x| std::ptr::eq(*x, m)) {
                list.push(m);
            }
        }
    }
    for threat in &session.threats {
        let planned = by_threat
            .get(threat.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for (rule, missing) in rules_broken_by(catalog, threat, planned) {
            let entry = GapEntry {
                threat_id: threat.id.clone(),
                level: risk::inherent(threat, catalog),
                mitigations: planned.iter().map(|m| m.id.clone()).collect(),
                missing,
                note: threat.gap_note.clone(),
                residual: None,
            };
            if let Some((_, list)) = lists.iter_mut().find(|(r, _)| *r == rule) {
                list.push(entry);
            }
        }
    }
    if let Some((_, list)) = lists
        .iter_mut()
        .find(|(r, _)| *r == GapRule::AcceptedWithoutOwner)
    {
        *list = owner_gaps(session, catalog);
    }
    GapReport { lists }
}

/// The entries of [`GapRule::AcceptedWithoutOwner`], in residual register order.
pub fn owner_gaps(session: &Session, catalog: &Catalog) -> Vec<GapEntry> {
    if !session.residual_risks.iter().any(unowned) {
        return Vec::new();
    }
    let threats: std::collections::HashMap<&str, &Threat> = session
        .threats
        .iter()
        .rev()
        .map(|t| (t.id.as_str(), t))
        .collect();
    session
        .residual_risks
        .iter()
        .filter(|r| unowned(r))
        .map(|r| {
            let threat = threats.get(r.threat.as_str());
            GapEntry {
                threat_id: r.threat.clone(),
                level: threat.and_then(|t| risk::inherent(t, catalog)),
                mitigations: Vec::new(),
                missing: Vec::new(),
                note: String::new(),
                residual: Some(r.id.clone()),
            }
        })
        .collect()
}

/// Brings `report` (the [`analyse`] of the session before the edit) up to date after
/// an edit that changed only which mitigations the threats `ids` have, or what those
/// mitigations say: each such threat's entries are taken out and put back as
/// [`rules_broken`] finds them now, at their place in session order. `position` gives
/// the session position of a threat id; every card must have its own id (else call
/// [`analyse`]).
pub fn reanalyse_threats(
    report: &mut GapReport,
    session: &Session,
    catalog: &Catalog,
    ids: &[&str],
    position: impl Fn(&str) -> Option<usize>,
) {
    for id in ids {
        let Some(at) = position(id) else {
            continue;
        };
        let Some(threat) = session.threats.get(at) else {
            continue;
        };
        let planned = planned(session, &threat.id);
        let mut broken = rules_broken_by(catalog, threat, &planned);
        for (rule, list) in &mut report.lists {
            // The owner rule reads the residual register, which a mitigation edit
            // leaves alone.
            if !rule.is_mitigation_rule() {
                continue;
            }
            let i = list.partition_point(|e| position(&e.threat_id).is_some_and(|p| p < at));
            if list.get(i).is_some_and(|e| e.threat_id == threat.id) {
                list.remove(i);
            }
            if let Some(k) = broken.iter().position(|(r, _)| r == rule) {
                let (_, missing) = broken.swap_remove(k);
                list.insert(
                    i,
                    GapEntry {
                        threat_id: threat.id.clone(),
                        level: risk::inherent(threat, catalog),
                        mitigations: planned.iter().map(|m| m.id.clone()).collect(),
                        missing,
                        note: threat.gap_note.clone(),
                        residual: None,
                    },
                );
            }
        }
    }
}

/// Residual risks accepted or deferred without a named risk owner: a gap of the
/// register (the Residual Risk template: "Every accepted or deferred risk MUST have a
/// named risk owner"). Gives the residual entries' ids, in register order.
pub fn accepted_without_owner(session: &Session) -> Vec<&str> {
    session
        .residual_risks
        .iter()
        .filter(|r| unowned(r))
        .map(|r| r.id.as_str())
        .collect()
}

fn unowned(r: &crate::session::ResidualRisk) -> bool {
    use crate::vocab::Disposition;
    matches!(
        r.disposition,
        Some(Disposition::Accepted | Disposition::Deferred)
    ) && r.owner.trim().is_empty()
}

#[cfg(test)]
#[path = "gaps_owner_tests.rs"]
mod owner_tests;

#[cfg(test)]
#[path = "gaps_tests.rs"]
mod tests;
