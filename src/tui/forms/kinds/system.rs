//! Phase 2: the architecture profile, per-layer notes, components (Layer Mapping
//! template) and data flows.

use super::*;

// ---- phase 2 ----

form_fields!(ArchitectureField {
    MultiAgent = "multi_agent",
    UsesMcp = "uses_mcp",
    Overview = "overview",
});

/// Single/multi-agent, MCP and overview (`[architecture]`).
#[derive(Debug)]
pub struct Architecture;

impl RecordKind for Architecture {
    fn name(&self) -> &'static str {
        "architecture"
    }
    fn title(&self) -> &'static str {
        "Architecture"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        vec!["architecture".into()]
    }
    fn row(&self, s: &Session, _id: &str) -> (String, String) {
        let a = &s.architecture;
        (
            "Architecture profile".into(),
            format!(
                "{} · MCP {}",
                if a.multi_agent {
                    "multi-agent"
                } else {
                    "single agent"
                },
                if a.uses_mcp { "yes" } else { "no" }
            ),
        )
    }
    fn fields(&self, _s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        use ArchitectureField as F;
        vec![
            FieldSpec::switch(F::MultiAgent.key(), "Multi-agent"),
            FieldSpec::switch(F::UsesMcp.key(), "Uses MCP"),
            FieldSpec::multiline(F::Overview.key(), "Overview"),
        ]
    }
    fn get(&self, s: &Session, _id: &str, key: &str) -> Value {
        use ArchitectureField as F;
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::MultiAgent => Value::Bool(s.architecture.multi_agent),
            F::UsesMcp => Value::Bool(s.architecture.uses_mcp),
            F::Overview => text(&s.architecture.overview),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, _id: &str, key: &str, v: Value) {
        use ArchitectureField as F;
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::MultiAgent => s.architecture.multi_agent = v.flag(),
            F::UsesMcp => s.architecture.uses_mcp = v.flag(),
            F::Overview => s.architecture.overview = v.text(),
        }
    }
}

form_fields!(LayerNoteField {
    NotApplicable = "not_applicable",
    Note = "note",
});

/// Per-layer notes: a layer marked not applicable, with the reason.
#[derive(Debug)]
pub struct LayerNotes;

