//! Names beside ids: what a reference to another record is called, so that lists and
//! cards show `DF1 Chat UI → Support agent` rather than `DF1 C1 → C2` (issue 24).

use super::model::{DataFlow, Session, TrustBoundary};

/// The name of the record `id` names: a component, actor, zone, asset, threat,
/// mitigation or chain, in that order; `None` for an unknown id or an unnamed record.
pub fn name_of<'s>(s: &'s Session, id: &str) -> Option<&'s str> {
    let named = s
        .components
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.as_str())
        .or_else(|| {
            s.actors
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.name.as_str())
        })
        .or_else(|| s.zones.iter().find(|z| z.id == id).map(|z| z.name.as_str()))
        .or_else(|| {
            s.assets
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.name.as_str())
        })
        .or_else(|| s.threat(id).map(|t| t.name.as_str()))
        .or_else(|| {
            s.mitigations
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.name.as_str())
        })
        .or_else(|| {
            s.chains
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.as_str())
        });
    named.map(str::trim).filter(|n| !n.is_empty())
}

/// How a reference is shown: the record's name, else the id itself (a dangling or
/// unnamed reference stays visible as what the file says).
pub fn shown<'s>(s: &'s Session, id: &'s str) -> &'s str {
    name_of(s, id).unwrap_or(id)
}

/// `id name`, or the bare id when the record has no name.
pub fn id_and_name(s: &Session, id: &str) -> String {
    match name_of(s, id) {
        Some(name) => format!("{id} {name}"),
        None => id.to_string(),
    }
}

/// `Chat UI → Support agent`: the two ends of a data flow by name.
pub fn flow_ends(s: &Session, f: &DataFlow) -> String {
    format!("{} → {}", shown(s, &f.from), shown(s, &f.to))
}

/// `Internal → Public zone`: the two zones of a boundary crossing by name.
pub fn boundary_ends(s: &Session, b: &TrustBoundary) -> String {
    format!(
        "{} → {}",
        shown(s, &b.source_zone),
        shown(s, &b.destination_zone)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Component, TrustZone};

    fn session() -> Session {
        let mut s = Session::new("names", "x", "2026-01-01");
        for (id, name) in [("C1", "Chat UI"), ("C2", "Support agent"), ("C3", " ")] {
            s.components.push(Component {
                id: id.into(),
                name: name.into(),
                kind: crate::vocab::ComponentKind::ALL[0],
                layers: Vec::new(),
                technology: String::new(),
                description: String::new(),
                zone: String::new(),
                otm: Default::default(),
            });
        }
        for (id, name) in [("TZ1", "Internal"), ("TZ2", "Public zone")] {
            s.zones.push(TrustZone {
                id: id.into(),
                name: name.into(),
                ..TrustZone::default()
            });
        }
        s
    }

    #[test]
    fn flows_and_boundaries_read_by_name() {
        let s = session();
        let flow = DataFlow {
            id: "DF1".into(),
            from: "C1".into(),
            to: "C2".into(),
            ..DataFlow::default()
        };
        assert_eq!(flow_ends(&s, &flow), "Chat UI → Support agent");
        let boundary = TrustBoundary {
            id: "TB1".into(),
            source_zone: "TZ1".into(),
            destination_zone: "TZ2".into(),
            ..TrustBoundary::default()
        };
        assert_eq!(boundary_ends(&s, &boundary), "Internal → Public zone");
    }

    #[test]
    fn unknown_and_unnamed_records_show_their_id() {
        let s = session();
        assert_eq!(name_of(&s, "C3"), None, "a blank name is no name");
        assert_eq!(shown(&s, "C9"), "C9");
        assert_eq!(id_and_name(&s, "C1"), "C1 Chat UI");
        assert_eq!(id_and_name(&s, "C3"), "C3");
    }
}
