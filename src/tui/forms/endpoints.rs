//! The ends of a data flow (issue 24): besides the session's components, the picker
//! offers to create an outside entity in place — a user (human-role component) or a
//! third-party service (external-service component) on L7 — so a flow can start at a
//! customer or end at an outside API. They are components, which is what `validate`
//! accepts as a flow end; the rule that makes them is the core's
//! `session::endpoints::add_outside`.

use crate::session::Session;
use crate::session::endpoints::{Outside, add_outside};
use crate::tui::widgets::form::Opt;

/// The option values that create a component instead of naming one: (value, role, the
/// new component's name, the option's label).
const NEW: [(&str, Outside, &str, &str); 2] = [
    (
        "+user",
        Outside::User,
        "New user",
        "new user (human-role, L7)",
    ),
    (
        "+service",
        Outside::Service,
        "New outside service",
        "new third-party service (external, L7)",
    ),
];

/// The components, then the two outside entities that can be created.
pub fn options(s: &Session) -> Vec<Opt> {
    s.components
        .iter()
        .map(|c| Opt::new(c.id.clone(), c.name.clone()))
        .chain(
            NEW.iter()
                .map(|(value, _, _, label)| Opt::new(*value, *label)),
        )
        .collect()
}

/// The component id a chosen end stands for: a new component when `value` is one of
/// the creating options (added to the session by the core's rule), else `value` itself.
pub fn resolve(s: &mut Session, value: &str) -> String {
    match NEW.iter().find(|(v, ..)| *v == value) {
        Some((_, role, name, _)) => add_outside(s, name, *role),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {

    use crate::session::{Session, validate};
    use crate::tui::action::{Action, Command};
    use crate::tui::app::AppState;

    use crate::tui::update::update;
    use crate::vocab::{ComponentKind, Layer};
    use ratatui_textarea::{Input, Key};

    fn minimal() -> AppState {
        crate::tui::test_support::example("minimal.toml")
    }

    fn session(s: &AppState) -> &Session {
        s.doc.as_ref().unwrap().session()
    }

    /// Opens field `key` of the open form's flow and picks the option found by typing.
    fn pick(s: &mut AppState, key: &str, typed: &str) {
        let form = s.form.clone().unwrap();
        let (specs, _) = crate::tui::forms::specs_and_values(s, &form);
        s.form.as_mut().unwrap().focus = specs.iter().position(|f| f.key == key).unwrap();
        update(s, Action::Command(Command::Open));
        for c in typed.chars() {
            update(
                s,
                Action::FormInput(Input {
                    key: Key::Char(c),
                    ..Input::default()
                }),
            );
        }
        update(
            s,
            Action::FormInput(Input {
                key: Key::Enter,
                ..Input::default()
            }),
        );
    }

    #[test]
    fn a_flow_end_can_be_a_user_or_an_outside_service_made_in_place() {
        let mut s = minimal();
        update(&mut s, Action::Command(Command::Phase(2)));
        crate::tui::forms::add_record(&mut s, "flow");
        let flow = s.form.as_ref().expect("the new flow's form").id.clone();
        let before = session(&s).components.len();

        pick(&mut s, "from", "new user");
        pick(&mut s, "to", "third-party");
        let x = session(&s);
        assert_eq!(x.components.len(), before + 2, "two components made");
        let f = x.flows.iter().find(|f| f.id == flow).unwrap();
        let end = |id: &str| x.components.iter().find(|c| c.id == id).unwrap().clone();
        let (from, to) = (end(&f.from), end(&f.to));
        assert_eq!(from.kind, ComponentKind::HumanRole);
        assert_eq!(to.kind, ComponentKind::ExternalService);
        assert_eq!(from.layers, vec![Layer::L7]);
        assert_eq!(to.layers, vec![Layer::L7]);
        assert_ne!(from.id, to.id);
        assert!(
            !["+user", "+service"].contains(&f.from.as_str()),
            "the flow names the component, not the option"
        );
        // The core decides: the session the TUI would save is valid.
        let problems = validate::check(x, &s.catalog);
        assert!(problems.is_empty(), "{problems:?}");

        // Picking an existing component makes nothing; undo takes the made one away.
        let existing = session(&s).components[0].id.clone();
        pick(&mut s, "to", &existing);
        assert_eq!(session(&s).components.len(), before + 2);
        update(&mut s, Action::Command(Command::Undo));
        update(&mut s, Action::Command(Command::Undo));
        assert_eq!(session(&s).components.len(), before + 1);
        assert!(
            session(&s)
                .components
                .iter()
                .all(|c| c.kind != ComponentKind::ExternalService)
        );
    }
}
