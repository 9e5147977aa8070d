//! The read-only "From OTM" field of records imported from another tool: what the
//! session keeps of the OTM element beyond its own model (`session::Extension`), one
//! `key = JSON` line each, so the analyst sees it where the record is edited.

use crate::session::Extension;
use crate::tui::widgets::form::{FieldKind, FieldSpec, Value};

/// Key and label of the field.
pub const KEY: &str = "otm";
const LABEL: &str = "From OTM";

/// Said when the analyst tries to edit it.
pub const READ_ONLY: &str =
    "From OTM is read-only: kept from the import and written back by `export otm`";

/// The field, for the end of a kind's field list.
pub fn field() -> FieldSpec {
    FieldSpec::new(KEY, LABEL, FieldKind::Kept)
        .hint("Read-only: the OTM file's own data, written back unchanged on export")
}

/// The field's value: one `key = JSON` line per kept key (empty when none).
pub fn value(ext: &Extension) -> Value {
    Value::Text(
        ext.kept
            .iter()
            .map(|(key, json)| format!("{key} = {json}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Leaves out a record's kept-data field when it has nothing to show (records the
/// analyst made, or elements that matched the session's model exactly).
pub fn drop_empty(specs: Vec<FieldSpec>, values: Vec<Value>) -> (Vec<FieldSpec>, Vec<Value>) {
    specs
        .into_iter()
        .zip(values)
        .filter(|(spec, value)| spec.kind != FieldKind::Kept || !value.is_empty())
        .unzip()
}
