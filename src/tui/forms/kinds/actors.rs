//! Phase 3: the Threat Actor template.

use super::*;

// ---- phase 3 ----

form_fields!(ActorField {
    Category = "category",
    Name = "name",
    Capability = "capability",
    Motivations = "motivations",
    TargetAssets = "target_assets",
    AttackVectors = "attack_vectors",
    TargetLayers = "target_layers",
    Relevance = "relevance",
    Priority = "priority",
    Notes = "notes",
});

/// The Threat Actor template.
#[derive(Debug)]
pub struct Actors;

impl RecordKind for Actors {
    fn name(&self) -> &'static str {
        "actor"
    }
    fn title(&self) -> &'static str {
        "Threat actors"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.actors)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.actors, id).map_or_else(Default::default, |a| {
            let p = a.priority.map_or(String::new(), |p| format!(" · {p}"));
            (
                format!("{} {}", a.id, a.name),
                format!("{} · {}{p}", a.capability, a.relevance),
            )
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use ActorField as F;
        let t = &c.taxonomy;
        let categories = t
            .actors
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        let assets = s
            .assets
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        vec![
            FieldSpec::choice(F::Category.key(), "Category", categories)
                .hint("Empty for a custom actor"),
            FieldSpec::text(F::Name.key(), "Name").required(),
            closed(c, "actor", F::Capability.key(), "Capability"),
            FieldSpec::multi(F::Motivations.key(), "Motivations", named(&t.motivations)),
            FieldSpec::refs(F::TargetAssets.key(), "Target assets", assets),
            FieldSpec::text(F::AttackVectors.key(), "Attack vectors").hint("Comma-separated"),
            FieldSpec::multi(F::TargetLayers.key(), "Target layers", layer_opts()),
            closed(c, "actor", F::Relevance.key(), "Relevance"),
            FieldSpec::choice(F::Priority.key(), "Priority", enum_opts(Level::ALL)),
            FieldSpec::multiline(F::Notes.key(), "Notes"),
        ]
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use ActorField as F;
        let Some(a) = find(&s.actors, id) else {
            return text("");
        };
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Category => text(&a.category),
            F::Name => text(&a.name),
            F::Capability => text(&a.capability),
            F::Motivations => list(&a.motivations),
            F::TargetAssets => list(&a.target_assets),
            F::AttackVectors => text(&a.attack_vectors.join(", ")),
            F::TargetLayers => layers_value(&a.target_layers),
            F::Relevance => text(&a.relevance),
            F::Priority => opt_str(a.priority),
            F::Notes => text(&a.notes),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, id: &str, key: &str, v: Value) {
        use ActorField as F;
        let Some(a) = find_mut(&mut s.actors, id) else {
            return;
        };
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Category => {
                a.category = v.text();
                // A fresh actor takes the category's name and typical layers.
                if let Some(cat) = c.taxonomy.get_actor(&a.category) {
                    if a.name.is_empty() {
                        a.name = cat.name.clone();
                    }
                    if a.target_layers.is_empty() {
                        a.target_layers = cat.target_layers.clone();
                    }
                }
            }
            F::Name => a.name = v.text(),
            F::Capability => a.capability = v.text(),
            F::Motivations => a.motivations = v.list(),
            F::TargetAssets => a.target_assets = v.list(),
            F::AttackVectors => a.attack_vectors = split_list(&v),
            F::TargetLayers => a.target_layers = layers_from(&v),
            F::Relevance => a.relevance = v.text(),
            F::Priority => a.priority = Level::parse(&v.text()),
            F::Notes => a.notes = v.text(),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "TA");
            add_to(&mut s.actors, "TA", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.actors, id)
    }
}
