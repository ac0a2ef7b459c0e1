//! YAML text -> `openapiv3::OpenAPI`, with located errors for anything that is not a
//! readable OpenAPI 3.0 document. Knows nothing of Rust.

use openapiv3::OpenAPI;
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Pointer};

/// Parses and checks a spec. `file` names it in errors; what is tolerated is added to
/// `warnings`. The same as [`parse`] then [`read`], with positions for errors of the latter
/// taken from the YAML parser.
pub fn load(text: &str, file: &str, warnings: &mut Vec<Diagnostic>) -> Result<OpenAPI, Diagnostic> {
    let document = parse(text, file)?;
    read(document, file, warnings).map_err(|mut diagnostic| {
        // `Value` carries no positions, so ask the text parser where the same error arose.
        let message = diagnostic.message.trim_start_matches(NOT_OPENAPI);
        diagnostic.line_column = serde_yaml::from_str::<OpenAPI>(text)
            .err()
            .filter(|direct| direct.to_string().contains(message))
            .and_then(|direct| yaml_line_column(&direct));
        diagnostic
    })
}

const NOT_OPENAPI: &str = "not a valid OpenAPI 3.0 document: ";

/// YAML (or JSON) text -> the spec as a JSON document, checked to be OpenAPI 3.0.
pub fn parse(text: &str, file: &str) -> Result<serde_json::Value, Diagnostic> {
    let mut document: Value = serde_yaml::from_str(text).map_err(|error| Diagnostic {
        file: file.to_owned(),
        line_column: yaml_line_column(&error),
        pointer: None,
        message: format!("the spec is not valid YAML: {}", without_location(&error)),
    })?;
    check_version(&document, file)?;
    stringify_keys(&mut document, &Pointer::root(), file)?;
    serde_json::to_value(document).map_err(|error| {
        Diagnostic::at(
            file,
            &Pointer::root(),
            format!("the spec does not fit JSON: {error}"),
        )
    })
}

/// A parsed document -> `openapiv3::OpenAPI`. Errors carry a pointer but no line: the
/// caller knows which text each node came from.
pub fn read(
    document: serde_json::Value,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<OpenAPI, Diagnostic> {
    let _ = warnings;
    serde_path_to_error::deserialize::<_, OpenAPI>(document).map_err(|error| {
        let pointer = pointer_of(error.path());
        Diagnostic {
            file: file.to_owned(),
            line_column: None,
            pointer: Some(pointer.to_string()),
            message: format!("{NOT_OPENAPI}{}", error.inner()),
        }
    })
}

fn check_version(document: &Value, file: &str) -> Result<(), Diagnostic> {
    let root = Pointer::root();
    let Some(mapping) = document.as_mapping() else {
        return Err(Diagnostic::at(
            file,
            &root,
            "the spec must be a mapping with `openapi`, `info` and `paths` at its top level",
        ));
    };
    if mapping.contains_key("swagger") {
        return Err(Diagnostic::at(
            file,
            &root.join("swagger"),
            "Swagger 2.0 is not supported; convert the spec to OpenAPI 3.0",
        ));
    }
    let version = &root.join("openapi");
    match mapping.get("openapi") {
        None => Err(Diagnostic::at(
            file,
            &root,
            "the `openapi` field is missing",
        )),
        Some(Value::String(text)) if text.starts_with("3.0.") => Ok(()),
        Some(Value::String(text)) => Err(Diagnostic::at(
            file,
            version,
            format!("OpenAPI {text} is not supported; this generator reads OpenAPI 3.0.x"),
        )),
        Some(_) => Err(Diagnostic::at(
            file,
            version,
            "`openapi` must be a string such as \"3.0.3\"",
        )),
    }
}

/// OpenAPI objects only have string keys, but YAML allows `200:` or `true:` as keys (common in
/// vendor extensions); spell such scalar keys as strings instead of rejecting the spec.
fn stringify_keys(value: &mut Value, at: &Pointer, file: &str) -> Result<(), Diagnostic> {
    match value {
        Value::Mapping(mapping) => {
            if mapping.keys().any(|key| !key.is_string()) {
                let mut rewritten = Mapping::with_capacity(mapping.len());
                for (key, entry) in std::mem::take(mapping) {
                    let key = match key {
                        Value::String(text) => text,
                        Value::Number(number) => number.to_string(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Null => "null".to_owned(),
                        _ => {
                            return Err(Diagnostic::at(
                                file,
                                at,
                                "a mapping key is itself a mapping, sequence or tagged value; keys must be plain scalars",
                            ));
                        }
                    };
                    rewritten.insert(Value::String(key), entry);
                }
                *mapping = rewritten;
            }
            for (key, entry) in mapping.iter_mut() {
                let token = key.as_str().unwrap_or_default();
                stringify_keys(entry, &at.join(token), file)?;
            }
            Ok(())
        }
        Value::Sequence(items) => items
            .iter_mut()
            .enumerate()
            .try_for_each(|(index, item)| stringify_keys(item, &at.join(index), file)),
        Value::Tagged(tagged) => stringify_keys(&mut tagged.value, at, file),
        _ => Ok(()),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => pointer,
        })
}

fn yaml_line_column(error: &serde_yaml::Error) -> Option<(usize, usize)> {
    error.location().map(|at| (at.line(), at.column()))
}

/// serde_yaml writes "at line L column C" into its messages, at the end or before a
/// ", while parsing ..." clause; the diagnostic shows the place itself.
fn without_location(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    let Some(start) = text.find(" at line ") else {
        return text;
    };
    let rest = &text[start + " at line ".len()..];
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line = digits(rest);
    let Some(after) = rest[line..].strip_prefix(" column ") else {
        return text;
    };
    let end = text.len() - after.len() + digits(after);
    format!("{}{}", &text[..start], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        load(text, "spec.yaml", &mut Vec::new())
            .unwrap_err()
            .to_string()
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

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
    fn rejects_what_is_not_openapi_3_0() {
        assert_eq!(
            error("swagger: '2.0'\n"),
            "spec.yaml: at #/swagger: Swagger 2.0 is not supported; convert the spec to OpenAPI 3.0"
        );
        assert_eq!(
            error("openapi: 3.1.0\n"),
            "spec.yaml: at #/openapi: OpenAPI 3.1.0 is not supported; this generator reads OpenAPI 3.0.x"
        );
        assert_eq!(
            error("info: {}\n"),
            "spec.yaml: at #: the `openapi` field is missing"
        );
        assert!(error("- a\n- b\n").contains("must be a mapping"));
        assert!(error("").contains("must be a mapping"));
    }

    #[test]
    fn reports_yaml_syntax_errors_with_line_and_column() {
        let message = error("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(
            message.starts_with("spec.yaml:3:1: the spec is not valid YAML"),
            "{message}"
        );
        assert!(!message.contains("at line 3 column 1"), "{message}");
    }

    #[test]
    fn reports_schema_errors_with_pointer_and_line() {
        let message = error("openapi: 3.0.3\ninfo:\n  title: t\npaths: {}\n");
        assert!(message.contains("at #/info"), "{message}");
        assert!(message.contains("missing field `version`"), "{message}");
        assert!(message.starts_with("spec.yaml:3:3"), "{message}");
    }

    #[test]
    fn accepts_non_string_keys_in_vendor_extensions() {
        let text = format!("{MINIMAL}x-codes:\n  200: ok\n  true: yes\n");
        let spec = load(&text, "spec.yaml", &mut Vec::new()).unwrap();
        assert_eq!(spec.extensions["x-codes"]["200"], "ok");
        assert_eq!(spec.extensions["x-codes"]["true"], "yes");
    }
}
