//! A large YAML document read in parts on several threads. serde_yaml reads a document on
//! one thread, and that was the largest step left that used one core. The entries of a block
//! mapping start on lines at one indent, so a large mapping is cut at those lines into runs
//! of entries; each run is read as a document of its own, with the keys of the mappings
//! around it written above it, and the parts are joined in order.
//!
//! What this cannot cut with certainty (document markers, directives, tabs, merge keys, a
//! sequence or flow mapping at the top, a key written twice), or a part that fails to read,
//! gives `None`, and the caller reads the document whole: its result and its errors are
//! always the whole document's.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Value};

use crate::parallel;

/// Below this size a document is read whole: the threads would cost more than they save.
const SMALLEST: usize = 128 * 1024;

/// How deep the cutting goes (`components` > `schemas` > one schema).
const DEEPEST: usize = 3;

/// One part: the header lines of the mappings it sits in, and the lines of its entries.
struct Part {
    headers: Vec<usize>,
    lines: Range<usize>,
}

/// `text` read in parts by `read`, or `None` when it must be read whole.
pub fn read<E>(text: &str, read: impl Fn(&str) -> Result<Value, E> + Sync) -> Option<Value> {
    read_on(text, parallel::workers(), read)
}

/// [`read`] on `workers` threads.
fn read_on<E>(
    text: &str,
    workers: usize,
    read: impl Fn(&str) -> Result<Value, E> + Sync,
) -> Option<Value> {
    if text.len() < SMALLEST || workers < 2 {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.iter().any(|line| unsafe_line(line)) {
        return None;
    }
    let mut parts = Vec::new();
    let mut cutter = Cutter {
        lines: &lines,
        shapes: lines.iter().map(|line| Shape::of(line)).collect(),
        offsets: std::iter::once(0)
            .chain(lines.iter().scan(0, |end, line| {
                *end += line.len();
                Some(*end)
            }))
            .collect(),
        target: text.len() / (workers * 4),
        parts: &mut parts,
    };
    let entries = cutter.entries(0..lines.len())?;
    cutter.cut(0..lines.len(), &entries, &[]);
    if parts.len() < 2 {
        return None;
    }
    let values = parallel::run(&parts, workers, |part| read(&part.text(&lines)).ok());
    join(&parts, values)
}

/// Lines whose meaning may reach beyond the part they fall in.
fn unsafe_line(line: &str) -> bool {
    line.starts_with("---")
        || line.starts_with("...")
        || line.starts_with('%')
        || line.starts_with('\t')
        || line.trim_start().starts_with("<<")
}

impl Part {
    fn text(&self, lines: &[&str]) -> String {
        let mut text = String::new();
        for &header in &self.headers {
            text.push_str(lines[header]);
        }
        for line in &lines[self.lines.clone()] {
            text.push_str(line);
        }
        text
    }
}

/// What cutting needs to know of a line.
#[derive(Clone, Copy)]
struct Shape {
    /// Blank or a comment.
    blank: bool,
    indent: usize,
}

impl Shape {
    fn of(line: &str) -> Self {
        let content = line.trim_start_matches(' ');
        let rest = content.trim_start();
        Self {
            blank: rest.is_empty() || rest.starts_with('#'),
            indent: line.len() - content.len(),
        }
    }
}

struct Cutter<'a> {
    lines: &'a [&'a str],
    shapes: Vec<Shape>,
    /// Where each line starts in the text, and where the text ends.
    offsets: Vec<usize>,
    target: usize,
    parts: &'a mut Vec<Part>,
}

impl Cutter<'_> {
    /// Cuts the block mapping on `body` (inside `headers`), whose entries start on the lines
    /// `entries`, into parts.
    fn cut(&mut self, body: Range<usize>, entries: &[usize], headers: &[usize]) {
        let mut run_start = body.start;
        let mut run_size = 0;
        for (index, &start) in entries.iter().enumerate() {
            let end = entries.get(index + 1).copied().unwrap_or(body.end);
            let size = self.offsets[end] - self.offsets[start];
            let nested = (size > self.target && headers.len() < DEEPEST)
                .then(|| self.nested(start, end))
                .flatten();
            if let Some(inner_entries) = nested {
                self.flush(headers, run_start..start);
                let mut inner = headers.to_vec();
                inner.push(start);
                self.cut(start + 1..end, &inner_entries, &inner);
                run_start = end;
                run_size = 0;
                continue;
            }
            run_size += size;
            if run_size >= self.target {
                self.flush(headers, run_start..end);
                run_start = end;
                run_size = 0;
            }
        }
        self.flush(headers, run_start..body.end);
    }

    fn flush(&mut self, headers: &[usize], lines: Range<usize>) {
        let meaningful = self.shapes[lines.clone()].iter().any(|shape| !shape.blank);
        if meaningful {
            self.parts.push(Part {
                headers: headers.to_vec(),
                lines,
            });
        }
    }

    /// The entries of the block mapping under the entry on `start..end`, when that entry is
    /// a key alone with such a mapping indented under it, which can be cut in turn.
    fn nested(&self, start: usize, end: usize) -> Option<Vec<usize>> {
        let first = (start + 1..end).find(|&at| !self.shapes[at].blank)?;
        let indented = self.shapes[first].indent > self.shapes[start].indent;
        if !bare_key(self.lines[start]) || !indented {
            return None;
        }
        self.entries(start + 1..end)
    }

    /// The first line of each entry of the block mapping on `body`: the lines at the indent
    /// of its first line. `None` when the body is not a block mapping of plain entries.
    fn entries(&self, body: Range<usize>) -> Option<Vec<usize>> {
        let first = body.clone().find(|&at| !self.shapes[at].blank)?;
        let depth = self.shapes[first].indent;
        let mut entries = Vec::new();
        for at in body {
            let Shape {
                blank,
                indent: here,
            } = self.shapes[at];
            if blank {
                continue;
            }
            if here < depth {
                return None;
            }
            // A sequence may sit at its key's indent; its items belong to that entry.
            let line = self.lines[at];
            if here == depth && !line[here..].starts_with("- ") && line[here..].trim_end() != "-" {
                if !line[here..].contains(':')
                    || line[here..].starts_with(['?', '{', '[', '&', '*', '!'])
                {
                    return None;
                }
                entries.push(at);
            }
        }
        (entries.first() == Some(&first)).then_some(entries)
    }
}

