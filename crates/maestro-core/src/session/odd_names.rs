//! Names and titles holding control, bidi or invisible characters, found record by
//! record: each top-level field of the session, and each record of a top-level list, is
//! turned into a JSON value on its own, so that only one record's value is alive at a
//! time. (The whole session as one JSON value was the largest allocation of `validate`:
//! several times the session.) The warnings, their paths and their order are those of
//! a walk of the whole session's JSON value, whose objects list their keys sorted.

use super::model::Session;
use super::spans::Seg;

/// A warning: where, and what (`validate::Problem`'s fields; that module calls this one).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Vec<Seg>,
    pub message: String,
}
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// The warnings of `validate::warnings`.
pub fn warnings(session: &Session) -> Vec<Problem> {
    let mut fields = Vec::new();
    if session
        .serialize(Top {
            fields: &mut fields,
        })
        .is_err()
    {
        // The whole value would not have been made either: no warnings (as before).
        return Vec::new();
    }
    // A JSON object lists its keys in order (serde_json's map is sorted).
    fields.sort_by(|a: &(String, Vec<Problem>), b| a.0.cmp(&b.0));
    fields.into_iter().flat_map(|(_, found)| found).collect()
}

/// The warnings of one entry `key = value` of a JSON object at `at`.
fn entry(key: &str, value: &serde_json::Value, at: &mut Vec<Seg>, out: &mut Vec<Problem>) {
    at.push(Seg::Key(key.to_string()));
    match value {
        serde_json::Value::String(text) if key == "name" || key == "title" => {
            let odd = text.chars().find(|&c| {
                (c.is_control() && c != '\n')
                    || crate::text::is_bidi_control(c)
                    || crate::text::is_invisible(c)
            });
            if let Some(c) = odd {
                out.push(Problem {
                    path: at.clone(),
                    message: format!(
                        "{key} `{}` contains U+{:04X}, a control, bidi or invisible \
                         character that may make it look like another",
                        crate::text::sanitize_inline(text),
                        c as u32
                    ),
                });
            }
        }
        other => walk(other, at, out),
    }
    at.pop();
}

/// The warnings inside `value` (at `at`).
fn walk(value: &serde_json::Value, at: &mut Vec<Seg>, out: &mut Vec<Problem>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                entry(key, v, at, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Seg::Index(i));
                walk(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Why the walk stopped: a value that is not a list (made whole instead), or a value
/// JSON cannot hold (no warnings at all, as the whole value's failure gave).
#[derive(Debug)]
enum Stop {
    NotList,
    Failed(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NotList => f.write_str("not a list"),
            Stop::Failed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Stop {
        Stop::Failed(msg.to_string())
    }
}

fn failed(e: serde_json::Error) -> Stop {
    Stop::Failed(e.to_string())
}

/// Refuses a kind of value: `Top` takes the session's struct only, `List` lists only.
macro_rules! refuse {
    ($stop:expr; $($name:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $ty),*) -> Result<(), Stop> { Err($stop) })*
    };
}

/// The session itself: a struct whose fields are walked one by one.
struct Top<'o> {
    fields: &'o mut Vec<(String, Vec<Problem>)>,
}

impl<'o> ser::Serializer for Top<'o> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Impossible<(), Stop>;
    type SerializeTuple = Impossible<(), Stop>;
    type SerializeTupleStruct = Impossible<(), Stop>;
    type SerializeTupleVariant = Impossible<(), Stop>;
    type SerializeMap = Impossible<(), Stop>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Stop>;

    refuse!(Stop::Failed("not a struct".into());
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_str(&str), serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop::Failed("not a struct".into()))
    }
}

impl ser::SerializeStruct for Top<'_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        let mut found = Vec::new();
        match value.serialize(List {
            key,
            out: &mut found,
        }) {
            Ok(()) => {}
            Err(Stop::NotList) => {
                found.clear();
                let value = serde_json::to_value(value).map_err(failed)?;
                entry(key, &value, &mut Vec::new(), &mut found);
            }
            Err(stop) => return Err(stop),
        }
        self.fields.push((key.to_string(), found));
        Ok(())
    }

    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

/// A top-level field: a list is walked record by record; anything else is `NotList`.
struct List<'o> {
    key: &'static str,
    out: &'o mut Vec<Problem>,
}

impl<'o> ser::Serializer for List<'o> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Records<'o>;
    type SerializeTuple = Impossible<(), Stop>;
    type SerializeTupleStruct = Impossible<(), Stop>;
    type SerializeTupleVariant = Impossible<(), Stop>;
    type SerializeMap = Impossible<(), Stop>;
    type SerializeStruct = Impossible<(), Stop>;
    type SerializeStructVariant = Impossible<(), Stop>;

    refuse!(Stop::NotList;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_str(&str), serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Stop> {
        Err(Stop::NotList)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop::NotList)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop::NotList)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Records<'o>, Stop> {
        Ok(Records {
            key: self.key,
            index: 0,
            out: self.out,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop::NotList)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop::NotList)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop::NotList)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop::NotList)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop::NotList)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop::NotList)
    }
}

/// The records of a top-level list, each made a JSON value and walked on its own.
struct Records<'o> {
    key: &'static str,
    index: usize,
    out: &'o mut Vec<Problem>,
}

impl ser::SerializeSeq for Records<'_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, record: &T) -> Result<(), Stop> {
        let value = serde_json::to_value(record).map_err(failed)?;
        let mut at = vec![Seg::Key(self.key.to_string()), Seg::Index(self.index)];
        walk(&value, &mut at, self.out);
        self.index += 1;
        Ok(())
    }

    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// The walk of the whole session's JSON value, as `validate::warnings` was.
    fn whole(session: &Session) -> Vec<Problem> {
        let mut out = Vec::new();
        if let Ok(value) = serde_json::to_value(session) {
            walk(&value, &mut Vec::new(), &mut out);
        }
        out
    }

    #[test]
    fn record_by_record_finds_what_the_whole_value_finds() {
        let mut s = crate::synth::generate(
            crate::synth::SynthParams {
                components: 12,
                threats: 60,
                seed: 3,
            },
            &Catalog::embedded(),
        );
        // Odd names at the top, in records, and deeper, in several lists.
        s.session.title = "Shop\u{202e}".into();
        s.components[3].name = "C\u{200b}UI".into();
        s.components[7].name = "tab\there".into();
        s.threats[5].name = "bell\u{7}".into();
        s.threats[2].name = "zero\u{200d}width".into();
        if let Some(m) = s.mitigations.first_mut() {
            m.name = "m\u{2066}".into();
        }
        let expected = whole(&s);
        assert!(expected.len() >= 5, "{expected:?}");
        assert_eq!(warnings(&s), expected);
        // And none: none.
        let plain = Session::default();
        assert_eq!(warnings(&plain), Vec::new());
        assert_eq!(whole(&plain), Vec::new());
    }
}
