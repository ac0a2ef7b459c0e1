//! Load as a whole: what refuses a spec, and each tolerance rule with its warning.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::json;

use super::*;

fn error(text: &str) -> String {
    load(text, "spec.yaml", &mut Vec::new())
        .unwrap_err()
        .to_string()
}

const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

/// Reads a document whose one component schema `S` is `schema`, returning that schema as
/// read and the warnings as `pointer: message` lines.
fn read_schema(version: &str, schema: serde_json::Value) -> (Schema, Vec<String>) {
    let document = json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}}
    });
    let mut warnings = Vec::new();
    let spec = read(document, "spec.json", &mut warnings).unwrap();
    let schema = match &spec.components.unwrap().schemas["S"] {
        ReferenceOr::Item(schema) => schema.clone(),
        ReferenceOr::Reference { reference } => panic!("a reference {reference}"),
    };
    (schema, shown(&warnings))
}

fn shown(warnings: &[Diagnostic]) -> Vec<String> {
    warnings
        .iter()
        .map(|warning| {
            format!(
                "{}: {}",
                warning
                    .pointer
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string),
                warning.message
            )
        })
        .collect()
}

/// The schema as `openapiv3` would serialize it, for comparing shapes.
fn shape(schema: &Schema) -> serde_json::Value {
    serde_json::to_value(schema).unwrap()
}

#[test]
fn reads_a_minimal_document() {
    assert_eq!(
        load(MINIMAL, "spec.yaml", &mut Vec::new())
            .unwrap()
            .info
            .title,
        "t"
    );
}

#[test]
fn rejects_what_is_not_openapi_3() {
    assert_eq!(
        error("swagger: '2.0'\n"),
        "spec.yaml:1:1: at #/swagger: Swagger 2.0 is not supported; convert the spec to OpenAPI 3.0"
    );
    assert_eq!(
        error("openapi: 2.5.0\n"),
        "spec.yaml:1:1: at #/openapi: OpenAPI 2.5.0 is not supported; this generator reads OpenAPI 3.0 and 3.1"
    );
    assert_eq!(
        error("info: {}\n"),
        "spec.yaml:1:1: at #: the `openapi` field is missing"
    );
    assert!(error("- a\n- b\n").contains("must be a mapping"));
    assert!(error("").contains("must be a mapping"));
    assert!(error("[1, 2]").contains("must be a mapping"));
    assert!(
        error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n").contains("missing field `paths`")
    );
}

#[test]
fn accepts_3_0_3_1_and_bare_version_numbers() {
    for version in ["3.0", "3.0.0", "3.0.3", "3.1", "3.1.0", "3.1.1"] {
        let text = format!("openapi: '{version}'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n");
        assert!(
            load(&text, "spec.yaml", &mut Vec::new()).is_ok(),
            "{version}"
        );
    }
    // A YAML number, not a string.
    let spec = load(
        &MINIMAL.replace("3.0.3", "3.0"),
        "spec.yaml",
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(spec.openapi, "3.0");
    // 3.1 makes `paths` optional.
    assert!(
        load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
            "s",
            &mut Vec::new()
        )
        .is_ok()
    );
}

#[test]
fn reads_json_specs_and_locates_their_errors() {
    let text = r#"{
  "openapi": "3.0.3",
  "info": {"title": "\ud83d\ude00", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}}
}"#;
    assert_eq!(
        error(&text.replace("5}", "5")),
        "spec.yaml:5:1: the spec is not valid JSON: EOF while parsing an object"
    );
    let mut warnings = Vec::new();
    let spec = load(&text.replace("5", "\"ok\""), "spec.json", &mut warnings).unwrap();
    assert_eq!(spec.info.title, "\u{1F600}");
    // The response is not a schema or an operation part that can be degraded alone, so the
    // operation is left out, located in the JSON text.
    let spec = load(text, "spec.json", &mut warnings).unwrap();
    assert!(spec.paths.paths["/a"].as_item().unwrap().get.is_none());
    assert_eq!(
        shown(&warnings),
        [
            "#/paths/~1a/get: the operation cannot be read (at responses: invalid type: integer `5`, expected a string); it is left out of the client"
        ]
    );
}

#[test]
fn reports_values_that_fail_to_load_with_pointer_and_line() {
    let message = error("openapi: 3.0.3\ninfo:\n  title: t\npaths: {}\n");
    assert_eq!(
        message,
        "spec.yaml:2:1: at #/info: not a valid OpenAPI 3.0 document: missing field `version`"
    );
    assert!(!message.contains("YAML"), "{message}");
}

