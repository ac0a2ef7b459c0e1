//! Keywords that do not fit their schema, dropped with a warning so the schema reads as its
//! declared type: keywords of another `type` (`maxItems` on an object), values of the wrong
//! kind (`required: true`, `maxLength: -1`), bounds outside the 64-bit integer range, and
//! `enum`/`default` values that are not of the schema's type.

use serde_json::{Map, Value};

use super::Warnings;
use crate::diagnostic::Pointer;

const NUMERIC: &[&str] = &["number", "integer"];

/// Keywords that belong to some types only, and those types.
const TYPED: [(&str, &[&str]); 19] = [
    ("pattern", &["string"]),
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("format", &["string", "number", "integer"]),
    ("enum", &["string", "number", "integer", "boolean"]),
    ("multipleOf", NUMERIC),
    ("minimum", NUMERIC),
    ("maximum", NUMERIC),
    ("exclusiveMinimum", NUMERIC),
    ("exclusiveMaximum", NUMERIC),
    ("properties", &["object"]),
    ("required", &["object"]),
    ("additionalProperties", &["object"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("items", &["array"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
];

/// Whether `keyword` belongs to some types only.
pub fn is_typed(keyword: &str) -> bool {
    TYPED.iter().any(|(typed, _)| *typed == keyword)
}

/// Whether `keyword` may appear beside `type: ty`.
pub fn fits(ty: &str, keyword: &str) -> bool {
    TYPED
        .iter()
        .find(|(typed, _)| *typed == keyword)
        .is_none_or(|(_, types)| types.contains(&ty))
}

/// What a keyword's value must be.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    Number,
    Flag,
    Text,
    Names,
    Mapping,
    List,
}

const KINDS: [(&str, Kind); 24] = [
    ("minLength", Kind::Count),
    ("maxLength", Kind::Count),
    ("minItems", Kind::Count),
    ("maxItems", Kind::Count),
    ("minProperties", Kind::Count),
    ("maxProperties", Kind::Count),
    ("minimum", Kind::Number),
    ("maximum", Kind::Number),
    ("multipleOf", Kind::Number),
    ("exclusiveMinimum", Kind::Flag),
    ("exclusiveMaximum", Kind::Flag),
    ("uniqueItems", Kind::Flag),
    ("nullable", Kind::Flag),
    ("readOnly", Kind::Flag),
    ("writeOnly", Kind::Flag),
    ("deprecated", Kind::Flag),
    ("pattern", Kind::Text),
    ("format", Kind::Text),
    ("required", Kind::Names),
    ("properties", Kind::Mapping),
    ("enum", Kind::List),
    ("allOf", Kind::List),
    ("oneOf", Kind::List),
    ("anyOf", Kind::List),
];

/// Drops or repairs what does not fit in one (non-`$ref`) schema.
pub fn schema(object: &mut Map<String, Value>, at: &Pointer, warnings: &mut Warnings<'_>) {
    shapes(object, at, warnings);
    let Some(ty) = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let composed = ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|keyword| object.contains_key(*keyword));
    let misfits: Vec<String> = object
        .keys()
        .filter(|keyword| !fits(&ty, keyword))
        .cloned()
        .collect();
    for keyword in misfits {
        // Beside `oneOf`/`anyOf`/`allOf`, `properties` describe the object the parts share.
        if composed && ty == "object" {
            continue;
        }
        let value = object.remove(&keyword).unwrap_or_default();
        let message = if keyword == "format" {
            format!(
                "the format `{}` does not apply to `type: {ty}` and is ignored",
                text(&value)
            )
        } else {
            format!("`{keyword}` does not apply to `type: {ty}` and is ignored")
        };
        warnings.add(&at.join(&keyword), message);
    }
    if ty == "integer" {
        for keyword in ["minimum", "maximum", "multipleOf"] {
            integer_bound(object, keyword, at, warnings);
        }
    }
    enumeration(object, &ty, at, warnings);
    default(object, &ty, at, warnings);
}

/// Values of the wrong kind, whatever the type: dropped, or converted where nothing is lost.
fn shapes(object: &mut Map<String, Value>, at: &Pointer, warnings: &mut Warnings<'_>) {
    // The schema's own keys are visited, not every keyword of `KINDS`: a schema has a few
    // keys, and large specs have tens of thousands of schemas.
    let mut misfits: Vec<(usize, String)> = object
        .iter_mut()
        .filter_map(|(keyword, value)| {
            let place = KINDS.iter().position(|(known, _)| known == keyword)?;
            (!fit_kind(value, KINDS[place].1)).then(|| (place, keyword.clone()))
        })
        .collect();
    // Warned about in the order of `KINDS`, whatever the order of the keys.
    misfits.sort_unstable_by_key(|(place, _)| *place);
    for (place, keyword) in misfits {
        let value = object.remove(&keyword).unwrap_or_default();
        let expected = match KINDS[place].1 {
            Kind::Count => "a non-negative integer",
            Kind::Number => "a number",
            Kind::Flag => "`true` or `false`",
            Kind::Text => "a string",
            Kind::Names => "a list of property names",
            Kind::Mapping => "a mapping",
            Kind::List => "a list",
        };
        warnings.add(
            &at.join(&keyword),
            format!("`{keyword}: {value}` is not {expected}; it is ignored"),
        );
    }
    for keyword in ["description", "title"] {
        if let Some(value) = object.get(keyword).filter(|value| !value.is_string()) {
            let value = if value.is_null() {
                String::new()
            } else {
                text(value)
            };
            object.insert(keyword.to_owned(), Value::String(value));
        }
    }
    if let Some(value) = object.get("additionalProperties") {
        if !value.is_object() && !value.is_boolean() {
            let value = object.remove("additionalProperties").unwrap_or_default();
            warnings.add(
                &at.join("additionalProperties"),
                format!(
                    "`additionalProperties: {value}` is not a schema or a boolean; it is ignored"
                ),
            );
        }
    }
    if matches!(object.get("items"), Some(Value::Array(_))) {
        object.insert("items".to_owned(), Value::Object(Map::new()));
        warnings.add(
            &at.join("items"),
            "`items` as a list (a tuple) is read as an array of any JSON values: the items are not typed",
        );
    }
    let discriminator_fits = object
        .get("discriminator")
        .is_none_or(|value| value.get("propertyName").is_some_and(Value::is_string));
    if !discriminator_fits {
        object.remove("discriminator");
        warnings.add(
            &at.join("discriminator"),
            "the `discriminator` has no `propertyName`; it is ignored and the alternatives are tried in order",
        );
    }
}

/// Whether `value` is of `kind`; a whole, non-negative count written as a float (`3.0`) is
/// made an integer first.
fn fit_kind(value: &mut Value, kind: Kind) -> bool {
    match kind {
        Kind::Count => {
            if let Some(count) = value.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0) {
                if !value.is_u64() && count < 9.0e18 {
                    *value = Value::from(count as u64);
                }
            }
            value.is_u64()
        }
        Kind::Number => value.is_number(),
        Kind::Flag => value.is_boolean(),
        Kind::Text => value.is_string(),
        Kind::Names => value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string)),
        Kind::Mapping => value.is_object(),
        Kind::List => value.is_array(),
    }
}

