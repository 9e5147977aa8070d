//! Long because every record kind's references are checked in one pass over the session; its tests are in `validate_tests.rs`.
//!
//! Consistency of a loaded session: unique IDs, references between records, and
//! references into the catalog. Each problem carries the path of the offending
//! value so the caller can turn it into `FILE:LINE:COL`.

use super::model::*;
use super::spans::{Seg, span_of};
use crate::catalog::Catalog;
use crate::located::Located;
use crate::path;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A consistency problem at a place in the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Vec<Seg>,
    pub message: String,
}

impl Problem {
    /// Places the problem in the file's text.
    pub fn locate(&self, file: &Path, text: &str) -> Located {
        match span_of(text, &self.path) {
            Some(span) => Located::at_offset(file, text, span.start, &self.message),
            None => Located::whole_file(file, &self.message),
        }
    }

    /// [`Problem::locate`] for one of many problems of a text (parsed once).
    pub fn locate_with(&self, file: &Path, locator: &crate::spans::Locator<'_>) -> Located {
        match locator.span_of(&self.path) {
            Some(span) => {
                let (line, column) = locator.line_column(span.start);
                Located::new(file, line, column, &self.message)
            }
            None => Located::whole_file(file, &self.message),
        }
    }
}

/// Names and titles holding control, bidi or invisible characters: accepted (prose may
/// need them) but worth a warning, since they can make a record look like another.
/// Found record by record (module `odd_names`), in the order of the session's JSON value.
pub fn warnings(session: &Session) -> Vec<Problem> {
    super::odd_names::warnings(session)
        .into_iter()
        .map(|p| Problem {
            path: p.path,
            message: p.message,
        })
        .collect()
}

/// Every consistency problem of `session` against itself and `catalog`.
pub fn check(session: &Session, catalog: &Catalog) -> Vec<Problem> {
    let mut v = Checker {
        problems: Vec::new(),
    };
    v.run(session, catalog);
    v.problems
}

struct Checker {
    problems: Vec<Problem>,
}

/// IDs of one kind of record, for reference checks (hashed: a session's references are
/// looked up once each, and a tree's string comparisons were most of the time of a check
/// at 10,000 threats).
type Ids<'a> = foldhash::HashSet<&'a str>;

impl Checker {
    fn report(&mut self, path: Vec<Seg>, message: String) {
        self.problems.push(Problem { path, message });
    }