#[test]
fn accepts_non_string_keys_in_vendor_extensions() {
    let text = format!("{MINIMAL}x-codes:\n  200: ok\n  true: yes\n");
    let spec = load(&text, "spec.yaml", &mut Vec::new()).unwrap();
    assert_eq!(spec.extensions["x-codes"]["200"], "ok");
    assert_eq!(spec.extensions["x-codes"]["true"], "yes");
}

#[test]
fn type_lists_with_null_become_nullable() {
    let (schema, warnings) =
        read_schema("3.1.0", json!({"type": ["string", "null"], "maxLength": 3}));
    assert!(schema.schema_data.nullable);
    assert!(
        matches!(schema.schema_kind, SchemaKind::Type(Type::String(ref s)) if s.max_length == Some(3))
    );
    assert!(warnings.is_empty(), "{warnings:?}");

    let (schema, warnings) =
        read_schema("3.0.3", json!({"type": "null", "description": "Nothing."}));
    assert!(schema.schema_data.nullable);
    assert_eq!(
        shape(&schema),
        json!({"nullable": true, "description": "Nothing."})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn null_alternatives_make_the_union_nullable() {
    let (schema, _) = read_schema(
        "3.1.0",
        json!({"oneOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]}),
    );
    assert!(schema.schema_data.nullable);
    assert!(matches!(schema.schema_kind, SchemaKind::OneOf { ref one_of } if one_of.len() == 1));
}

#[test]
fn several_types_become_an_any_of_with_a_warning() {
    let (schema, warnings) = read_schema(
        "3.1.0",
        json!({"type": ["string", "integer"], "maxLength": 2, "minimum": 1}),
    );
    assert_eq!(
        shape(&schema),
        json!({"anyOf": [{"type": "string", "maxLength": 2}, {"type": "integer", "minimum": 1}]})
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/type: `type: [string, integer]` lists several types; it is read as an `anyOf` with one schema per type"
        ]
    );
    let (schema, warnings) = read_schema(
        "3.1.0",
        json!({"type": ["string", "integer"], "enum": ["a", 1]}),
    );
    assert_eq!(shape(&schema), json!({}));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/type: `type: [string, integer]` lists several types; the schema is read as any JSON value"
        ]
    );
}

#[test]
fn json_schema_keywords_of_3_1_take_their_3_0_form() {
    let (schema, warnings) = read_schema(
        "3.1.0",
        json!({
            "type": "object",
            "properties": {
                "kind": {"const": "cat"},
                "age": {"type": "integer", "exclusiveMinimum": 0, "examples": [3, 4]},
                "photo": {"type": "string", "contentEncoding": "base64"},
                "upload": {"type": "string", "contentMediaType": "image/png"},
                "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
                "extra": {"if": {}, "then": {}, "$defs": {}, "dependentRequired": {}, "unevaluatedProperties": false}
            }
        }),
    );
    let properties = &shape(&schema)["properties"];
    assert_eq!(
        properties["kind"],
        json!({"type": "string", "enum": ["cat"]})
    );
    assert_eq!(
        properties["age"],
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 3})
    );
    assert_eq!(
        properties["photo"],
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        properties["upload"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(properties["pair"], json!({"type": "array", "items": {}}));
    assert_eq!(properties["extra"], json!({}));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/properties/pair/prefixItems: `prefixItems` (a tuple) is read as an array of any JSON values: the items are not typed"
        ]
    );
}

#[test]
fn ref_siblings_are_kept_in_3_1_and_ignored_in_3_0() {
    let reference = json!({"$ref": "#/components/schemas/S", "description": "D.", "maxLength": 3});
    let (schema, warnings) = read_schema("3.1.0", json!({"properties": {"a": reference}}));
    assert_eq!(
        shape(&schema)["properties"]["a"],
        json!({"description": "D.", "allOf": [{"$ref": "#/components/schemas/S"}, {"maxLength": 3}]})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let (schema, warnings) = read_schema("3.0.3", json!({"properties": {"a": reference}}));
    assert_eq!(
        shape(&schema)["properties"]["a"],
        json!({"$ref": "#/components/schemas/S"})
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/properties/a: `maxLength` beside `$ref` ignored, as OpenAPI 3.0 has it; the referenced schema applies alone"
        ]
    );
    // `nullable` beside a `$ref` is honoured in both versions, descriptions dropped silently.
    let nullable = json!({"$ref": "#/components/schemas/S", "nullable": true});
    let (schema, warnings) = read_schema(
        "3.0.3",
        json!({"properties": {"a": nullable, "b": {"$ref": "#/components/schemas/S", "description": "x"}}}),
    );
    assert_eq!(
        shape(&schema)["properties"],
        json!({"a": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/S"}]}, "b": {"$ref": "#/components/schemas/S"}})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn keywords_of_other_types_are_dropped_with_a_warning() {
    let (schema, warnings) = read_schema(
        "3.0.3",
        json!({
            "type": "object",
            "maxItems": 10,
            "format": "uri-map",
            "properties": {
                "name": {"type": "string", "minItems": 1, "additionalProperties": false, "properties": {}},
                "tags": {"type": "array", "required": ["a"], "items": {"type": "string"}},
            }
        }),
    );
    assert!(matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::Object(_))
    ));
    let properties = &shape(&schema)["properties"];
    assert_eq!(properties["name"], json!({"type": "string"}));
    assert_eq!(
        properties["tags"],
        json!({"type": "array", "items": {"type": "string"}})
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/maxItems: `maxItems` does not apply to `type: object` and is ignored",
            "#/components/schemas/S/format: the format `uri-map` does not apply to `type: object` and is ignored",
            "#/components/schemas/S/properties/name/minItems: `minItems` does not apply to `type: string` and is ignored",
            "#/components/schemas/S/properties/name/additionalProperties: `additionalProperties` does not apply to `type: string` and is ignored",
            "#/components/schemas/S/properties/name/properties: `properties` does not apply to `type: string` and is ignored",
            "#/components/schemas/S/properties/tags/required: `required` does not apply to `type: array` and is ignored",
        ]
    );
}

