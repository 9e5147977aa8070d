//! Phase 8 code checks in a session (issue 20): which hits of `discover` concern a
//! mitigation card, the threats that card addresses, the evidence a confirmed hit
//! becomes, and what the confirmed hits suggest for the implementation status.
//!
//! A hit is a candidate only: nothing here changes a status by itself. Snippets come
//! from the scanned tree (untrusted) and are sanitised before they enter the session.

use super::CheckHit;
use crate::catalog::Catalog;
use crate::catalog::discover::{CodeCheck, Stance};
use crate::session::{CodeValidation, Evidence, Session};
use crate::vocab::ImplementationStatus;

/// One hit as a card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardHit<'a> {
    /// Index into the discovery's `checks`.
    pub index: usize,
    pub hit: &'a CheckHit,
    /// The catalog rule (absent when the catalog changed since the scan).
    pub rule: Option<&'a CodeCheck>,
    /// Already confirmed on the card's finding.
    pub confirmed: bool,
}

/// The rule of a hit.
pub fn rule<'a>(catalog: &'a Catalog, hit: &CheckHit) -> Option<&'a CodeCheck> {
    catalog.discover.checks.iter().find(|c| c.id == hit.check)
}

/// The session mitigation cards a hit concerns: those adopting its catalog mitigation.
pub fn cards_of<'a>(session: &'a Session, hit: &CheckHit) -> impl Iterator<Item = &'a str> {
    session
        .mitigations
        .iter()
        .filter(move |m| !m.catalog.is_empty() && m.catalog == hit.mitigation)
        .map(|m| m.id.as_str())
}

/// Threats the mitigation card addresses: the threats its code checks concern.
pub fn threats_of<'a>(session: &'a Session, mitigation: &str) -> &'a [String] {
    session
        .mitigations
        .iter()
        .find(|m| m.id == mitigation)
        .map_or(&[][..], |m| m.addresses.as_slice())
}

/// The hits of one mitigation card: against first (they need a look), then for, each
/// in path and line order; rejected ones (by index) left out.
pub fn for_card<'a>(
    session: &Session,
    catalog: &'a Catalog,
    mitigation: &str,
    hits: &'a [CheckHit],
    rejected: &[usize],
) -> Vec<CardHit<'a>> {
    let Some(card) = session.mitigations.iter().find(|m| m.id == mitigation) else {
        return Vec::new();
    };
    let finding = session
        .validations
        .iter()
        .find(|v| v.mitigation == mitigation);
    let mut out: Vec<CardHit> = hits
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            !card.catalog.is_empty() && h.mitigation == card.catalog && !rejected.contains(i)
        })
        .map(|(index, hit)| CardHit {
            index,
            hit,
            rule: rule(catalog, hit),
            confirmed: finding.is_some_and(|f| is_confirmed(f, hit)),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.hit.stance == Stance::For, &a.hit.path, a.hit.line).cmp(&(
            b.hit.stance == Stance::For,
            &b.hit.path,
            b.hit.line,
        ))
    });
    out
}

/// The note a confirmed hit carries: stance, rule and the matched line.
fn note(hit: &CheckHit, rule: Option<&CodeCheck>) -> String {
    let stance = match hit.stance {
        Stance::For => "for",
        Stance::Against => "against",
    };
    let name = rule.map_or(hit.check.as_str(), |r| r.name.as_str());
    crate::text::sanitize_inline(&format!(
        "code check {} ({stance}): {name} · {}",
        hit.check,
        hit.snippet.trim()
    ))
    .into_owned()
}

/// The evidence a confirmed hit becomes.
pub fn evidence(hit: &CheckHit, rule: Option<&CodeCheck>) -> Evidence {
    Evidence {
        file: crate::text::sanitize_inline(&hit.path).into_owned(),
        line: Some(hit.line),
        note: note(hit, rule),
    }
}

fn is_confirmed(finding: &CodeValidation, hit: &CheckHit) -> bool {
    let marker = format!("code check {} (", hit.check);
    finding.evidence.iter().any(|e| {
        e.line == Some(hit.line)
            && e.file == crate::text::sanitize_inline(&hit.path).into_owned()
            && e.note.starts_with(&marker)
    })
}

/// Confirms a hit on `finding` (the card's code-validation record): its evidence is
/// added once, and a hit against the mitigation is also named among the anti-patterns.
/// Returns false when it was confirmed before (nothing changes).
pub fn confirm(finding: &mut CodeValidation, hit: &CheckHit, rule: Option<&CodeCheck>) -> bool {
    if is_confirmed(finding, hit) {
        return false;
    }
    finding.evidence.push(evidence(hit, rule));
    if hit.stance == Stance::Against {
        let name = rule.map_or(hit.check.as_str(), |r| r.name.as_str());
        let named = format!("{name} ({}:{})", hit.path, hit.line);
        finding
            .anti_patterns
            .push(crate::text::sanitize_inline(&named).into_owned());
    }
    true
}

/// Confirmed hits for and against, counted from a finding's evidence.
pub fn confirmed_counts(finding: &CodeValidation) -> (usize, usize) {
    let count = |stance: &str| {
        finding
            .evidence
            .iter()
            .filter(|e| e.note.starts_with("code check ") && e.note.contains(stance))
            .count()
    };
    (count(" (for): "), count(" (against): "))
}

/// What the confirmed hits suggest for the implementation status (the analyst sets it):
/// only for → implemented; for and against → partially; only against → not implemented.
pub fn suggested_status(confirmed_for: usize, against: usize) -> Option<ImplementationStatus> {
    match (confirmed_for, against) {
        (0, 0) => None,
        (_, 0) => Some(ImplementationStatus::Implemented),
        (0, _) => Some(ImplementationStatus::NotImplemented),
        _ => Some(ImplementationStatus::PartiallyImplemented),
    }
}

/// Per mitigation card with hits: (card id, hits for, hits against), in card order.
pub fn overview(
    session: &Session,
    hits: &[CheckHit],
    rejected: &[usize],
) -> Vec<(String, usize, usize)> {
    session
        .mitigations
        .iter()
        .filter(|m| !m.catalog.is_empty())
        .filter_map(|m| {
            let mine = hits
                .iter()
                .enumerate()
                .filter(|(i, h)| h.mitigation == m.catalog && !rejected.contains(i));
            let (f, a) = mine.fold((0, 0), |(f, a), (_, h)| match h.stance {
                Stance::For => (f + 1, a),
                Stance::Against => (f, a + 1),
            });
            (f + a > 0).then(|| (m.id.clone(), f, a))
        })
        .collect()
}

/// Catalog mitigations with hits that no card of the session adopts, with their hit
/// counts, in catalog id order: code the model has no control for yet.
pub fn not_adopted(
    session: &Session,
    hits: &[CheckHit],
    rejected: &[usize],
) -> Vec<(String, usize)> {
    let mut out: std::collections::BTreeMap<&str, usize> = Default::default();
    for (i, h) in hits.iter().enumerate() {
        if !rejected.contains(&i) && cards_of(session, h).next().is_none() {
            *out.entry(h.mitigation.as_str()).or_default() += 1;
        }
    }
    out.into_iter().map(|(m, n)| (m.to_string(), n)).collect()
}

#[cfg(test)]
mod tests;
