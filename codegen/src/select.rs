//! Generating part of a spec: keeps the chosen operations (by `operationId` or tag) and
//! exactly the components they reach, following `$ref`s through every kind of component,
//! discriminator mappings (whose values are references too), the schemas that extend a
//! discriminated base with `allOf`, and the security schemes named by the kept operations
//! and the spec's global `security`. Works on the parsed document, before it is read.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Pointer};

/// Which operations to generate. Empty lists keep the whole spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `operationId`s (or `method /path` for operations without one).
    pub operations: Vec<String>,
    /// Tags: every operation with one of them is kept.
    pub tags: Vec<String>,
}

impl Selection {
    /// Whether everything is kept.
    pub fn is_everything(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Component sections whose entries are kept only when reached.
const SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// One operation of the spec, as found for selection.
struct Found {
    path: String,
    method: &'static str,
    id: Option<String>,
    tags: Vec<String>,
}

impl Found {
    fn names(&self, name: &str) -> bool {
        self.id.as_deref() == Some(name)
            || name.split_once(' ').is_some_and(|(method, path)| {
                method.eq_ignore_ascii_case(self.method) && path == self.path
            })
    }
}

/// Removes from `document` every operation `selection` does not choose, then every component
/// the kept ones do not reach. `file` names the spec in errors.
pub fn select(document: &mut Value, selection: &Selection, file: &str) -> Result<(), Diagnostic> {
    if selection.is_everything() {
        return Ok(());
    }
    let found = operations(document);
    check_names(selection, &found, document, file)?;
    let kept: BTreeSet<(String, &str)> = found
        .iter()
        .filter(|op| {
            selection.operations.iter().any(|name| op.names(name))
                || op.tags.iter().any(|tag| selection.tags.contains(tag))
        })
        .map(|op| (op.path.clone(), op.method))
        .collect();
    let Some(root) = document.as_object_mut() else {
        return Ok(());
    };
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        paths.retain(|path, item| {
            let Some(item) = item.as_object_mut() else {
                return false;
            };
            item.retain(|key, _| {
                !METHODS.contains(&key.as_str()) || kept.contains(&(path.clone(), key.as_str()))
            });
            METHODS.iter().any(|method| item.contains_key(*method))
        });
    }
    let used_tags: BTreeSet<String> = found
        .iter()
        .filter(|op| kept.contains(&(op.path.clone(), op.method)))
        .flat_map(|op| op.tags.iter().cloned())
        .collect();
    if let Some(Value::Array(tags)) = root.get_mut("tags") {
        tags.retain(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used_tags.contains(name))
        });
    }
    let reached = reached(root);
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for section in SECTIONS {
            if let Some(Value::Object(entries)) = components.get_mut(*section) {
                entries.retain(|name, _| reached.contains(&((*section).to_owned(), name.clone())));
                if entries.is_empty() {
                    components.shift_remove(*section);
                }
            }
        }
    }
    Ok(())
}

fn operations(document: &Value) -> Vec<Found> {
    let mut found = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            found.push(Found {
                path: path.clone(),
                method,
                id: operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                tags: operation
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            });
        }
    }
    found
}

fn check_names(
    selection: &Selection,
    found: &[Found],
    document: &Value,
    file: &str,
) -> Result<(), Diagnostic> {
    let error = |message: String| Diagnostic {
        file: file.to_owned(),
        line_column: None,
        pointer: None,
        message,
    };
    let ids: Vec<String> = found
        .iter()
        .map(|op| {
            op.id
                .clone()
                .unwrap_or_else(|| format!("{} {}", op.method, op.path))
        })
        .collect();
    for name in &selection.operations {
        if !found.iter().any(|op| op.names(name)) {
            return Err(error(format!(
                "no operation has the operationId `{name}`; {}",
                closest_hint(name, &ids)
            )));
        }
    }
    let mut tags: BTreeSet<String> = found.iter().flat_map(|op| op.tags.clone()).collect();
    for tag in &selection.tags {
        if !tags.contains(tag) {
            let declared = document
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|tag| tag.get("name").and_then(Value::as_str));
            let declared_here = declared.clone().any(|name| name == tag);
            tags.extend(declared.map(str::to_owned));
            let what = if declared_here {
                format!(
                    "no operation has the tag `{tag}` (the spec declares it but uses it nowhere)"
                )
            } else {
                format!("no operation has the tag `{tag}`")
            };
            let candidates: Vec<String> = tags.iter().cloned().collect();
            return Err(error(format!("{what}; {}", closest_hint(tag, &candidates))));
        }
    }
    Ok(())
}

/// "the closest are `a`, `b`, `c`", or that there is nothing to choose from.
pub(crate) fn closest_hint(name: &str, candidates: &[String]) -> String {
    let closest = closest(name, candidates);
    if closest.is_empty() {
        return "the spec has none to choose from".to_owned();
    }
    let listed: Vec<String> = closest.iter().map(|name| format!("`{name}`")).collect();
    format!("the closest are {}", listed.join(", "))
}

