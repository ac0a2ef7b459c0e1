//! Spec text -> a JSON document: JSON through serde_json, anything else through serde_yaml.
//! Syntax errors carry the line and column the parser reported.

use serde_json::Value;

use super::yaml;
use crate::diagnostic::Diagnostic;

/// Reads `text` as JSON when its first non-blank character is `{`, as YAML otherwise. Text
/// that starts like JSON but has unquoted keys is a YAML flow mapping (`{openapi: 3.0.3}`)
/// and is read as YAML.
pub fn parse(text: &str, file: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        return yaml(text, file);
    }
    json(text, file).or_else(|error| {
        if error.message.contains("key must be a string") {
            yaml(text, file)
        } else {
            Err(error)
        }
    })
}

fn json(text: &str, file: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str(text).map_err(|error| Diagnostic {
        file: file.to_owned(),
        line_column: (error.line() > 0).then(|| (error.line(), error.column())),
        pointer: None,
        message: format!(
            "the spec is not valid JSON: {}",
            without_location(&error.to_string())
        ),
    })
}

fn yaml(text: &str, file: &str) -> Result<Value, Diagnostic> {
    yaml::from_str(text).map_err(|error| {
        let message = without_location(&error.to_string());
        let problem = if message.contains(yaml::COMPLEX_KEY) {
            "the spec cannot be read"
        } else {
            "the spec is not valid YAML"
        };
        Diagnostic {
            file: file.to_owned(),
            line_column: error.location().map(|at| (at.line(), at.column())),
            pointer: None,
            message: format!("{problem}: {message}"),
        }
    })
}

/// Parsers write "at line L column C" into their messages, at the end or before a
/// ", while parsing ..." clause; the diagnostic shows the place itself.
fn without_location(text: &str) -> String {
    let Some(start) = text.find(" at line ") else {
        return text.to_owned();
    };
    let rest = &text[start + " at line ".len()..];
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line = digits(rest);
    let Some(after) = rest[line..].strip_prefix(" column ") else {
        return text.to_owned();
    };
    let end = text.len() - after.len() + digits(after);
    format!("{}{}", &text[..start], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text, "spec").unwrap_err().to_string()
    }

    #[test]
    fn reads_json_with_escaped_surrogate_pairs() {
        let document = parse(r#"  {"a": "\ud83d\ude00", "b": [1, 2.5]}"#, "spec").unwrap();
        assert_eq!(document["a"], "\u{1F600}");
        assert_eq!(document["b"][1], 2.5);
    }

    #[test]
    fn reads_yaml_flow_mappings_that_look_like_json() {
        let document = parse("{openapi: 3.0.3, info: {title: t}}", "spec").unwrap();
        assert_eq!(document["info"]["title"], "t");
    }

    #[test]
    fn keeps_the_order_of_keys() {
        let document = parse("{\"z\": 1, \"a\": 2, \"m\": 3}", "spec").unwrap();
        let keys: Vec<_> = document.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
        let document = parse("z: 1\na: 2\nm: 3\n", "spec").unwrap();
        let keys: Vec<_> = document.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn reports_json_syntax_errors_with_line_and_column() {
        assert_eq!(
            error("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n"),
            "spec:3:11: the spec is not valid JSON: expected value"
        );
        assert_eq!(
            error("{\"a\": 1"),
            "spec:1:7: the spec is not valid JSON: EOF while parsing an object"
        );
    }

    #[test]
    fn reports_yaml_syntax_errors_with_line_and_column() {
        let message = error("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(
            message.starts_with("spec:3:1: the spec is not valid YAML"),
            "{message}"
        );
        assert!(!message.contains("at line 3 column 1"), "{message}");
    }

    #[test]
    fn spells_scalar_keys_as_strings_and_drops_tags() {
        let document = parse(
            "x:\n  200: ok\n  true: yes\n  null: no\n  t: !tag 5\n",
            "spec",
        )
        .unwrap();
        assert_eq!(document["x"]["200"], "ok");
        assert_eq!(document["x"]["true"], "yes");
        assert_eq!(document["x"]["null"], "no");
        assert_eq!(document["x"]["t"], 5);
        assert_eq!(
            error("a: 1\n? [a]\n: b\n"),
            "spec:2:3: the spec cannot be read: a mapping key is itself a mapping or sequence; keys must be plain scalars"
        );
    }

    #[test]
    fn reads_big_numbers_and_merge_keys() {
        let document = parse(
            "a: 18446744073709551615\nb: 1e30\nc: .nan\nbase: &base {x: 1, y: 1}\nd:\n  y: 2\n  <<: *base\ne: -9223372036854776000\n",
            "spec",
        )
        .unwrap();
        assert_eq!(document["a"].as_u64(), Some(u64::MAX));
        assert_eq!(document["b"].as_f64(), Some(1e30));
        assert!(document["c"].is_null());
        assert_eq!(document["d"]["x"], 1);
        assert_eq!(document["d"]["y"], 2);
        assert_eq!(document["e"].as_f64(), Some(-9223372036854776000.0));
    }
}