#[test]
fn properties_beside_a_union_are_kept() {
    let (schema, warnings) = read_schema(
        "3.0.3",
        json!({"type": "object", "properties": {"a": {}}, "oneOf": [{"required": ["a"]}]}),
    );
    assert!(matches!(schema.schema_kind, SchemaKind::Any(ref any) if any.properties.len() == 1));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn numbers_outside_the_integer_range_are_dropped() {
    let (schema, warnings) = read_schema(
        "3.0.3",
        json!({"properties": {
            "big": {"type": "integer", "minimum": 1e30, "maximum": 18446744073709551615u64},
            "whole": {"type": "integer", "minimum": 1.0, "multipleOf": 0.5},
            "real": {"type": "number", "maximum": 1e300},
            "count": {"type": "string", "maxLength": 2.0, "minLength": -1},
        }}),
    );
    let properties = &shape(&schema)["properties"];
    assert_eq!(properties["big"], json!({"type": "integer"}));
    assert_eq!(
        properties["whole"],
        json!({"type": "integer", "minimum": 1})
    );
    assert_eq!(
        properties["real"],
        json!({"type": "number", "maximum": 1e300})
    );
    assert_eq!(
        properties["count"],
        json!({"type": "string", "maxLength": 2})
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/properties/big/minimum: `minimum: 1e+30` is not a 64-bit integer; it is ignored (the generated type does not check it)",
            "#/components/schemas/S/properties/big/maximum: `maximum: 18446744073709551615` is not a 64-bit integer; it is ignored (the generated type does not check it)",
            "#/components/schemas/S/properties/whole/multipleOf: `multipleOf: 0.5` is not a 64-bit integer; it is ignored (the generated type does not check it)",
            "#/components/schemas/S/properties/count/minLength: `minLength: -1` is not a non-negative integer; it is ignored",
        ]
    );
}

#[test]
fn values_of_the_wrong_kind_are_dropped_or_respelled() {
    let (schema, warnings) = read_schema(
        "3.0.3",
        json!({"type": "object", "required": true, "description": 5, "properties": {
            "size": {"type": "string", "enum": ["s", 1, true, null], "default": 1},
            "level": {"type": "integer", "enum": [1, "two"], "default": "x"},
            "flag": {"nullable": "yes", "items": [{}]},
            "never": false,
            "odd": "text",
        }}),
    );
    let shown_schema = shape(&schema);
    assert_eq!(shown_schema["description"], "5");
    assert!(shown_schema.get("required").is_none());
    let properties = &shown_schema["properties"];
    assert_eq!(
        properties["size"],
        json!({"type": "string", "enum": ["s", "1", "true", null], "default": "1"})
    );
    assert_eq!(properties["level"], json!({"type": "integer"}));
    assert_eq!(properties["flag"], json!({"items": {}}));
    assert_eq!(properties["never"], json!({}));
    assert_eq!(properties["odd"], json!({}));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/required: `required: true` is not a list of property names; it is ignored",
            "#/components/schemas/S/properties/size/enum: values 1, true of a string `enum` are not strings; they are read as strings",
            "#/components/schemas/S/properties/level/enum: the `enum` value \"two\" is not of `type: integer`; the `enum` is ignored, so any integer is accepted",
            "#/components/schemas/S/properties/level/default: the default `\"x\"` is not of `type: integer`; it is ignored",
            "#/components/schemas/S/properties/flag/nullable: `nullable: \"yes\"` is not `true` or `false`; it is ignored",
            "#/components/schemas/S/properties/flag/items: `items` as a list (a tuple) is read as an array of any JSON values: the items are not typed",
            "#/components/schemas/S/properties/never: the schema `false` (no value is valid) is read as any JSON value",
            "#/components/schemas/S/properties/odd: a schema must be a mapping, not `\"text\"`; it is read as any JSON value",
        ]
    );
}

