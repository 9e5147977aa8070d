//! Resolving the conflict records a merge left in a session, and naming them.

use super::{from_object, to_object};
use crate::diff::record_key;
use crate::session::spans::Seg;
use crate::session::validate::Problem;
use crate::session::{MergeConflict, Session, links};
use serde_json::{Map, Value};

/// How a conflict is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Ours,
    Theirs,
    /// A value typed by the analyst: JSON, or plain text for a text field.
    Edited(String),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no conflict #{0}")]
    NoSuchConflict(usize),
    #[error("{0}")]
    DoesNotFit(String),
}

/// "threats T3 · severity": where the conflict is.
pub fn describe(conflict: &MergeConflict) -> String {
    let mut place = conflict.section.clone();
    if !conflict.record.is_empty() {
        place.push(' ');
        place.push_str(&conflict.record);
    }
    if conflict.field.is_empty() {
        if !conflict.record.is_empty() {
            place.push_str(" (whole record)");
        }
    } else {
        place.push_str(" · ");
        place.push_str(&conflict.field.join("."));
    }
    place
}

/// A stored value as a person reads it: text without quotes, `(deleted)` when absent.
pub fn show_value(value: Option<&str>) -> String {
    match value {
        None => "(deleted)".to_string(),
        Some(json) => match serde_json::from_str::<Value>(json) {
            Ok(Value::String(s)) => s,
            Ok(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => json.to_string(),
        },
    }
}

/// One problem per unresolved conflict, placed at its record in the file.
pub fn conflict_problems(session: &Session) -> Vec<Problem> {
    session
        .conflicts
        .iter()
        .enumerate()
        .map(|(i, c)| Problem {
            path: vec![Seg::from("conflicts"), Seg::Index(i)],
            message: format!(
                "unresolved merge conflict in {}: ours {}, theirs {}",
                describe(c),
                show_value(c.ours.as_deref()),
                show_value(c.theirs.as_deref())
            ),
        })
        .collect()
}

/// The session with conflict `index` settled by `choice` and its record removed.
pub fn resolve(session: &Session, index: usize, choice: Choice) -> Result<Session, ResolveError> {
    let conflict = session
        .conflicts
        .get(index)
        .ok_or(ResolveError::NoSuchConflict(index))?
        .clone();
    let value = match &choice {
        Choice::Ours => parse_stored(conflict.ours.as_deref())?,
        Choice::Theirs => parse_stored(conflict.theirs.as_deref())?,
        Choice::Edited(text) => Some(parse_edited(&conflict, text)),
    };
    let mut object = to_object(session).map_err(|e| ResolveError::DoesNotFit(e.to_string()))?;
    let removed_record = set(&mut object, &conflict, value);
    let mut resolved =
        from_object(object).map_err(|e| ResolveError::DoesNotFit(fit_message(&conflict, &e)))?;
    resolved.conflicts.remove(index);
    if removed_record && let Some(kind) = links::kind_of_list(&conflict.section) {
        // A record gone by the resolution takes its references with it.
        links::unlink(&mut resolved, kind, &conflict.record);
    }
    Ok(resolved)
}

fn fit_message(conflict: &MergeConflict, error: &super::MergeError) -> String {
    format!("that value does not fit {}: {error}", describe(conflict))
}

fn parse_stored(value: Option<&str>) -> Result<Option<Value>, ResolveError> {
    value
        .map(|json| {
            serde_json::from_str(json)
                .map_err(|e| ResolveError::DoesNotFit(format!("stored value `{json}`: {e}")))
        })
        .transpose()
}

/// Typed text is JSON, unless the field holds text (then it is the text itself).
fn parse_edited(conflict: &MergeConflict, text: &str) -> Value {
    let holds_text = [&conflict.ours, &conflict.theirs, &conflict.base]
        .into_iter()
        .flatten()
        .any(|v| v.starts_with('"'));
    match serde_json::from_str::<Value>(text) {
        Ok(v) if !holds_text || v.is_string() => v,
        _ => Value::String(text.to_string()),
    }
}

/// Puts `value` at the conflict's place (`None` removes it); true when a whole record
/// was removed.
fn set(object: &mut Map<String, Value>, conflict: &MergeConflict, value: Option<Value>) -> bool {
    let section = conflict.section.as_str();
    if conflict.record.is_empty() {
        if conflict.field.is_empty() {
            match value {
                Some(v) => {
                    object.insert(section.to_string(), v);
                }
                None => {
                    object.remove(section);
                }
            }
            return false;
        }
        let target = object
            .entry(section.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        set_field(target, &conflict.field, value);
        return false;
    }
    let list = object
        .entry(section.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(records) = list else {
        return false;
    };
    let at = records
        .iter()
        .enumerate()
        .position(|(i, r)| record_key(section, r, i) == conflict.record);
    match (at, conflict.field.is_empty(), value) {
        (Some(i), true, None) => {
            records.remove(i);
            true
        }
        (Some(i), true, Some(v)) => {
            records[i] = v;
            false
        }
        (None, true, Some(v)) => {
            records.push(v);
            false
        }
        (Some(i), false, value) => {
            set_field(&mut records[i], &conflict.field, value);
            false
        }
        (None, _, _) => false,
    }
}

fn set_field(target: &mut Value, field: &[String], value: Option<Value>) {
    let Some((last, parents)) = field.split_last() else {
        return;
    };
    let mut at = target;
    for key in parents {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .expect("made an object above")
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    let object = at.as_object_mut().expect("made an object above");
    match value {
        Some(v) => {
            object.insert(last.clone(), v);
        }
        None => {
            object.remove(last);
        }
    }
}
