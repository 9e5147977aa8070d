//! Parsing an OTM document into a JSON value under bounds that hold whatever the syntax:
//! the nesting depth is counted on the parsed structure (block YAML nests by
//! indentation, which no bracket count sees), every node is counted (a YAML alias
//! expands to a copy of its anchor, the "billion laughs" amplifier), and a key that
//! appears twice in one object is an error with its line and column, instead of the
//! last one silently winning.
//!
//! The checks run inside the parser (a serde visitor), so a document is refused as soon
//! as it crosses a bound, before the memory is spent. The same pass names what JSON
//! cannot hold as the file wrote it (lossless import warns of each). Just over 600
//! lines: the tree-building pass the tests compare against stays beside the one import
//! uses.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};
use std::fmt;

/// Most nodes (values, keys excluded) in one OTM document, whatever its size: a
/// 10,000-component model has well under a million.
pub const MAX_NODES: u64 = 2_000_000;

/// Budget of one parse, and what it could not read as it was.
pub struct Bounds {
    nodes_left: Cell<u64>,
    max_depth: usize,
    /// Where the parse is (keys and indexes), to name what is lost.
    path: RefCell<Vec<Step>>,
    /// Values JSON cannot hold as the file wrote them, each with its path.
    lost: RefCell<Vec<String>>,
}

enum Step {
    Key(String),
    Index(usize),
}

impl Bounds {
    /// Values the document held that JSON (and so the session) cannot represent as
    /// written: non-finite numbers, non-string keys, integers beyond 2^53 read as floats.
    pub fn take_lost(&self) -> Vec<String> {
        self.lost.take()
    }

    fn lose(&self, what: String) {
        let mut at = String::new();
        for step in self.path.borrow().iter() {
            match step {
                Step::Key(key) if at.is_empty() => at.push_str(key),
                Step::Key(key) => {
                    at.push('.');
                    at.push_str(key);
                }
                Step::Index(i) => at.push_str(&format!("[{i}]")),
            }
        }
        let at = if at.is_empty() {
            "document".into()
        } else {
            crate::text::sanitize_id(&at).into_owned()
        };
        self.lost.borrow_mut().push(format!("{at}: {what}"));
    }
}

impl Bounds {
    /// Bounds for a document of `len` bytes: at most one node per byte (real documents
    /// need several bytes per node; only alias expansion exceeds it) and [`MAX_NODES`].
    pub fn for_len(len: usize) -> Bounds {
        Bounds {
            nodes_left: Cell::new((len as u64).clamp(1_000, MAX_NODES)),
            max_depth: crate::limits::MAX_NESTING,
            path: RefCell::new(Vec::new()),
            lost: RefCell::new(Vec::new()),
        }
    }
}

/// Parses into a [`Value`] within `bounds` with the given deserializer (the tests
/// compare it with [`check`], which import uses).
#[cfg(test)]
pub fn value<'de, D: de::Deserializer<'de>>(de: D, bounds: &Bounds) -> Result<Value, D::Error> {
    Seed { bounds, depth: 0 }.deserialize(de)
}

#[derive(Clone, Copy)]
struct Seed<'b> {
    bounds: &'b Bounds,
    depth: usize,
}

