//! Phase 4: trust zones (with their members) and the Trust Boundary template.

use super::*;

// ---- phase 4 ----

form_fields!(ZoneField {
    Name = "name",
    Kind = "kind",
    TrustLevel = "trust_level",
    Parent = "parent",
    Members = MEMBERS,
    Description = "description",
    Kept = kept::KEY,
});

/// A trust zone.
#[derive(Debug)]
pub struct Zones;

impl RecordKind for Zones {
    fn name(&self) -> &'static str {
        "zone"
    }
    fn title(&self) -> &'static str {
        "Trust zones"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.zones)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.zones, id).map_or_else(Default::default, |z| {
            let level = z
                .trust_level
                .map_or(String::new(), |l| format!(" · trust {l}"));
            (format!("{} {}", z.id, z.name), format!("{}{level}", z.kind))
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use ZoneField as F;
        let kinds = c
            .taxonomy
            .zone_kinds
            .iter()
            .map(|k| Opt::new(k.id.clone(), k.name.clone()))
            .collect();
        vec![
            FieldSpec::text(F::Name.key(), "Name").required(),
            FieldSpec::choice(F::Kind.key(), "Kind", kinds).required(),
            FieldSpec::text(F::TrustLevel.key(), "Trust level").hint("0 (untrusted) to 100"),
            FieldSpec::choice(F::Parent.key(), "Parent zone", zone_opts(s)),
            // Zones are assigned here too, where boundaries are drawn (phase 4), not
            // only on each component in phase 2: it writes the components' zone.
            FieldSpec::refs(F::Members.key(), "Components", component_opts(s))
                .hint("A component is in one zone: choosing it here moves it"),
            FieldSpec::multiline(F::Description.key(), "Description"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use ZoneField as F;
        let Some(z) = find(&s.zones, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Name => text(&z.name),
            F::Kind => text(&z.kind),
            F::TrustLevel => opt_str(z.trust_level),
            F::Parent => text(&z.parent),
            F::Members => list(&zone_members(s, id)),
            F::Kept => kept::value(&z.otm),
            F::Description => text(&z.description),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use ZoneField as F;
        let Some(field) = F::parse(key) else {
            return;
        };
        if field == F::Members {
            return set_zone_members(s, id, &v.list());
        }
        let Some(z) = find_mut(&mut s.zones, id) else {
            return;
        };
        match field {
            F::Members => {}
            F::Name => z.name = v.text(),
            F::Kind => z.kind = v.text(),
            F::TrustLevel => z.trust_level = v.text().trim().parse::<u8>().ok().map(|l| l.min(100)),
            // A zone cannot contain itself.
            F::Parent if v.text() == z.id => {}
            F::Parent => z.parent = v.text(),
            F::Kept => {}
            F::Description => z.description = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TZ");
            add_to(&mut s.zones, "TZ", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.zones, id)
    }
}

/// The zone form's field listing the components in the zone.
const MEMBERS: &str = "components";

/// The components placed in zone `id`.
fn zone_members(s: &Session, id: &str) -> Vec<String> {
    s.components
        .iter()
        .filter(|c| c.zone == id)
        .map(|c| c.id.clone())
        .collect()
}

/// Places exactly `members` in zone `id`: the chosen components move into it (out of
/// any other), the others leave it for no zone.
fn set_zone_members(s: &mut Session, id: &str, members: &[String]) {
    if !s.zones.iter().any(|z| z.id == id) {
        return;
    }
    for c in &mut s.components {
        if members.contains(&c.id) {
            c.zone = id.to_string();
        } else if c.zone == id {
            c.zone.clear();
        }
    }
}

form_fields!(BoundaryField {
    SourceZone = "source_zone",
    DestinationZone = "destination_zone",
    Components = "components",
    Flows = "flows",
    Protocol = "protocol",
    Authentication = "authentication",
    Authorization = "authorization",
    Strength = "strength",
    ImplicitTrust = "implicit_trust",
});

/// The Trust Boundary template: one crossing with its control checklist.
#[derive(Debug)]
pub struct Boundaries;

impl RecordKind for Boundaries {
    fn name(&self) -> &'static str {
        "boundary"
    }
    fn title(&self) -> &'static str {
        "Boundary crossings"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.boundaries)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.boundaries, id).map_or_else(Default::default, |b| {
            let implicit = if b.implicit_trust.is_empty() {
                ""
            } else {
                " · ⚠ implicit trust"
            };
            (
                format!("{} {}", b.id, names::boundary_ends(s, b)),
                format!("{}{implicit}", b.strength),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use BoundaryField as F;
        let t = &c.taxonomy;
        let names = names::Names::new(s);
        let flows = s
            .flows
            .iter()
            .map(|f| Opt::new(f.id.clone(), names.flow_ends(f)))
            .collect();
        let mut f = vec![
            FieldSpec::choice(F::SourceZone.key(), "Source zone", zone_opts(s)).required(),
            FieldSpec::choice(F::DestinationZone.key(), "Destination zone", zone_opts(s))
                .required(),
            FieldSpec::refs(F::Components.key(), "Components", component_opts(s)),
            FieldSpec::refs(F::Flows.key(), "Data flows", flows),
            FieldSpec::suggest(F::Protocol.key(), "Protocol", named(&t.protocols)),
            FieldSpec::text(F::Authentication.key(), "Authentication"),
            FieldSpec::text(F::Authorization.key(), "Authorization"),
        ];
        for control in &t.boundary_controls {
            let spec = match control.answers {
                AnswerKind::YesNoPartial => FieldSpec::choice(
                    &format!("control:{}", control.id),
                    &format!("✓ {}", control.name),
                    Opt::plain(["Yes", "No", "Partial"]),
                ),
                AnswerKind::YesNo => FieldSpec::choice(
                    &format!("control:{}", control.id),
                    &format!("✓ {}", control.name),
                    Opt::plain(["Yes", "No"]),
                ),
                AnswerKind::Mechanism => {
                    let mut options = Opt::plain(&control.examples);
                    options.push(Opt::new("None", ""));
                    FieldSpec::suggest(
                        &format!("control:{}", control.id),
                        &format!("✓ {}", control.name),
                        options,
                    )
                }
            };
            f.push(spec.hint(control.question.clone()));
        }
        f.push(closed(c, "boundary", F::Strength.key(), "Strength"));
        f.push(
            FieldSpec::multiline(F::ImplicitTrust.key(), "Implicit trust")
                .hint("Trust assumed without verification at this crossing (flagged)"),
        );
        f
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use BoundaryField as F;
        let Some(b) = find(&s.boundaries, id) else {
            return text("");
        };
        if let Some(control) = key.strip_prefix("control:") {
            return text(b.controls.get(control).map_or("", String::as_str));
        }
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::SourceZone => text(&b.source_zone),
            F::DestinationZone => text(&b.destination_zone),
            F::Components => list(&b.components),
            F::Flows => list(&b.flows),
            F::Protocol => text(&b.protocol),
            F::Authentication => text(&b.authentication),
            F::Authorization => text(&b.authorization),
            F::Strength => text(&b.strength),
            F::ImplicitTrust => text(&b.implicit_trust),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use BoundaryField as F;
        let Some(b) = find_mut(&mut s.boundaries, id) else {
            return;
        };
        if let Some(control) = key.strip_prefix("control:") {
            if v.is_empty() {
                b.controls.remove(control);
            } else {
                b.controls.insert(control.to_string(), v.text());
            }
            return;
        }
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::SourceZone => b.source_zone = v.text(),
            F::DestinationZone => b.destination_zone = v.text(),
            F::Components => b.components = v.list(),
            F::Flows => b.flows = v.list(),
            F::Protocol => b.protocol = v.text(),
            F::Authentication => b.authentication = v.text(),
            F::Authorization => b.authorization = v.text(),
            F::Strength => b.strength = v.text(),
            F::ImplicitTrust => b.implicit_trust = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TB");
            add_to(&mut s.boundaries, "TB", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.boundaries, id)
    }
}
