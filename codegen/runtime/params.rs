//! Parameters that are not one plain value: objects, lists in a non-default style, values
//! of `oneOf` types, JSON-encoded (`content`) values and cookies. Each value is first turned
//! into JSON by serde, then written out as the parameter's OpenAPI `style` says; an
//! object's properties therefore go in name order.

use serde::Serialize;
use serde_json::Value;

use super::error::Error;

/// How a parameter's value becomes text: OpenAPI's `style` and `explode`.
#[derive(Clone, Copy)]
pub(crate) enum Style {
    /// `form`: exploded, arrays are repeated pairs and objects a pair per property; else
    /// one comma-joined value.
    Form { explode: bool },
    /// `simple`: comma-joined; objects as `key,value` (`key=value` when exploded).
    Simple { explode: bool },
    /// Array items joined by a space.
    SpaceDelimited,
    /// Array items joined by `|`.
    PipeDelimited,
    /// `name[key]=value` pairs.
    DeepObject,
    /// The whole value as JSON text.
    Json,
    /// `label` (path): `.value`; items joined by `,`, or by `.` when exploded.
    Label { explode: bool },
    /// `matrix` (path): `;name=value`; items joined by `,`, or each as `;name=item` when
    /// exploded.
    Matrix { explode: bool },
}

/// The `name=value` query pairs of a parameter.
pub(crate) fn query_pairs<T: Serialize + ?Sized, E, F>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<Vec<(String, String)>, Error<E, F>> {
    let value = to_value(name, value)?;
    let single = |text: String| vec![(name.to_owned(), text)];
    Ok(match (style, &value) {
        (Style::Label { .. } | Style::Matrix { .. }, value) => single(joined(value, ",", false)),
        (Style::Json, value) => single(value.to_string()),
        (Style::DeepObject, value) => {
            let mut pairs = Vec::new();
            deep(name, value, &mut pairs);
            pairs
        }
        (Style::Form { explode: true }, Value::Array(items)) => items
            .iter()
            .map(|item| (name.to_owned(), text(item)))
            .collect(),
        (Style::Form { explode: true }, Value::Object(fields)) => fields
            .iter()
            .flat_map(|(key, field)| match field {
                Value::Array(items) => items.iter().map(|item| (key.clone(), text(item))).collect(),
                Value::Null => Vec::new(),
                other => vec![(key.clone(), text(other))],
            })
            .collect(),
        (Style::SpaceDelimited, value) => single(joined(value, " ", false)),
        (Style::PipeDelimited, value) => single(joined(value, "|", false)),
        (Style::Form { .. } | Style::Simple { .. }, value) => single(joined(value, ",", false)),
    })
}

/// The text of a path, header or cookie parameter.
pub(crate) fn text_of<T: Serialize + ?Sized, E, F>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<String, Error<E, F>> {
    let value = to_value(name, value)?;
    Ok(match style {
        Style::Json => value.to_string(),
        Style::Label { explode: false } => format!(".{}", joined(&value, ",", false)),
        Style::Label { explode: true } => format!(".{}", joined(&value, ".", true)),
        Style::Matrix { explode: false } => format!(";{name}={}", joined(&value, ",", false)),
        Style::Matrix { explode: true } => match &value {
            Value::Array(items) => items
                .iter()
                .map(|item| format!(";{name}={}", text(item)))
                .collect(),
            Value::Object(fields) => fields
                .iter()
                .filter(|(_, field)| !field.is_null())
                .map(|(key, field)| format!(";{key}={}", text(field)))
                .collect(),
            other => format!(";{name}={}", text(other)),
        },
        Style::Simple { explode: true } | Style::Form { explode: true } => {
            joined(&value, ",", true)
        }
        Style::SpaceDelimited => joined(&value, " ", false),
        Style::PipeDelimited => joined(&value, "|", false),
        _ => joined(&value, ",", false),
    })
}

/// The `Cookie` header for `name=value` pairs; values are percent-encoded where cookie
/// syntax does not allow a byte (RFC 6265: controls, space, `"`, `,`, `;`, `\`, `%`).
pub(crate) fn cookie(pairs: &[(&str, String)]) -> String {
    let mut header = String::new();
    for (name, value) in pairs {
        if !header.is_empty() {
            header.push_str("; ");
        }
        header.push_str(name);
        header.push('=');
        for byte in value.bytes() {
            match byte {
                0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                    header.push(char::from(byte));
                }
                other => header.push_str(&format!("%{other:02X}")),
            }
        }
    }
    header
}

fn to_value<T: Serialize + ?Sized, E, F>(name: &str, value: &T) -> Result<Value, Error<E, F>> {
    serde_json::to_value(value).map_err(|error| {
        Error::InvalidRequest(format!("the parameter `{name}` did not serialize: {error}"))
    })
}

/// A scalar as text (strings without quotes, `null` empty); arrays and objects as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Array items, or object keys and values (`key=value` pairs with `pairs`), joined by
/// `separator`; a scalar as itself.
fn joined(value: &Value, separator: &str, pairs: bool) -> String {
    match value {
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(separator),
        Value::Object(fields) => fields
            .iter()
            .filter(|(_, field)| !field.is_null())
            .map(|(key, field)| {
                if pairs {
                    format!("{key}={}", text(field))
                } else {
                    format!("{key}{separator}{}", text(field))
                }
            })
            .collect::<Vec<_>>()
            .join(separator),
        other => text(other),
    }
}

/// `name[key]=value` pairs, nested objects and arrays as further brackets (`name[a][0]`).
fn deep(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                deep(&format!("{name}[{key}]"), field, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep(&format!("{name}[{index}]"), item, pairs);
            }
        }
        Value::Null => {}
        other => pairs.push((name.to_owned(), text(other))),
    }
}
