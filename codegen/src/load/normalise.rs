//! JSON Schema forms of OpenAPI 3.1 (also met in 3.0 documents) rewritten into the 3.0 shape
//! `openapiv3` reads: `type` lists and `'null'`, `const`, `examples`, numeric exclusive bounds,
//! `contentEncoding`, `prefixItems`, boolean schemas and `$ref` with sibling keywords.

use serde_json::{Map, Value, json};

use super::fit::fits;
use super::{Version, Warnings};
use crate::diagnostic::Pointer;

/// Keywords that describe a schema without constraining it; beside a `$ref` they are dropped.
const ANNOTATIONS: [&str; 11] = [
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "externalDocs",
    "$comment",
];

/// The six type names of OpenAPI 3.0.
pub const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Rewrites one schema in place. Returns the schema's mapping when it is one to check
/// further (not a `$ref`).
pub fn schema<'s>(
    value: &'s mut Value,
    at: &Pointer,
    version: Version,
    warnings: &mut Warnings<'_>,
) -> Option<&'s mut Map<String, Value>> {
    match &*value {
        Value::Object(_) => {}
        Value::Bool(true) => *value = json!({}),
        Value::Bool(false) => {
            warnings.add(
                at,
                "the schema `false` (no value is valid) is read as any JSON value",
            );
            *value = json!({});
        }
        other => {
            warnings.add(
                at,
                format!("a schema must be a mapping, not `{other}`; it is read as any JSON value"),
            );
            *value = json!({});
        }
    }
    let object = value.as_object_mut()?;
    if object.contains_key("$ref") {
        reference_siblings(object, at, version, warnings);
        return None;
    }
    type_keyword(object, at, warnings);
    null_alternatives(object);
    if let Some(constant) = object.remove("const") {
        if !object.contains_key("type") && !composed(object) {
            if let Some(ty) = type_of(&constant) {
                object.insert("type".to_owned(), json!(ty));
            }
        }
        object
            .entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
    if let Some(Value::Array(examples)) = object.get("examples") {
        if let Some(first) = examples.first().cloned() {
            object.entry("example").or_insert(first);
        }
        object.remove("examples");
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(number)) = object.get(exclusive).cloned() {
            object.insert(bound.to_owned(), Value::Number(number));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    content_encoding(object);
    if let Some(prefix) = object.remove("prefixItems") {
        if !matches!(object.get("items"), Some(Value::Object(_))) {
            object.insert("items".to_owned(), json!({}));
            if prefix.as_array().is_some_and(|items| !items.is_empty()) {
                warnings.add(
                    &at.join("prefixItems"),
                    "`prefixItems` (a tuple) is read as an array of any JSON values: the items are not typed",
                );
            }
        }
    }
    Some(object)
}

/// `type: 'null'` and `type: [T, 'null']` become `nullable`; several types become an
/// `anyOf` of one schema per type; unknown type names are dropped.
fn type_keyword(object: &mut Map<String, Value>, at: &Pointer, warnings: &mut Warnings<'_>) {
    let Some(written) = object.get("type") else {
        return;
    };
    let type_at = at.join("type");
    let names: Vec<String> = match written {
        Value::String(name) => vec![name.clone()],
        Value::Array(names) if names.iter().all(Value::is_string) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        other => {
            warnings.add(
                &type_at,
                format!("`type: {other}` is not a type name; it is ignored"),
            );
            object.remove("type");
            return;
        }
    };
    if names.iter().any(|name| name == "null") {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    let mut names: Vec<String> = names.into_iter().filter(|name| name != "null").collect();
    names.dedup();
    match names.as_slice() {
        [] => {
            object.remove("type");
        }
        [name] if name == "file" => {
            warnings.add(
                &type_at,
                "`type: file` (Swagger 2.0) is read as `type: string, format: binary`",
            );
            object.insert("type".to_owned(), json!("string"));
            object.insert("format".to_owned(), json!("binary"));
        }
        [name] if TYPES.contains(&name.as_str()) => {
            object.insert("type".to_owned(), json!(name));
        }
        [name] => {
            warnings.add(
                &type_at,
                format!("`type: {name}` is not an OpenAPI type; it is ignored, so the schema's other keywords alone give its type (any JSON value if none)"),
            );
            object.remove("type");
        }
        several => several_types(object, several.to_vec(), &type_at, warnings),
    }
}

/// `type: [string, integer]`: an `anyOf` with one schema per type, each taking the keywords
/// that fit it; any JSON value where that cannot be written.
fn several_types(
    object: &mut Map<String, Value>,
    names: Vec<String>,
    type_at: &Pointer,
    warnings: &mut Warnings<'_>,
) {
    object.remove("type");
    let listed = names.join(", ");
    let known = names.iter().all(|name| TYPES.contains(&name.as_str()));
    if !known || composed(object) || object.contains_key("enum") {
        warnings.add(
            type_at,
            format!("`type: [{listed}]` lists several types; the schema is read as any JSON value"),
        );
        object.retain(|keyword, _| !super::fit::is_typed(keyword));
        return;
    }
    let parts = names
        .iter()
        .map(|name| {
            let mut part = Map::new();
            part.insert("type".to_owned(), json!(name));
            for (keyword, value) in object.iter() {
                if super::fit::is_typed(keyword) && fits(name, keyword) {
                    part.insert(keyword.clone(), value.clone());
                }
            }
            Value::Object(part)
        })
        .collect();
    object.retain(|keyword, _| !super::fit::is_typed(keyword));
    object.insert("anyOf".to_owned(), Value::Array(parts));
    warnings.add(
        type_at,
        format!("`type: [{listed}]` lists several types; it is read as an `anyOf` with one schema per type"),
    );
}

/// `oneOf`/`anyOf` alternatives that only allow `null` make the schema `nullable` instead.
fn null_alternatives(object: &mut Map<String, Value>) {
    let mut nullable = false;
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = object.get_mut(keyword) else {
            continue;
        };
        let before = parts.len();
        parts.retain(|part| !only_null(part));
        if parts.len() < before {
            nullable = true;
            if parts.is_empty() {
                object.remove(keyword);
            }
        }
    }
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// `{type: 'null'}` or `{type: ['null']}`, perhaps with a description.
fn only_null(part: &Value) -> bool {
    let Some(part) = part.as_object() else {
        return false;
    };
    let null = match part.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.iter().all(|name| name == "null") && !names.is_empty(),
        _ => false,
    };
    null && part
        .keys()
        .all(|keyword| keyword == "type" || ANNOTATIONS.contains(&keyword.as_str()))
}

fn composed(object: &Map<String, Value>) -> bool {
    ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|keyword| object.contains_key(*keyword))
}

