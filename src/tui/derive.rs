//! Long because every cached figure of the screens lives here once: its key, its
//! accessor (which computes on the spot when the cache does not match) and its refresh.
//!
//! Figures derived from the session (completion criteria, risk counts, the inherent
//! heatmap, record rows, phase 6 suggestions, the bodies of the planning screens, the
//! register rows, the heatmap view's grids), kept in `AppState` so that neither a frame
//! nor a move recomputes them.
//!
//! [`refresh`] runs after every `update`: it recomputes what is stale, keyed on the
//! session's revision (see [`super::history`]) and on the view state a figure depends
//! on. When the last change touched one threat card or one mitigation, inserted or
//! removed one, or touched nothing in the register (`history::Change`), the figures it
//! affects are updated in place instead. Views read the figures through `AppState` accessors, which fall back to computing
//! them on the spot when the cache does not match (state changed outside `update`, as
//! tests do) — so a stale cache is never shown, and views never write.

use super::app::{AppState, RecordRow, RiskCounts};
use super::history::{Change, Spliced};
use super::phases::threats::{self, Row, Section};
use super::phases::{mitigations, plan};
use crate::analysis::addressing::Addressing;
use crate::analysis::{figures, gaps, heatmap, suggest, transition};
use crate::catalog::Catalog;
use crate::session::Session;
use crate::vocab::Layer;
use std::sync::Arc;

/// The cached figures; each with the key it was computed for.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    pub session: Option<Arc<SessionFigures>>,
    pub records: Option<(RecordsKey, Arc<Vec<RecordRow>>)>,
    pub layer: Option<(LayerKey, Arc<suggest::LayerSuggestions>)>,
    pub layer_rows: Option<(LayerRowsKey, Arc<Vec<Row>>)>,
    /// Gap analysis of the register (phase 7), by revision.
    pub gaps: Option<(u64, Arc<gaps::GapReport>)>,
    /// The grids of the heatmap view: by revision, filter and mode.
    pub heatmap: Option<(HeatmapKey, Arc<HeatmapFigures>)>,
    /// The threat register's rows: by revision, sort key and filter.
    pub register: Option<(RegisterKey, Arc<Vec<threats::RegisterRow>>)>,
    /// What the planning screens of phases 7–10 show whatever the selection, one slot
    /// per phase (`plans[phase - 7]`): kept across phase changes, patched after an edit
    /// where one can be, and built when the screen is shown or in idle time ([`warm`]).
    pub plans: [Option<(PlanKey, Arc<plan::Body>)>; 4],
    /// What the open threat card shows besides its fields: by revision and card id.
    pub card: Option<(CardKey, Arc<CardFigures>)>,
    /// The mitigations of each threat card (phase 6 shows the selected card's on every
    /// frame): by revision, kept through the edits it can follow, built on phase 6.
    pub addressing: Option<(u64, Arc<Addressing>)>,
}

impl Derived {
    /// The cached body of planning phase `phase` (7–10), whatever its key.
    pub fn plan(&self, phase: u8) -> Option<&(PlanKey, Arc<plan::Body>)> {
        self.plans.get(plan_slot(phase)?)?.as_ref()
    }
}

/// The slot of `phase` in [`Derived::plans`].
fn plan_slot(phase: u8) -> Option<usize> {
    plan::owns(phase).then(|| usize::from(phase - 7))
}

/// The threat card a [`CardFigures`] was computed for, at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardKey {
    pub revision: u64,
    pub id: String,
}

/// What the threat card view shows besides the card's own fields: each a pass over the
/// whole session (its mitigations, validations, residual entry; every other card's
/// name), so computed once per change, not per frame (17 ms a frame at 10,000 threats).
#[derive(Debug, Clone, PartialEq)]
pub struct CardFigures {
    pub residual: crate::risk::Residual,
    pub duplicates: Vec<crate::analysis::dedup::DuplicateGroup>,
}

impl CardFigures {
    pub fn compute(s: &Session, catalog: &Catalog, id: &str) -> Option<CardFigures> {
        let card = s.threat(id)?;
        Some(CardFigures {
            residual: crate::risk::residual_with(
                &crate::risk::Index::for_threat(s, id),
                s,
                card,
                catalog,
            ),
            duplicates: crate::analysis::dedup::find_for(s, id),
        })
    }
}

