//! Where schemas sit in an OpenAPI document: visits each one, outermost first, with its
//! pointer, so that load-time rules can rewrite them before `openapiv3` reads the document.

use serde_json::Value;

use crate::diagnostic::Pointer;
use crate::parallel;

/// The HTTP methods a path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema of `document`, a parent before its children; children are
/// found after the visit, so they are those of the rewritten schema. `additionalProperties`
/// given as a boolean is not a schema here.
pub fn schemas(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let mut walker = Walker { visit };
    for (at, kind, entry) in entries(document) {
        walker.entry(kind, entry, &at);
    }
}

/// [`schemas`] on `workers` threads, each path item and component walked whole by one: what
/// `visit` finds (warnings) comes back in the order [`schemas`] would have found it. Small
/// documents are walked on this thread.
pub fn schemas_spread<T: Send>(
    document: &mut Value,
    workers: usize,
    visit: &(dyn Fn(&mut Value, &Pointer, &mut Vec<T>) + Sync),
) -> Vec<T> {
    let entries = entries(document);
    let workers = if entries.len() < parallel::WORTH_SPREADING {
        1
    } else {
        workers
    };
    parallel::run_owned(entries, workers, |(at, kind, value)| {
        let mut found = Vec::new();
        let mut visit = |schema: &mut Value, at: &Pointer| visit(schema, at, &mut found);
        Walker { visit: &mut visit }.entry(kind, value, &at);
        found
    })
    .into_iter()
    .flatten()
    .collect()
}

/// What a path item or component holds, which says where its schemas are.
#[derive(Clone, Copy)]
enum Kind {
    PathItem,
    Schema,
    Parameter,
    Response,
    Content,
    Callback,
}

/// The path items and components of `document`, in order, with their pointers.
fn entries(document: &mut Value) -> Vec<(Pointer, Kind, &mut Value)> {
    let root = Pointer::root();
    let mut entries = Vec::new();
    let (paths, components) = match document.as_object_mut() {
        Some(document) => {
            let mut paths = None;
            let mut components = None;
            for (key, value) in document.iter_mut() {
                match key.as_str() {
                    "paths" => paths = value.as_object_mut(),
                    "components" => components = value.as_object_mut(),
                    _ => {}
                }
            }
            (paths, components)
        }
        None => (None, None),
    };
    if let Some(paths) = paths {
        let at = root.join("paths");
        for (path, item) in paths.iter_mut().filter(|(key, _)| key.starts_with('/')) {
            entries.push((at.join(path), Kind::PathItem, item));
        }
    }
    let Some(components) = components else {
        return entries;
    };
    let at = root.join("components");
    for (kind, members) in components.iter_mut() {
        let kind_of = match kind.as_str() {
            "schemas" => Kind::Schema,
            "parameters" | "headers" => Kind::Parameter,
            "responses" => Kind::Response,
            "requestBodies" => Kind::Content,
            "callbacks" => Kind::Callback,
            "pathItems" => Kind::PathItem,
            _ => continue,
        };
        let Some(members) = members.as_object_mut() else {
            continue;
        };
        let at = at.join(kind);
        for (name, member) in members.iter_mut() {
            entries.push((at.join(name), kind_of, member));
        }
    }
    entries
}

struct Walker<'v> {
    visit: &'v mut dyn FnMut(&mut Value, &Pointer),
}

