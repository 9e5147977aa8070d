//! References between records by id: who refers to a record, and removing those
//! references when the record is deleted (so no reference is left dangling).

use super::Session;

/// One place in the session that holds record ids.
enum Slot<'a> {
    One(&'a mut String),
    Many(&'a mut Vec<String>),
}

/// What a slot refers to (ids of different kinds may look alike: assets and
/// assumptions both use `A1`).
type Target = &'static str;

/// Calls `f` with a label of the referring record ("flow DF2") and each id slot.
fn visit(s: &mut Session, mut f: impl FnMut(&str, Target, Slot<'_>)) {
    for c in &mut s.components {
        f(
            &format!("component {}", c.id),
            "zone",
            Slot::One(&mut c.zone),
        );
    }
    for x in &mut s.flows {
        let owner = format!("flow {}", x.id);
        f(&owner, "component", Slot::One(&mut x.from));
        f(&owner, "component", Slot::One(&mut x.to));
    }
    for a in &mut s.actors {
        f(
            &format!("actor {}", a.id),
            "asset",
            Slot::Many(&mut a.target_assets),
        );
    }
    for z in &mut s.zones {
        f(&format!("zone {}", z.id), "zone", Slot::One(&mut z.parent));
    }
    for b in &mut s.boundaries {
        let owner = format!("boundary {}", b.id);
        f(&owner, "zone", Slot::One(&mut b.source_zone));
        f(&owner, "zone", Slot::One(&mut b.destination_zone));
        f(&owner, "component", Slot::Many(&mut b.components));
        f(&owner, "flow", Slot::Many(&mut b.flows));
    }
    for a in &mut s.assets {
        let owner = format!("asset {}", a.id);
        f(&owner, "zone", Slot::Many(&mut a.zones));
        for step in &mut a.lifecycle {
            f(&owner, "component", Slot::Many(&mut step.components));
        }
    }
    for t in &mut s.threats {
        let owner = format!("threat {}", t.id);
        f(&owner, "component", Slot::Many(&mut t.components));
        f(&owner, "flow", Slot::Many(&mut t.flows));
        f(&owner, "actor", Slot::Many(&mut t.actors));
        f(&owner, "boundary", Slot::Many(&mut t.boundaries));
        f(&owner, "asset", Slot::Many(&mut t.assets));
    }
    for c in &mut s.chains {
        f(
            &format!("chain {}", c.id),
            "threat",
            Slot::Many(&mut c.steps),
        );
    }
    for m in &mut s.mitigations {
        f(
            &format!("mitigation {}", m.id),
            "threat",
            Slot::Many(&mut m.addresses),
        );
    }
    for v in &mut s.validations {
        f(
            &format!("validation {}", v.id),
            "mitigation",
            Slot::One(&mut v.mitigation),
        );
    }
    for r in &mut s.residual_risks {
        f(
            &format!("residual risk {}", r.id),
            "threat",
            Slot::One(&mut r.threat),
        );
    }
    for r in &mut s.roadmap {
        let owner = format!("roadmap item {}", r.id);
        f(&owner, "threat", Slot::Many(&mut r.threats));
        f(&owner, "mitigation", Slot::Many(&mut r.mitigations));
        f(&owner, "roadmap", Slot::Many(&mut r.depends_on));
    }
}

/// The records that refer to the `kind` record `id`, each named once ("flow DF2").
/// `kind` is one of component, zone, flow, asset, actor, boundary, threat,
/// mitigation, roadmap.
pub fn referrers(s: &Session, kind: &str, id: &str) -> Vec<String> {
    let mut copy = s.clone();
    let mut found: Vec<String> = Vec::new();
    visit(&mut copy, |owner, target, slot| {
        if target != kind {
            return;
        }
        let hit = match slot {
            Slot::One(v) => v == id,
            Slot::Many(v) => v.iter().any(|x| x == id),
        };
        if hit && !found.iter().any(|f| f == owner) {
            found.push(owner.to_string());
        }
    });
    found
}

/// Removes every reference to the `kind` record `id` (single references become empty).
/// A data flow cannot lose an end (`validate` needs both), so the flows that start or
/// end at a removed component go with it, and the references to them too.
pub fn unlink(s: &mut Session, kind: &str, id: &str) {
    if kind == "component" {
        let ends_here: Vec<String> = s
            .flows
            .iter()
            .filter(|f| f.from == id || f.to == id)
            .map(|f| f.id.clone())
            .collect();
        s.flows.retain(|f| f.from != id && f.to != id);
        for flow in ends_here {
            unlink(s, "flow", &flow);
        }
    }
    visit(s, |_, target, slot| match slot {
        _ if target != kind => {}
        Slot::One(v) => {
            if v == id {
                v.clear();
            }
        }
        Slot::Many(v) => v.retain(|x| x != id),
    });
}

/// The kinds of record that others refer to, with the session key of their list.
pub const REFERENCED_KINDS: &[(&str, &str)] = &[
    ("component", "components"),
    ("zone", "zones"),
    ("flow", "flows"),
    ("asset", "assets"),
    ("actor", "actors"),
    ("boundary", "boundaries"),
    ("threat", "threats"),
    ("mitigation", "mitigations"),
    ("roadmap", "roadmap"),
];

/// The reference kind of the records of the list `key` (`threats` → `threat`), if any
/// record refers to them.
pub fn kind_of_list(key: &str) -> Option<&'static str> {
    REFERENCED_KINDS
        .iter()
        .find(|(_, list)| *list == key)
        .map(|(kind, _)| *kind)
}

/// The ids of the records of `kind` (one of [`REFERENCED_KINDS`]).
pub fn ids_of_kind<'a>(s: &'a Session, kind: &str) -> Vec<&'a str> {
    fn ids<T>(list: &[T], id: impl Fn(&T) -> &str) -> Vec<&str> {
        list.iter().map(id).collect()
    }
    match kind {
        "component" => ids(&s.components, |r| &r.id),
        "zone" => ids(&s.zones, |r| &r.id),
        "flow" => ids(&s.flows, |r| &r.id),
        "asset" => ids(&s.assets, |r| &r.id),
        "actor" => ids(&s.actors, |r| &r.id),
        "boundary" => ids(&s.boundaries, |r| &r.id),
        "threat" => ids(&s.threats, |r| &r.id),
        "mitigation" => ids(&s.mitigations, |r| &r.id),
        "roadmap" => ids(&s.roadmap, |r| &r.id),
        _ => Vec::new(),
    }
}