/// Whether `line` is a key alone, its value on the lines below: `name:` and nothing else.
fn bare_key(line: &str) -> bool {
    let line = line.trim_end();
    let line = line
        .split_once(" #")
        .map_or(line, |(key, _)| key.trim_end());
    line.ends_with(':')
        && !line.trim_start().starts_with(['"', '\''])
        && line.matches(':').count() == 1
}

/// The parts' documents joined into one, or `None` when a part failed or two parts name
/// the same key.
fn join(parts: &[Part], values: Vec<Option<Value>>) -> Option<Value> {
    let mut root = Map::new();
    // The header lines each mapping was first reached through: a second mapping of the same
    // name (a key written twice) would otherwise be joined instead of replacing the first.
    let mut reached: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (part, value) in parts.iter().zip(values) {
        let mut value = value?;
        let mut target = &mut root;
        let mut path = Vec::new();
        for depth in 0..part.headers.len() {
            let Value::Object(object) = value else {
                return None;
            };
            let (key, inner) = single(object)?;
            path.push(key.clone());
            let headers = &part.headers[..=depth];
            match reached.get(&path) {
                Some(first) if first != headers => return None,
                Some(_) => {}
                // A mapping of this name that no header made is a key written twice.
                None if target.contains_key(&key) => return None,
                None => {
                    reached.insert(path.clone(), headers.to_vec());
                }
            }
            let slot = target
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(next) = slot else {
                return None;
            };
            target = next;
            value = inner;
        }
        let Value::Object(entries) = value else {
            return None;
        };
        for (key, entry) in entries {
            if target.insert(key, entry).is_some() {
                return None;
            }
        }
    }
    Some(Value::Object(root))
}

/// The one entry of a mapping that holds one.
fn single(object: Map<String, Value>) -> Option<(String, Value)> {
    (object.len() == 1)
        .then(|| object.into_iter().next())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::whole;

    /// A spec shaped like a large real one, with what could mislead a cut: comments at the
    /// margin, block scalars whose lines look like keys, sequences at their key's indent,
    /// quoted and numeric keys, flow mappings, and keys in one mapping spread over parts.
    fn large_spec(paths: usize) -> String {
        let mut text = String::from(
            "# A comment at the top.\nopenapi: 3.0.3\ninfo:\n  title: Large\n  version: '1'\n  description: |\n    paths:\n      not: a key\n\n    # not a comment\ntags:\n- name: a\n- {name: b}\npaths:\n",
        );
        for n in 0..paths {
            text.push_str(&format!(
                "  /things/{n}:\n    get:\n      operationId: getThing{n}\n      description: >-\n        Gets thing {n}:\n        a folded line.\n      parameters:\n      - {{name: id, in: query, schema: {{type: string}}}}\n      responses:\n        200:\n          description: ok\n          content:\n            'application/json':\n              schema: {{$ref: '#/components/schemas/Thing{n}'}}\n# a comment at the margin, inside paths\n"
            ));
        }
        text.push_str("components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n  schemas:\n");
        for n in 0..paths {
            text.push_str(&format!(
                "    Thing{n}:\n      type: object\n      required:\n      - id\n      properties:\n        id: {{type: integer, example: {n}}}\n        \"quoted name\": {{type: string, description: \"a: colon\"}}\n"
            ));
        }
        text.push_str("x-trailer: true\n");
        text
    }

    #[test]
    fn a_large_document_read_in_parts_is_the_document_read_whole() {
        let text = large_spec(400);
        assert!(text.len() > SMALLEST);
        let parts = read_on(&text, 2, whole).expect("cut in parts");
        assert_eq!(parts, whole(&text).unwrap());
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            read_on(&crlf, 3, whole).expect("cut in parts"),
            whole(&crlf).unwrap()
        );
    }

    #[test]
    fn what_cannot_be_cut_with_certainty_is_read_whole() {
        let text = large_spec(400);
        // A key written twice: the second mapping replaces the first.
        let twice = format!("{text}{}", &text[text.find("paths:\n").unwrap()..]);
        assert_eq!(read_on(&twice, 2, whole), None);
        // An alias to an anchor in another part, a merge key, a document marker.
        let alias = text
            .replacen("  securitySchemes:\n", "  securitySchemes: &schemes\n", 1)
            .replacen("x-trailer: true", "x-trailer: *schemes", 1);
        assert!(whole(&alias).is_ok());
        assert_eq!(read_on(&alias, 2, whole), None);
        let merged = text.replacen("      type: object\n", "      <<: {type: object}\n", 1);
        assert_eq!(read_on(&merged, 2, whole), None);
        assert_eq!(read_on(&format!("---\n{text}"), 2, whole), None);
        // Small documents are not worth the threads.
        assert_eq!(read_on(&large_spec(3), 2, whole), None);
    }

    #[test]
    fn a_broken_part_leaves_the_error_to_the_whole_reading() {
        let text =
            large_spec(400).replacen("operationId: getThing200", "operationId: [getThing200", 1);
        assert_eq!(read_on(&text, 2, whole), None);
        assert!(whole(&text).is_err());
    }
}
