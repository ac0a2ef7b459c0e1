//! Reading a large document into `openapiv3` on every core: the entries of its two big maps,
//! `paths` and `components.schemas`, are read in parallel, the rest on this thread. The
//! result is what one `OpenAPI::deserialize` of the whole document gives.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::parallel;

/// The document read, or `None` when any part fails to read (the caller reads it again,
/// whole, to find out where); `document` is as it was either way.
pub fn read(document: &mut Value) -> Option<OpenAPI> {
    let workers = parallel::workers();
    let count = |map: Option<&Map<String, Value>>| map.map_or(0, Map::len);
    let entries = count(paths(document)) + count(schemas(document));
    if workers < 2 || entries < parallel::WORTH_SPREADING {
        return OpenAPI::deserialize(&*document).ok();
    }
    // Path items move out of `paths`; its `x-` extensions stay for the rest to read.
    let all_paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .map(|paths| {
            let extensions = paths
                .iter()
                .filter(|(key, _)| !key.starts_with('/'))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            std::mem::replace(paths, extensions)
        });
    let all_schemas = document
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
        .and_then(Value::as_object_mut)
        .map(std::mem::take);
    let spec = assemble(document, all_paths.as_ref(), all_schemas.as_ref(), workers);
    if let Some(all) = all_paths {
        document["paths"] = Value::Object(all);
    }
    if let Some(all) = all_schemas {
        document["components"]["schemas"] = Value::Object(all);
    }
    spec
}

/// The rest of the document read here, the path items and schemas on every core.
fn assemble(
    rest: &Value,
    paths: Option<&Map<String, Value>>,
    schemas: Option<&Map<String, Value>>,
    workers: usize,
) -> Option<OpenAPI> {
    let path_items = paths.map(|all| {
        let items: Vec<_> = all.iter().filter(|(key, _)| key.starts_with('/')).collect();
        entries::<PathItem>(&items, workers)
    });
    let schemas = schemas.map(|all| entries::<Schema>(&all.iter().collect::<Vec<_>>(), workers));
    let mut spec = OpenAPI::deserialize(rest).ok()?;
    if let Some(items) = path_items {
        spec.paths.paths = items?;
    }
    if let Some(schemas) = schemas {
        spec.components.get_or_insert_default().schemas = schemas?;
    }
    Some(spec)
}

/// Each entry's value read as a `T` or a reference to one, on one of `workers` threads, in
/// the map's order; `None` when any fails.
fn entries<T: DeserializeOwned + Send>(
    entries: &[(&String, &Value)],
    workers: usize,
) -> Option<IndexMap<String, ReferenceOr<T>>> {
    parallel::run(entries, workers, |(key, value)| {
        reference_or(value).map(|read| ((*key).clone(), read))
    })
    .into_iter()
    .collect()
}

/// `value` read as `ReferenceOr<T>` reads it. That enum is untagged, so serde would first
/// copy the whole entry into a buffer to try each variant in turn; a `$ref` string decides
/// between them the same way without the copy.
fn reference_or<T: DeserializeOwned>(value: &Value) -> Option<ReferenceOr<T>> {
    match value.get("$ref") {
        Some(Value::String(reference)) => Some(ReferenceOr::Reference {
            reference: reference.clone(),
        }),
        _ => T::deserialize(value).ok().map(ReferenceOr::Item),
    }
}

fn paths(document: &Value) -> Option<&Map<String, Value>> {
    document.get("paths")?.as_object()
}

fn schemas(document: &Value) -> Option<&Map<String, Value>> {
    document.get("components")?.get("schemas")?.as_object()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document with `count` path items and schemas, and extensions beside them.
    fn document(count: usize) -> Value {
        let mut paths = Map::new();
        let mut schemas = Map::new();
        paths.insert("x-paths-note".into(), json!("kept"));
        for n in 0..count {
            paths.insert(
                format!("/things/{n}"),
                json!({"get": {"operationId": format!("get{n}"), "responses": {"200": {"description": "ok"}}}}),
            );
            schemas.insert(
                format!("Thing{n}"),
                json!({"type": "object", "properties": {"id": {"type": "integer"}}}),
            );
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas, "parameters": {}},
        })
    }

    #[test]
    fn reads_as_the_whole_document_reads() {
        let mut spread = document(300);
        let whole = OpenAPI::deserialize(&spread).unwrap();
        let before = spread.clone();
        let read = read(&mut spread).unwrap();
        assert_eq!(read, whole);
        assert_eq!(spread, before, "the document is left as it was");
        assert_eq!(read.paths.extensions["x-paths-note"], json!("kept"));
    }

    #[test]
    fn a_failing_entry_fails_the_read_and_leaves_the_document_whole() {
        let mut broken = document(300);
        broken["components"]["schemas"]["Thing7"] = json!({"type": "object", "required": 5});
        let before = broken.clone();
        assert!(read(&mut broken).is_none());
        assert_eq!(broken, before);
        let mut broken = document(300);
        broken["paths"]["/things/9"] = json!({"get": {"responses": 5}});
        assert!(read(&mut broken).is_none());
    }

    #[test]
    fn references_and_items_read_as_the_untagged_enum_reads_them() {
        for value in [
            json!({"$ref": "#/components/schemas/A"}),
            json!({"$ref": "#/components/schemas/A", "description": "ignored beside $ref"}),
            json!({"$ref": 5, "type": "string"}),
            json!({"type": "integer"}),
        ] {
            let untagged = ReferenceOr::<Schema>::deserialize(&value).ok();
            assert_eq!(reference_or::<Schema>(&value), untagged, "{value}");
        }
    }
}