    /// Collects the ids of a record list, reporting empty and duplicate ones.
    fn ids<'a, T>(
        &mut self,
        key: &str,
        what: &str,
        items: &'a [T],
        id: impl Fn(&'a T) -> &'a str,
    ) -> Ids<'a> {
        let mut seen = Ids::with_capacity_and_hasher(items.len(), Default::default());
        for (i, item) in items.iter().enumerate() {
            let value = id(item);
            if value.trim().is_empty() {
                self.report(path![key, i], format!("{what} #{} has no id", i + 1));
            } else if let Some(c) = value.chars().find(|&c| crate::text::forbidden_in_id(c)) {
                // Two ids that look the same must not be two ids (L7).
                self.report(
                    path![key, i, "id"],
                    format!(
                        "{what} id `{}` contains U+{:04X}, a control, bidi or invisible character; \
                         ids must look like what they are",
                        crate::text::sanitize_id(value),
                        c as u32
                    ),
                );
            } else if !seen.insert(value) {
                self.report(
                    path![key, i, "id"],
                    format!("duplicate {what} id `{value}`"),
                );
            }
        }
        seen
    }

    /// Reports each entry of `refs` (at `at`, a list) that is not among `known`.
    fn refs(&mut self, at: Vec<Seg>, refs: &[String], known: &Ids<'_>, what: &str) {
        for (i, r) in refs.iter().enumerate() {
            if !known.contains(r.as_str()) {
                let mut p = at.clone();
                p.push(Seg::Index(i));
                self.report(p, format!("unknown {what} `{r}`"));
            }
        }
    }

    /// Reports kept OTM data (`otm.kept`) that is not JSON: export could not write it.
    fn kept_json(&mut self, at: Vec<Seg>, ext: &super::Extension) {
        for (key, text) in &ext.kept {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                let mut p = at.clone();
                p.extend([
                    Seg::Key("otm".into()),
                    Seg::Key("kept".into()),
                    Seg::Key(key.clone()),
                ]);
                self.report(
                    p,
                    format!("kept OTM `{key}` is not JSON ({e}); export would leave it out"),
                );
            }
        }
    }

    /// Reports a single reference that is set but unknown.
    fn one_ref(&mut self, at: Vec<Seg>, r: &str, known: &Ids<'_>, what: &str) {
        if !r.is_empty() && !known.contains(r) {
            self.report(at, format!("unknown {what} `{r}`"));
        }
    }

    fn date(&mut self, at: Vec<Seg>, value: &str) {
        if !value.is_empty() && !is_iso_date(value) {
            self.report(at, format!("`{value}` is not a date; expected YYYY-MM-DD"));
        }
    }

    fn kept_all(&mut self, s: &Session) {
        self.kept_json(path!["otm", "document"], &s.otm.document);
        self.kept_json(path!["otm", "project"], &s.otm.project);
        let lists: [(&str, Vec<&super::Extension>); 6] = [
            ("zones", s.zones.iter().map(|r| &r.otm).collect()),
            ("components", s.components.iter().map(|r| &r.otm).collect()),
            ("flows", s.flows.iter().map(|r| &r.otm).collect()),
            ("assets", s.assets.iter().map(|r| &r.otm).collect()),
            ("threats", s.threats.iter().map(|r| &r.otm).collect()),
            (
                "mitigations",
                s.mitigations.iter().map(|r| &r.otm).collect(),
            ),
        ];
        for (key, exts) in lists {
            for (i, ext) in exts.into_iter().enumerate() {
                if !ext.kept.is_empty() {
                    self.kept_json(path![key, i], ext);
                }
            }
        }
    }

    fn run(&mut self, s: &Session, catalog: &Catalog) {
        // The catalog's lists are searched by scans; a session asks once per record.
        let catalog_threats: Ids<'_> = catalog
            .threats
            .threats
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        let catalog_mitigations: Ids<'_> = catalog
            .mitigations
            .mitigations
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let catalog_checklist: Ids<'_> = catalog
            .checklists
            .items
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let catalog_patterns: Ids<'_> = catalog
            .patterns
            .patterns
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        let components = self.ids("components", "component", &s.components, |c| &c.id);
        let flows = self.ids("flows", "data flow", &s.flows, |f| &f.id);
        let actors = self.ids("actors", "threat actor", &s.actors, |a| &a.id);
        let zones = self.ids("zones", "trust zone", &s.zones, |z| &z.id);
        let boundaries = self.ids("boundaries", "trust boundary", &s.boundaries, |b| &b.id);
        let assets = self.ids("assets", "asset", &s.assets, |a| &a.id);
        let threats = self.ids("threats", "threat", &s.threats, |t| &t.id);
        let mitigations = self.ids("mitigations", "mitigation", &s.mitigations, |m| &m.id);
        self.ids("assumptions", "assumption", &s.assumptions, |a| &a.id);
        self.ids("chains", "threat chain", &s.chains, |c| &c.id);
        self.ids("validations", "code validation", &s.validations, |v| &v.id);
        self.ids("residual_risks", "residual risk", &s.residual_risks, |r| {
            &r.id
        });
        let roadmap = self.ids("roadmap", "remediation item", &s.roadmap, |r| &r.id);
        self.ids("triggers", "update trigger", &s.triggers, |t| &t.id);

        self.date(path!["session", "created"], &s.session.created);
        self.date(path!["session", "assessed"], &s.session.assessed);
        self.date(path!["session", "exported"], &s.session.exported);
        self.date(path!["summary", "next_review"], &s.summary.next_review);

        let mut phases_seen = BTreeSet::new();
        for (i, p) in s.phases.iter().enumerate() {
            if !(1..=10).contains(&p.phase) {
                self.report(
                    path!["phases", i, "phase"],
                    format!("phase {} does not exist; phases are 1 to 10", p.phase),
                );
            } else if !phases_seen.insert(p.phase) {
                self.report(
                    path!["phases", i, "phase"],
                    format!("phase {} is listed twice", p.phase),
                );
            }
        }

        self.kept_all(s);
        for (i, c) in s.components.iter().enumerate() {
            self.one_ref(
                path!["components", i, "zone"],
                &c.zone,
                &zones,
                "trust zone",
            );
        }
        for (i, f) in s.flows.iter().enumerate() {
            self.one_ref(path!["flows", i, "from"], &f.from, &components, "component");
            self.one_ref(path!["flows", i, "to"], &f.to, &components, "component");
            if f.from.is_empty() || f.to.is_empty() {
                self.report(
                    path!["flows", i],
                    format!("data flow `{}` needs both `from` and `to`", f.id),
                );
            }
        }
        for (i, z) in s.zones.iter().enumerate() {
            self.one_ref(path!["zones", i, "parent"], &z.parent, &zones, "trust zone");
            if z.parent == z.id && !z.id.is_empty() {
                self.report(
                    path!["zones", i, "parent"],
                    format!("trust zone `{}` cannot contain itself", z.id),
                );
            }
            if z.trust_level.is_some_and(|t| t > 100) {
                self.report(
                    path!["zones", i, "trust_level"],
                    "trust_level ranges from 0 to 100".into(),
                );
            }
        }
        for (i, b) in s.boundaries.iter().enumerate() {
            self.one_ref(
                path!["boundaries", i, "source_zone"],
                &b.source_zone,
                &zones,
                "trust zone",
            );
            self.one_ref(
                path!["boundaries", i, "destination_zone"],
                &b.destination_zone,
                &zones,
                "trust zone",
            );
            self.refs(
                path!["boundaries", i, "components"],
                &b.components,
                &components,
                "component",
            );
            self.refs(
                path!["boundaries", i, "flows"],
                &b.flows,
                &flows,
                "data flow",
            );
        }
        for (i, a) in s.assets.iter().enumerate() {
            self.refs(path!["assets", i, "zones"], &a.zones, &zones, "trust zone");
            for (j, step) in a.lifecycle.iter().enumerate() {
                self.refs(
                    path!["assets", i, "lifecycle", j, "components"],
                    &step.components,
                    &components,
                    "component",
                );
            }
        }
        for (i, t) in s.threats.iter().enumerate() {
            if t.name.trim().is_empty() {
                self.report(
                    path!["threats", i],
                    format!("threat `{}` has no name", t.id),
                );
            }
            self.refs(
                path!["threats", i, "components"],
                &t.components,
                &components,
                "component",
            );
            self.refs(path!["threats", i, "flows"], &t.flows, &flows, "data flow");
            self.refs(
                path!["threats", i, "actors"],
                &t.actors,
                &actors,
                "threat actor",
            );
            self.refs(
                path!["threats", i, "boundaries"],
                &t.boundaries,
                &boundaries,
                "trust boundary",
            );
            self.refs(path!["threats", i, "assets"], &t.assets, &assets, "asset");
            if !t.catalog.is_empty() && !catalog_threats.contains(t.catalog.as_str()) {
                self.report(
                    path!["threats", i, "catalog"],
                    format!("unknown catalog threat `{}`", t.catalog),
                );
            }
        }
        for (i, c) in s.chains.iter().enumerate() {
            self.refs(path!["chains", i, "steps"], &c.steps, &threats, "threat");
            if !c.pattern.is_empty() && !catalog_patterns.contains(c.pattern.as_str()) {
                self.report(
                    path!["chains", i, "pattern"],
                    format!("unknown cross-layer pattern `{}`", c.pattern),
                );
            }
        }
        for (i, m) in s.mitigations.iter().enumerate() {
            self.refs(
                path!["mitigations", i, "addresses"],
                &m.addresses,
                &threats,
                "threat",
            );
            if !m.catalog.is_empty() && !catalog_mitigations.contains(m.catalog.as_str()) {
                self.report(
                    path!["mitigations", i, "catalog"],
                    format!("unknown catalog mitigation `{}`", m.catalog),
                );
            }
        }
        for (i, v) in s.validations.iter().enumerate() {
            self.one_ref(
                path!["validations", i, "mitigation"],
                &v.mitigation,
                &mitigations,
                "mitigation",
            );
        }
        for (i, r) in s.residual_risks.iter().enumerate() {
            self.one_ref(
                path!["residual_risks", i, "threat"],
                &r.threat,
                &threats,
                "threat",
            );
            self.date(path!["residual_risks", i, "review_date"], &r.review_date);
            self.date(path!["residual_risks", i, "target_date"], &r.target_date);
        }
        for (i, r) in s.roadmap.iter().enumerate() {
            self.refs(
                path!["roadmap", i, "threats"],
                &r.threats,
                &threats,
                "threat",
            );
            self.refs(
                path!["roadmap", i, "mitigations"],
                &r.mitigations,
                &mitigations,
                "mitigation",
            );
            self.refs(
                path!["roadmap", i, "depends_on"],
                &r.depends_on,
                &roadmap,
                "remediation item",
            );
        }
        for (i, r) in s.reviews.iter().enumerate() {
            let known = catalog_threats.contains(r.item.as_str())
                || catalog_checklist.contains(r.item.as_str())
                || catalog_patterns.contains(r.item.as_str());
            if !known {
                self.report(
                    path!["reviews", i, "item"],
                    format!(
                        "unknown catalog threat, checklist item or pattern `{}`",
                        r.item
                    ),
                );
            }
        }
        let mut reviewed = BTreeMap::new();
        for (i, r) in s.reviews.iter().enumerate() {
            if reviewed.insert((r.item.as_str(), r.layer), i).is_some() {
                self.report(
                    path!["reviews", i],
                    format!("`{}` is reviewed twice on {}", r.item, r.layer),
                );
            }
        }
        self.catalog_choices(s, catalog);
        for (i, sign) in s.signoffs.iter().enumerate() {
            self.date(path!["signoffs", i, "date"], &sign.date);
        }
    }
}

