//! Phase 5: the Asset Flow template.

use super::*;

// ---- phase 5 ----

form_fields!(AssetField {
    Name = "name",
    Class = "class",
    Classification = "classification",
    Zones = "zones",
    ExposurePoints = "exposure_points",
    Controls = "controls",
    Kept = kept::KEY,
});

/// The Asset Flow template: an asset with its lifecycle mapped to components.
#[derive(Debug)]
pub struct Assets;

impl RecordKind for Assets {
    fn name(&self) -> &'static str {
        "asset"
    }
    fn title(&self) -> &'static str {
        "Assets"
    }
    fn ids(&self, s: &Session) -> Vec<String> {
        ids_of(&s.assets)
    }
    fn row(&self, s: &Session, id: &str) -> (String, String) {
        find(&s.assets, id).map_or_else(Default::default, |a| {
            let c = a
                .classification
                .map_or(String::new(), |c| format!(" · {c}"));
            (format!("{} {}", a.id, a.name), format!("{}{c}", a.class))
        })
    }
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec> {
        use AssetField as F;
        let t = &c.taxonomy;
        let classes = t
            .asset_classes
            .iter()
            .map(|a| Opt::new(a.id.clone(), a.name.clone()))
            .collect();
        let mut f = vec![
            FieldSpec::text(F::Name.key(), "Name").required(),
            FieldSpec::choice(F::Class.key(), "Class", classes).required(),
            FieldSpec::choice(
                F::Classification.key(),
                "Classification",
                enum_opts(Classification::ALL),
            )
            .required(),
        ];
        for stage in &t.lifecycle_stages {
            f.push(
                FieldSpec::refs(
                    &format!("stage:{}", stage.id),
                    &format!("{}: components", stage.name),
                    component_opts(s),
                )
                .hint(stage.question.clone()),
            );
            f.push(FieldSpec::text(
                &format!("how:{}", stage.id),
                &format!("{}: how", stage.name),
            ));
        }
        f.push(FieldSpec::refs(F::Zones.key(), "Zones", zone_opts(s)));
        f.push(
            FieldSpec::text(F::ExposurePoints.key(), "Exposure points").hint(format!(
                "Comma-separated; e.g. {}",
                named(&t.exposure_points)
                    .iter()
                    .take(4)
                    .map(|o| o.value.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        f.push(FieldSpec::text(F::Controls.key(), "Controls").hint(format!(
                "Comma-separated; e.g. {}",
                named(&t.protection_controls)
                    .iter()
                    .take(4)
                    .map(|o| o.value.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        f.push(kept::field());
        f
    }
    fn get(&self, s: &Session, id: &str, key: &str) -> Value {
        use AssetField as F;
        let Some(a) = find(&s.assets, id) else {
            return text("");
        };
        if let Some(stage) = key.strip_prefix("stage:") {
            let step = a.lifecycle.iter().find(|l| l.stage == stage);
            return list(step.map_or(&[][..], |l| &l.components));
        }
        if let Some(stage) = key.strip_prefix("how:") {
            let step = a.lifecycle.iter().find(|l| l.stage == stage);
            return text(step.map_or("", |l| &l.how));
        }
        let Some(field) = F::parse(key) else {
            return text("");
        };
        match field {
            F::Name => text(&a.name),
            F::Class => text(&a.class),
            F::Classification => opt_str(a.classification),
            F::Zones => list(&a.zones),
            F::ExposurePoints => text(&a.exposure_points.join(", ")),
            F::Kept => kept::value(&a.otm),
            F::Controls => text(&a.controls.join(", ")),
        }
    }
    fn set(&self, s: &mut Session, c: &Catalog, id: &str, key: &str, v: Value) {
        use AssetField as F;
        let Some(a) = find_mut(&mut s.assets, id) else {
            return;
        };
        let stage_key = key
            .strip_prefix("stage:")
            .map(|st| (st, true))
            .or_else(|| key.strip_prefix("how:").map(|st| (st, false)));
        if let Some((stage, components)) = stage_key {
            let i = match a.lifecycle.iter().position(|l| l.stage == stage) {
                Some(i) => i,
                None => {
                    a.lifecycle.push(LifecycleStep {
                        stage: stage.to_string(),
                        ..Default::default()
                    });
                    a.lifecycle.len() - 1
                }
            };
            if components {
                a.lifecycle[i].components = v.list();
            } else {
                a.lifecycle[i].how = v.text();
            }
            if a.lifecycle[i].components.is_empty() && a.lifecycle[i].how.is_empty() {
                a.lifecycle.remove(i);
            }
            // Keep the playbook's stage order.
            let order = |st: &str| {
                c.taxonomy
                    .lifecycle_stages
                    .iter()
                    .position(|x| x.id == st)
                    .unwrap_or(usize::MAX)
            };
            a.lifecycle.sort_by_key(|l| order(&l.stage));
            return;
        }
        let Some(field) = F::parse(key) else {
            return;
        };
        match field {
            F::Name => a.name = v.text(),
            F::Class => {
                a.class = v.text();
                if a.classification.is_none()
                    && let Some(class) = c.taxonomy.get_asset_class(&a.class)
                {
                    a.classification = Some(class.typical_classification);
                }
            }
            F::Classification => a.classification = Classification::parse(&v.text()),
            F::Zones => a.zones = v.list(),
            F::ExposurePoints => a.exposure_points = split_list(&v),
            F::Kept => {}
            F::Controls => a.controls = split_list(&v),
        }
    }
    fn add(&self, s: &mut Session) -> Option<String> {
        {
            let floor = ids::used(s, "AF");
            add_to(&mut s.assets, "AF", floor)
        }
    }
    fn remove(&self, s: &mut Session, id: &str) -> bool {
        remove_from(&mut s.assets, id)
    }
}