/// Up to three of `candidates` nearest to `name`, nearest first (case aside).
pub(crate) fn closest<'c>(name: &str, candidates: &'c [String]) -> Vec<&'c str> {
    let wanted = name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|candidate| {
            let score = strsim::normalized_damerau_levenshtein(&wanted, &candidate.to_lowercase());
            (score, candidate.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Every `(section, name)` of `#/components` that the paths and global security reach.
fn reached(root: &Map<String, Value>) -> BTreeSet<(String, String)> {
    let empty = Map::new();
    let components = root
        .get("components")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let extenders = extenders(components);
    let mut reached = BTreeSet::new();
    let mut pending = Vec::new();
    if let Some(paths) = root.get("paths") {
        scan(paths, &mut pending);
    }
    if let Some(security) = root.get("security") {
        scheme_names(security, &mut pending);
    }
    while let Some(key) = pending.pop() {
        if !reached.insert(key.clone()) {
            continue;
        }
        let (section, name) = &key;
        let Some(entry) = components
            .get(section.as_str())
            .and_then(|entries| entries.get(name.as_str()))
        else {
            continue;
        };
        scan(entry, &mut pending);
        if section == "schemas" && entry.get("discriminator").is_some() {
            for child in extenders.get(name.as_str()).into_iter().flatten() {
                pending.push(("schemas".to_owned(), (*child).to_owned()));
            }
        }
    }
    reached
}

/// For each component schema, the component schemas that name it in their `allOf`: the
/// alternatives of a discriminator on a base schema without `mapping`.
fn extenders(components: &Map<String, Value>) -> BTreeMap<String, Vec<&str>> {
    let mut found: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let Some(schemas) = components.get("schemas").and_then(Value::as_object) else {
        return found;
    };
    for (name, schema) in schemas {
        let parts = schema.get("allOf").and_then(Value::as_array);
        for part in parts.into_iter().flatten() {
            let reference = part.get("$ref").and_then(Value::as_str);
            if let Some(("schemas", base)) = reference
                .and_then(component)
                .as_ref()
                .map(|(s, n)| (s.as_str(), n))
            {
                found.entry(base.clone()).or_default().push(name);
            }
        }
    }
    found
}

/// Adds what `value` refers to: `$ref`s, discriminator mappings and security requirements.
fn scan(value: &Value, pending: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, entry) in map {
                match (key.as_str(), entry) {
                    ("$ref", Value::String(reference)) => pending.extend(component(reference)),
                    ("discriminator", Value::Object(discriminator)) => {
                        let mapping = discriminator.get("mapping").and_then(Value::as_object);
                        for target in mapping
                            .into_iter()
                            .flatten()
                            .filter_map(|(_, v)| v.as_str())
                        {
                            // A mapping value is a reference, or a bare schema name.
                            match component(target) {
                                Some(key) => pending.push(key),
                                None if !target.contains(['#', '/']) => {
                                    pending.push(("schemas".to_owned(), target.to_owned()));
                                }
                                None => {}
                            }
                        }
                    }
                    ("security", requirements @ Value::Array(_)) => {
                        scheme_names(requirements, pending);
                    }
                    _ => scan(entry, pending),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| scan(item, pending)),
        _ => {}
    }
}

/// Security requirements name schemes by key, not by `$ref`.
fn scheme_names(requirements: &Value, pending: &mut Vec<(String, String)>) {
    let requirements = requirements.as_array().into_iter().flatten();
    for requirement in requirements.filter_map(Value::as_object) {
        for name in requirement.keys() {
            pending.push(("securitySchemes".to_owned(), name.clone()));
        }
    }
}

/// `(section, name)` of a `#/components/<section>/<name>...` reference.
fn component(reference: &str) -> Option<(String, String)> {
    let pointer = Pointer::from_ref(reference)?;
    let mut tokens = pointer.tokens();
    if tokens.next()? != "components" {
        return None;
    }
    Some((tokens.next()?, tokens.next()?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn keys(document: &Value, section: &str) -> Vec<String> {
        document["components"][section]
            .as_object()
            .map(|entries| entries.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn select_ops(document: &mut Value, operations: &[&str]) -> Result<(), Diagnostic> {
        let selection = Selection {
            operations: operations.iter().map(|s| (*s).to_owned()).collect(),
            tags: Vec::new(),
        };
        select(document, &selection, "spec.yaml")
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "security": [{"key": []}],
            "tags": [{"name": "pets"}, {"name": "users"}],
            "paths": {
                "/pets": {
                    "parameters": [{"$ref": "#/components/parameters/Trace"}],
                    "get": {
                        "operationId": "listPets", "tags": ["pets"],
                        "responses": {"200": {"$ref": "#/components/responses/Pets"}}
                    },
                    "post": {
                        "operationId": "addPet", "tags": ["pets"],
                        "security": [{"bearer": []}],
                        "requestBody": {"$ref": "#/components/requestBodies/NewPet"},
                        "responses": {"201": {"description": "ok"}}
                    }
                },
                "/users": {
                    "get": {
                        "operationId": "listUsers", "tags": ["users"],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/User"}}}}}
                    }
                }
            },
            "components": {
                "parameters": {"Trace": {"name": "t", "in": "header", "schema": {"type": "string"}}},
                "headers": {"Limit": {"schema": {"type": "integer"}}, "Unused": {"schema": {"type": "integer"}}},
                "responses": {"Pets": {"description": "ok",
                    "headers": {"X-Limit": {"$ref": "#/components/headers/Limit"}},
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}},
                "requestBodies": {"NewPet": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}}},
                "securitySchemes": {"key": {"type": "apiKey"}, "bearer": {"type": "http"}, "unused": {"type": "http"}},
                "schemas": {
                    "Pet": {
                        "oneOf": [{"$ref": "#/components/schemas/Cat"}],
                        "discriminator": {"propertyName": "kind", "mapping": {
                            "cat": "#/components/schemas/Cat", "dog": "Dog"}}
                    },
                    "Cat": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"owner": {"$ref": "#/components/schemas/Owner"}}}]},
                    "Dog": {"type": "object"},
                    "Base": {"type": "object"},
                    "Owner": {"properties": {"friend": {"$ref": "#/components/schemas/Owner"}}},
                    "NewPet": {"type": "object"},
                    "User": {"properties": {"shape": {"$ref": "#/components/schemas/Shape"}}},
                    "Shape": {"type": "object", "discriminator": {"propertyName": "kind"}},
                    "Square": {"allOf": [{"$ref": "#/components/schemas/Shape"}]},
                    "Lonely": {"type": "object"}
                }
            }
        })
    }

    #[test]
    fn keeps_the_chosen_operations_and_the_closure_of_their_refs() {
        let mut document = spec();
        select_ops(&mut document, &["listPets"]).unwrap();
        assert_eq!(
            document["paths"]["/pets"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["parameters", "get"]
        );
        assert!(document["paths"].get("/users").is_none());
        // Through the response, its header, a oneOf, a discriminator mapping (a reference and
        // a bare name), an allOf and a recursive property.
        assert_eq!(
            keys(&document, "schemas"),
            ["Pet", "Cat", "Dog", "Base", "Owner"]
        );
        assert_eq!(keys(&document, "headers"), ["Limit"]);
        assert_eq!(keys(&document, "parameters"), ["Trace"]);
        assert_eq!(keys(&document, "responses"), ["Pets"]);
        assert!(document["components"].get("requestBodies").is_none());
        // Only the globally required scheme: `listPets` names none of its own.
        assert_eq!(keys(&document, "securitySchemes"), ["key"]);
        assert_eq!(document["tags"], json!([{"name": "pets"}]));
    }

    #[test]
    fn keeps_the_schemes_and_bodies_of_operations_chosen_by_tag() {
        let mut document = spec();
        let selection = Selection {
            operations: Vec::new(),
            tags: vec!["pets".to_owned()],
        };
        select(&mut document, &selection, "spec.yaml").unwrap();
        assert_eq!(keys(&document, "securitySchemes"), ["key", "bearer"]);
        assert_eq!(keys(&document, "requestBodies"), ["NewPet"]);
        assert!(keys(&document, "schemas").contains(&"NewPet".to_owned()));
    }

    #[test]
    fn a_discriminated_base_keeps_the_schemas_that_extend_it() {
        let mut document = spec();
        select_ops(&mut document, &["listUsers"]).unwrap();
        assert_eq!(keys(&document, "schemas"), ["User", "Shape", "Square"]);
    }

    #[test]
    fn names_that_match_nothing_list_the_closest() {
        let mut document = spec();
        let error = select_ops(&mut document, &["listPet"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec.yaml: no operation has the operationId `listPet`; the closest are `listPets`, `listUsers`, `addPet`"
        );
        let selection = Selection {
            operations: Vec::new(),
            tags: vec!["user".to_owned()],
        };
        let error = select(&mut document, &selection, "spec.yaml").unwrap_err();
        assert!(
            error
                .message
                .starts_with("no operation has the tag `user`; the closest are `users`"),
            "{error}"
        );
        assert_eq!(document, spec(), "nothing changes on an error");
    }

    #[test]
    fn operations_without_an_id_are_chosen_by_method_and_path() {
        let mut document = spec();
        document["paths"]["/users"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("operationId");
        select_ops(&mut document, &["GET /users"]).unwrap();
        assert_eq!(
            document["paths"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["/users"]
        );
    }
}