/// An integer schema's bound must be a 64-bit integer: `1.0` is kept as `1`, `1e30` or
/// `18446744073709551615` dropped.
fn integer_bound(
    object: &mut Map<String, Value>,
    keyword: &str,
    at: &Pointer,
    warnings: &mut Warnings<'_>,
) {
    let Some(value) = object.get(keyword) else {
        return;
    };
    if value.is_i64() {
        return;
    }
    if let Some(integer) = as_i64(value) {
        object.insert(keyword.to_owned(), Value::from(integer));
        return;
    }
    let value = object.remove(keyword).unwrap_or_default();
    warnings.add(
        &at.join(keyword),
        format!(
            "`{keyword}: {value}` is not a 64-bit integer; it is ignored (the generated type does not check it)"
        ),
    );
}

/// A whole number within the `i64` range, as `i64`.
fn as_i64(value: &Value) -> Option<i64> {
    if let Some(integer) = value.as_i64() {
        return Some(integer);
    }
    let number = value.as_f64()?;
    let in_range = number >= i64::MIN as f64 && number < i64::MAX as f64;
    (number.fract() == 0.0 && in_range).then_some(number as i64)
}

/// `enum` values must be of the type: numbers and booleans in a string enum are spelled as
/// strings; otherwise the `enum` is dropped.
fn enumeration(
    object: &mut Map<String, Value>,
    ty: &str,
    at: &Pointer,
    warnings: &mut Warnings<'_>,
) {
    let Some(Value::Array(values)) = object.get_mut("enum") else {
        return;
    };
    let enum_at = at.join("enum");
    if ty == "string" {
        let mut respelled = Vec::new();
        for value in values.iter_mut() {
            if value.is_number() || value.is_boolean() {
                respelled.push(value.to_string());
                *value = Value::String(value.to_string());
            }
        }
        if !respelled.is_empty() {
            warnings.add(
                &enum_at,
                format!(
                    "values {} of a string `enum` are not strings; they are read as strings",
                    respelled.join(", ")
                ),
            );
        }
    }
    if ty == "integer" {
        for value in values.iter_mut() {
            if let Some(integer) = as_i64(value).filter(|_| !value.is_i64()) {
                *value = Value::from(integer);
            }
        }
    }
    let fitting = |value: &Value| {
        value.is_null()
            || match ty {
                "string" => value.is_string(),
                "integer" => value.is_i64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                _ => true,
            }
    };
    if let Some(misfit) = values.iter().find(|value| !fitting(value)) {
        let message = format!(
            "the `enum` value {misfit} is not of `type: {ty}`; the `enum` is ignored, so any {ty} is accepted"
        );
        object.remove("enum");
        warnings.add(&enum_at, message);
    }
}

/// A `default` of another type than the schema's is dropped.
fn default(object: &mut Map<String, Value>, ty: &str, at: &Pointer, warnings: &mut Warnings<'_>) {
    let Some(value) = object.get("default") else {
        return;
    };
    if ty == "string" && (value.is_number() || value.is_boolean()) {
        let respelled = Value::String(value.to_string());
        object.insert("default".to_owned(), respelled);
        return;
    }
    let fitting = match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || as_i64(value).is_some(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    } || value.is_null();
    if fitting {
        if ty == "integer" && !value.is_i64() {
            let integer = as_i64(value).map_or(Value::Null, Value::from);
            object.insert("default".to_owned(), integer);
        }
        return;
    }
    let value = object.remove("default").unwrap_or_default();
    warnings.add(
        &at.join("default"),
        format!("the default `{value}` is not of `type: {ty}`; it is ignored"),
    );
}

/// A value as plain text: strings without quotes.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
