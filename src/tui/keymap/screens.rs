//! The table, part 2: the threat screens (phase 6, card, register, heatmap), the
//! diagram, the record form, the link picker, the discovery review, the Portfolio view
//! and the merge conflicts.

use super::table::{Flags, bind};
use super::{Act, Binding, Context, Key};
use crate::tui::action::Command;
use ratatui::crossterm::event::KeyCode;

fn letter(context: Context, command: Command, c: char, help: &'static str) -> Binding {
    bind(context, Act::Command(command), &[Key::ch(c)], help, false)
}

/// Phase 6 (no threat view open).
pub(super) fn threats() -> Vec<Binding> {
    use Command as C;
    let b = |command, c, help| letter(Context::Threats, command, c, help);
    vec![
        b(C::MarkApplicable, 'a', "Mark applicable (creates a card)"),
        b(C::MarkNotApplicable, 'n', "Mark not applicable (asks why)"),
        b(C::MarkUnreviewed, 'x', "Back to unreviewed"),
        b(C::SeverityUp, 's', "Threat: next severity"),
        b(C::SeverityDown, 'S', "Threat: previous severity"),
        b(C::LikelihoodUp, 'i', "Threat: next likelihood"),
        b(C::LikelihoodDown, 'I', "Threat: previous likelihood"),
        b(C::AttackVector, 'v', "Threat: cycle attack vector"),
        b(C::Complexity, 'C', "Threat: cycle attack complexity"),
        // The assumptions list is `A` everywhere else.
        b(C::LayerAssessed, 'A', "Mark the layer assessed").shadows(),
        b(C::BuildChain, 'b', "Build a chain from the pattern"),
        b(C::CustomThreat, 'T', "Add a threat of your own (Extended)"),
        b(C::CycleView, 't', "Next list: threats, patterns, chains"),
    ]
}

/// The full-screen views over any phase: card, register, heatmap, diagram.
pub(super) fn views() -> Vec<Binding> {
    use Command as C;
    use Context as X;
    use KeyCode as K;
    let card = |command, c, help| letter(X::Card, command, c, help);
    let heatmap = |command, c, help| letter(X::Heatmap, command, c, help);
    let diagram = |command, c, help| letter(X::Diagram, command, c, help);
    let shift = |command, code, help| {
        bind(
            X::Diagram,
            Act::Command(command),
            &[Key::shift(code)],
            help,
            true,
        )
        .label("S-← S-→ S-↑ S-↓")
    };
    vec![
        card(C::SeverityUp, 's', "Next severity"),
        card(C::SeverityDown, 'S', "Previous severity"),
        card(C::LikelihoodUp, 'i', "Next likelihood"),
        card(C::LikelihoodDown, 'I', "Previous likelihood"),
        card(C::AttackVector, 'v', "Cycle attack vector"),
        card(C::Complexity, 'C', "Cycle attack complexity"),
        card(C::ToggleFactor, 'f', "Toggle a factor (then 1-4)"),
        card(C::MergeDuplicate, 'M', "Merge its duplicate into it"),
        letter(X::Register, C::SortKey, 'o', "Next sort key"),
        heatmap(C::CycleView, 't', "Next view"),
        heatmap(C::FilterLayer, 'L', "Layer filter"),
        heatmap(C::ToggleFactor, 'f', "Factor filter"),
        heatmap(C::FilterStatus, 'z', "Mitigation status filter"),
        heatmap(C::BuildChain, 'b', "Highlight the next chain"),
        bind(
            X::Diagram,
            Act::Command(C::NextPane),
            &[Key::plain(K::Tab)],
            "Switch diagram: layer map / data flows",
            true,
        )
        .shadows()
        .label("Tab S-Tab"),
        bind(
            X::Diagram,
            Act::Command(C::PrevPane),
            &[Key::plain(K::BackTab)],
            "Switch diagram: layer map / data flows",
            true,
        )
        .shadows()
        .label("Tab S-Tab"),
        diagram(C::CycleView, 't', "Box levels: inherent / residual"),
        diagram(C::PanLeft, 'H', "Diagram: pan left (also Shift+←)"),
        diagram(C::PanDown, 'J', "Diagram: pan down (also Shift+↓)"),
        diagram(C::PanUp, 'K', "Diagram: pan up (also Shift+↑)"),
        diagram(C::PanRight, 'L', "Diagram: pan right (also Shift+→)"),
        shift(C::PanLeft, K::Left, "Diagram: pan the drawing"),
        shift(C::PanRight, K::Right, "Diagram: pan the drawing"),
        shift(C::PanUp, K::Up, "Diagram: pan the drawing"),
        shift(C::PanDown, K::Down, "Diagram: pan the drawing"),
    ]
}

