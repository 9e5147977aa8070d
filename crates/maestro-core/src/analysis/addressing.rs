//! Which mitigations address each threat card, by position in `Session::mitigations`:
//! built once, then kept up to date through one mitigation changed, inserted or
//! removed — so a screen that shows the selected card's mitigations on every frame
//! looks them up instead of scanning all of them (10,000 at 10k threats).

use crate::session::{Mitigation, Session};

/// The mitigations of each threat id, as positions in ascending order (the order
/// `Session::mitigations_for` finds them in). Threats without one have no entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Addressing {
    lists: foldhash::HashMap<String, Vec<usize>>,
}

impl Addressing {
    pub fn build(s: &Session) -> Addressing {
        let mut built = Addressing::default();
        for (i, m) in s.mitigations.iter().enumerate() {
            built.add(i, m);
        }
        built
    }

    /// The mitigations addressing `threat_id`, in session order.
    pub fn of<'s>(&self, s: &'s Session, threat_id: &str) -> Vec<&'s Mitigation> {
        self.lists
            .get(threat_id)
            .map(|list| list.iter().filter_map(|&i| s.mitigations.get(i)).collect())
            .unwrap_or_default()
    }

    /// After `s.mitigations[index]` changed in place from `old`.
    pub fn changed(&mut self, s: &Session, index: usize, old: &Mitigation) {
        self.remove(index, old);
        if let Some(new) = s.mitigations.get(index) {
            self.add(index, new);
        }
    }

    /// After a mitigation was inserted at `index`: the ones after it move down one.
    pub fn inserted(&mut self, s: &Session, index: usize) {
        for list in self.lists.values_mut() {
            for p in list.iter_mut().filter(|p| **p >= index) {
                *p += 1;
            }
        }
        if let Some(new) = s.mitigations.get(index) {
            self.add(index, new);
        }
    }

    /// After the mitigation `old` at `index` was removed: the ones after it move up one.
    pub fn removed(&mut self, index: usize, old: &Mitigation) {
        self.remove(index, old);
        for list in self.lists.values_mut() {
            for p in list.iter_mut().filter(|p| **p > index) {
                *p -= 1;
            }
        }
    }

    fn add(&mut self, index: usize, m: &Mitigation) {
        for id in &m.addresses {
            let list = self.lists.entry(id.clone()).or_default();
            // Kept sorted, each mitigation once (one that names a threat twice too).
            if let Err(at) = list.binary_search(&index) {
                list.insert(at, index);
            }
        }
    }

    fn remove(&mut self, index: usize, m: &Mitigation) {
        for id in &m.addresses {
            if let Some(list) = self.lists.get_mut(id.as_str()) {
                list.retain(|&p| p != index);
                if list.is_empty() {
                    self.lists.remove(id.as_str());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mitigation(id: &str, addresses: &[&str]) -> Mitigation {
        crate::analysis::fixtures::mitigation(
            id,
            crate::vocab::MitigationType::Preventive,
            addresses,
            crate::vocab::ImplementationStatus::NotImplemented,
        )
    }

    fn ids(found: Vec<&Mitigation>) -> Vec<&str> {
        found.into_iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn finds_what_the_scan_finds_in_its_order() {
        let s = Session {
            mitigations: vec![
                mitigation("M1", &["T1", "T2"]),
                mitigation("M2", &["T2", "T2"]),
                mitigation("M3", &["T1"]),
            ],
            ..Session::default()
        };
        let a = Addressing::build(&s);
        assert_eq!(ids(a.of(&s, "T1")), ["M1", "M3"]);
        assert_eq!(ids(a.of(&s, "T2")), ["M1", "M2"]);
        assert!(a.of(&s, "T9").is_empty());
    }

    /// An edit of the mitigations: (kind, position, threats it addresses).
    fn edit() -> impl Strategy<Value = (u8, usize, Vec<usize>)> {
        (
            0..3u8,
            0..8usize,
            proptest::collection::vec(0..5usize, 0..4),
        )
    }

    proptest! {
        /// Kept up to date edit by edit, the index equals one built anew.
        #[test]
        fn kept_up_to_date_equals_built_anew(edits in proptest::collection::vec(edit(), 0..30)) {
            let mut s = Session::default();
            let mut a = Addressing::build(&s);
            for (n, (kind, at, threats)) in edits.into_iter().enumerate() {
                let names: Vec<String> = threats.iter().map(|t| format!("T{t}")).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let new = mitigation(&format!("M{n}"), &names);
                let len = s.mitigations.len();
                match kind {
                    0 if len > 0 => {
                        let at = at % len;
                        let old = std::mem::replace(&mut s.mitigations[at], new);
                        a.changed(&s, at, &old);
                    }
                    1 if len > 0 => {
                        let at = at % len;
                        let old = s.mitigations.remove(at);
                        a.removed(at, &old);
                    }
                    _ => {
                        let at = at % (len + 1);
                        s.mitigations.insert(at, new);
                        a.inserted(&s, at);
                    }
                }
                prop_assert_eq!(&a, &Addressing::build(&s));
                for t in 0..5 {
                    let id = format!("T{t}");
                    let scanned: Vec<&str> =
                        s.mitigations_for(&id).map(|m| m.id.as_str()).collect();
                    prop_assert_eq!(ids(a.of(&s, &id)), scanned);
                }
            }
        }
    }
}
