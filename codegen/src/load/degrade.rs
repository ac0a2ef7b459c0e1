//! `openapiv3` reads the document; where it cannot, the smallest part that fails is made
//! harmless and the read is retried: a schema becomes any JSON value, an operation or a path
//! item is left out. Only failures outside those (the document's own fields, components
//! other than schemas) refuse the spec.

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Warnings;
use super::spread;
use super::walk::{self, METHODS};
use crate::diagnostic::{Diagnostic, Pointer};

/// Each round leaves out at least one part; a spec needing more is too broken to be useful.
const MAX_ROUNDS: usize = 500;

/// The document as `openapiv3` types, with what cannot be read degraded and warned about.
pub fn deserialize(
    mut document: Value,
    warnings: &mut Warnings<'_>,
) -> Result<OpenAPI, Diagnostic> {
    // Most specs read at once: without tracking the path, which copies every key it passes.
    if let Some(spec) = spread::read(&mut document) {
        return Ok(spec);
    }
    for _ in 0..MAX_ROUNDS {
        let error = match serde_path_to_error::deserialize::<_, OpenAPI>(&document) {
            Ok(spec) => return Ok(spec),
            Err(error) => error,
        };
        let pointer = pointer_of(error.path());
        if !degrade(&mut document, &pointer, warnings) {
            return Err(Diagnostic::at(
                warnings.file,
                &pointer,
                format!("not a valid OpenAPI 3.0 document: {}", error.inner()),
            ));
        }
    }
    Err(Diagnostic::at(
        warnings.file,
        &Pointer::root(),
        format!("more than {MAX_ROUNDS} parts of the spec cannot be read"),
    ))
}

/// Degrades what fails at or around `pointer`; false when nothing there can be degraded.
fn degrade(document: &mut Value, pointer: &Pointer, warnings: &mut Warnings<'_>) -> bool {
    degrade_schemas(document, pointer, warnings)
        || leave_out_operations(document, pointer, warnings)
        || leave_out_path_items(document, pointer, warnings)
}

/// Schemas on the failing node's path or inside it, innermost first: each that still fails
/// becomes any JSON value. Degrading an inner one often lets its ancestors read.
fn degrade_schemas(document: &mut Value, pointer: &Pointer, warnings: &mut Warnings<'_>) -> bool {
    let mut related = Vec::new();
    walk::schemas(document, &mut |_, at| {
        if within(at, pointer) || within(pointer, at) {
            related.push(at.clone());
        }
    });
    related.sort_by_key(|at| std::cmp::Reverse(at.tokens().count()));
    let mut degraded = false;
    for at in related {
        let Some(node) = document.pointer_mut(&json_pointer(&at)) else {
            continue;
        };
        if ReferenceOr::<Schema>::deserialize(&*node).is_ok() {
            continue;
        }
        let reason = match serde_path_to_error::deserialize::<_, Schema>(&*node) {
            Err(error) => reason(&error),
            Ok(_) => "it is neither a schema nor a `$ref`".to_owned(),
        };
        let mut description = node
            .get("description")
            .and_then(Value::as_str)
            .map(|text| format!("{}\n\n", text.trim()))
            .unwrap_or_default();
        description.push_str(&format!(
            "This schema could not be read ({reason}), so it is typed as any JSON value."
        ));
        *node = json!({ "description": description });
        warnings.add(
            &at,
            format!("the schema cannot be read ({reason}); it becomes any JSON value (`serde_json::Value`), so its contents are not typed"),
        );
        degraded = true;
    }
    degraded
}

/// Operations on the failing node's path or inside it that do not read are left out.
fn leave_out_operations(
    document: &mut Value,
    pointer: &Pointer,
    warnings: &mut Warnings<'_>,
) -> bool {
    let Some((paths_at, paths)) = paths(document) else {
        return false;
    };
    let mut left_out = false;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let at = paths_at.join(path).join(method);
            let Some(operation) = item.get(method) else {
                continue;
            };
            if !(within(&at, pointer) || within(pointer, &at)) {
                continue;
            }
            let Err(error) = serde_path_to_error::deserialize::<_, Operation>(operation) else {
                continue;
            };
            warnings.add(
                &at,
                format!(
                    "the operation cannot be read ({}); it is left out of the client",
                    reason(&error)
                ),
            );
            item.remove(method);
            left_out = true;
        }
    }
    left_out
}

/// A path item that does not read (its shared parameters, say) is left out with all its
/// operations. Kept apart from [`leave_out_operations`], whose loop looks like this one: that
/// one works a level deeper and keeps the path item.
fn leave_out_path_items(
    document: &mut Value,
    pointer: &Pointer,
    warnings: &mut Warnings<'_>,
) -> bool {
    let Some((paths_at, paths)) = paths(document) else {
        return false;
    };
    let failing: Vec<(String, String)> = paths
        .iter()
        .filter(|(path, _)| {
            let at = paths_at.join(path);
            within(pointer, &at) || within(&at, pointer)
        })
        .filter_map(|(path, item)| {
            let error = serde_path_to_error::deserialize::<_, ReferenceOr<PathItem>>(item).err()?;
            Some((path.clone(), reason(&error)))
        })
        .collect();
    for (path, reason) in &failing {
        paths.shift_remove(path);
        warnings.add(
            &paths_at.join(path),
            format!(
                "the path item cannot be read ({reason}); its operations are left out of the client"
            ),
        );
    }
    !failing.is_empty()
}

/// The document's `paths` object and where it is.
fn paths(document: &mut Value) -> Option<(Pointer, &mut serde_json::Map<String, Value>)> {
    let paths = document.get_mut("paths")?.as_object_mut()?;
    Some((Pointer::root().join("paths"), paths))
}

/// The error's message, with the place inside the part when it is known.
fn reason(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let inside = pointer_of(error.path()).to_string();
    if inside == "#" {
        error.inner().to_string()
    } else {
        format!("at {}: {}", &inside[2..], error.inner())
    }
}

/// Whether `inner` is `outer` or lies inside it.
fn within(inner: &Pointer, outer: &Pointer) -> bool {
    let (inner, outer) = (inner.to_string(), outer.to_string());
    inner == outer || inner.starts_with(&format!("{outer}/")) || outer == "#"
}

/// The RFC 6901 form serde_json's `pointer` takes: no leading `#`.
fn json_pointer(at: &Pointer) -> String {
    at.to_string()[1..].to_owned()
}

pub fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => pointer,
        })
}