impl Seed<'_> {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let left = self.bounds.nodes_left.get();
        if left == 0 {
            return Err(E::custom(format!(
                "document expands to more values than its size allows (one per byte, at \
                 most {MAX_NODES}; YAML aliases?); refused"
            )));
        }
        self.bounds.nodes_left.set(left - 1);
        Ok(())
    }

    /// Names a float JSON cannot hold as the file wrote it.
    fn note_float(&self, v: f64) {
        if !v.is_finite() {
            self.bounds
                .lose(format!("the number {v} (no JSON form; read as null)"));
        } else if v.fract() == 0.0 && v.abs() > 9_007_199_254_740_992.0 {
            self.bounds.lose(format!(
                "the integer {v} (beyond 2^53; read as a float, low digits may differ)"
            ));
        }
    }

    fn deeper<E: de::Error>(&self) -> Result<Seed<'_>, E> {
        if self.depth >= self.bounds.max_depth {
            return Err(E::custom(format!(
                "document nests more than {} levels deep; refused",
                self.bounds.max_depth
            )));
        }
        Ok(Seed {
            bounds: self.bounds,
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.count()?;
        self.note_float(v);
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.count()?;
        let inner = self.deeper()?;
        let mut items = Vec::new();
        loop {
            self.bounds.path.borrow_mut().push(Step::Index(items.len()));
            let item = seq.next_element_seed(inner);
            self.bounds.path.borrow_mut().pop();
            match item? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.count()?;
        let inner = self.deeper()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<KeyString>()? {
            if out.contains_key(&key.0) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{}`",
                    crate::text::sanitize_id(&key.0)
                )));
            }
            self.bounds.path.borrow_mut().push(Step::Key(key.0));
            if key.1 {
                self.bounds
                    .lose("YAML key that is not a string (read as a string)".into());
            }
            let value = map.next_value_seed(inner);
            let Some(Step::Key(key)) = self.bounds.path.borrow_mut().pop() else {
                unreachable!("the key pushed above")
            };
            out.insert(key, value?);
        }
        Ok(Value::Object(out))
    }
}

/// What [`check`] saw of the document's top level.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TopLevel {
    /// The document is a mapping (an object).
    pub is_object: bool,
    /// Its keys, in order.
    pub keys: Vec<String>,
}

/// Checks the bounds of [`value`] (nodes, depth, duplicate keys) without building
/// anything: the caller then deserializes its own types from a second parse, so the
/// generic tree of the whole document never exists next to the parser's own buffers
/// (issue 17, M2: peak memory of large imports).
pub fn check<'de, D: de::Deserializer<'de>>(de: D, bounds: &Bounds) -> Result<TopLevel, D::Error> {
    let top = RefCell::new(TopLevel::default());
    Check {
        seed: Seed { bounds, depth: 0 },
        top: Some(&top),
        out: None,
    }
    .deserialize(de)?;
    Ok(top.into_inner())
}

/// [`check`], also writing the document as compact JSON text as it goes. A YAML
/// document is read this way, so that the YAML parser's events (which it holds for the
/// whole document) are freed before the typed document is built from the JSON.
pub fn check_to_json<'de, D: de::Deserializer<'de>>(
    de: D,
    bounds: &Bounds,
) -> Result<(TopLevel, String), D::Error> {
    let top = RefCell::new(TopLevel::default());
    let out = RefCell::new(String::new());
    Check {
        seed: Seed { bounds, depth: 0 },
        top: Some(&top),
        out: Some(&out),
    }
    .deserialize(de)?;
    Ok((top.into_inner(), out.into_inner()))
}

#[derive(Clone, Copy)]
struct Check<'b, 't> {
    seed: Seed<'b>,
    /// Set for the document's root only.
    top: Option<&'t RefCell<TopLevel>>,
    /// Where the JSON text goes, if wanted.
    out: Option<&'t RefCell<String>>,
}

impl Check<'_, '_> {
    fn emit(&self, write: impl FnOnce(&mut String)) {
        if let Some(out) = self.out {
            write(&mut out.borrow_mut());
        }
    }

    fn scalar<E: de::Error>(&self, json: impl FnOnce(&mut String)) -> Result<(), E> {
        self.seed.count()?;
        self.emit(json);
        Ok(())
    }
}

/// A JSON string literal.
fn push_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

impl<'de> DeserializeSeed<'de> for Check<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(|o| o.push_str(if v { "true" } else { "false" }))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(|o| o.push_str(&v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(|o| o.push_str(&v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.seed.note_float(v);
        // As [`value`] does: a number JSON cannot hold (NaN, infinity) is null.
        self.scalar(|o| match serde_json::Number::from_f64(v) {
            Some(n) => o.push_str(&n.to_string()),
            None => o.push_str("null"),
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(|o| push_string(o, v))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar(|o| o.push_str("null"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(|o| o.push_str("null"))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.seed.count()?;
        let inner = Check {
            seed: self.seed.deeper()?,
            top: None,
            out: self.out,
        };
        self.emit(|o| o.push('['));
        let mut first = true;
        let mut index = 0;
        loop {
            // The comma goes before an element; taken back when there is none.
            if !first {
                self.emit(|o| o.push(','));
            }
            let bounds = self.seed.bounds;
            bounds.path.borrow_mut().push(Step::Index(index));
            let element = seq.next_element_seed(inner);
            bounds.path.borrow_mut().pop();
            index += 1;
            if element?.is_none() {
                if !first {
                    self.emit(|o| {
                        o.pop();
                    });
                }
                break;
            }
            first = false;
        }
        self.emit(|o| o.push(']'));
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.seed.count()?;
        let inner = Check {
            seed: self.seed.deeper()?,
            top: None,
            out: self.out,
        };
        self.emit(|o| o.push('{'));
        // Only the keys of this one object are held, to find one given twice.
        let mut keys = std::collections::HashSet::new();
        let mut order = Vec::new();
        while let Some(key) = map.next_key::<KeyString>()? {
            if !keys.insert(key.0.clone()) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{}`",
                    crate::text::sanitize_id(&key.0)
                )));
            }
            self.emit(|o| {
                if keys.len() > 1 {
                    o.push(',');
                }
                push_string(o, &key.0);
                o.push(':');
            });
            let bounds = self.seed.bounds;
            if key.1 {
                bounds.path.borrow_mut().push(Step::Key(key.0.clone()));
                bounds.lose("YAML key that is not a string (read as a string)".into());
                bounds.path.borrow_mut().pop();
            }
            if self.top.is_some() {
                order.push(key.0.clone());
            }
            bounds.path.borrow_mut().push(Step::Key(key.0));
            let value = map.next_value_seed(inner);
            bounds.path.borrow_mut().pop();
            value?;
        }
        self.emit(|o| o.push('}'));
        if let Some(top) = self.top {
            *top.borrow_mut() = TopLevel {
                is_object: true,
                keys: order,
            };
        }
        Ok(())
    }
}