fn type_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; a binary `contentMediaType` without an
/// encoding is `format: binary`.
fn content_encoding(object: &mut Map<String, Value>) {
    if object.get("type").and_then(Value::as_str) != Some("string") || object.contains_key("format")
    {
        return;
    }
    let format = match (
        object.get("contentEncoding").and_then(Value::as_str),
        object.get("contentMediaType").and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media))
            if !media.starts_with("text/") && !media.contains("json") && !media.contains("xml") =>
        {
            "binary"
        }
        _ => return,
    };
    object.insert("format".to_owned(), json!(format));
}

/// 3.1 lets a `$ref` have sibling keywords, which then apply as well; 3.0 ignores them.
/// Annotations are dropped (the target has its own); `nullable` (and in 3.1 any constraint)
/// is kept by writing `allOf: [{$ref}]` beside them.
fn reference_siblings(
    object: &mut Map<String, Value>,
    at: &Pointer,
    version: Version,
    warnings: &mut Warnings<'_>,
) {
    let nullable = object.get("nullable") == Some(&Value::Bool(true))
        || object
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|names| names.iter().any(|name| name == "null"));
    let constraints: Vec<String> = object
        .keys()
        .filter(|keyword| {
            !matches!(keyword.as_str(), "$ref" | "nullable")
                && !keyword.starts_with("x-")
                && !ANNOTATIONS.contains(&keyword.as_str())
        })
        .cloned()
        .collect();
    if constraints.is_empty() && !nullable {
        return;
    }
    let mut own = Map::new();
    if version == Version::V3_1 {
        own = constraints
            .iter()
            .filter_map(|keyword| object.remove_entry(keyword))
            .collect();
    } else if !constraints.is_empty() {
        let listed = constraints
            .iter()
            .map(|keyword| format!("`{keyword}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.add(
            at,
            format!("{listed} beside `$ref` ignored, as OpenAPI 3.0 has it; the referenced schema applies alone"),
        );
        object.retain(|keyword, _| !constraints.contains(keyword));
        if !nullable {
            return;
        }
    }
    let reference = object.remove("$ref").unwrap_or_default();
    let mut parts = vec![json!({ "$ref": reference })];
    if !own.is_empty() {
        parts.push(Value::Object(own));
    }
    object.remove("type");
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    object.insert("allOf".to_owned(), Value::Array(parts));
}
