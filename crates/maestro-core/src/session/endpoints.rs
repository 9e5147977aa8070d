//! The ends of a data flow. A flow runs between components (what `validate` accepts as a
//! flow end); an outside entity, a user or a third-party service, is a component too:
//! one on L7 whose kind says which (human-role or external-service), made in place when
//! the analyst names one as a flow's end.

use super::{Component, Session, ids, links};
use crate::vocab::{ComponentKind, Layer};

/// The role of an outside entity at the end of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// A person: a customer, an operator (a human-role component).
    User,
    /// A third-party service: an outside API (an external-service component).
    Service,
}

impl Outside {
    /// The component kind of the role.
    pub fn kind(self) -> ComponentKind {
        match self {
            Outside::User => ComponentKind::HumanRole,
            Outside::Service => ComponentKind::ExternalService,
        }
    }
}

/// The id the next new component gets: `C<n>` past every component id in use and past
/// the session's high-water mark of `C` (an id once used is not handed out again).
pub fn next_component_id(s: &Session) -> String {
    let floor = ids::used(s, "C");
    links::next_id_above("C", s.components.iter().map(|c| c.id.as_str()), floor)
}

/// A new component with the next free id, nothing else filled in: components have no
/// default kind, a new one starts as an agent (on no layer).
pub fn new_component(s: &Session) -> Component {
    Component {
        otm: Default::default(),
        id: next_component_id(s),
        name: String::new(),
        kind: ComponentKind::Agent,
        layers: Vec::new(),
        technology: String::new(),
        description: String::new(),
        zone: String::new(),
    }
}

/// Adds the component of an outside entity named `name` in `role` (its kind from the
/// role, on L7, the next free id) and returns its id. Each call makes a new one: two
/// customers are two components, however they are named at first.
pub fn add_outside(s: &mut Session, name: &str, role: Outside) -> String {
    let mut c = new_component(s);
    c.name = name.to_string();
    c.kind = role.kind();
    c.layers = vec![Layer::L7];
    let id = c.id.clone();
    s.components.push(c);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outside_end_is_a_new_l7_component_of_its_role() {
        let mut s = Session::default();
        s.components.push(Component {
            name: "Agent".into(),
            ..new_component(&s)
        });
        // C2 was used once and deleted: not handed out again.
        ids::note(&mut s.id_high_water, "C2");
        let user = add_outside(&mut s, "Customer", Outside::User);
        let api = add_outside(&mut s, "Payments API", Outside::Service);
        assert_eq!((user.as_str(), api.as_str()), ("C3", "C4"));
        let c = |id: &str| s.components.iter().find(|c| c.id == id).unwrap();
        assert_eq!(c("C3").kind, ComponentKind::HumanRole);
        assert_eq!(c("C3").name, "Customer");
        assert_eq!(c("C4").kind, ComponentKind::ExternalService);
        assert_eq!(c("C4").layers, [Layer::L7]);
        // Another user of the same name is another component.
        assert_eq!(add_outside(&mut s, "Customer", Outside::User), "C5");
        assert_eq!(s.components.len(), 4);
    }
}