/// Every reference of the session, as (kind, id) pairs; empty single slots left out.
pub fn references(s: &mut Session) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    visit(s, |_, target, slot| match slot {
        Slot::One(v) => {
            if !v.is_empty() {
                found.push((target, v.clone()));
            }
        }
        Slot::Many(v) => found.extend(v.iter().map(|x| (target, x.clone()))),
    });
    found
}

/// Makes every reference to the `kind` record `old` refer to `new` instead (the record's
/// own id is the caller's to change).
pub fn rename(s: &mut Session, kind: &str, old: &str, new: &str) {
    let mut map = std::collections::HashMap::new();
    map.insert((kind.to_string(), old.to_string()), new.to_string());
    rename_all(s, &map);
}

/// [`rename`] for many (kind, old id) → new id at once, in one pass over the session.
pub fn rename_all(s: &mut Session, renames: &std::collections::HashMap<(String, String), String>) {
    if renames.is_empty() {
        return;
    }
    let renamed = |target: &str, v: &str| renames.get(&(target.to_string(), v.to_string()));
    visit(s, |_, target, slot| match slot {
        Slot::One(v) => {
            if let Some(new) = renamed(target, v) {
                *v = new.clone();
            }
        }
        Slot::Many(v) => {
            for x in v.iter_mut() {
                if let Some(new) = renamed(target, x) {
                    *x = new.clone();
                }
            }
        }
    });
}

