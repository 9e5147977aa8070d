//! Phase 6: a threat of the analyst's own (`T` on the layer screen). The id scheme,
//! the "Extended" mark and the resemblance check live in `analysis::custom`.

use super::threats::View;
use crate::analysis::custom;
use crate::tui::app::AppState;
use crate::tui::update::insert_record;
use crate::vocab::Layer;

/// Adds the threat named `name` on `layer` and opens its card for rating and linking.
pub fn add(state: &mut AppState, name: &str, layer: Layer) {
    if name.trim().is_empty() {
        state.message = Some("A threat of your own needs a name; nothing added".into());
        return;
    }
    let Some(doc) = &state.doc else { return };
    let card = custom::new_threat(doc.session(), name, layer);
    let id = card.id.clone();
    let resembles = custom::resembling_catalog_entry(&state.catalog, name).map(|c| {
        let entry = state.catalog.threats.get(c).map_or("", |e| e.name.as_str());
        format!(" — resembles catalog {c} {entry}: a mapped catalog threat may fit better")
    });
    insert_record(state, |s| &mut s.threats, usize::MAX, card);
    state.threats.views.push(View::Card(id.clone()));
    state.message = Some(format!(
        "Threat {id} (Extended) added on {}{}",
        layer.as_str(),
        resembles.unwrap_or_default()
    ));
}
