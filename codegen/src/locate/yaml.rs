//! Finds where in YAML text a JSON pointer's node is written.
//!
//! Best effort over block-style YAML: keys and `- ` items are matched by indentation. Inside
//! flow collections (`{a: 1}`) it finds keys on the same line; where it cannot go further it
//! answers with the deepest enclosing node it found.

use crate::diagnostic::Pointer;

/// One non-blank, non-comment line: where its content starts, and whether it opens a
/// sequence item (`- `), in which case `indent` is that of the item's content.
#[derive(Debug)]
pub struct Line<'t> {
    number: usize,
    dash: Option<usize>,
    indent: usize,
    content: &'t str,
}

/// A node found so far: its line index, column, and the indentation of its key or dash.
#[derive(Clone, Copy)]
struct Node {
    index: usize,
    column: usize,
    indent: usize,
}

/// One-based line and column of the node `pointer` names in `text` (the first line for the
/// root), or of the deepest ancestor that could be found; `None` when not even the first
/// token is found.
#[cfg(test)]
pub fn locate(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    locate_in(&lines(text), pointer)
}

/// As [`locate`], over the [`lines`] of the text.
pub fn locate_in(lines: &[Line<'_>], pointer: &Pointer) -> Option<(usize, usize)> {
    if pointer.tokens().next().is_none() {
        return lines
            .first()
            .map(|line| (line.number, line.dash.unwrap_or(line.indent) + 1));
    }
    let mut found: Option<Node> = None;
    for token in pointer.tokens() {
        let next = match found {
            None => child(lines, 0, lines.len(), None, &token),
            Some(node) => {
                let end = block_end(lines, node);
                child(lines, node.index, end, Some(node), &token)
                    .or_else(|| in_flow(lines, node, &token))
            }
        };
        match next {
            Some(node) => found = Some(node),
            None => break,
        }
    }
    found.map(|node| (lines[node.index].number, node.column))
}

/// The non-blank, non-comment lines of `text`.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut content = trimmed;
        let mut dash = None;
        if content == "-" || content.starts_with("- ") {
            dash = Some(indent);
            let rest = content[1..].trim_start_matches(' ');
            indent += content.len() - rest.len();
            content = rest;
        }
        out.push(Line {
            number: index + 1,
            dash,
            indent,
            content,
        });
    }
    out
}