/// "C3 is used by flow DF2 and threat TH4", or None when nothing refers to it.
pub fn used_by_sentence(s: &Session, kind: &str, id: &str) -> Option<String> {
    let refs = referrers(s, kind, id);
    // A long list is cut so that it fits a dialog; the count stays exact.
    const SHOWN: usize = 5;
    if refs.len() > SHOWN + 1 {
        let more = refs.len() - SHOWN;
        return Some(format!(
            "{id} is used by {} and {more} more",
            refs[..SHOWN].join(", ")
        ));
    }
    let (last, rest) = refs.split_last()?;
    let list = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    Some(format!("{id} is used by {list}"))
}

/// The next free id with `prefix`, unpadded: one past the highest number in use (C7,
/// TA3, DF9). The rule is [`ids::next_id`](super::ids::next_id).
pub fn next_id<'a>(prefix: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    next_id_above(prefix, ids, 0)
}

/// `next_id`, above `floor` too: the session's high-water mark of the kind, so an
/// id once used is not handed out again (see `session::ids`).
pub fn next_id_above<'a>(
    prefix: &str,
    ids: impl IntoIterator<Item = &'a str>,
    floor: u32,
) -> String {
    super::ids::next_id(prefix, super::ids::Padding::Fixed(1), ids, floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Component, DataFlow, Threat};

    fn sample() -> Session {
        let mut s = Session::default();
        for id in ["C1", "C3"] {
            s.components.push(Component {
                otm: Default::default(),
                id: id.into(),
                name: String::new(),
                kind: crate::vocab::ComponentKind::Agent,
                layers: Vec::new(),
                technology: String::new(),
                description: String::new(),
                zone: String::new(),
            });
        }
        s.flows.push(DataFlow {
            id: "DF2".into(),
            from: "C3".into(),
            to: "C1".into(),
            ..Default::default()
        });
        s.threats.push(Threat {
            id: "TH4".into(),
            components: vec!["C3".into(), "C1".into()],
            ..Default::default()
        });
        s
    }

    #[test]
    fn names_every_referrer_once() {
        let s = sample();
        assert_eq!(
            used_by_sentence(&s, "component", "C3").as_deref(),
            Some("C3 is used by flow DF2 and threat TH4")
        );
        assert_eq!(used_by_sentence(&s, "component", "C9"), None);
    }

    #[test]
    fn unlink_leaves_no_reference() {
        let mut s = sample();
        let flow = s.flows[0].id.clone();
        unlink(&mut s, "component", "C3");
        assert!(referrers(&s, "component", "C3").is_empty());
        // The flow that started at C3 is gone, and nothing refers to it any more.
        assert!(s.flows.iter().all(|f| f.id != flow));
        assert!(referrers(&s, "flow", &flow).is_empty());
        assert_eq!(s.threats[0].components, vec!["C1".to_string()]);
    }

    #[test]
    fn rename_follows_every_reference() {
        let mut s = sample();
        rename(&mut s, "component", "C3", "C9");
        assert!(referrers(&s, "component", "C3").is_empty());
        assert_eq!(
            referrers(&s, "component", "C9"),
            vec!["flow DF2".to_string(), "threat TH4".to_string()]
        );
        let refs = references(&mut s);
        assert!(refs.contains(&("component", "C9".to_string())));
        assert_eq!(kind_of_list("threats"), Some("threat"));
        assert_eq!(kind_of_list("triggers"), None);
    }

    #[test]
    fn next_id_is_one_past_the_highest() {
        assert_eq!(next_id("C", ["C1", "C6", "DF2"]), "C7");
        assert_eq!(next_id("TA", []), "TA1");
        assert_eq!(next_id("A", ["A-004"]), "A5");
    }
}
