//! The document's top level: what it must be to be read at all (a mapping, OpenAPI 3.0 or
//! 3.1, not Swagger 2.0), and the 3.1 additions the client has no use for.

use serde_json::{Map, Value};

use super::{Version, Warnings};
use crate::diagnostic::{Diagnostic, Pointer};

/// Checks the top level and returns the version the document declares.
pub fn check(document: &mut Value, warnings: &mut Warnings<'_>) -> Result<Version, Diagnostic> {
    let file = warnings.file;
    let root = Pointer::root();
    let Some(top) = document.as_object_mut() else {
        return Err(Diagnostic::at(
            file,
            &root,
            "the spec must be a mapping with `openapi`, `info` and `paths` at its top level",
        ));
    };
    if top.contains_key("swagger") {
        return Err(Diagnostic::at(
            file,
            &root.join("swagger"),
            "Swagger 2.0 is not supported; convert the spec to OpenAPI 3.0",
        ));
    }
    let version = version(top, file)?;
    if version == Version::V3_1 {
        // 3.1 makes `paths` optional (a description may hold only webhooks).
        top.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    inline_path_items(document);
    mutual_tls(document, warnings);
    let Some(top) = document.as_object_mut() else {
        return Ok(version);
    };
    if let Some(webhooks) = top.shift_remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        warnings.add(
            &root.join("webhooks"),
            format!(
                "{count} webhook(s) ignored: they describe requests the API sends, which a client does not receive"
            ),
        );
    }
    Ok(version)
}

/// The vendor extension that marks a path item copied from the `$ref` it holds.
pub const REUSED_PATH_ITEM: &str = "x-codegen-reused-path-item";

/// A path item given as a local `$ref` (3.1's `components/pathItems`) is replaced by what
/// it points to, with its own `summary` and `description` kept; a `$ref` that does not
/// resolve stays for lowering to report. The copy records the reference in
/// [`REUSED_PATH_ITEM`], so that lowering names its operations after their own path instead
/// of refusing their repeated operationIds.
fn inline_path_items(document: &mut Value) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut resolved = Vec::new();
    for (path, item) in paths {
        let mut target = item;
        // Follow a chain of references, but not around a loop.
        for _ in 0..8 {
            let Some(reference) = target.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match reference
                .strip_prefix('#')
                .and_then(|pointer| document.pointer(pointer))
            {
                Some(next) if next.is_object() => target = next,
                _ => break,
            }
        }
        if !std::ptr::eq(target, item) && target.get("$ref").is_none() {
            let mut inlined = target.clone();
            if let (Some(inlined), Some(own)) = (inlined.as_object_mut(), item.as_object()) {
                if let Some(reference) = own.get("$ref") {
                    inlined.insert(REUSED_PATH_ITEM.to_owned(), reference.clone());
                }
                for keyword in ["summary", "description"] {
                    if let Some(text) = own.get(keyword) {
                        inlined.insert(keyword.to_owned(), text.clone());
                    }
                }
            }
            resolved.push((path.clone(), inlined));
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in resolved {
            paths.insert(path, item);
        }
    }
}

/// 3.1's `mutualTLS` security schemes are not sent with each request: the certificate goes
/// into the HTTP client the crate is built with. They are dropped from `securitySchemes`
/// and from every security requirement.
fn mutual_tls(document: &mut Value, warnings: &mut Warnings<'_>) {
    let schemes_at = Pointer::root().join("components").join("securitySchemes");
    let Some(schemes) = document
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mutual: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &mutual {
        schemes.shift_remove(name);
        warnings.add(
            &schemes_at.join(name),
            "the `mutualTLS` security scheme is left out of the operations' credentials: give the client certificate to the `reqwest::Client` passed to `ClientBuilder::http_client`",
        );
    }
    if mutual.is_empty() {
        return;
    }
    let drop_from = |requirements: Option<&mut Value>| {
        for requirement in requirements
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(requirement) = requirement.as_object_mut() {
                requirement.retain(|name, _| !mutual.contains(name));
            }
        }
    };
    drop_from(document.get_mut("security"));
    for item in document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
    {
        for method in super::walk::METHODS {
            drop_from(
                item.get_mut(method)
                    .and_then(|operation| operation.get_mut("security")),
            );
        }
    }
}

/// `3.0`, `3.0.x`, `3.1` and `3.1.x` are read; a YAML number such as `3.0` counts too.
fn version(top: &mut Map<String, Value>, file: &str) -> Result<Version, Diagnostic> {
    let at = Pointer::root().join("openapi");
    let text = match top.get("openapi") {
        None => {
            return Err(Diagnostic::at(
                file,
                &Pointer::root(),
                "the `openapi` field is missing",
            ));
        }
        Some(Value::String(text)) => text.trim().to_owned(),
        Some(Value::Number(number)) => number.to_string(),
        Some(_) => {
            return Err(Diagnostic::at(
                file,
                &at,
                "`openapi` must be a string such as \"3.0.3\"",
            ));
        }
    };
    let version = match text.split('.').take(2).collect::<Vec<_>>().as_slice() {
        ["3", "0"] => Version::V3_0,
        ["3", "1"] => Version::V3_1,
        _ => {
            return Err(Diagnostic::at(
                file,
                &at,
                format!(
                    "OpenAPI {text} is not supported; this generator reads OpenAPI 3.0 and 3.1"
                ),
            ));
        }
    };
    top.insert("openapi".to_owned(), Value::String(text));
    Ok(version)
}
