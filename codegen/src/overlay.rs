//! OpenAPI Overlay 1.0 documents: a list of actions, each selecting nodes of the spec with a
//! JSONPath query (RFC 9535) and updating or removing them. Applied to the parsed document
//! in order, before it is read as OpenAPI, recording where each written node came from.
//!
//! `update` merges as the Overlay specification says: into an object, its keys replace or
//! join the object's, objects merging recursively and arrays being appended to; into an
//! array, the value (or each item of an array value) is appended. `remove: true` takes the
//! selected nodes out of their parents. An action that selects nothing is an error, so an
//! overlay that no longer fits a new upstream spec says so instead of doing nothing.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use serde_json_path::PathElement;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::locate::locate;
use crate::origin::{Origin, Origins};

/// An overlay file, read and checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file's name as the user gave it.
    pub name: String,
    text: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    target: JsonPath,
    query: String,
    update: Option<Value>,
    remove: bool,
}

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    fn token(&self) -> String {
        match self {
            Self::Key(key) => key.clone(),
            Self::Index(index) => index.to_string(),
        }
    }
}

impl Overlay {
    /// Reads an overlay from YAML or JSON text. `name` names it in errors.
    pub fn parse(text: &str, name: &str) -> Result<Self, Diagnostic> {
        let error = |pointer: &Pointer, message: String| located(text, name, pointer, message);
        let document: Value = serde_yaml::from_str(text).map_err(|error| Diagnostic {
            file: name.to_owned(),
            line_column: error.location().map(|at| (at.line(), at.column())),
            pointer: None,
            message: format!("the overlay is not valid YAML or JSON: {error}"),
        })?;
        let root = Pointer::root();
        let Some(fields) = document.as_object() else {
            return Err(error(
                &root,
                "an overlay must be a mapping with `overlay`, `info` and `actions`".to_owned(),
            ));
        };
        match fields.get("overlay") {
            Some(Value::String(version)) if version.starts_with("1.") => {}
            Some(other) => {
                return Err(error(
                    &root.join("overlay"),
                    format!(
                        "Overlay version {other} is not supported; this generator reads Overlay 1.x"
                    ),
                ));
            }
            None => {
                return Err(error(
                    &root,
                    "not an Overlay document: the `overlay` field (such as \"1.0.0\") is missing"
                        .to_owned(),
                ));
            }
        }
        let Some(items) = fields.get("actions").and_then(Value::as_array) else {
            return Err(error(
                &root.join("actions"),
                "`actions` must be a list of actions".to_owned(),
            ));
        };
        let mut actions = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let at = root.join("actions").join(index);
            let Some(query) = item.get("target").and_then(Value::as_str) else {
                return Err(error(
                    &at,
                    "the action has no `target` (a JSONPath query such as `$.info`)".to_owned(),
                ));
            };
            let target = JsonPath::parse(query).map_err(|parse| {
                error(
                    &at.join("target"),
                    format!("`{query}` is not a JSONPath query (RFC 9535): {parse}"),
                )
            })?;
            let remove = match item.get("remove") {
                None => false,
                Some(Value::Bool(flag)) => *flag,
                Some(_) => {
                    return Err(error(
                        &at.join("remove"),
                        "`remove` must be true or false".to_owned(),
                    ));
                }
            };
            let update = item.get("update").cloned();
            if !remove && update.is_none() {
                return Err(error(
                    &at,
                    "the action has neither `update` nor `remove: true`".to_owned(),
                ));
            }
            actions.push(Action {
                target,
                query: query.to_owned(),
                update,
                remove,
            });
        }
        Ok(Self {
            name: name.to_owned(),
            text: text.to_owned(),
            actions,
        })
    }

    /// The overlay's text, for locating nodes it wrote.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Applies every action to `document` in order. `file` is this overlay's number in
    /// `origins` (1 for the first overlay).
    pub fn apply(
        &self,
        document: &mut Value,
        origins: &mut Origins,
        file: usize,
    ) -> Result<(), Diagnostic> {
        for (index, action) in self.actions.iter().enumerate() {
            let at = Pointer::root().join("actions").join(index);
            let mut paths: Vec<Vec<Step>> = action
                .target
                .query_located(document)
                .locations()
                .map(|location| {
                    location
                        .iter()
                        .map(|element| match element {
                            PathElement::Name(name) => Step::Key((*name).to_owned()),
                            PathElement::Index(index) => Step::Index(*index),
                        })
                        .collect()
                })
                .collect();
            if paths.is_empty() {
                return Err(self.error(
                    &at.join("target"),
                    format!(
                        "the target `{}` matches nothing in the spec (after the actions before it)",
                        action.query
                    ),
                ));
            }
            if action.remove {
                // Later items and deeper nodes first, so earlier paths stay valid.
                paths.sort();
                paths.dedup();
                for path in paths.iter().rev() {
                    remove(document, origins, path).map_err(|message| self.error(&at, message))?;
                }
            } else if let Some(update) = &action.update {
                let source = Origin {
                    file,
                    pointer: at.join("update"),
                };
                for path in &paths {
                    let mut tokens: Vec<String> = path.iter().map(Step::token).collect();
                    let target = node_mut(document, path)
                        .ok_or_else(|| self.error(&at, "a selected node went away".to_owned()))?;
                    merge_into(target, update, &mut tokens, &source, origins).map_err(
                        |message| {
                            self.error(
                                &at.join("update"),
                                format!("{message} at {}", pointer_of(path)),
                            )
                        },
                    )?;
                }
            }
        }
        Ok(())
    }

    fn error(&self, pointer: &Pointer, message: String) -> Diagnostic {
        located(&self.text, &self.name, pointer, message)
    }
}

