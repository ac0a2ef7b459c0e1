//! Finds where in JSON text a JSON pointer's node is written, by scanning the text: members
//! and elements are skipped over without building values, so minified documents on one line
//! are located to the column.

use crate::diagnostic::Pointer;

/// One-based line and column of the member key (or array element) `pointer` names, or of the
/// deepest ancestor found.
pub fn locate(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut value = skip_space(bytes, 0);
    let mut found = (pointer.tokens().next().is_none()).then_some(value);
    for token in pointer.tokens() {
        let Some((node, inner)) = child(text, value, &token) else {
            break;
        };
        found = Some(node);
        value = inner;
    }
    found.map(|offset| position(text, offset))
}

/// `(where the member or element starts, where its value starts)` for `token` in the object
/// or array starting at `start`.
fn child(text: &str, start: usize, token: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(start)? {
        b'{' => {
            let mut at = skip_space(bytes, start + 1);
            while bytes.get(at) == Some(&b'"') {
                let key_end = skip_string(bytes, at)?;
                let key: Option<String> = serde_json::from_str(&text[at..key_end]).ok();
                let colon = skip_space(bytes, key_end);
                if bytes.get(colon) != Some(&b':') {
                    return None;
                }
                let value = skip_space(bytes, colon + 1);
                if key.as_deref() == Some(token) {
                    return Some((at, value));
                }
                at = next(bytes, value)?;
            }
            None
        }
        b'[' => {
            let wanted: usize = token.parse().ok()?;
            let mut at = skip_space(bytes, start + 1);
            for _ in 0..wanted {
                if bytes.get(at) == Some(&b']') {
                    return None;
                }
                at = next(bytes, at)?;
            }
            (!matches!(bytes.get(at), None | Some(b']'))).then_some((at, at))
        }
        _ => None,
    }
}

/// After the value at `value`: the start of the next member or element, if a comma follows.
fn next(bytes: &[u8], value: usize) -> Option<usize> {
    let after = skip_space(bytes, skip_value(bytes, value)?);
    (bytes.get(after) == Some(&b',')).then(|| skip_space(bytes, after + 1))
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The index after the string whose opening quote is at `at`.
fn skip_string(bytes: &[u8], mut at: usize) -> Option<usize> {
    at += 1;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// The index after the value starting at `at`.
fn skip_value(bytes: &[u8], mut at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            loop {
                match bytes.get(at)? {
                    b'"' => {
                        at = skip_string(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            while bytes.get(at).is_some_and(|byte| {
                !matches!(byte, b',' | b'}' | b']') && !byte.is_ascii_whitespace()
            }) {
                at += 1;
            }
            Some(at)
        }
    }
}

/// One-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, pointer: &str) -> Option<(usize, usize)> {
        locate(text, &Pointer::from_ref(pointer).unwrap())
    }

    const PRETTY: &str = r#"{
  "openapi": "3.1.0",
  "paths": {
    "/pets/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {
            "name": "q\u0022",
            "in": "query"
          }
        ]
      }
    }
  },
  "components": {"schemas": {"A/B": {"type": "object"}}}
}"#;

    #[test]
    fn finds_members_and_elements_in_pretty_json() {
        assert_eq!(at(PRETTY, "#"), Some((1, 1)));
        assert_eq!(at(PRETTY, "#/openapi"), Some((2, 3)));
        assert_eq!(at(PRETTY, "#/paths/~1pets~1{id}/get"), Some((5, 7)));
        assert_eq!(
            at(PRETTY, "#/paths/~1pets~1{id}/get/parameters/0/in"),
            Some((7, 26))
        );
        assert_eq!(
            at(PRETTY, "#/paths/~1pets~1{id}/get/parameters/1"),
            Some((8, 11))
        );
        assert_eq!(
            at(PRETTY, "#/paths/~1pets~1{id}/get/parameters/1/in"),
            Some((10, 13))
        );
        assert_eq!(at(PRETTY, "#/components/schemas/A~1B/type"), Some((16, 38)));
    }

    #[test]
    fn stops_at_the_deepest_ancestor_found() {
        assert_eq!(
            at(PRETTY, "#/paths/~1pets~1{id}/get/parameters/5"),
            Some((6, 9))
        );
        assert_eq!(at(PRETTY, "#/components/schemas/Missing"), Some((16, 18)));
        assert_eq!(at(PRETTY, "#/nothing"), None);
    }

    #[test]
    fn finds_members_in_minified_json() {
        let text = r#"{"a":{"b":[1,{"c":"x,}]"},{"d":true}],"e":"\u00e9"},"f":2}"#;
        assert_eq!(at(text, "#/a/b/2/d"), Some((1, 28)));
        assert_eq!(at(text, "#/f"), Some((1, 53)));
        assert_eq!(at(text, "#/a/e"), Some((1, 39)));
    }
}
