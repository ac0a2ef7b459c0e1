//! Where schemas sit in an OpenAPI document: visits each one, outermost first, with its
//! pointer, so that load-time rules can rewrite them before `openapiv3` reads the document.

use serde_json::Value;

use crate::diagnostic::Pointer;

/// The HTTP methods a path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema of `document`, a parent before its children; children are
/// found after the visit, so they are those of the rewritten schema. `additionalProperties`
/// given as a boolean is not a schema here.
pub fn schemas(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let root = Pointer::root();
    let mut walker = Walker { visit };
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        let at = root.join("paths");
        for (path, item) in paths.iter_mut().filter(|(key, _)| key.starts_with('/')) {
            walker.path_item(item, &at.join(path));
        }
    }
    let Some(components) = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let at = root.join("components");
    for (kind, entries) in components.iter_mut() {
        let Some(entries) = entries.as_object_mut() else {
            continue;
        };
        let at = at.join(kind);
        for (name, entry) in entries.iter_mut() {
            let at = at.join(name);
            match kind.as_str() {
                "schemas" => walker.schema(entry, &at),
                "parameters" | "headers" => walker.parameter(entry, &at),
                "responses" => walker.response(entry, &at),
                "requestBodies" => walker.content(entry, &at),
                "callbacks" => walker.callback(entry, &at),
                "pathItems" => walker.path_item(entry, &at),
                _ => {}
            }
        }
    }
}

struct Walker<'v> {
    visit: &'v mut dyn FnMut(&mut Value, &Pointer),
}

impl Walker<'_> {
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
}