impl Checker {
    /// Reports a value of a closed field (`taxonomy::CLOSED_FIELDS`) that is not in its
    /// list. Matching takes the list's id or name, ignoring case.
    fn closed(&mut self, at: Vec<Seg>, record: &str, field: &str, value: &str, catalog: &Catalog) {
        let Some(closed) = crate::catalog::taxonomy::closed_field(record, field) else {
            return;
        };
        let (list, what) = (closed.list, closed.what);
        if value.trim().is_empty() || catalog.taxonomy.choice(list, value).is_some() {
            return;
        }
        let expected: Vec<&str> = catalog
            .taxonomy
            .choices(list)
            .unwrap_or_default()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        self.report(
            at,
            format!(
                "unknown {what} `{value}`; expected one of: {}",
                expected.join(", ")
            ),
        );
    }

    /// Values that must come from the catalog: closed choice lists and taxonomy ids.
    fn catalog_choices(&mut self, s: &Session, catalog: &Catalog) {
        let b = &s.business;
        self.closed(
            path!["business", "user_base"],
            "business",
            "user_base",
            &b.user_base,
            catalog,
        );
        self.closed(
            path!["business", "agent_type"],
            "business",
            "agent_type",
            &b.agent_type,
            catalog,
        );
        self.closed(
            path!["business", "autonomy"],
            "business",
            "autonomy",
            &b.autonomy,
            catalog,
        );
        for (i, a) in s.assumptions.iter().enumerate() {
            self.closed(
                path!["assumptions", i, "status"],
                "assumption",
                "status",
                &a.status,
                catalog,
            );
        }
        let taxonomy = &catalog.taxonomy;
        for (i, a) in s.actors.iter().enumerate() {
            if !a.category.is_empty() && taxonomy.get_actor(&a.category).is_none() {
                self.report(
                    path!["actors", i, "category"],
                    format!("unknown threat actor category `{}`", a.category),
                );
            }
            self.closed(
                path!["actors", i, "capability"],
                "actor",
                "capability",
                &a.capability,
                catalog,
            );
            self.closed(
                path!["actors", i, "relevance"],
                "actor",
                "relevance",
                &a.relevance,
                catalog,
            );
        }
        for (i, z) in s.zones.iter().enumerate() {
            if !z.kind.is_empty() && taxonomy.get_zone_kind(&z.kind).is_none() {
                self.report(
                    path!["zones", i, "kind"],
                    format!("unknown trust zone kind `{}`", z.kind),
                );
            }
        }
        for (i, b) in s.boundaries.iter().enumerate() {
            self.closed(
                path!["boundaries", i, "strength"],
                "boundary",
                "strength",
                &b.strength,
                catalog,
            );
            for control in b.controls.keys() {
                if taxonomy.get_boundary_control(control).is_none() {
                    self.report(
                        path!["boundaries", i, "controls", control.as_str()],
                        format!("unknown boundary control `{control}`"),
                    );
                }
            }
        }
        for (i, a) in s.assets.iter().enumerate() {
            if !a.class.is_empty() && taxonomy.get_asset_class(&a.class).is_none() {
                self.report(
                    path!["assets", i, "class"],
                    format!("unknown asset class `{}`", a.class),
                );
            }
            for (j, step) in a.lifecycle.iter().enumerate() {
                if taxonomy.get_lifecycle_stage(&step.stage).is_none() {
                    self.report(
                        path!["assets", i, "lifecycle", j, "stage"],
                        format!("unknown lifecycle stage `{}`", step.stage),
                    );
                }
            }
        }
        for (i, v) in s.validations.iter().enumerate() {
            self.closed(
                path!["validations", i, "test_coverage"],
                "validation",
                "test_coverage",
                &v.test_coverage,
                catalog,
            );
        }
        let phases = &catalog.scoring.remediation_phases;
        for (i, r) in s.roadmap.iter().enumerate() {
            let known = r.horizon.is_empty()
                || phases.iter().any(|p| {
                    p.id.eq_ignore_ascii_case(&r.horizon) || p.name.eq_ignore_ascii_case(&r.horizon)
                });
            if !known {
                let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
                self.report(
                    path!["roadmap", i, "horizon"],
                    format!(
                        "unknown roadmap horizon `{}`; expected one of: {}",
                        r.horizon,
                        names.join(", ")
                    ),
                );
            }
        }
    }
}

/// Whether `value` is a calendar date written YYYY-MM-DD.
pub fn is_iso_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "validate_lookalike_tests.rs"]
mod lookalike_tests;