/// What the heatmap view's grids depend on besides the session.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapKey {
    pub revision: u64,
    pub filter: heatmap::Filter,
    pub mode: threats::HeatmapMode,
}

/// The grids the heatmap view shows in its mode.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapFigures {
    /// Always computed: the cell labels and the unrated count come from it.
    pub inherent: heatmap::RiskMatrix,
    /// Transition mode.
    pub transition: Option<transition::TransitionMatrix>,
    /// Layers mode: inherent, effective and residual grids.
    pub grids: Option<transition::LayerGrids>,
    /// Levels, status and owner of every threat, in session order (the cell's list).
    pub levels: Vec<transition::ThreatLevels>,
}

impl HeatmapFigures {
    pub fn compute(
        s: &Session,
        catalog: &Catalog,
        filter: &heatmap::Filter,
        mode: threats::HeatmapMode,
    ) -> HeatmapFigures {
        use threats::HeatmapMode::*;
        HeatmapFigures {
            inherent: heatmap::matrix(s, catalog, heatmap::Variant::Inherent, filter),
            transition: (mode == Transition).then(|| transition::transition(s, catalog, filter)),
            grids: (mode == Layers).then(|| transition::layer_grids(s, catalog, filter)),
            levels: transition::threat_levels(s, catalog),
        }
    }

    /// The ids in the cell (row, column) of the grid `mode` shows; Layers columns run
    /// Critical … Low in each of the three grids.
    pub fn cell_ids(&self, mode: threats::HeatmapMode, (row, col): (usize, usize)) -> &[String] {
        use threats::HeatmapMode::*;
        match mode {
            Inherent => self
                .inherent
                .rows
                .get(row)
                .and_then(|r| r.get(col))
                .map_or(&[], |c| &c.threat_ids),
            Transition => self
                .transition
                .as_ref()
                .and_then(|m| m.cells.get(row)?.get(col))
                .map_or(&[], |ids| ids.as_slice()),
            Layers => {
                let Some(grids) = &self.grids else {
                    return &[];
                };
                let grid = grids.all()[(col / 4).min(2)];
                let level = transition::LEVELS_DOWN[col % 4];
                grid.rows
                    .get(row)
                    .and_then(|r| r.iter().find(|c| c.level == level))
                    .map_or(&[], |c| &c.threat_ids)
            }
        }
    }
}

/// What the register's rows depend on besides the session.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterKey {
    pub revision: u64,
    pub sort: threats::SortKey,
    pub filter: String,
}

/// What the body of a planning screen depends on besides the session.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanKey {
    pub revision: u64,
    pub phase: u8,
    pub view: plan::MitigationView,
}

/// Figures that depend on the session only: [`figures::SessionFigures`] (criteria,
/// progress, rank, heatmap) for one revision, with the counts the risk pane shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFigures {
    pub revision: u64,
    pub risk: RiskCounts,
    figures: figures::SessionFigures,
}

impl std::ops::Deref for SessionFigures {
    type Target = figures::SessionFigures;

    fn deref(&self) -> &figures::SessionFigures {
        &self.figures
    }
}

impl SessionFigures {
    pub fn compute(revision: u64, s: &Session, catalog: &Catalog) -> SessionFigures {
        let figures = figures::SessionFigures::compute(s, catalog);
        SessionFigures {
            revision,
            risk: risk_counts(s, &figures),
            figures,
        }
    }

    /// Brings the figures to `change.to` when they are at `change.from` and the change
    /// touched one threat card or one mitigation only, inserted or removed one, or
    /// touched nothing the ranking reads;
    /// false when they must be computed anew.
    fn follow(&mut self, change: &Change, s: &Session, catalog: &Catalog) -> bool {
        if self.revision != change.from {
            return false;
        }
        let f = &mut self.figures;
        let followed = match (&change.threat, &change.mitigation, &change.spliced) {
            (Some((index, old)), ..) => f.threat_changed(s, catalog, *index, old),
            (None, Some((index, old)), _) => f.mitigation_changed(s, catalog, *index, old),
            (None, None, Some(spliced)) => match spliced {
                Spliced::ThreatInserted(i) => f.threat_inserted(s, catalog, *i, change.chains),
                Spliced::ThreatRemoved(i, old) => {
                    f.threat_removed(s, catalog, *i, old, change.chains)
                }
                Spliced::MitigationInserted(i) => {
                    f.mitigation_inserted(s, catalog, *i)
                        && (!change.chains || f.elsewhere_changed(s, catalog, true))
                }
                Spliced::MitigationRemoved(_, old) => {
                    f.mitigation_removed(s, catalog, old)
                        && (!change.chains || f.elsewhere_changed(s, catalog, true))
                }
            },
            (None, None, None) if !change.register => {
                f.elsewhere_changed(s, catalog, change.chains)
            }
            (None, None, None) => false,
        };
        if !followed {
            return false;
        }
        self.revision = change.to;
        self.risk = risk_counts(s, &self.figures);
        true
    }
}