impl RecordKind for LayerNotes {
    fn name(&self) -> &'static str {
        "layer"
    }
    fn title(&self) -> &'static str {
        "Layers"
    }
    fn ids(&self, _s: &Session) -> Vec<String> {
        Layer::ALL.iter().map(|l| l.as_str().to_string()).collect()
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        let layer = Layer::parse(id).unwrap_or(Layer::L1);
        let count = s
            .components
            .iter()
            .filter(|c| c.layers.contains(&layer))
            .count();
        let note = s.architecture.layer_notes.iter().find(|n| n.layer == layer);
        let detail = match note {
            Some(n) if n.not_applicable => format!("not applicable: {}", n.note),
            _ if count == 0 => "⚠ empty".to_string(),
            _ => format!("{count} component(s)"),
        };
        (format!("{} {}", layer.as_str(), layer.name()), detail)
    }
    fn fields(&self, _s: &Session, _c: &Catalog) -> Vec<FieldSpec> {
        use LayerNoteField as F;
        vec![
            FieldSpec::switch(F::NotApplicable.key(), "Not applicable"),
            FieldSpec::multiline(F::Note.key(), "Reason / note"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use LayerNoteField as F;
        let layer = Layer::parse(id);
        let note = s
            .architecture
            .layer_notes
            .iter()
            .find(|n| Some(n.layer) == layer);
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::NotApplicable => Value::Bool(note.is_some_and(|n| n.not_applicable)),
            F::Note => text(note.map_or("", |n| n.note.as_str())),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use LayerNoteField as F;
        let Some(layer) = Layer::parse(id) else {
            return;
        };
        let notes = &mut s.architecture.layer_notes;
        let i = match notes.iter().position(|n| n.layer == layer) {
            Some(i) => i,
            None => {
                notes.push(LayerNote {
                    layer,
                    note: String::new(),
                    not_applicable: false,
                });
                notes.len() - 1
            }
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::NotApplicable => notes[i].not_applicable = v.flag(),
            F::Note => notes[i].note = v.text(),
        }
        if !notes[i].not_applicable && notes[i].note.is_empty() {
            notes.remove(i);
        }
    }
}

form_fields!(ComponentField {
    Name = "name",
    Kind = "kind",
    Layers = "layers",
    Technology = "technology",
    Description = "description",
    Zone = "zone",
    Kept = kept::KEY,
});

/// The Layer Mapping template: one component.
#[derive(Debug)]
pub struct Components;

impl RecordKind for Components {
    fn name(&self) -> &'static str {
        "component"
    }
    fn title(&self) -> &'static str {
        "Components"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.components)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.components, id).map_or_else(Default::default, |c| {
            let layers: Vec<&str> = c.layers.iter().map(|l| l.as_str()).collect();
            (
                format!("{} {}", c.id, c.name),
                format!("{} · {}", c.kind, layers.join(",")),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use ComponentField as F;
        let kinds = ComponentKind::ALL
            .iter()
            .map(|k| {
                let def = c.taxonomy.get_component_kind(*k);
                Opt::new(k.as_str(), def.map_or(String::new(), |d| d.name.clone()))
            })
            .collect();
        let typical: Vec<String> = c
            .layers
            .layers
            .iter()
            .map(|l| {
                format!(
                    "{}: {}",
                    l.id.as_str(),
                    l.components
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        vec![
            FieldSpec::text(F::Name.key(), "Name").required(),
            FieldSpec::choice(F::Kind.key(), "Kind", kinds).required(),
            FieldSpec::multi(F::Layers.key(), "Layers", layer_opts())
                .required()
                .hint(format!("Typical — {}", typical.join("; "))),
            FieldSpec::text(F::Technology.key(), "Technology"),
            FieldSpec::multiline(F::Description.key(), "Description"),
            FieldSpec::choice(F::Zone.key(), "Trust zone", zone_opts(s)),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use ComponentField as F;
        let Some(c) = find(&s.components, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Name => text(&c.name),
            F::Kind => text(c.kind.as_str()),
            F::Layers => layers_value(&c.layers),
            F::Technology => text(&c.technology),
            F::Description => text(&c.description),
            F::Kept => kept::value(&c.otm),
            F::Zone => text(&c.zone),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use ComponentField as F;
        let Some(c) = find_mut(&mut s.components, id) else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Name => c.name = v.text(),
            F::Kind => {
                if let Some(k) = ComponentKind::parse(&v.text()) {
                    c.kind = k;
                }
            }
            F::Layers => c.layers = layers_from(&v),
            F::Technology => c.technology = v.text(),
            F::Description => c.description = v.text(),
            F::Kept => {}
            F::Zone => c.zone = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        let c = crate::session::endpoints::new_component(s);
        let id = c.id.clone();
        s.components.push(c);
        Some(id)
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.components, id)
    }
}

form_fields!(FlowField {
    From = "from",
    To = "to",
    Data = "data",
    Protocol = "protocol",
    Encrypted = "encrypted",
    Authentication = "authentication",
    Critical = "critical",
    Bidirectional = "bidirectional",
    Kept = kept::KEY,
});

/// A data flow between two components.
#[derive(Debug)]
pub struct Flows;

impl RecordKind for Flows {
    fn name(&self) -> &'static str {
        "flow"
    }
    fn title(&self) -> &'static str {
        "Data flows"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.flows)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.flows, id).map_or_else(Default::default, |f| {
            (
                format!("{} {}", f.id, names::flow_ends(s, f)),
                f.data.clone(),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use FlowField as F;
        vec![
            FieldSpec::choice(F::From.key(), "From", super::super::endpoints::options(s))
                .required()
                .hint("A user or an outside service can be created here (on L7)"),
            FieldSpec::choice(F::To.key(), "To", super::super::endpoints::options(s)).required(),
            FieldSpec::text(F::Data.key(), "Data"),
            FieldSpec::suggest(F::Protocol.key(), "Protocol", named(&c.taxonomy.protocols)),
            FieldSpec::choice(F::Encrypted.key(), "Encrypted", Opt::plain(["Yes", "No"])),
            FieldSpec::text(F::Authentication.key(), "Authentication"),
            FieldSpec::switch(F::Critical.key(), "Critical"),
            FieldSpec::switch(F::Bidirectional.key(), "Two-way")
                .hint("Data goes both ways: one flow, not two"),
            kept::field(),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use FlowField as F;
        let Some(f) = find(&s.flows, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::From => text(&f.from),
            F::To => text(&f.to),
            F::Data => text(&f.data),
            F::Protocol => text(&f.protocol),
            F::Encrypted => text(match f.encrypted {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "",
            }),
            F::Authentication => text(&f.authentication),
            F::Bidirectional => Value::Bool(f.bidirectional),
            F::Kept => kept::value(&f.otm),
            F::Critical => Value::Bool(f.critical),
        }
    }
    fn set(&self, s: &mut Session, _c: &Catalog, id: &str, key: &str, v: Value) {
        use FlowField as F;
        // An end chosen as "new user" or "new service" is a component made in place.
        let Some(field) = F::parse(key) else {
            return;
        };
        let v = match field {
            F::From | F::To if find(&s.flows, id).is_some() && !v.text().is_empty() => {
                Value::Text(super::super::endpoints::resolve(s, &v.text()))
            }
            _ => v,
        };
        let Some(f) = find_mut(&mut s.flows, id) else {
            return;
        };
        match field {
            // An end is changed, never emptied: a flow without both ends is invalid.
            F::From if !v.text().is_empty() => f.from = v.text(),
            F::To if !v.text().is_empty() => f.to = v.text(),
            F::From | F::To => {}
            F::Data => f.data = v.text(),
            F::Protocol => f.protocol = v.text(),
            F::Encrypted => {
                f.encrypted = match v.text().as_str() {
                    "Yes" => Some(true),
                    "No" => Some(false),
                    _ => None,
                }
            }
            F::Authentication => f.authentication = v.text(),
            F::Bidirectional => f.bidirectional = v.flag(),
            F::Kept => {}
            F::Critical => f.critical = v.flag(),
        }
    }
    fn cannot_add(&self) -> Option<&'static str> {
        Some("Add a component first: a data flow runs between components")
    }
    /// A flow runs between two components (`validate` needs both ends), so a new one
    /// starts from the first to the last component; with none there is nothing to add.
    fn add(&self, s: &mut Session) -> Option<String> {
        let from = s.components.first()?.id.clone();
        let to = s.components.last()?.id.clone();
        let floor = ids::used(s, "DF");
        let id = add_to(&mut s.flows, "DF", floor)?;
        if let Some(f) = s.flows.iter_mut().find(|f| f.id == id) {
            f.from = from;
            f.to = to;
        }
        Some(id)
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.flows, id)
    }
}
