//! Records by id in O(1). A report, a diagram or a validation pass builds one `Lookup`
//! and resolves every reference through it: with 100k components a scan per reference
//! (`Session::component`) made a report quadratic (minutes instead of seconds).
//!
//! Where an id occurs twice (validate reports that), the first record wins, as a scan
//! from the front would find it.

use super::model::{Asset, Component, Mitigation, Session, Threat, ThreatActor, TrustZone};
use std::collections::HashMap;

pub struct Lookup<'a> {
    threats: HashMap<&'a str, usize>,
    components: HashMap<&'a str, &'a Component>,
    actors: HashMap<&'a str, &'a ThreatActor>,
    assets: HashMap<&'a str, &'a Asset>,
    zones: HashMap<&'a str, &'a TrustZone>,
    mitigations: HashMap<&'a str, &'a Mitigation>,
    session: &'a Session,
}

fn first_wins<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, &'a T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(id(item)).or_insert(item);
    }
    map
}

impl<'a> Lookup<'a> {
    pub fn new(session: &'a Session) -> Lookup<'a> {
        let mut threats = HashMap::with_capacity(session.threats.len());
        for (at, t) in session.threats.iter().enumerate() {
            threats.entry(t.id.as_str()).or_insert(at);
        }
        Lookup {
            threats,
            components: first_wins(&session.components, |c| &c.id),
            actors: first_wins(&session.actors, |a| &a.id),
            assets: first_wins(&session.assets, |a| &a.id),
            zones: first_wins(&session.zones, |z| &z.id),
            mitigations: first_wins(&session.mitigations, |m| &m.id),
            session,
        }
    }

    /// Position of a threat in `session.threats`.
    pub fn threat_index(&self, id: &str) -> Option<usize> {
        probe::note();
        self.threats.get(id).copied()
    }

    pub fn threat(&self, id: &str) -> Option<&'a Threat> {
        self.threat_index(id).map(|at| &self.session.threats[at])
    }

    pub fn component(&self, id: &str) -> Option<&'a Component> {
        probe::note();
        self.components.get(id).copied()
    }

    pub fn actor(&self, id: &str) -> Option<&'a ThreatActor> {
        probe::note();
        self.actors.get(id).copied()
    }

    pub fn asset(&self, id: &str) -> Option<&'a Asset> {
        probe::note();
        self.assets.get(id).copied()
    }

    pub fn zone(&self, id: &str) -> Option<&'a TrustZone> {
        probe::note();
        self.zones.get(id).copied()
    }

    pub fn mitigation(&self, id: &str) -> Option<&'a Mitigation> {
        probe::note();
        self.mitigations.get(id).copied()
    }

    /// The record's name, or the id itself when no record has it (a dangling reference
    /// is shown as written rather than hidden).
    pub fn component_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.component(id).map_or(id, |c| c.name.as_str())
    }

    pub fn actor_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.actor(id).map_or(id, |a| a.name.as_str())
    }

    pub fn asset_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.asset(id).map_or(id, |a| a.name.as_str())
    }

    pub fn zone_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.zone(id).map_or(id, |z| z.name.as_str())
    }
}

/// The counters of lookups (in `session::probe`, below both this module and the model
/// whose scans it counts), under their old path too.
pub use super::probe;
