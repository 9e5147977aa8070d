//! Names beside ids: what a reference to another record is called, so that lists and
//! cards show `DF1 Chat UI → Support agent` rather than `DF1 C1 → C2` (issue 24).

use super::model::{DataFlow, Session, TrustBoundary};
use std::collections::HashMap;

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

/// [`name_of`] and friends for many references at once: one map built in O(n), so a list
/// of 100k flows names its ends without a scan per end.
pub struct Names<'s> {
    by_id: HashMap<&'s str, &'s str>,
}

impl<'s> Names<'s> {
    pub fn new(s: &'s Session) -> Names<'s> {
        let mut by_id = HashMap::new();
        // The order of `name_of`: the first kind that has the id wins.
        let records = (s.components.iter().map(|c| (&c.id, &c.name)))
            .chain(s.actors.iter().map(|a| (&a.id, &a.name)))
            .chain(s.zones.iter().map(|z| (&z.id, &z.name)))
            .chain(s.assets.iter().map(|a| (&a.id, &a.name)))
            .chain(s.threats.iter().map(|t| (&t.id, &t.name)))
            .chain(s.mitigations.iter().map(|m| (&m.id, &m.name)))
            .chain(s.chains.iter().map(|c| (&c.id, &c.name)));
        for (id, name) in records {
            by_id.entry(id.as_str()).or_insert(name.as_str());
        }
        Names { by_id }
    }

    pub fn name_of(&self, id: &str) -> Option<&'s str> {
        (self.by_id.get(id).copied())
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }

    pub fn shown<'a>(&self, id: &'a str) -> &'a str
    where
        's: 'a,
    {
        self.name_of(id).unwrap_or(id)
    }

    pub fn id_and_name(&self, id: &str) -> String {
        match self.name_of(id) {
            Some(name) => format!("{id} {name}"),
            None => id.to_string(),
        }
    }

    pub fn flow_ends(&self, f: &DataFlow) -> String {
        format!("{} → {}", self.shown(&f.from), self.shown(&f.to))
    }

    pub fn boundary_ends(&self, b: &TrustBoundary) -> String {
        format!(
            "{} → {}",
            self.shown(&b.source_zone),
            self.shown(&b.destination_zone)
        )
    }
}

#[cfg(test)]
mod tests {
    /// `Names` answers as `name_of` does for every id of every example session and for
    /// ids no record has, including ids that two kinds share.
    #[test]
    fn names_map_agrees_with_name_of() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sessions");
        let mut sessions: Vec<Session> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| crate::session::storage::load(&p).unwrap().session)
            .collect();
        let mut shared = session();
        shared.actors.push(crate::session::ThreatActor {
            id: "C1".into(),
            name: "Actor with a component's id".into(),
            ..Default::default()
        });
        sessions.push(shared);
        for s in &sessions {
            let names = Names::new(s);
            let ids = (s.components.iter().map(|c| c.id.as_str()))
                .chain(s.actors.iter().map(|a| a.id.as_str()))
                .chain(s.zones.iter().map(|z| z.id.as_str()))
                .chain(s.assets.iter().map(|a| a.id.as_str()))
                .chain(s.threats.iter().map(|t| t.id.as_str()))
                .chain(s.mitigations.iter().map(|m| m.id.as_str()))
                .chain(s.chains.iter().map(|c| c.id.as_str()))
                .chain(["", "nobody", "C1"]);
            for id in ids {
                assert_eq!(names.name_of(id), name_of(s, id), "{id}");
            }
            for f in &s.flows {
                assert_eq!(names.flow_ends(f), flow_ends(s, f));
            }
            for b in &s.boundaries {
                assert_eq!(names.boundary_ends(b), boundary_ends(s, b));
            }
        }
    }

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