/// The index after the last line of `node`'s block. A key's sequence may be written at the
/// key's own indentation (`parameters:` then `- name: q` below its `p`).
fn block_end(lines: &[Line<'_>], node: Node) -> usize {
    let is_key = lines[node.index].dash != Some(node.indent);
    lines
        .iter()
        .enumerate()
        .skip(node.index + 1)
        .find(|(_, line)| {
            let start = line.dash.unwrap_or(line.indent);
            start < node.indent || (start == node.indent && !(is_key && line.dash.is_some()))
        })
        .map_or(lines.len(), |(index, _)| index)
}

/// The child `token` of `parent` (the root when `None`) among `lines[start..end]`.
fn child(
    lines: &[Line<'_>],
    start: usize,
    end: usize,
    parent: Option<Node>,
    token: &str,
) -> Option<Node> {
    let within = |index: usize, line: &Line<'_>| match parent {
        None => true,
        // A sequence item's own line holds its first key.
        Some(node) if index == node.index => line.dash.is_some() && line.indent > node.indent,
        Some(node) => line.dash.unwrap_or(line.indent) >= node.indent,
    };
    let candidates = (start..end).filter(|&index| within(index, &lines[index]));
    if let Ok(position) = token.parse::<usize>() {
        let items: Vec<usize> = candidates
            .clone()
            .filter(|&index| lines[index].dash.is_some())
            .collect();
        let first_dash = items.first().and_then(|&index| lines[index].dash);
        let siblings: Vec<usize> = items
            .into_iter()
            .filter(|&index| lines[index].dash == first_dash && index != start || parent.is_none())
            .collect();
        if let Some(&index) = siblings.get(position) {
            let line = &lines[index];
            return Some(Node {
                index,
                column: line.indent + 1,
                indent: line.dash.unwrap_or(line.indent),
            });
        }
    }
    let mut key_indent = None;
    for index in candidates {
        let line = &lines[index];
        if parent.is_some_and(|node| index == node.index) {
            key_indent.get_or_insert(line.indent);
        }
        let indent = *key_indent.get_or_insert(line.indent);
        if line.indent == indent && key_of(line.content) == Some(token) {
            return Some(Node {
                index,
                column: line.indent + 1,
                indent: line.indent,
            });
        }
    }
    None
}

/// A key written inline after `node`'s own key, as in `kind: {type: strnig}`.
fn in_flow(lines: &[Line<'_>], node: Node, token: &str) -> Option<Node> {
    let line = &lines[node.index];
    let offset = line.content.find('{')?;
    let flow = &line.content[offset..];
    let at = [
        format!("{{{token}:"),
        format!(" {token}:"),
        format!(",{token}:"),
    ]
    .iter()
    .filter_map(|pattern| flow.find(pattern.as_str()).map(|at| at + 1))
    .min()?;
    Some(Node {
        index: node.index,
        column: line.indent + offset + at + 1,
        indent: node.indent,
    })
}

/// The key a `key: value` line starts with, unquoted.
fn key_of(content: &str) -> Option<&str> {
    for quote in ['\'', '"'] {
        if let Some(rest) = content.strip_prefix(quote) {
            let close = rest.find(quote)?;
            return rest[close + 1..].starts_with(':').then(|| &rest[..close]);
        }
    }
    let colon = content
        .match_indices(':')
        .map(|(at, _)| at)
        .find(|&at| matches!(content[at + 1..].chars().next(), None | Some(' ')))?;
    Some(content[..colon].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - {name: q, in: cookie}
      responses:
        '200':
          description: ok
components:
  schemas:
    Shape:
      properties:
        kind: {type: strnig}
";

    fn at(pointer: &str) -> Option<(usize, usize)> {
        locate(SPEC, &Pointer::from_ref(pointer).unwrap())
    }

    #[test]
    fn finds_keys_items_and_quoted_keys() {
        assert_eq!(at("#/openapi"), Some((1, 1)));
        assert_eq!(at("#/paths/~1pets~1{id}/get"), Some((4, 5)));
        assert_eq!(at("#/paths/~1pets~1{id}/get/parameters/0"), Some((6, 11)));
        assert_eq!(
            at("#/paths/~1pets~1{id}/get/parameters/0/in"),
            Some((7, 11))
        );
        assert_eq!(at("#/paths/~1pets~1{id}/get/parameters/1"), Some((8, 11)));
        assert_eq!(at("#/paths/~1pets~1{id}/get/responses/200"), Some((10, 9)));
    }

    #[test]
    fn finds_keys_in_flow_mappings() {
        assert_eq!(
            at("#/components/schemas/Shape/properties/kind/type"),
            Some((16, 16))
        );
    }

    #[test]
    fn finds_items_of_a_sequence_at_its_key_s_indentation() {
        let spec = "paths:\n  /a:\n    get:\n      parameters:\n      - name: q\n        in: query\n      - name: r\n        content: {}\n      responses: {}\n";
        let at = |pointer| locate(spec, &Pointer::from_ref(pointer).unwrap());
        assert_eq!(at("#/paths/~1a/get/parameters/1"), Some((7, 9)));
        assert_eq!(at("#/paths/~1a/get/parameters/1/content"), Some((8, 9)));
        assert_eq!(at("#/paths/~1a/get/parameters/0/in"), Some((6, 9)));
        assert_eq!(at("#/paths/~1a/get/responses"), Some((9, 7)));
    }

    #[test]
    fn stops_at_the_deepest_ancestor_found() {
        assert_eq!(at("#/components/schemas/Missing"), Some((13, 3)));
        assert_eq!(at("#/nothing"), None);
        assert_eq!(at("#"), Some((1, 1)));
    }
}