fn risk_counts(s: &Session, figures: &figures::SessionFigures) -> RiskCounts {
    RiskCounts {
        threats: s.threats.len(),
        mitigations: s.mitigations.len(),
        by_level: figures.by_level,
    }
}

/// What the records list of the main pane depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordsKey {
    pub revision: u64,
    pub phase: u8,
    pub layer: usize,
    pub list_kind: Option<&'static str>,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerKey {
    pub revision: u64,
    pub layer: Layer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LayerRowsKey {
    pub layer: LayerKey,
    pub section: Section,
    pub filter: String,
}

impl AppState {
    pub(super) fn card_key(&self) -> Option<CardKey> {
        let threats::View::Card(id) = self.threats.view()? else {
            return None;
        };
        Some(CardKey {
            revision: self.doc.as_ref()?.revision,
            id: id.clone(),
        })
    }

    /// The mitigations addressing threat card `id`, in session order: looked up when the
    /// index is at this revision, else found by a pass over the mitigations.
    pub fn mitigations_of<'s>(&'s self, id: &str) -> Vec<&'s crate::session::Mitigation> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        match &self.derived.addressing {
            Some((revision, index)) if *revision == doc.revision => index.of(doc.session(), id),
            _ => doc.session().mitigations_for(id).collect(),
        }
    }

    /// The residual and duplicates of threat card `id`, from the cache when it is the
    /// open card at this revision.
    pub fn card_figures(&self, id: &str) -> Option<Arc<CardFigures>> {
        if let Some((key, figures)) = &self.derived.card
            && key.id == id
            && Some(key) == self.card_key().as_ref()
        {
            return Some(figures.clone());
        }
        let s = self.doc.as_ref()?.session();
        CardFigures::compute(s, &self.catalog, id).map(Arc::new)
    }

    pub fn records_key(&self) -> Option<RecordsKey> {
        let doc = self.doc.as_ref()?;
        Some(RecordsKey {
            revision: doc.revision,
            phase: self.phase,
            layer: self.layer,
            list_kind: self.list_kind,
            filter: self.records_nav.filter.clone(),
        })
    }

    fn records_key_matches(&self, key: &RecordsKey) -> bool {
        self.doc
            .as_ref()
            .is_some_and(|d| d.revision == key.revision)
            && key.phase == self.phase
            && key.layer == self.layer
            && key.list_kind == self.list_kind
            && key.filter == self.records_nav.filter
    }

    pub fn layer_key(&self) -> Option<LayerKey> {
        Some(LayerKey {
            revision: self.doc.as_ref()?.revision,
            layer: self.layer(),
        })
    }

    fn layer_rows_key(&self) -> Option<LayerRowsKey> {
        Some(LayerRowsKey {
            layer: self.layer_key()?,
            section: self.threats.section,
            filter: self.records_nav.filter.clone(),
        })
    }

    fn layer_rows_key_matches(&self, key: &LayerRowsKey) -> bool {
        Some(key.layer) == self.layer_key()
            && key.section == self.threats.section
            && key.filter == self.records_nav.filter
    }

    /// Figures of the open session (cached when up to date).
    pub fn figures(&self) -> Option<Arc<SessionFigures>> {
        let doc = self.doc.as_ref()?;
        match &self.derived.session {
            Some(f) if f.revision == doc.revision => Some(f.clone()),
            _ => Some(Arc::new(SessionFigures::compute(
                doc.revision,
                doc.session(),
                &self.catalog,
            ))),
        }
    }

    /// The records of the current phase (and layer on phase 6), filtered.
    pub fn records(&self) -> Arc<Vec<RecordRow>> {
        if let Some((key, rows)) = &self.derived.records
            && self.records_key_matches(key)
        {
            return rows.clone();
        }
        Arc::new(self.compute_records())
    }

    /// Catalog suggestions for the current layer of phase 6.
    pub fn layer_suggestions(&self) -> Option<Arc<suggest::LayerSuggestions>> {
        let key = self.layer_key()?;
        if let Some((k, sug)) = &self.derived.layer
            && *k == key
        {
            return Some(sug.clone());
        }
        let doc = self.doc.as_ref()?;
        Some(Arc::new(suggest::for_layer(
            doc.session(),
            &self.catalog,
            key.layer,
        )))
    }

    /// The gap analysis of the open session's register.
    pub fn gap_report(&self) -> Arc<gaps::GapReport> {
        let Some(doc) = &self.doc else {
            return Arc::new(gaps::analyse(&Session::default(), &self.catalog));
        };
        match &self.derived.gaps {
            Some((revision, report)) if *revision == doc.revision => report.clone(),
            _ => Arc::new(gaps::analyse(doc.session(), &self.catalog)),
        }
    }

    /// The key of planning phase `phase`'s body now (phase 7's view is the current one;
    /// the other phases have one view).
    pub(super) fn plan_key_of(&self, phase: u8) -> Option<PlanKey> {
        Some(PlanKey {
            revision: self.doc.as_ref()?.revision,
            phase,
            view: if phase == 7 {
                self.plan.view
            } else {
                plan::MitigationView::default()
            },
        })
    }

    fn heatmap_key(&self) -> Option<HeatmapKey> {
        Some(HeatmapKey {
            revision: self.doc.as_ref()?.revision,
            filter: self.threats.heatmap.filter,
            mode: self.threats.heatmap.mode,
        })
    }

    /// The grids of the heatmap view for its filter and mode.
    pub fn heatmap_figures(&self) -> Arc<HeatmapFigures> {
        if let Some((key, figures)) = &self.derived.heatmap
            && Some(key) == self.heatmap_key().as_ref()
        {
            return figures.clone();
        }
        let h = &self.threats.heatmap;
        let session = self.doc.as_ref().map(|d| d.session());
        Arc::new(HeatmapFigures::compute(
            session.unwrap_or(&Session::default()),
            &self.catalog,
            &h.filter,
            h.mode,
        ))
    }

    fn register_key(&self) -> Option<RegisterKey> {
        Some(RegisterKey {
            revision: self.doc.as_ref()?.revision,
            sort: self.threats.sort,
            filter: self.threats.register.filter.clone(),
        })
    }

    /// The rows of the threat register, filtered and sorted.
    pub fn register_rows(&self) -> Arc<Vec<threats::RegisterRow>> {
        if let Some((key, rows)) = &self.derived.register
            && self
                .doc
                .as_ref()
                .is_some_and(|d| d.revision == key.revision)
            && key.sort == self.threats.sort
            && key.filter == self.threats.register.filter
        {
            return rows.clone();
        }
        Arc::new(threats::register_rows(self))
    }

    /// The selection-independent part of the planning screen (phases 7–10).
    pub fn plan_body(&self) -> Arc<plan::Body> {
        self.plan_body_of(self.phase)
    }

    /// The selection-independent part of planning phase `phase`'s screen (7–10), from
    /// its slot when that is up to date.
    pub fn plan_body_of(&self, phase: u8) -> Arc<plan::Body> {
        if let Some((key, body)) = self.derived.plan(phase)
            && Some(key) == self.plan_key_of(phase).as_ref()
        {
            return body.clone();
        }
        Arc::new(plan::body_of(self, phase))
    }

    /// Rows of the current section of the phase 6 screen, filtered.
    pub fn layer_rows(&self) -> Arc<Vec<Row>> {
        if let Some((key, rows)) = &self.derived.layer_rows
            && self.layer_rows_key_matches(key)
        {
            return rows.clone();
        }
        Arc::new(threats::compute_rows(self))
    }
}