/// The form, the link picker, the discovery review, the Portfolio view, the conflicts.
pub(super) fn others() -> Vec<Binding> {
    use Command as C;
    use Context as X;
    use KeyCode as K;
    let fixed = |context, command, keys: &[Key], help| {
        bind(context, Act::Command(command), keys, help, true).shadows()
    };
    let review = |c: char, help| bind(X::Discover, Act::Discover(c), &[Key::ch(c)], help, true);
    let sort =
        |c: char, help| bind(X::Portfolio, Act::Dialog(c), &[Key::ch(c)], help, true).shadows();
    let conflict = |c: char, help| bind(X::Conflicts, Act::Dialog(c), &[Key::ch(c)], help, true);
    let mut bindings = vec![
        fixed(X::Form, C::NextPane, &[Key::plain(K::Tab)], "Next field"),
        fixed(
            X::Form,
            C::PrevPane,
            &[Key::plain(K::BackTab)],
            "Previous field",
        ),
        fixed(
            X::Form,
            C::Open,
            &[Key::plain(K::Enter)],
            "Edit the field (a switch flips)",
        ),
        fixed(X::Form, C::Back, &[Key::plain(K::Esc)], "Close the form").label("Esc q"),
        fixed(X::Form, C::Quit, &[Key::ch('q')], "Close the form").label("Esc q"),
        letter(X::Form, C::Delete, 'd', "Delete the record"),
        fixed(
            X::LinkPicker,
            C::Open,
            &[Key::plain(K::Enter)],
            "Follow the chosen link",
        )
        .label("Enter >"),
        fixed(
            X::LinkPicker,
            C::FollowLink,
            &[Key::ch('>')],
            "Follow the chosen link",
        )
        .label("Enter >"),
        fixed(
            X::LinkPicker,
            C::Back,
            &[Key::plain(K::Esc)],
            "Close the picker",
        )
        .label("Esc <"),
        fixed(
            X::LinkPicker,
            C::LinkBack,
            &[Key::ch('<')],
            "Close the picker",
        )
        .label("Esc <"),
        review('a', "Review: accept / reject the proposal").label("a / r"),
        review('r', "Review: accept / reject the proposal")
            .label("a / r")
            .shadows(),
        review(' ', "Review: cycle undecided, accepted, rejected"),
        review('A', "Review: accept / reject the undecided of the layer")
            .label("A / R")
            .shadows(),
        review('R', "Review: accept / reject the undecided of the layer").label("A / R"),
        review('e', "Review: edit name, kind and layers"),
        fixed(
            X::Discover,
            C::Left,
            &[Key::plain(K::Left)],
            "Review: previous / next layer",
        )
        .label("← →"),
        fixed(
            X::Discover,
            C::Right,
            &[Key::plain(K::Right)],
            "Review: previous / next layer",
        )
        .label("← →"),
        review('w', "Review: write the decisions (one undo step)").label("w Enter"),
        fixed(
            X::Discover,
            C::Open,
            &[Key::plain(K::Enter)],
            "Review: write the decisions (one undo step)",
        )
        .label("w Enter"),
    ];
    for d in '1'..='7' {
        bindings.push(
            review(d, "Edit box: the layer to toggle (Space toggles it)")
                .label("1…7")
                .shadows(),
        );
    }
    bindings.extend([
        sort('>', "Sort by the next column"),
        sort('<', "Sort by the previous column"),
        sort('r', "Reverse the order"),
        conflict('o', "Keep ours"),
        conflict('t', "Take theirs"),
        conflict('e', "Edit the value"),
    ]);
    bindings
}