impl Walker<'_> {
    fn entry(&mut self, kind: Kind, entry: &mut Value, at: &Pointer) {
        match kind {
            Kind::PathItem => self.path_item(entry, at),
            Kind::Schema => self.schema(entry, at),
            Kind::Parameter => self.parameter(entry, at),
            Kind::Response => self.response(entry, at),
            Kind::Content => self.content(entry, at),
            Kind::Callback => self.callback(entry, at),
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Pointer) {
        self.parameters(item, at);
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &at.join(method));
            }
        }
    }

    // Responses and callbacks are walked alike, one map each; a shared helper would need a
    // closure over `self` for no gain in reading.
    fn operation(&mut self, operation: &mut Value, at: &Pointer) {
        self.parameters(operation, at);
        if let Some(body) = operation.get_mut("requestBody") {
            self.content(body, &at.join("requestBody"));
        }
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            let at = at.join("responses");
            for (status, response) in responses.iter_mut() {
                self.response(response, &at.join(status));
            }
        }
        if let Some(callbacks) = operation
            .get_mut("callbacks")
            .and_then(Value::as_object_mut)
        {
            let at = at.join("callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &at.join(name));
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, at: &Pointer) {
        if let Some(items) = callback.as_object_mut() {
            for (expression, item) in items.iter_mut() {
                self.path_item(item, &at.join(expression));
            }
        }
    }

    fn parameters(&mut self, owner: &mut Value, at: &Pointer) {
        if let Some(parameters) = owner.get_mut("parameters").and_then(Value::as_array_mut) {
            let at = at.join("parameters");
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &at.join(index));
            }
        }
    }

    /// A parameter or a header: a `schema` or a `content`.
    fn parameter(&mut self, parameter: &mut Value, at: &Pointer) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &at.join("schema"));
        }
        self.content(parameter, at);
    }

    fn response(&mut self, response: &mut Value, at: &Pointer) {
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
            let at = at.join("headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &at.join(name));
            }
        }
        self.content(response, at);
    }

    /// The media types under `owner`'s `content`.
    fn content(&mut self, owner: &mut Value, at: &Pointer) {
        let Some(content) = owner.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        let at = at.join("content");
        for (media_type, media) in content.iter_mut() {
            let at = at.join(media_type);
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &at.join("schema"));
            }
            if let Some(encodings) = media.get_mut("encoding").and_then(Value::as_object_mut) {
                let at = at.join("encoding");
                for (name, encoding) in encodings.iter_mut() {
                    self.response(encoding, &at.join(name));
                }
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        (self.visit)(schema, at);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") {
            return;
        }
        // Pointers are joined only for keywords that hold schemas.
        for (keyword, value) in object.iter_mut() {
            match (keyword.as_str(), value) {
                ("properties", Value::Object(properties)) => {
                    let at = at.join(keyword);
                    for (name, property) in properties.iter_mut() {
                        self.schema(property, &at.join(name));
                    }
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(parts)) => {
                    let at = at.join(keyword);
                    for (index, part) in parts.iter_mut().enumerate() {
                        self.schema(part, &at.join(index));
                    }
                }
                ("additionalProperties", Value::Bool(_)) => {}
                ("items" | "not" | "additionalProperties", value) => {
                    self.schema(value, &at.join(keyword));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_every_schema_position_parent_first() {
        let mut document = serde_json::json!({
            "paths": {
                "/a": {
                    "parameters": [{"name": "p", "in": "query", "schema": {}}],
                    "get": {
                        "requestBody": {"content": {"application/json": {"schema": {
                            "properties": {"x": {"items": {}}},
                            "additionalProperties": false
                        }}}},
                        "responses": {"200": {
                            "headers": {"h": {"schema": {}}},
                            "content": {"text/plain": {"schema": {"$ref": "#/x", "items": {}}}}
                        }}
                    }
                },
                "x-not-a-path": {"get": {"parameters": [{"schema": {}}]}}
            },
            "components": {
                "schemas": {"S": {"allOf": [{}, {"not": {}}], "additionalProperties": {}}},
                "parameters": {"P": {"content": {"a/b": {"schema": {}}}}}
            }
        });
        let mut seen = Vec::new();
        schemas(&mut document, &mut |_, at| seen.push(at.to_string()));
        assert_eq!(
            seen,
            [
                "#/paths/~1a/parameters/0/schema",
                "#/paths/~1a/get/requestBody/content/application~1json/schema",
                "#/paths/~1a/get/requestBody/content/application~1json/schema/properties/x",
                "#/paths/~1a/get/requestBody/content/application~1json/schema/properties/x/items",
                "#/paths/~1a/get/responses/200/headers/h/schema",
                "#/paths/~1a/get/responses/200/content/text~1plain/schema",
                "#/components/schemas/S",
                "#/components/schemas/S/allOf/0",
                "#/components/schemas/S/allOf/1",
                "#/components/schemas/S/allOf/1/not",
                "#/components/schemas/S/additionalProperties",
                "#/components/parameters/P/content/a~1b/schema",
            ]
        );
    }

    #[test]
    fn spread_over_threads_finds_what_one_thread_finds_in_the_same_order() {
        let mut paths = serde_json::Map::new();
        let mut schemas_map = serde_json::Map::new();
        for n in 0..200 {
            paths.insert(
                format!("/p{n}"),
                serde_json::json!({"get": {"parameters": [{"schema": {"items": {}}}]}}),
            );
            schemas_map.insert(
                format!("S{n}"),
                serde_json::json!({"properties": {"a": {}, "b": {"allOf": [{}]}}}),
            );
        }
        let document = serde_json::json!({
            "paths": paths,
            "components": {"schemas": schemas_map, "headers": {"H": {"schema": {}}}},
        });
        let mut one = document.clone();
        let mut expected = Vec::new();
        schemas(&mut one, &mut |schema, at| {
            schema["seen"] = true.into();
            expected.push(at.to_string());
        });
        let mut spread = document;
        let found = schemas_spread(&mut spread, 3, &|schema, at, found: &mut Vec<String>| {
            schema["seen"] = true.into();
            found.push(at.to_string());
        });
        assert!(
            expected.len() > parallel::WORTH_SPREADING * 2,
            "{}",
            expected.len()
        );
        assert_eq!(found, expected);
        assert_eq!(spread, one);
    }
}
