//! Lists keep the selected record under the cursor when they re-sort (issue 24): the
//! selection is remembered by what it stands for (a record id, a catalog id), not only
//! by its place. After every update, a list whose content changed (an edit, undo, a new
//! sort key) while the selection did not move finds the remembered row again; a move of
//! the selection (a key, an explicit select) remembers the new row.
//!
//! Covered: the records lists of phases 1–5, phase 6's per-layer list and the threat
//! register, and the lists of the planning phases 7–10.

use super::app::{AppState, Screen};
use super::phases::plan::{self, Focus, MitigationView};
use super::phases::threats::{self, Section, View};

/// Which list has the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Records {
        phase: u8,
        list: Option<&'static str>,
    },
    Layer {
        layer: usize,
        section: Section,
    },
    Register,
    Plan {
        phase: u8,
        view: MitigationView,
    },
}

/// The row a list's selection stood for, with the list's state when it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    row: String,
    index: usize,
    /// Session revision and sort key the list was built from.
    stamp: (u64, u8),
}

/// The remembered selection of each list (part of `AppState`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors(Vec<(Place, Anchor)>);

impl Anchors {
    fn get(&self, place: Place) -> Option<&Anchor> {
        self.0.iter().find(|(p, _)| *p == place).map(|(_, a)| a)
    }

    fn set(&mut self, place: Place, anchor: Option<Anchor>) {
        self.0.retain(|(p, _)| *p != place);
        if let Some(a) = anchor {
            self.0.push((place, a));
        }
    }
}

fn place(state: &AppState) -> Option<Place> {
    if state.screen != Screen::Shell || state.doc.is_none() || state.discover.is_some() {
        return None;
    }
    match state.threats.view() {
        Some(View::Register) => return Some(Place::Register),
        Some(_) => return None,
        None => {}
    }
    if state.list_kind.is_some() || state.phase <= 5 {
        return Some(Place::Records {
            phase: state.phase,
            list: state.list_kind,
        });
    }
    if state.phase == 6 {
        return Some(Place::Layer {
            layer: state.layer,
            section: state.threats.section,
        });
    }
    (plan::owns(state.phase) && state.plan.focus == Focus::List).then_some(Place::Plan {
        phase: state.phase,
        view: state.plan.view,
    })
}

fn index(state: &AppState, place: Place) -> usize {
    match place {
        Place::Records { .. } | Place::Layer { .. } => state.records_nav.selected,
        Place::Register => state.threats.register.selected,
        Place::Plan { phase, .. } => state.plan.selected[usize::from(phase - 7)],
    }
}

fn set_index(state: &mut AppState, place: Place, i: usize) {
    match place {
        Place::Records { .. } | Place::Layer { .. } => state.records_nav.selected = i,
        Place::Register => state.threats.register.selected = i,
        Place::Plan { phase, .. } => state.plan.selected[usize::from(phase - 7)] = i,
    }
}

fn stamp(state: &AppState, place: Place) -> (u64, u8) {
    let revision = state.doc.as_ref().map_or(0, |d| d.revision);
    let sort = match place {
        Place::Register => state.threats.sort as u8,
        _ => 0,
    };
    (revision, sort)
}

fn record_identity(r: &super::app::RecordRow) -> String {
    match &r.record {
        Some(k) => format!("{}/{}/{}", k.kind, k.id, k.field.as_deref().unwrap_or("")),
        None => format!("label/{}", r.label),
    }
}

fn layer_identity(r: &threats::Row) -> String {
    match r {
        threats::Row::Threat(t) => format!("threat/{}", t.threat_id),
        threats::Row::Check(c) => format!("check/{}", c.item_id),
        threats::Row::Factor(f) => format!("factor/{f:?}"),
        threats::Row::Pattern(id) => format!("pattern/{id}"),
        threats::Row::Chain(id) => format!("chain/{id}"),
    }
}

fn plan_identity(r: &plan::Row) -> String {
    format!("{:?}", r.kind)
}

/// What each row of the list stands for, in list order (the order the index counts).
fn identities(state: &AppState, place: Place) -> Vec<String> {
    match place {
        Place::Records { .. } => state.records().iter().map(record_identity).collect(),
        Place::Layer { .. } => threats::rows(state).iter().map(layer_identity).collect(),
        Place::Register => state.register_rows().iter().map(|r| r.id.clone()).collect(),
        Place::Plan { .. } => plan::list(state)
            .iter()
            .filter(|r| r.kind.selectable())
            .map(plan_identity)
            .collect(),
    }
}

/// What row `i` of the list stands for (the last row when `i` is past it), with that
/// row's index: one row looked at, not the whole list (milliseconds at 10,000 threats).
fn identity_at(state: &AppState, place: Place, i: usize) -> Option<(usize, String)> {
    fn nth<T>(rows: &[T], i: usize, id: impl Fn(&T) -> String) -> Option<(usize, String)> {
        let at = i.min(rows.len().checked_sub(1)?);
        Some((at, id(&rows[at])))
    }
    match place {
        Place::Records { .. } => nth(&state.records(), i, record_identity),
        Place::Layer { .. } => nth(&threats::rows(state), i, layer_identity),
        Place::Register => nth(&state.register_rows(), i, |r| r.id.clone()),
        Place::Plan { .. } => {
            let list = plan::list(state);
            let mut last = None;
            for (n, r) in list.iter().filter(|r| r.kind.selectable()).enumerate() {
                if n == i {
                    return Some((n, plan_identity(r)));
                }
                last = Some((n, r));
            }
            last.map(|(n, r)| (n, plan_identity(r)))
        }
    }
}

/// Remembers the row under the selection of the current list as it is now (after an
/// explicit select, which must not be taken for a re-sort).
pub fn pin(state: &mut AppState) {
    let Some(place) = place(state) else { return };
    let i = index(state, place);
    let row = identity_at(state, place, i);
    remember(state, place, i, row);
}

fn remember(state: &mut AppState, place: Place, i: usize, row: Option<(usize, String)>) {
    let stamp = stamp(state, place);
    let anchor = row.map(|(_, row)| Anchor {
        row,
        index: i,
        stamp,
    });
    state.keep.set(place, anchor);
}

/// After an update: a list that changed under a selection that did not move selects
/// its remembered row again; a moved selection is remembered.
pub fn after_update(state: &mut AppState) {
    let Some(place) = place(state) else { return };
    let i = index(state, place);
    let now = stamp(state, place);
    let known = state.keep.get(place).cloned();
    match known {
        Some(a) if a.index == i && a.stamp == now => {}
        Some(a) if a.index == i => {
            // Most changes leave the remembered row where it was: one row looked at.
            let here = identity_at(state, place, i);
            if here
                .as_ref()
                .is_some_and(|(at, row)| *at == i && *row == a.row)
            {
                remember(state, place, i, here);
                return;
            }
            let rows = identities(state, place);
            let at = rows.iter().position(|r| *r == a.row).unwrap_or(i);
            set_index(state, place, at);
            let row = rows
                .get(at.min(rows.len().saturating_sub(1)))
                .map(|r| (at, r.clone()));
            remember(state, place, at, row);
        }
        _ => {
            let row = identity_at(state, place, i);
            remember(state, place, i, row);
        }
    }
}

/// Forgets every list's selection (another session was opened).
pub fn forget(state: &mut AppState) {
    state.keep = Anchors::default();
}
