//! YAML text -> a JSON document, read straight from serde_yaml's events: scalar keys
//! (`200:`, `true:`) are spelled as strings, merge keys (`<<`) are applied, tags are
//! dropped, and integers beyond 64 bits (which `serde_yaml::Value` refuses) become floats.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Marks the error of a key that is not a scalar, so that it is not called invalid YAML.
pub const COMPLEX_KEY: &str =
    "a mapping key is itself a mapping or sequence; keys must be plain scalars";

/// The YAML document in `text` as JSON; a large one is read in parts on several threads.
pub fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    match super::yaml_parts::read(text, whole) {
        Some(document) => Ok(document),
        None => whole(text),
    }
}

/// The YAML document in `text` as JSON, read on this thread.
pub fn whole(text: &str) -> Result<Value, serde_yaml::Error> {
    Loose::deserialize(serde_yaml::Deserializer::from_str(text)).map(|loose| loose.0)
}

struct Loose(Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
        Ok(Value::from(number))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Value, E> {
        Ok(Value::from(number))
    }

    fn visit_i128<E>(self, number: i128) -> Result<Value, E> {
        Ok(i64::try_from(number).map_or_else(|_| float(number as f64), Value::from))
    }

    fn visit_u128<E>(self, number: u128) -> Result<Value, E> {
        Ok(u64::try_from(number).map_or_else(|_| float(number as f64), Value::from))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Value, E> {
        Ok(float(number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        Loose::deserialize(inner).map(|loose| loose.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut array = Vec::new();
        while let Some(Loose(item)) = items.next_element()? {
            array.push(item);
        }
        Ok(Value::Array(array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let mut merged = Vec::new();
        while let Some(Key(key)) = entries.next_key()? {
            let Loose(value) = entries.next_value()?;
            if key == "<<" {
                match value {
                    Value::Object(base) => merged.push(base),
                    Value::Array(bases) => {
                        merged.extend(bases.into_iter().filter_map(|base| match base {
                            Value::Object(base) => Some(base),
                            _ => None,
                        }));
                    }
                    other => {
                        object.insert(key, other);
                    }
                }
                continue;
            }
            object.insert(key, value);
        }
        // Keys written in the mapping win over merged ones; earlier merged mappings win
        // over later ones.
        for base in merged {
            for (key, value) in base {
                object.entry(key).or_insert(value);
            }
        }
        Ok(Value::Object(object))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<Value, A::Error> {
        let (_tag, content): (String, _) = tagged.variant()?;
        content.newtype_variant::<Loose>().map(|loose| loose.0)
    }
}

/// A float as JSON; JSON has no NaN or infinity, so those become `null`.
fn float(number: f64) -> Value {
    Number::from_f64(number).map_or(Value::Null, Value::Number)
}

/// A mapping key: any scalar, spelled as a string. Its visitor has the shape of
/// `LooseVisitor` because serde asks each visitor for each scalar kind on its own.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar key")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }

    fn visit_i64<E>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_u64<E>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_i128<E>(self, number: i128) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_u128<E>(self, number: u128) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_f64<E>(self, number: f64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_str<E>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(COMPLEX_KEY))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(COMPLEX_KEY))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<String, A::Error> {
        let (_tag, content): (String, _) = tagged.variant()?;
        content.newtype_variant::<Key>().map(|key| key.0)
    }
}