/// Moves the phase 6 suggestions and rows computed at `change.from` to `change.to`.
fn carry_layer(derived: &mut Derived, change: &Change) {
    if let Some((key, _)) = &mut derived.layer
        && key.revision == change.from
    {
        key.revision = change.to;
    }
    if let Some((key, _)) = &mut derived.layer_rows
        && key.layer.revision == change.from
    {
        key.layer.revision = change.to;
    }
}

/// Recomputes the stale figures the current screen needs.
pub fn refresh(state: &mut AppState) {
    let Some(doc) = &state.doc else {
        state.derived = Derived::default();
        return;
    };
    let revision = doc.revision;
    let change = doc.last_change.as_ref().filter(|c| c.to == revision);
    // One mitigation changed in place: (the change, its position, its old value).
    // A mitigation appended (adopted, or a new one) counts as a change from one that
    // addressed nothing: what it addresses is what the gap report and the phase 7 list
    // must look at again.
    let appended = change.and_then(|c| match &c.spliced {
        Some(Spliced::MitigationInserted(i)) if *i + 1 == doc.session().mitigations.len() => {
            let mut none = doc.session().mitigations[*i].clone();
            none.addresses.clear();
            Some((c, *i, none))
        }
        _ => None,
    });
    // An edit since the last refresh (not a move or a view change).
    let edited = (state.derived.session.as_ref()).is_none_or(|f| f.revision != revision);
    let mitigation_change = change
        .and_then(|c| c.mitigation.as_ref().map(|(i, m)| (c, *i, m)))
        .or(appended.as_ref().map(|(c, i, m)| (*c, *i, m)));
    if state
        .derived
        .session
        .as_ref()
        .is_none_or(|f| f.revision != revision)
    {
        // One card changed: update the figures in place (cheap), else compute anew.
        let followed = match (&mut state.derived.session, change) {
            (Some(figures), Some(change)) => {
                Arc::make_mut(figures).follow(change, doc.session(), &state.catalog)
            }
            _ => false,
        };
        if !followed {
            state.derived.session = Some(Arc::new(SessionFigures::compute(
                revision,
                doc.session(),
                &state.catalog,
            )));
        }
    }
    // A card that keeps its id, catalog threat and layers leaves the phase 6
    // suggestions (and the rows made of them) as they were: carry them over.
    if let Some(change) = change
        && let Some((index, old)) = &change.threat
        && let Some(new) = doc.session().threats.get(*index)
        && new.id == old.id
        && new.catalog == old.catalog
        && new.layers == old.layers
    {
        carry_layer(&mut state.derived, change);
    }
    // So does a card of no catalog threat (one of the analyst's own) inserted or
    // removed alone: the suggestions list the cards of catalog threats only.
    if let Some(change) = change
        && change.parts == 1
        && let Some(card) = match &change.spliced {
            Some(Spliced::ThreatInserted(i)) => doc.session().threats.get(*i),
            Some(Spliced::ThreatRemoved(_, old)) => Some(&**old),
            _ => None,
        }
        && state.catalog.threats.get(&card.catalog).is_none()
    {
        carry_layer(&mut state.derived, change);
    }
    // Phases 6–10 show their own screens, not the records list (which a command asks
    // for on demand): at 10,000 threats its rows cost milliseconds per edit.
    let shows_records = (1..=5).contains(&state.phase) || state.list_kind.is_some();
    if shows_records
        && let Some(key) = state.records_key()
        && state
            .derived
            .records
            .as_ref()
            .is_none_or(|(k, _)| *k != key)
    {
        let rows = Arc::new(state.compute_records());
        state.derived.records = Some((key, rows));
    }
    // One threat card changed in place, keeping its id: (the change, its position, its
    // old value).
    let threat_change = change.and_then(|c| {
        let (index, old) = c.threat.as_ref()?;
        let new = doc.session().threats.get(*index)?;
        (new.id == old.id).then_some((c, *index, old))
    });
    // The gap report: patched after one mitigation or one card changed, wherever the
    // analyst is (the kept phase 7 body is patched with it), else dropped; computed
    // anew on phase 7 only.
    if state
        .derived
        .gaps
        .as_ref()
        .is_some_and(|(r, _)| *r != revision)
    {
        let s = doc.session();
        // Only the threats the mitigation names, or the card, can have other gaps.
        let touched: Option<(&Change, Vec<&str>)> = if let Some((c, index, old)) = mitigation_change
        {
            let mut ids: Vec<&str> = old.addresses.iter().map(String::as_str).collect();
            if let Some(new) = s.mitigations.get(index) {
                ids.extend(new.addresses.iter().map(String::as_str));
            }
            ids.sort_unstable();
            ids.dedup();
            Some((c, ids))
        } else {
            threat_change.map(|(c, _, old)| (c, vec![old.id.as_str()]))
        };
        let patched = match (state.derived.gaps.take(), touched, &state.derived.session) {
            (Some((from, mut report)), Some((change, ids)), Some(figures))
                if from == change.from && figures.revision == revision && figures.ids_unique(s) =>
            {
                let report_mut = Arc::make_mut(&mut report);
                gaps::reanalyse_threats(report_mut, s, &state.catalog, &ids, |id| {
                    figures.threat_position(id)
                });
                if let Some((_, index, _)) = threat_change {
                    // The owner rule's entries show the card's level.
                    let card = &s.threats[index];
                    let level = crate::risk::inherent(card, &state.catalog);
                    for (_, list) in &mut report_mut.lists {
                        for e in list.iter_mut().filter(|e| e.threat_id == card.id) {
                            if e.residual.is_some() {
                                e.level = level;
                            }
                        }
                    }
                }
                Some(report)
            }
            _ => None,
        };
        state.derived.gaps = patched.map(|report| (revision, report));
    }
    if state.phase == 7 && state.derived.gaps.is_none() {
        let report = state.gap_report();
        state.derived.gaps = Some((revision, report));
    }
    if state.threats.view() == Some(&threats::View::Heatmap)
        && let Some(key) = state.heatmap_key()
        && state
            .derived
            .heatmap
            .as_ref()
            .is_none_or(|(k, _)| *k != key)
    {
        state.derived.heatmap = None;
        let figures = state.heatmap_figures();
        state.derived.heatmap = Some((key, figures));
    }
    if state.threats.view() == Some(&threats::View::Register)
        && let Some(key) = state.register_key()
        && state
            .derived
            .register
            .as_ref()
            .is_none_or(|(k, _)| *k != key)
    {
        let rows = Arc::new(threats::register_rows(state));
        state.derived.register = Some((key, rows));
    }
    // The bodies of the planning screens, one per phase: the shown one is brought up to
    // date; a kept one is patched when the change allows it, else dropped (built again
    // when shown, or ahead in idle time: `warm`).
    for phase in 7..=10u8 {
        let slot = usize::from(phase - 7);
        let Some(key) = state.plan_key_of(phase) else {
            break;
        };
        let shown = state.phase == phase;
        match &state.derived.plans[slot] {
            Some((k, _)) if *k == key => continue,
            None if !shown => continue,
            _ => {}
        }
        let gaps_ready = state
            .derived
            .gaps
            .as_ref()
            .is_some_and(|(r, _)| *r == revision);
        let patched = match state.derived.plans[slot].take() {
            // Phase 8 lists the mitigations and their findings only: a change of one
            // threat card leaves it as it was.
            Some((old_key, body))
                if phase == 8
                    && change.is_some_and(|c| c.threat.is_some() && c.from == old_key.revision) =>
            {
                Some(body)
            }
            Some((old_key, mut body))
                if phase == 7 && old_key.view == key.view && (shown || gaps_ready) =>
            {
                let s = doc.session();
                let b = Arc::make_mut(&mut body);
                let done = match (mitigation_change, threat_change) {
                    (Some((change, index, old)), _) if old_key.revision == change.from => {
                        mitigations::body_after_mitigation(b, state, s, index, old)
                    }
                    (None, Some((change, index, old))) if old_key.revision == change.from => {
                        mitigations::body_after_threat(b, state, s, index, old)
                    }
                    _ => false,
                };
                done.then_some(body)
            }
            _ => None,
        };
        let body = match patched {
            Some(body) => Some(body),
            None if shown => Some(state.plan_body_of(phase)),
            None => None,
        };
        state.derived.plans[slot] = body.map(|body| (key, body));
    }
    if state.phase == 6
        && let Some(key) = state.layer_key()
    {
        if state.derived.layer.as_ref().is_none_or(|(k, _)| *k != key) {
            state.derived.layer = None;
            let sug = state.layer_suggestions();
            state.derived.layer = sug.map(|s| (key, s));
        }
        if let Some(key) = state.layer_rows_key()
            && state
                .derived
                .layer_rows
                .as_ref()
                .is_none_or(|(k, _)| *k != key)
        {
            let rows = Arc::new(threats::compute_rows(state));
            state.derived.layer_rows = Some((key, rows));
        }
    }
    follow_addressing(state, edited);
    match state.card_key() {
        Some(key) if state.derived.card.as_ref().is_none_or(|(k, _)| *k != key) => {
            state.derived.card = None;
            state.derived.card = state.card_figures(&key.id).map(|f| (key, f));
        }
        Some(_) => {}
        None => state.derived.card = None,
    }
}

