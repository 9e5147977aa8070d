//! Consolidate and deduplicate (phase 6, step 4).
//!
//! Per-layer analysis raises the same threat more than once: the same catalog threat
//! instantiated on two layers, or two custom cards that describe the same thing. This
//! module finds such candidates and folds one card into another, re-pointing every
//! reference so nothing is lost.

use crate::session::{ResidualRisk, Session, Threat};
use std::collections::BTreeMap;
use std::fmt;

/// Names at least this similar (normalized Levenshtein on normalized names) count as
/// near-identical. High on purpose: a false positive costs the analyst a look, a false
/// merge would cost data.
pub const NAME_SIMILARITY: f64 = 0.85;

/// Why some threat cards look like one threat.
#[derive(Debug, Clone, PartialEq)]
pub enum DuplicateReason {
    /// They instantiate the same catalog threat.
    SameCatalogThreat { catalog: String },
    /// Their names are near-identical.
    SimilarNames { similarity: f64 },
}

impl fmt::Display for DuplicateReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DuplicateReason::SameCatalogThreat { catalog } => {
                write!(f, "same catalog threat {catalog}")
            }
            DuplicateReason::SimilarNames { similarity } => {
                write!(f, "near-identical names ({:.0}%)", similarity * 100.0)
            }
        }
    }
}

/// Threat cards that are probably one threat, in session order.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateGroup {
    pub threat_ids: Vec<String>,
    pub reason: DuplicateReason,
}

/// Lowercase words of a name, so punctuation and case do not hide a duplicate.
fn normalize(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Similarity of two card names, 0.0 … 1.0.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    normalized_similarity(&normalize(a), &normalize(b))
}

fn normalized_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// Duplicate candidates: one group per catalog threat instantiated by several cards,
/// then one pair per two cards with near-identical names not already grouped together.
pub fn find(session: &Session) -> Vec<DuplicateGroup> {
    let mut by_catalog: BTreeMap<&str, Vec<&Threat>> = BTreeMap::new();
    for t in session.threats.iter().filter(|t| !t.catalog.is_empty()) {
        by_catalog.entry(&t.catalog).or_default().push(t);
    }
    let mut groups: Vec<DuplicateGroup> = session
        .threats
        .iter()
        .filter_map(|t| {
            let cards = by_catalog.get(t.catalog.as_str())?;
            // Emit each catalog group once, at its first card.
            (cards.len() > 1 && cards[0].id == t.id).then(|| DuplicateGroup {
                threat_ids: cards.iter().map(|c| c.id.clone()).collect(),
                reason: DuplicateReason::SameCatalogThreat {
                    catalog: t.catalog.clone(),
                },
            })
        })
        .collect();
    let same_catalog = |a: &Threat, b: &Threat| !a.catalog.is_empty() && a.catalog == b.catalog;
    for (i, a) in session.threats.iter().enumerate() {
        for b in &session.threats[i + 1..] {
            if same_catalog(a, b) {
                continue;
            }
            let similarity = name_similarity(&a.name, &b.name);
            if similarity >= NAME_SIMILARITY {
                groups.push(DuplicateGroup {
                    threat_ids: vec![a.id.clone(), b.id.clone()],
                    reason: DuplicateReason::SimilarNames { similarity },
                });
            }
        }
    }
    groups
}

/// The groups of [`find`] that contain card `id`, in the same order, in O(n): one card
/// against the others rather than every pair (a threat card shows its duplicates on
/// every frame; `find` over 10k cards compares 50 million pairs).
pub fn find_for(session: &Session, id: &str) -> Vec<DuplicateGroup> {
    let Some(card) = session.threats.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    let mut groups = Vec::new();
    if !card.catalog.is_empty() {
        let same: Vec<String> = (session.threats.iter())
            .filter(|t| t.catalog == card.catalog)
            .map(|t| t.id.clone())
            .collect();
        if same.len() > 1 {
            groups.push(DuplicateGroup {
                threat_ids: same,
                reason: DuplicateReason::SameCatalogThreat {
                    catalog: card.catalog.clone(),
                },
            });
        }
    }
    let name = normalize(&card.name);
    let mut before = true;
    for other in &session.threats {
        if std::ptr::eq(other, card) {
            before = false;
            continue;
        }
        if !card.catalog.is_empty() && card.catalog == other.catalog {
            continue;
        }
        let similarity = normalized_similarity(&name, &normalize(&other.name));
        if similarity >= NAME_SIMILARITY {
            let pair = if before {
                vec![other.id.clone(), card.id.clone()]
            } else {
                vec![card.id.clone(), other.id.clone()]
            };
            groups.push(DuplicateGroup {
                threat_ids: pair,
                reason: DuplicateReason::SimilarNames { similarity },
            });
        }
    }
    groups
}

