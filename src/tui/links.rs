//! Following links between records (issue 24): `>` follows the link of the record under
//! the cursor — a threat to its components, actors, assets, mitigations and chains, each
//! of those back to its threats, a phase-6 checklist item to the cards it produced — with
//! a small picker when there are several; `<` returns. Hops stack, so several return in
//! order. Who links to whom is decided in the core (`session::refs`); this module only
//! moves the screens.

use super::action::Command;
use super::app::{AppState, LAYER_TABS, Pane, RecordRow};
use super::phases::plan::{self, Focus, MitigationView, PlanState, RowKind};
use super::phases::threats::{self, Row, Section, ThreatUi, View};
use super::update::{Effect, set_phase};
use super::widgets::list::ListNav;
use crate::session::refs::{self, Link};
use crate::vocab::Layer;

/// Where the analyst was before following a link: enough to put every screen back.
#[derive(Debug, Clone)]
pub struct Place {
    phase: u8,
    layer: usize,
    pane: Pane,
    records_nav: ListNav,
    list_kind: Option<&'static str>,
    threats: ThreatUi,
    plan: PlanState,
}

/// The choice among several links.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// The record the links start from ("threat T-001").
    pub from: String,
    pub links: Vec<Link>,
    pub selected: usize,
}

/// Link navigation state (part of `AppState`).
#[derive(Debug, Clone, Default)]
pub struct LinkNav {
    /// Places to return to, the last one on top.
    pub back: Vec<Place>,
    pub picker: Option<Picker>,
}

/// What the cursor is on, as far as links go.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Record(&'static str, String),
    /// A phase-6 checklist item: the catalog threats it concerns, on a layer.
    Checklist {
        item: String,
        threats: Vec<String>,
        layer: Layer,
    },
}

/// Kinds a record list row may be followed from: a threat, and every kind it links to
/// (the core's list, so the two cannot drift apart).
fn linked(kind: &str) -> Option<&'static str> {
    std::iter::once("threat")
        .chain(crate::session::refs::FROM_THREAT)
        .find(|k| *k == kind)
}

/// The record under the cursor of the screen shown.
pub fn source(state: &AppState) -> Option<Source> {
    let threat = |id: String| Some(Source::Record("threat", id));
    match state.threats.view() {
        Some(View::Card(id)) => return threat(id.clone()),
        Some(View::Register) => {
            let rows = state.register_rows();
            let row = rows.get(state.threats.register.selected)?;
            let kind = if row.chain { "chain" } else { "threat" };
            return Some(Source::Record(kind, row.id.clone()));
        }
        Some(View::Heatmap) => {
            let i = state.threats.heatmap.list?;
            return threats::heatmap_cell_threats(state)
                .get(i)
                .cloned()
                .and_then(threat);
        }
        None => {}
    }
    match state.phase {
        6 => match threats::selected_row(state)? {
            Row::Threat(_) => threats::selected_card(state).and_then(threat),
            Row::Check(c) => Some(Source::Checklist {
                item: c.item_id,
                threats: c.threats,
                layer: state.layer(),
            }),
            Row::Chain(id) => Some(Source::Record("chain", id)),
            _ => None,
        },
        7..=10 => match plan::selected_list(state)? {
            RowKind::Threat(id) => threat(id),
            RowKind::Mitigation(id) => Some(Source::Record("mitigation", id)),
            _ => None,
        },
        _ => {
            let record = state.selected_record()?.record?;
            let kind = linked(record.kind)?;
            (!record.id.is_empty()).then_some(Source::Record(kind, record.id))
        }
    }
}

/// The links of `source` in the open session.
pub fn targets(state: &AppState, source: &Source) -> Vec<Link> {
    let Some(doc) = &state.doc else {
        return Vec::new();
    };
    let s = doc.session();
    match source {
        Source::Record(kind, id) => refs::links(s, kind, id),
        Source::Checklist { threats, layer, .. } => {
            refs::threats_of_checklist(s, threats, Some(*layer))
        }
    }
}

fn source_label(source: &Source) -> String {
    match source {
        Source::Record(kind, id) => format!("{kind} {id}"),
        Source::Checklist { item, .. } => format!("checklist item {item}"),
    }
}