/// Brings the mitigations of each threat card to this revision: carried over a change
/// that left the mitigations alone, patched after one changed, inserted or removed,
/// else dropped. Phase 6, where the selected card shows them, has them built on a key
/// that edits nothing (a move, a phase switch) or in idle time ([`warm`]) — never on
/// top of an edit's full recompute (2 ms more at 10k threats); until then a card's
/// mitigations are found by a pass over them.
fn follow_addressing(state: &mut AppState, edited: bool) {
    let Some(doc) = &state.doc else { return };
    let revision = doc.revision;
    let s = doc.session();
    if let Some((from, index)) = &mut state.derived.addressing
        && *from != revision
    {
        let followed = match doc.last_change.as_ref() {
            Some(c) if c.from == *from && c.to == revision => {
                let index = Arc::make_mut(index);
                match (&c.threat, &c.mitigation, &c.spliced) {
                    // One card, or nothing in the register.
                    (Some(_), ..) => true,
                    (None, None, None) => !c.register,
                    (None, Some((i, old)), _) => {
                        index.changed(s, *i, old);
                        true
                    }
                    (None, None, Some(spliced)) => match spliced {
                        Spliced::ThreatInserted(_) | Spliced::ThreatRemoved(..) => true,
                        Spliced::MitigationInserted(i) => {
                            index.inserted(s, *i);
                            true
                        }
                        Spliced::MitigationRemoved(i, old) => {
                            index.removed(*i, old);
                            true
                        }
                    },
                }
            }
            _ => false,
        };
        if followed {
            *from = revision;
        } else {
            state.derived.addressing = None;
        }
    }
    if state.phase == 6 && !edited && state.derived.addressing.is_none() {
        state.derived.addressing = Some((revision, Arc::new(Addressing::build(s))));
    }
}