/// Why a merge cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no threat card `{0}`")]
    UnknownThreat(String),
    #[error("a threat card cannot be merged into itself")]
    SameThreat,
}

/// Appends the items of `extra` that `list` does not have yet.
fn union<T: PartialEq + Clone>(list: &mut Vec<T>, extra: &[T]) {
    for item in extra {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

fn fill<T: Clone>(slot: &mut T, other: &T, empty: impl Fn(&T) -> bool) {
    if empty(slot) && !empty(other) {
        *slot = other.clone();
    }
}

fn repoint(ids: &mut Vec<String>, from: &str, to: &str) {
    for id in ids.iter_mut().filter(|id| *id == from) {
        *id = to.to_string();
    }
    let mut seen = Vec::new();
    ids.retain(|id| {
        let fresh = !seen.contains(id);
        seen.push(id.clone());
        fresh
    });
}

/// Folds card `merge_id` into card `keep_id` and returns the new session.
///
/// The kept card gains the other's layers, ASI ids, STRIDE, factors, factor notes,
/// components, actors, boundaries and assets; its empty texts are filled from the
/// other; ratings take the more severe of the two (higher severity and likelihood,
/// broader vector, lower complexity) so merging never lowers a risk silently; `merged`
/// records the folded id (and any ids folded into it before). Mitigations, chains,
/// residual risks and roadmap items that named the folded card name the kept one; a
/// residual entry of the folded card is folded into the kept card's entry when both exist.
pub fn merge(session: &Session, keep_id: &str, merge_id: &str) -> Result<Session, MergeError> {
    if keep_id == merge_id {
        return Err(MergeError::SameThreat);
    }
    let gone = session
        .threat(merge_id)
        .ok_or_else(|| MergeError::UnknownThreat(merge_id.into()))?
        .clone();
    session
        .threat(keep_id)
        .ok_or_else(|| MergeError::UnknownThreat(keep_id.into()))?;
    let mut out = session.clone();
    out.threats.retain(|t| t.id != merge_id);
    let keep = out
        .threats
        .iter_mut()
        .find(|t| t.id == keep_id)
        .expect("checked above");
    fold_card(keep, &gone);

    for m in &mut out.mitigations {
        repoint(&mut m.addresses, merge_id, keep_id);
    }
    for chain in &mut out.chains {
        chain
            .steps
            .iter_mut()
            .filter(|s| *s == merge_id)
            .for_each(|s| *s = keep_id.to_string());
        // A chain that passed through both cards now names the kept one twice in a row.
        chain.steps.dedup();
        for end in [
            &mut chain.entry_point,
            &mut chain.pivot,
            &mut chain.impact_target,
        ] {
            if end == merge_id {
                *end = keep_id.to_string();
            }
        }
    }
    for item in &mut out.roadmap {
        repoint(&mut item.threats, merge_id, keep_id);
    }
    fold_residuals(&mut out.residual_risks, keep_id, merge_id);
    Ok(out)
}

fn fold_card(keep: &mut Threat, gone: &Threat) {
    union(&mut keep.layers, &gone.layers);
    union(&mut keep.asi, &gone.asi);
    union(&mut keep.stride, &gone.stride);
    union(&mut keep.factors, &gone.factors);
    for note in &gone.factor_notes {
        if !keep.factor_notes.iter().any(|n| n.factor == note.factor) {
            keep.factor_notes.push(note.clone());
        }
    }
    union(&mut keep.components, &gone.components);
    union(&mut keep.actors, &gone.actors);
    union(&mut keep.boundaries, &gone.boundaries);
    union(&mut keep.assets, &gone.assets);
    fill(&mut keep.catalog, &gone.catalog, String::is_empty);
    fill(&mut keep.description, &gone.description, String::is_empty);
    fill(
        &mut keep.prerequisites,
        &gone.prerequisites,
        String::is_empty,
    );
    fill(&mut keep.impact, &gone.impact, String::is_empty);
    fill(&mut keep.gap_note, &gone.gap_note, String::is_empty);
    keep.severity = keep.severity.max(gone.severity);
    keep.likelihood = keep.likelihood.max(gone.likelihood);
    keep.attack_vector = keep.attack_vector.max(gone.attack_vector);
    keep.attack_complexity = match (keep.attack_complexity, gone.attack_complexity) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    union(&mut keep.merged, std::slice::from_ref(&gone.id));
    union(&mut keep.merged, &gone.merged);
}

fn fold_residuals(residuals: &mut Vec<ResidualRisk>, keep_id: &str, merge_id: &str) {
    let Some(gone_at) = residuals.iter().position(|r| r.threat == merge_id) else {
        return;
    };
    if let Some(keep) = residuals.iter().position(|r| r.threat == keep_id) {
        let gone = residuals.remove(gone_at);
        let keep = &mut residuals[if keep > gone_at { keep - 1 } else { keep }];
        keep.level_override = keep.level_override.max(gone.level_override);
        fill(&mut keep.disposition, &gone.disposition, Option::is_none);
        fill(
            &mut keep.justification,
            &gone.justification,
            String::is_empty,
        );
        fill(&mut keep.owner, &gone.owner, String::is_empty);
        fill(&mut keep.review_date, &gone.review_date, String::is_empty);
        fill(&mut keep.target_date, &gone.target_date, String::is_empty);
        fill(&mut keep.third_party, &gone.third_party, String::is_empty);
        union(&mut keep.compensating_controls, &gone.compensating_controls);
        union(&mut keep.triggers, &gone.triggers);
    } else {
        residuals[gone_at].threat = keep_id.to_string();
    }
}

#[cfg(test)]
mod tests {
    /// `find_for` is `find` filtered to one card, for cards that share catalog entries,
    /// have near-identical or identical names, or neither.
    #[test]
    fn find_for_is_find_filtered_to_the_card() {
        use proptest::prelude::*;
        let names = [
            "Prompt injection",
            "Prompt  injection!",
            "prompt injections",
            "Data leak",
            "",
        ];
        let catalogs = ["", "", "T1", "T6"];
        let card = (0..names.len(), 0..catalogs.len());
        proptest!(|(cards in proptest::collection::vec(card, 0..12))| {
            let mut s = Session::new("t", "1", "2026-01-01");
            s.threats = cards
                .iter()
                .enumerate()
                .map(|(i, &(n, c))| Threat {
                    id: format!("T-{i}"),
                    name: names[n].into(),
                    catalog: catalogs[c].into(),
                    ..Threat::default()
                })
                .collect();
            let all = find(&s);
            for t in &s.threats {
                let expected: Vec<DuplicateGroup> = all
                    .iter()
                    .filter(|g| g.threat_ids.contains(&t.id))
                    .cloned()
                    .collect();
                prop_assert_eq!(find_for(&s, &t.id), expected);
            }
        });
    }

    use super::*;
    use crate::analysis::fixtures::{mitigation, threat};
    use crate::session::{RemediationItem, ThreatChain};
    use crate::vocab::*;

    fn session() -> Session {
        use Layer::*;
        let mut s = Session::new("dedup", "test", "2025-01-15");
        let mut a = threat("TH-1", "T1", &[L2], Severity::High, Likelihood::Possible);
        a.factors = vec![AgenticFactor::Autonomy];
        a.components = vec!["memory".into()];
        let mut b = threat(
            "TH-2",
            "T1",
            &[L1],
            Severity::Critical,
            Likelihood::Unlikely,
        );
        b.factors = vec![AgenticFactor::NonDeterminism, AgenticFactor::Autonomy];
        b.components = vec!["llm".into()];
        b.description = "poisoned context reaches the model".into();
        b.merged = vec!["TH-0".into()];
        let mut c = threat("TH-3", "", &[L3], Severity::Low, Likelihood::Likely);
        c.name = "Prompt injection via tool output".into();
        let mut d = threat("TH-4", "", &[L1], Severity::Low, Likelihood::Likely);
        d.name = "Prompt-injection via tool outputs".into();
        let mut e = threat("TH-5", "", &[L4], Severity::Low, Likelihood::Likely);
        e.name = "Resource exhaustion of the cluster".into();
        s.threats = vec![a, b, c, d, e];
        s.mitigations = vec![
            mitigation(
                "M-1",
                MitigationType::Preventive,
                &["TH-1", "TH-2"],
                ImplementationStatus::NotImplemented,
            ),
            mitigation(
                "M-2",
                MitigationType::Detective,
                &["TH-2"],
                ImplementationStatus::NotImplemented,
            ),
        ];
        s.chains = vec![ThreatChain {
            id: "CH-1".into(),
            name: "chain".into(),
            steps: vec!["TH-1".into(), "TH-2".into(), "TH-3".into()],
            entry_point: "TH-2".into(),
            ..ThreatChain::default()
        }];
        s.roadmap = vec![RemediationItem {
            id: "RM-1".into(),
            threats: vec!["TH-2".into()],
            description: "fix".into(),
            ..RemediationItem::default()
        }];
        s.residual_risks = vec![
            ResidualRisk {
                id: "RR-1".into(),
                threat: "TH-1".into(),
                compensating_controls: vec!["monitoring".into()],
                ..ResidualRisk::default()
            },
            ResidualRisk {
                id: "RR-2".into(),
                threat: "TH-2".into(),
                owner: "CISO".into(),
                compensating_controls: vec!["review".into()],
                ..ResidualRisk::default()
            },
        ];
        s
    }

    #[test]
    fn finds_same_catalog_threat_and_similar_names() {
        let groups = find(&session());
        assert_eq!(
            groups[0],
            DuplicateGroup {
                threat_ids: vec!["TH-1".into(), "TH-2".into()],
                reason: DuplicateReason::SameCatalogThreat {
                    catalog: "T1".into()
                }
            }
        );
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups[1].threat_ids, ["TH-3", "TH-4"]);
        assert!(matches!(
            groups[1].reason,
            DuplicateReason::SimilarNames { similarity } if similarity >= NAME_SIMILARITY
        ));
    }

    #[test]
    fn different_names_are_not_duplicates() {
        assert!(name_similarity("Memory poisoning", "Tool misuse") < NAME_SIMILARITY);
        assert_eq!(name_similarity("Tool  Misuse!", "tool misuse"), 1.0);
        assert_eq!(name_similarity("", ""), 0.0);
    }

    #[test]
    fn merge_unions_the_card_and_repoints_references() {
        let before = session();
        let after = merge(&before, "TH-1", "TH-2").unwrap();
        assert!(after.threat("TH-2").is_none());
        assert_eq!(after.threats.len(), before.threats.len() - 1);
        let kept = after.threat("TH-1").unwrap();
        assert_eq!(kept.layers, [Layer::L2, Layer::L1]);
        assert_eq!(
            kept.factors,
            [AgenticFactor::Autonomy, AgenticFactor::NonDeterminism]
        );
        assert_eq!(kept.components, ["memory", "llm"]);
        assert_eq!(kept.description, "poisoned context reaches the model");
        assert_eq!(kept.severity, Some(Severity::Critical));
        assert_eq!(kept.likelihood, Some(Likelihood::Possible));
        assert_eq!(kept.merged, ["TH-2", "TH-0"]);

        assert_eq!(after.mitigation("M-1").unwrap().addresses, ["TH-1"]);
        assert_eq!(after.mitigation("M-2").unwrap().addresses, ["TH-1"]);
        assert_eq!(after.chains[0].steps, ["TH-1", "TH-3"]);
        assert_eq!(after.chains[0].entry_point, "TH-1");
        assert_eq!(after.roadmap[0].threats, ["TH-1"]);
        assert_eq!(after.residual_risks.len(), 1);
        let residual = &after.residual_risks[0];
        assert_eq!(residual.threat, "TH-1");
        assert_eq!(residual.owner, "CISO");
        assert_eq!(residual.compensating_controls, ["monitoring", "review"]);
        // The input is untouched.
        assert_eq!(before, session());
    }

    #[test]
    fn merge_moves_a_lone_residual_entry() {
        let mut s = session();
        s.residual_risks.remove(0);
        let after = merge(&s, "TH-1", "TH-2").unwrap();
        assert_eq!(after.residual_risks[0].id, "RR-2");
        assert_eq!(after.residual_risks[0].threat, "TH-1");
    }

    #[test]
    fn merge_rejects_unknown_or_same_ids() {
        let s = session();
        assert_eq!(merge(&s, "TH-1", "TH-1"), Err(MergeError::SameThreat));
        assert_eq!(
            merge(&s, "TH-1", "TH-9"),
            Err(MergeError::UnknownThreat("TH-9".into()))
        );
        assert_eq!(
            merge(&s, "TH-9", "TH-1"),
            Err(MergeError::UnknownThreat("TH-9".into()))
        );
    }
}
