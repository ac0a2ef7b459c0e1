//! Turns a compact template of a large spec into the spec itself.
//!
//! A template is an OpenAPI document with a top-level `x-corpus: {resources: [...]}` list of
//! snake_case resource names (`name:plural` when the plural is not `name` + `s`). Every entry of
//! `paths`, `webhooks` or a `components` section whose key holds a `{{...}}` placeholder is
//! written once per resource, placeholders replaced in the key and everywhere in the value;
//! entries without one stay as they are. The placeholders are `{{resource}}` and
//! `{{resources}}` (singular and plural), each optionally followed by `|pascal`, `|camel`,
//! `|kebab` or `|upper`.

use serde_json::{Map, Value};

/// The template's text (`json` says which syntax it is in) expanded, in the same syntax.
pub fn expand(template: &str, json: bool) -> Result<String, String> {
    let mut document: Value = if json {
        serde_json::from_str(template).map_err(|error| error.to_string())?
    } else {
        serde_yaml::from_str(template).map_err(|error| error.to_string())?
    };
    let root = document
        .as_object_mut()
        .ok_or("the template is not a mapping")?;
    let resources = resources(root.remove("x-corpus"))?;
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(entries)) = root.get_mut(section) {
            expand_entries(entries, &resources)?;
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for entries in components.values_mut() {
            if let Value::Object(entries) = entries {
                expand_entries(entries, &resources)?;
            }
        }
    }
    if json {
        serde_json::to_string_pretty(&document)
            .map(|text| escape_non_ascii(&text))
            .map_err(|error| error.to_string())
    } else {
        serde_yaml::to_string(&document).map_err(|error| error.to_string())
    }
}

/// A resource's singular and plural snake_case names.
struct Resource {
    singular: String,
    plural: String,
}

fn resources(corpus: Option<Value>) -> Result<Vec<Resource>, String> {
    let list = corpus
        .as_ref()
        .and_then(|corpus| corpus.get("resources"))
        .and_then(Value::as_array)
        .ok_or("the template has no `x-corpus: {resources: [...]}`")?;
    list.iter()
        .map(|name| {
            let name = name.as_str().ok_or("a resource name is not a string")?;
            Ok(match name.split_once(':') {
                Some((singular, plural)) => Resource {
                    singular: singular.to_owned(),
                    plural: plural.to_owned(),
                },
                None => Resource {
                    singular: name.to_owned(),
                    plural: format!("{name}s"),
                },
            })
        })
        .collect()
}

/// Replaces each templated entry of `entries` with one entry per resource (entries end up
/// sorted by name, as `serde_json` maps keep them).
fn expand_entries(entries: &mut Map<String, Value>, resources: &[Resource]) -> Result<(), String> {
    let mut expanded = Map::new();
    for (key, value) in std::mem::take(entries) {
        if !key.contains("{{") {
            expanded.insert(key, value);
            continue;
        }
        let text = serde_json::to_string(&value).map_err(|error| error.to_string())?;
        for resource in resources {
            let new_key = substitute(&key, resource)?;
            let new_value = serde_json::from_str(&substitute(&text, resource)?)
                .map_err(|error| format!("{key} for {}: {error}", resource.singular))?;
            if expanded.insert(new_key.clone(), new_value).is_some() {
                return Err(format!("{new_key} is produced twice"));
            }
        }
    }
    *entries = expanded;
    Ok(())
}

fn substitute(text: &str, resource: &Resource) -> Result<String, String> {
    let mut text = text.to_owned();
    for (placeholder, name) in [
        ("resources", &resource.plural),
        ("resource", &resource.singular),
    ] {
        for (filter, cased) in [
            ("|pascal", pascal(name)),
            ("|camel", camel(name)),
            ("|kebab", name.replace('_', "-")),
            ("|upper", name.to_uppercase()),
            ("", name.clone()),
        ] {
            text = text.replace(&format!("{{{{{placeholder}{filter}}}}}"), &cased);
        }
    }
    if let Some(start) = text.find("{{") {
        return Err(format!("unknown placeholder in {}", &text[start..]));
    }
    Ok(text)
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

fn camel(snake: &str) -> String {
    let pascal = pascal(snake);
    let mut chars = pascal.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// JSON text with every non-ASCII character written as `\uXXXX` escapes (a surrogate pair
/// beyond the first plane), as many published JSON descriptions are, so that loaders meet them.
/// Outside strings JSON text is ASCII, so only string contents change.
fn escape_non_ascii(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii() {
            escaped.push(character);
        } else {
            let mut units = [0; 2];
            for unit in character.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    escaped
}