/// What idle time builds ahead, in this order: on phase 6 the mitigations of each card,
/// then phase 7's gap report, then the bodies of phases 7, 9, 10 and 8 — so that a
/// phase key after an edit finds its screen built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ahead {
    Addressing,
    Gaps,
    Plan(u8),
}

fn next_ahead(state: &AppState) -> Option<Ahead> {
    let doc = state.doc.as_ref()?;
    // Only on top of figures `refresh` brought up to date (they feed phase 7's body).
    if state
        .derived
        .session
        .as_ref()
        .is_none_or(|f| f.revision != doc.revision)
    {
        return None;
    }
    // The current screen's first.
    if state.phase == 6
        && (state.derived.addressing.as_ref()).is_none_or(|(r, _)| *r != doc.revision)
    {
        return Some(Ahead::Addressing);
    }
    if state
        .derived
        .gaps
        .as_ref()
        .is_none_or(|(r, _)| *r != doc.revision)
    {
        return Some(Ahead::Gaps);
    }
    [7u8, 9, 10, 8]
        .into_iter()
        .find(|&phase| {
            state.derived.plan(phase).map(|(k, _)| k) != state.plan_key_of(phase).as_ref()
        })
        .map(Ahead::Plan)
}

/// Whether idle time has figures to build ahead ([`warm`]).
pub fn warm_due(state: &AppState) -> bool {
    next_ahead(state).is_some()
}

/// Builds one figure ahead of the phase key that will show it (the run loop calls this
/// when no input is pending, once per figure, so that a key waits for one build at
/// most); true when it built one. What it builds is what `refresh` would build on that
/// phase: computed anew from the session, as the accessors do.
pub fn warm(state: &mut AppState) -> bool {
    let Some(ahead) = next_ahead(state) else {
        return false;
    };
    let Some(revision) = state.doc.as_ref().map(|d| d.revision) else {
        return false;
    };
    match ahead {
        Ahead::Addressing => {
            let Some(doc) = &state.doc else { return false };
            let index = Addressing::build(doc.session());
            state.derived.addressing = Some((revision, Arc::new(index)));
        }
        Ahead::Gaps => {
            state.derived.gaps = None;
            let report = state.gap_report();
            state.derived.gaps = Some((revision, report));
        }
        Ahead::Plan(phase) => {
            let (Some(key), Some(slot)) = (state.plan_key_of(phase), plan_slot(phase)) else {
                return false;
            };
            state.derived.plans[slot] = None;
            let body = state.plan_body_of(phase);
            state.derived.plans[slot] = Some((key, body));
        }
    }
    true
}