/// Handles the link keys, and every key while the picker is open; `None` leaves the
/// command to the screens.
pub fn command(state: &mut AppState, command: Command) -> Option<Effect> {
    if state.doc.is_none() || state.form.is_some() {
        return None;
    }
    if let Some(picker) = &mut state.links.picker {
        let last = picker.links.len().saturating_sub(1);
        match command {
            Command::Up => picker.selected = picker.selected.saturating_sub(1),
            Command::Down => picker.selected = (picker.selected + 1).min(last),
            Command::Top => picker.selected = 0,
            Command::Bottom => picker.selected = last,
            Command::Open | Command::FollowLink => {
                let link = picker.links.get(picker.selected).cloned();
                state.links.picker = None;
                if let Some(link) = link {
                    go(state, &link);
                }
            }
            Command::Back | Command::LinkBack => state.links.picker = None,
            Command::Quit | Command::Help => return None,
            _ => {}
        }
        return Some(Effect::None);
    }
    match command {
        Command::FollowLink => follow(state),
        Command::LinkBack => back(state),
        _ => return None,
    }
    Some(Effect::None)
}

/// `>`: the one link is followed; several open the picker.
pub fn follow(state: &mut AppState) {
    let Some(source) = source(state) else {
        state.message = Some("Nothing here has links to follow".into());
        return;
    };
    let mut links = targets(state, &source);
    match links.len() {
        0 => {
            state.message = Some(format!("{} links to nothing yet", source_label(&source)));
        }
        1 => {
            let link = links.remove(0);
            go(state, &link);
        }
        _ => {
            state.links.picker = Some(Picker {
                from: source_label(&source),
                links,
                selected: 0,
            });
        }
    }
}

/// `<`: back to where the last link was followed from.
pub fn back(state: &mut AppState) {
    let Some(place) = state.links.back.pop() else {
        state.message = Some("No link followed: nothing to return to".into());
        return;
    };
    state.phase = place.phase;
    state.layer = place.layer;
    state.pane = place.pane;
    state.records_nav = place.records_nav;
    state.list_kind = place.list_kind;
    state.threats = place.threats;
    state.plan = place.plan;
    state.message = Some(match state.links.back.len() {
        0 => "Back where you started".to_string(),
        n => format!("Back ({n} more < to go)"),
    });
}

fn here(state: &AppState) -> Place {
    Place {
        phase: state.phase,
        layer: state.layer,
        pane: state.pane,
        records_nav: state.records_nav.clone(),
        list_kind: state.list_kind,
        threats: state.threats.clone(),
        plan: state.plan.clone(),
    }
}

/// The record's own screen, where it is listed or shown, with the cursor on it.
pub fn go(state: &mut AppState, link: &Link) {
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let from = source(state);
    let place = here(state);
    let threat_layer = s
        .threat(&link.id)
        .and_then(|t| t.layers.first().copied())
        .unwrap_or(Layer::CrossLayer);
    // A mitigation is shown under a threat it addresses: the one we came from if it can.
    let under = match (&from, link.kind) {
        (Some(Source::Record("threat", t)), "mitigation") => Some(t.clone()),
        _ => s
            .mitigations
            .iter()
            .find(|m| m.id == link.id)
            .and_then(|m| m.addresses.first().cloned()),
    };
    state.links.back.push(place);
    state.threats.views.clear();
    state.pane = Pane::Records;
    match link.kind {
        "threat" => {
            set_phase(state, 6);
            state.layer = tab(threat_layer);
            state.threats.views.push(View::Card(link.id.clone()));
        }
        "chain" => {
            set_phase(state, 6);
            state.layer = tab(Layer::CrossLayer);
            state.threats.section = Section::Chains;
            state.records_nav = ListNav::default();
            let rows = threats::compute_rows(state);
            state.records_nav.selected = rows
                .iter()
                .position(|r| *r == Row::Chain(link.id.clone()))
                .unwrap_or(0);
        }
        "mitigation" => {
            set_phase(state, 7);
            state.plan.view = MitigationView::Threats;
            state.plan.focus = Focus::List;
            state.plan.threat = under;
            plan::select_list(state, &RowKind::Mitigation(link.id.clone()));
        }
        kind => {
            let phase = match kind {
                "component" | "flow" => 2,
                "actor" => 3,
                "zone" | "boundary" => 4,
                _ => 5,
            };
            set_phase(state, phase);
            state.list_kind = None;
            state.records_nav = ListNav::default();
            let rows = state.compute_records();
            state.records_nav.selected = rows
                .iter()
                .position(|r| is_record(r, kind, &link.id))
                .unwrap_or(0);
        }
    }
    state.message = Some(format!(
        "{} · {} returns",
        link.label(),
        state.keymap.key_label(Command::LinkBack)
    ));
}

fn is_record(row: &RecordRow, kind: &str, id: &str) -> bool {
    row.record
        .as_ref()
        .is_some_and(|r| r.kind == kind && r.id == id)
}

fn tab(layer: Layer) -> usize {
    LAYER_TABS.iter().position(|l| *l == layer).unwrap_or(0)
}
