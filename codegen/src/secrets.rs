//! Secrets named in the settings rather than in the spec: `Schema.property` (or
//! `Schema.property.inner` through inline objects) gets `x-secret: true` in the parsed
//! document, which lowering treats like `format: password`. Names are those of the spec's
//! `#/components/schemas`, so the spec itself stays as upstream publishes it.

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::select::closest_hint;

/// The extension that marks a string property as a credential.
pub const EXTENSION: &str = "x-secret";

/// Whether a property name looks like a credential: `*_secret`, `*token`, `password`,
/// `api_key` and the like, compared in snake_case.
pub fn looks_like_credential(name: &str) -> bool {
    let name = heck::ToSnakeCase::to_snake_case(name);
    name == "secret"
        || name.ends_with("_secret")
        || name.ends_with("token")
        || name == "password"
        || name.ends_with("_password")
        || name == "api_key"
        || name.ends_with("_api_key")
}

/// Marks each of `names` (`Schema.property`) with `x-secret: true`. `file` names the spec.
pub fn mark(document: &mut Value, names: &[String], file: &str) -> Result<(), Diagnostic> {
    for name in names {
        mark_one(document, name).map_err(|message| Diagnostic {
            file: file.to_owned(),
            line_column: None,
            pointer: None,
            message: format!("secret `{name}`: {message}"),
        })?;
    }
    Ok(())
}

fn mark_one(document: &mut Value, name: &str) -> Result<(), String> {
    let mut parts = name.split('.');
    let (Some(schema_name), Some(_)) = (parts.next(), parts.clone().next()) else {
        return Err(
            "write it as `Schema.property`, the schema's name in #/components/schemas".to_owned(),
        );
    };
    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "the spec has no #/components/schemas".to_owned())?;
    let names: Vec<String> = schemas.keys().cloned().collect();
    let mut node = schemas.get_mut(schema_name).ok_or_else(|| {
        format!(
            "no schema `{schema_name}` in #/components/schemas; {}",
            closest_hint(schema_name, &names)
        )
    })?;
    let mut owner = schema_name.to_owned();
    for property in parts {
        let known = property_names(node);
        node = property_mut(node, property).ok_or_else(|| {
            format!(
                "`{owner}` has no property `{property}`; {}",
                closest_hint(property, &known)
            )
        })?;
        owner = format!("{owner}.{property}");
    }
    let Some(schema) = node.as_object_mut() else {
        return Err("the property is not a schema object".to_owned());
    };
    if schema.contains_key("$ref") {
        return Err(
            "the property is a `$ref`; mark the properties of the schema it names".to_owned(),
        );
    }
    schema.insert(EXTENSION.to_owned(), Value::Bool(true));
    Ok(())
}

/// The properties of a schema: its own, then those of the inline parts of its `allOf`.
fn property_maps(schema: &Value) -> Vec<&Map<String, Value>> {
    let own = schema.get("properties").and_then(Value::as_object);
    let parts = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    own.into_iter()
        .chain(parts.filter_map(|part| part.get("properties").and_then(Value::as_object)))
        .collect()
}

fn property_names(schema: &Value) -> Vec<String> {
    property_maps(schema)
        .into_iter()
        .flat_map(|map| map.keys().cloned())
        .collect()
}

fn property_mut<'v>(schema: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    if schema.get("properties").and_then(|p| p.get(name)).is_some() {
        return schema.get_mut("properties")?.get_mut(name);
    }
    let parts = schema.get_mut("allOf")?.as_array_mut()?;
    parts
        .iter_mut()
        .find_map(|part| part.get_mut("properties")?.get_mut(name))
}

#[cfg(test)]
mod tests {
    // Each case states its names and the whole message it expects, so cases look alike.
    use serde_json::json;

    use super::*;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Token": {"properties": {"access_token": {"type": "string"}, "owner": {"$ref": "#/components/schemas/User"}}},
            "User": {"allOf": [{"$ref": "#/components/schemas/Token"}, {"properties": {"login": {
                "type": "object", "properties": {"password": {"type": "string"}}}}}]}
        }}})
    }

    #[test]
    fn marks_listed_properties_also_inside_all_of_and_inline_objects() {
        let mut document = spec();
        let names = [
            "Token.access_token".to_owned(),
            "User.login.password".to_owned(),
        ];
        mark(&mut document, &names, "spec.yaml").unwrap();
        assert_eq!(
            document["components"]["schemas"]["Token"]["properties"]["access_token"]["x-secret"],
            true
        );
        assert_eq!(
            document["components"]["schemas"]["User"]["allOf"][1]["properties"]["login"]["properties"]
                ["password"]["x-secret"],
            true
        );
    }

    #[test]
    fn names_that_match_nothing_list_the_closest() {
        let mut document = spec();
        let error = mark(
            &mut document,
            &["Tokens.access_token".to_owned()],
            "spec.yaml",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec.yaml: secret `Tokens.access_token`: no schema `Tokens` in #/components/schemas; the closest are `Token`, `User`"
        );
        let error = mark(
            &mut document,
            &["Token.acess_token".to_owned()],
            "spec.yaml",
        )
        .unwrap_err();
        assert!(
            error
                .message
                .contains("`Token` has no property `acess_token`; the closest are `access_token`"),
            "{error}"
        );
        let error = mark(&mut document, &["Token.owner".to_owned()], "spec.yaml").unwrap_err();
        assert!(error.message.contains("is a `$ref`"), "{error}");
        let error = mark(&mut document, &["Token".to_owned()], "spec.yaml").unwrap_err();
        assert!(error.message.contains("Schema.property"), "{error}");
    }

    #[test]
    fn credential_names() {
        for name in [
            "client_secret",
            "access_token",
            "refreshToken",
            "token",
            "password",
            "api_key",
            "apiKey",
            "user_password",
        ] {
            assert!(looks_like_credential(name), "{name}");
        }
        for name in [
            "token_type",
            "state",
            "secretary",
            "expires_in",
            "tokens_left",
            "code",
        ] {
            assert!(!looks_like_credential(name), "{name}");
        }
    }
}