fn located(text: &str, file: &str, pointer: &Pointer, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line_column: locate(text, pointer),
        pointer: Some(pointer.clone()),
        message,
    }
}

fn pointer_of(path: &[Step]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, step| pointer.join(step.token()))
}

fn node_mut<'v>(document: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(document, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

fn remove(document: &mut Value, origins: &mut Origins, path: &[Step]) -> Result<(), String> {
    let Some((last, parent_path)) = path.split_last() else {
        return Err("the target selects the whole document, which cannot be removed".to_owned());
    };
    let tokens: Vec<String> = path.iter().map(Step::token).collect();
    // A node inside one removed before it is already gone.
    let Some(parent) = node_mut(document, parent_path) else {
        return Ok(());
    };
    let array_len = match (parent, last) {
        (Value::Object(map), Step::Key(key)) => map.shift_remove(key).map(|_| None),
        (Value::Array(items), Step::Index(index)) if *index < items.len() => {
            let len = items.len();
            items.remove(*index);
            Some(Some(len))
        }
        _ => None,
    };
    if let Some(array_len) = array_len {
        origins.remove(&tokens, array_len);
    }
    Ok(())
}

/// Merges `update` into `target`, the node at `path`; `source` is where `update` is written.
fn merge_into(
    target: &mut Value,
    update: &Value,
    path: &mut Vec<String>,
    source: &Origin,
    origins: &mut Origins,
) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update, path, source, origins);
            Ok(())
        }
        (Value::Array(items), Value::Array(more)) => {
            append(items, more, path, source, origins);
            Ok(())
        }
        (Value::Array(items), single) => {
            path.push(items.len().to_string());
            origins.set(path, source.clone());
            path.pop();
            items.push(single.clone());
            Ok(())
        }
        (Value::Object(_), _) => Err(
            "the target selects an object, so `update` must be an object of keys to merge"
                .to_owned(),
        ),
        (scalar, _) => Err(format!(
            "the target selects {}; Overlay 1.0 updates objects and arrays only: target the object \
             that holds it and update its key",
            kind_of(scalar)
        )),
    }
}

fn merge_objects(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    path: &mut Vec<String>,
    source: &Origin,
    origins: &mut Origins,
) {
    for (key, value) in update {
        path.push(key.clone());
        let from = Origin {
            file: source.file,
            pointer: source.pointer.join(key),
        };
        match (target.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => {
                merge_objects(inner, more, path, &from, origins);
            }
            (Some(Value::Array(items)), Value::Array(more)) => {
                append(items, more, path, &from, origins);
            }
            _ => {
                target.insert(key.clone(), value.clone());
                origins.set(path, from);
            }
        }
        path.pop();
    }
}