#[test]
fn webhooks_are_ignored_with_a_warning() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  newPet: {post: {responses: {'200': {description: ok}}}}\n";
    let mut warnings = Vec::new();
    load(text, "spec.yaml", &mut warnings).unwrap();
    assert_eq!(
        shown(&warnings),
        [
            "#/webhooks: 1 webhook(s) ignored: they describe requests the API sends, which a client does not receive"
        ]
    );
}

#[test]
fn a_schema_that_cannot_be_read_degrades_alone() {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": {"type": "object", "properties": {
            "fine": {"type": "string"},
            "broken": {"description": "Bad.", "properties": {"x": {"discriminator": {"propertyName": "k", "mapping": 5}}}}
        }}}}
    });
    let mut warnings = Vec::new();
    let spec = read(document, "spec.json", &mut warnings).unwrap();
    let schema = spec.components.unwrap().schemas["S"]
        .as_item()
        .unwrap()
        .clone();
    let properties = &shape(&schema)["properties"];
    assert_eq!(properties["fine"], json!({"type": "string"}));
    let x = &properties["broken"]["properties"]["x"];
    assert_eq!(
        x["description"],
        "This schema could not be read (invalid type: integer `5`, expected a map), so it is typed as any JSON value."
    );
    assert_eq!(
        shown(&warnings),
        [
            "#/components/schemas/S/properties/broken/properties/x: the schema cannot be read (invalid type: integer `5`, expected a map); it becomes any JSON value (`serde_json::Value`), so its contents are not typed"
        ]
    );
}

// Each test writes out its document and the whole warning it expects, so tests look alike.
#[test]
fn a_path_item_that_cannot_be_read_is_left_out() {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/bad": {"parameters": [{"name": "p"}], "get": {"responses": {}}},
            "/good": {"get": {"responses": {}}}
        }
    });
    let mut warnings = Vec::new();
    let spec = read(document, "spec.json", &mut warnings).unwrap();
    assert_eq!(spec.paths.paths.keys().collect::<Vec<_>>(), ["/good"]);
    assert_eq!(
        shown(&warnings),
        [
            "#/paths/~1bad: the path item cannot be read (missing field `in`); its operations are left out of the client"
        ]
    );
}

#[test]
fn path_items_given_as_local_refs_are_inlined() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"$ref": "#/components/pathItems/A", "summary": "Own."},
            "/b": {"$ref": "#/components/pathItems/Missing"}
        },
        "components": {"pathItems": {"A": {"get": {"operationId": "getA", "responses": {}}}}}
    });
    let spec = read(document, "spec.json", &mut Vec::new()).unwrap();
    let a = spec.paths.paths["/a"].as_item().unwrap();
    assert_eq!(
        a.get.as_ref().unwrap().operation_id.as_deref(),
        Some("getA")
    );
    assert_eq!(a.summary.as_deref(), Some("Own."));
    assert!(matches!(
        spec.paths.paths["/b"],
        ReferenceOr::Reference { .. }
    ));
}

#[test]
fn mutual_tls_schemes_are_left_to_the_http_client() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "security": [{"mtls": []}, {"key": []}],
        "paths": {"/a": {"get": {"security": [{"mtls": [], "key": []}], "responses": {}}}},
        "components": {"securitySchemes": {
            "mtls": {"type": "mutualTLS"},
            "key": {"type": "apiKey", "in": "header", "name": "K"}
        }}
    });
    let mut warnings = Vec::new();
    let spec = read(document, "spec.json", &mut warnings).unwrap();
    let schemes = &spec.components.unwrap().security_schemes;
    assert_eq!(schemes.keys().collect::<Vec<_>>(), ["key"]);
    let security = spec.security.unwrap();
    assert!(security[0].is_empty());
    assert_eq!(security[1].keys().collect::<Vec<_>>(), ["key"]);
    let operation = spec.paths.paths["/a"]
        .as_item()
        .unwrap()
        .get
        .clone()
        .unwrap();
    assert_eq!(
        operation.security.unwrap()[0].keys().collect::<Vec<_>>(),
        ["key"]
    );
    assert_eq!(
        shown(&warnings),
        [
            "#/components/securitySchemes/mtls: the `mutualTLS` security scheme is left out of the operations' credentials: give the client certificate to the `reqwest::Client` passed to `ClientBuilder::http_client`"
        ]
    );
}