/// A mapping key: a string, or a YAML scalar key (number, bool) written as one (then
/// the flag is set).
struct KeyString(String, bool);

impl<'de> de::Deserialize<'de> for KeyString {
    fn deserialize<D: de::Deserializer<'de>>(de: D) -> Result<KeyString, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_owned(), false))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyString, E> {
                Ok(KeyString(v, false))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string(), true))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string(), true))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string(), true))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string(), true))
            }
        }
        de.deserialize_any(V)
    }
}

/// The lines of a YAML text that hold a comment, which no JSON value keeps.
pub fn yaml_comments(text: &str) -> Option<String> {
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| has_comment(line))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    match lines.len() {
        0 => None,
        1 => Some(format!("line {}: YAML comment", lines[0])),
        n if n <= 10 => Some(format!("lines {}: YAML comments", lines.join(", "))),
        n => Some(format!(
            "lines {} and {} more: YAML comments",
            lines[..10].join(", "),
            n - 10
        )),
    }
}

/// A `#` that starts the line or follows a blank outside quotes (YAML's comment rule,
/// minus block scalars, where a `#` line is text: those are reported too, to be safe).
fn has_comment(line: &str) -> bool {
    let (mut single, mut double, mut previous) = (false, false, ' ');
    for c in line.chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && previous != '\\' => double = !double,
            '#' if !single && !double && previous.is_whitespace() => return true,
            _ => {}
        }
        previous = c;
    }
    false
}

#[cfg(test)]
#[path = "checked_tests.rs"]
mod tests;