fn append(
    items: &mut Vec<Value>,
    more: &[Value],
    path: &mut Vec<String>,
    source: &Origin,
    origins: &mut Origins,
) {
    for (offset, item) in more.iter().enumerate() {
        path.push(items.len().to_string());
        origins.set(
            path,
            Origin {
                file: source.file,
                pointer: source.pointer.join(offset),
            },
        );
        path.pop();
        items.push(item.clone());
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "a null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn apply(overlay: &str, mut document: Value) -> Result<(Value, Origins), Diagnostic> {
        let overlay = Overlay::parse(overlay, "fix.yaml")?;
        let mut origins = Origins::new();
        overlay.apply(&mut document, &mut origins, 1)?;
        Ok((document, origins))
    }

    fn tokens(pointer: &str) -> Vec<String> {
        Pointer::from_ref(pointer).unwrap().tokens().collect()
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn update_merges_objects_appends_arrays_and_replaces_scalars() {
        let document = json!({"a": {"b": 1, "list": [1], "keep": true}});
        let overlay = format!(
            "{HEAD}  - target: $.a\n    update:\n      b: 2\n      list: [2, 3]\n      new: {{x: 1}}\n"
        );
        let (document, origins) = apply(&overlay, document).unwrap();
        assert_eq!(
            document,
            json!({"a": {"b": 2, "list": [1, 2, 3], "keep": true, "new": {"x": 1}}})
        );
        let origin = origins.origin(&tokens("#/a/new/x"));
        assert_eq!(
            (origin.file, origin.pointer.to_string()),
            (1, "#/actions/0/update/new/x".to_owned())
        );
        assert_eq!(
            origins.origin(&tokens("#/a/list/2")).pointer.to_string(),
            "#/actions/0/update/list/1"
        );
        assert_eq!(origins.origin(&tokens("#/a/list/0")).file, 0);
        assert_eq!(origins.origin(&tokens("#/a/keep")).file, 0);
    }

    #[test]
    fn update_of_an_array_appends_the_value() {
        let overlay = format!("{HEAD}  - target: $.tags\n    update: {{name: new}}\n");
        let (document, _) = apply(&overlay, json!({"tags": [{"name": "old"}]})).unwrap();
        assert_eq!(
            document,
            json!({"tags": [{"name": "old"}, {"name": "new"}]})
        );
    }

    #[test]
    fn remove_takes_every_selected_node_out() {
        let document = json!({"p": [{"n": "a", "x": 1}, {"n": "b"}, {"n": "c", "x": 2}], "q": 1});
        let overlay = format!(
            "{HEAD}  - target: $.p[?@.x]\n    remove: true\n  - target: $.q\n    remove: true\n"
        );
        let (document, origins) = apply(&overlay, document).unwrap();
        assert_eq!(document, json!({"p": [{"n": "b"}]}));
        // The item left moved from index 1 to 0; errors about it still point at index 1.
        assert_eq!(
            origins.origin(&tokens("#/p/0/n")).pointer.to_string(),
            "#/p/1/n"
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_a_located_error() {
        let overlay = format!(
            "{HEAD}  - target: $.info\n    update: {{x-a: 1}}\n  - target: $.paths['/gone']\n    remove: true\n"
        );
        let error = apply(&overlay, json!({"info": {}})).unwrap_err();
        assert_eq!(
            error.to_string(),
            "fix.yaml:6:5: at #/actions/1/target: the target `$.paths['/gone']` matches nothing \
             in the spec (after the actions before it)"
        );
    }

    #[test]
    fn bad_actions_are_located_errors() {
        let not_jsonpath = format!("{HEAD}  - target: info.title\n    update: {{}}\n");
        let error = apply(&not_jsonpath, json!({})).unwrap_err().to_string();
        assert!(
            error
                .starts_with("fix.yaml:4:5: at #/actions/0/target: `info.title` is not a JSONPath"),
            "{error}"
        );

        let no_change = format!("{HEAD}  - target: $.info\n    description: nothing\n");
        let error = apply(&no_change, json!({"info": {}}))
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "fix.yaml:4:5: at #/actions/0: the action has neither `update` nor `remove: true`"
        );

        let scalar = format!("{HEAD}  - target: $.info.title\n    update: New\n");
        let error = apply(&scalar, json!({"info": {"title": "t"}}))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("at #/actions/0/update: the target selects a string"),
            "{error}"
        );
        assert!(error.ends_with("at #/info/title"), "{error}");

        let error = apply("openapi: 3.0.3\n", json!({}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("the `overlay` field"), "{error}");
    }

    #[test]
    fn numeric_keys_in_an_update_are_strings() {
        let overlay =
            format!("{HEAD}  - target: $.responses\n    update:\n      200: {{description: ok}}\n");
        let (document, _) = apply(&overlay, json!({"responses": {}})).unwrap();
        assert_eq!(
            document,
            json!({"responses": {"200": {"description": "ok"}}})
        );
    }
}
