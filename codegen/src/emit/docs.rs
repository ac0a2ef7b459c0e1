//! Doc comments. Spec prose is Markdown written for other renderers; before it becomes a
//! doc comment it is made safe for `#![deny(missing_docs)]`, clippy and rustdoc with
//! `-D warnings`: code blocks become `text` blocks (no doc tests) and are always closed,
//! list continuations are indented (no lazy continuation), tabs become spaces, and outside
//! code spans `[`/`]` that are not links are escaped (no broken intra-doc links), `<` is
//! escaped unless it opens an autolink (no invalid HTML tags) and bare URLs get `<>`.

use std::borrow::Cow;

use proc_macro2::TokenStream;

use super::doc_attrs::{Style, attributes};

/// `///` lines for a description.
pub fn doc(text: &str) -> TokenStream {
    attributes(doc_lines(text.trim()), Style::Outer)
}

/// `///` lines for a description, or for `fallback` when the spec gives none or only
/// blank text.
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    let lines = text
        .map(|text| doc_lines(text.trim()))
        .filter(|lines| !lines.is_empty());
    attributes(
        lines.unwrap_or_else(|| doc_lines(fallback.trim())),
        Style::Outer,
    )
}

/// Inner `//!` lines.
pub fn inner_doc(text: &str) -> TokenStream {
    attributes(doc_lines(text), Style::Inner)
}

/// `///` lines for text this generator wrote itself, such as a doc example: kept as is.
pub fn doc_verbatim(text: &str) -> TokenStream {
    let lines = text
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    attributes(lines, Style::Outer)
}

/// Doc lines from Markdown, each non-empty one with the space that follows `///`; empty when
/// the text holds nothing but blank lines.
pub fn doc_lines(text: &str) -> Vec<String> {
    // Most text has no other line breaks and no tabs: it is read without copying.
    let breaks = ['\r', '\u{b}', '\u{c}'];
    let text = if text.contains(breaks) {
        Cow::Owned(text.replace("\r\n", "\n").replace(breaks, "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let mut lines = DocLines::default();
    for raw in text.lines() {
        if raw.contains('\t') {
            lines.push(&raw.replace('\t', "    "));
        } else {
            lines.push(raw);
        }
    }
    lines.finish()
}

/// What [`doc_lines`] knows of the text read so far, and the lines it made of it.
#[derive(Default)]
struct DocLines {
    /// The marker (`` ``` `` or `~~~`) of the code block that is open.
    fence: Option<&'static str>,
    /// The content indent of the list item being continued.
    list: Option<usize>,
    /// Whether a blank line ended the list item's paragraph.
    blank_before: bool,
    /// Whether the last line was part of a quote.
    quoted: bool,
    out: Vec<String>,
}

impl DocLines {
    /// Takes one line of the text, its tabs already spaces.
    fn push(&mut self, raw: &str) {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        if let Some(open) = self.fence {
            let closing =
                marker == Some(open) && trimmed.trim_matches(open.as_bytes()[0] as char).is_empty();
            self.code(line, indent, closing);
        } else if let Some(opening) = marker {
            self.fence = Some(opening);
            self.list = None;
            self.out
                .push(format!("{}```text", " ".repeat(indent.min(3))));
        } else if trimmed.is_empty() {
            self.out.push(String::new());
            self.blank_before = true;
            self.quoted = false;
        } else if trimmed.starts_with('>') {
            self.quoted = true;
            self.blank_before = false;
            self.list = None;
            self.out.push(escape(trimmed));
        } else {
            self.prose(trimmed, indent);
        }
    }

    /// A line inside a code block: kept as is, or the fence that closes it.
    fn code(&mut self, line: &str, indent: usize, closing: bool) {
        if closing {
            self.fence = None;
            self.out.push(format!("{}```", " ".repeat(indent.min(3))));
        } else {
            self.out.push(line.to_owned());
        }
    }

    /// A line of prose: a list item, a continuation of one, or a paragraph's line.
    fn prose(&mut self, trimmed: &str, indent: usize) {
        if self.quoted {
            // A line after a quote would continue it lazily; end the quote instead.
            self.out.push(String::new());
            self.quoted = false;
        }
        let content = escape(trimmed);
        let line = match list_marker(trimmed) {
            Some(width) => self.list_item(indent, width, content),
            None => self.continued(indent, content),
        };
        self.blank_before = false;
        self.out.push(line);
    }

    /// A list item, nested under the one before when indented as far as its content.
    fn list_item(&mut self, indent: usize, width: usize, content: String) -> String {
        let indent = if indent >= 4 { 0 } else { indent };
        let nested = self.list.is_some_and(|within| indent >= within);
        let indent = if nested {
            self.list.unwrap_or_default()
        } else {
            indent.min(3)
        };
        self.list = Some(indent + width);
        format!("{}{content}", " ".repeat(indent))
    }

    /// A line that continues the list item before (indented to its content), or else
    /// a paragraph's line, which ends the list.
    fn continued(&mut self, indent: usize, content: String) -> String {
        match self.list {
            Some(within) if !self.blank_before || indent >= within => {
                format!("{}{content}", " ".repeat(within))
            }
            _ => {
                self.list = None;
                content
            }
        }
    }

    /// The lines, a code block left open closed, without blank lines around them.
    fn finish(mut self) -> Vec<String> {
        if self.fence.is_some() {
            self.out.push("```".to_owned());
        }
        let mut out = self.out;
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        let start = out.iter().take_while(|line| line.is_empty()).count();
        out.drain(..start);
        out.into_iter()
            .map(|line| {
                if line.is_empty() {
                    line
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    }
}

/// The width of a list item's marker with its space (`- `, `12. `), if `line` starts one.
fn list_marker(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) || ["-", "*", "+"].contains(&line) {
        return Some(2);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// The bytes [`escape`] looks at: the starts of code spans, links, autolinks, escapes and
/// bare URLs, and the brackets and `<` it escapes. All ASCII, so runs between them are whole
/// characters.
const CAREFUL: &[u8] = b"`[]<\\h";

/// One line of prose outside code blocks: code spans and links kept as written, what
/// rustdoc would warn about escaped.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        // Text up to the next character that may need care is copied as one run.
        let plain = rest.bytes().position(|byte| CAREFUL.contains(&byte));
        let plain = plain.unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            at += plain;
            continue;
        }
        let kept = if rest.starts_with('`') {
            let run = rest.len() - rest.trim_start_matches('`').len();
            // An unmatched run is literal backticks.
            Some(closing_run(&rest[run..], run).map_or(run, |end| run + end + run))
        } else if rest.starts_with('[') {
            link(rest)
        } else if rest.starts_with('<') {
            autolink(rest)
        } else if let Some(escaped) = rest.strip_prefix('\\') {
            // An escape the author wrote stays one: `\[` must not become `\\[`.
            let next = escaped.chars().next().filter(char::is_ascii_punctuation);
            Some(1 + next.map_or(0, char::len_utf8))
        } else {
            None
        };
        if let Some(length) = kept {
            out.push_str(&rest[..length]);
            at += length;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        at += match c {
            '[' => {
                out.push_str("\\[");
                1
            }
            ']' => {
                out.push_str("\\]");
                1
            }
            '<' => {
                out.push_str("&lt;");
                1
            }
            'h' if rest.starts_with("http://") || rest.starts_with("https://") => {
                let length = url_length(rest);
                out.push('<');
                out.push_str(&rest[..length]);
                out.push('>');
                length
            }
            c => {
                out.push(c);
                c.len_utf8()
            }
        };
    }
    out
}

/// Where in `text` a run of exactly `run` backticks starts.
fn closing_run(text: &str, run: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let length = text[start..].len() - text[start..].trim_start_matches('`').len();
        if length == run {
            return Some(start);
        }
        at = start + length;
    }
    None
}

/// The length of a link kept as written: `[text](https://...)` (or `mailto:`, `#anchor`),
/// and the generator's own intra-doc links such as [`Error::Api`].
fn link(text: &str) -> Option<usize> {
    let close = text.find(']')?;
    let label = &text[1..close];
    if label.contains('[') {
        return None;
    }
    let code = label
        .strip_prefix('`')
        .and_then(|label| label.strip_suffix('`'));
    let after = &text[close + 1..];
    if let Some(target) = after.strip_prefix('(') {
        let end = target.find(')')?;
        let target = &target[..end];
        let external = ["http://", "https://", "mailto:", "#"]
            .iter()
            .any(|scheme| target.starts_with(scheme));
        // [`name`](crate::path) is how this generator links its own items.
        let kept = (external && !target.contains(char::is_whitespace))
            || (code.is_some() && rust_path(target));
        return kept.then_some(close + 2 + end + 1);
    }
    code.filter(|path| rust_path(path)).map(|_| close + 1)
}

/// Whether `text` reads as a Rust path such as `crate::Client` or `Error::Api`.
fn rust_path(text: &str) -> bool {
    !text.is_empty()
        && text.split("::").all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The length of `<https://...>` or `<mailto:...>`.
fn autolink(text: &str) -> Option<usize> {
    let inner = &text[1..];
    if !(inner.starts_with("http://")
        || inner.starts_with("https://")
        || inner.starts_with("mailto:"))
    {
        return None;
    }
    let end = inner.find('>')?;
    (!inner[..end].contains(|c: char| c.is_whitespace() || c == '<')).then_some(end + 2)
}

/// How much of `text` is a bare URL: up to a space or a delimiter, without trailing
/// punctuation or an unbalanced closing parenthesis.
fn url_length(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']'))
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count();
        let trimmed = if unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url.len();
        }
        url = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        doc_lines(text)
            .into_iter()
            .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
            .collect()
    }

    fn joined(text: &str) -> String {
        doc_lines(text).join("\n")
    }

    #[test]
    fn blank_text_gives_no_lines_and_falls_back() {
        assert!(doc_lines("").is_empty());
        assert!(doc_lines(" \n\t\n  ").is_empty());
        assert_eq!(
            doc_or(Some("  "), "Fallback.").to_string(),
            doc("Fallback.").to_string()
        );
        assert_eq!(
            doc_or(None, "Fallback.").to_string(),
            doc("Fallback.").to_string()
        );
        assert_eq!(
            doc_or(Some("Own."), "Fallback.").to_string(),
            doc("Own.").to_string()
        );
    }

    #[test]
    fn code_blocks_become_closed_text_blocks() {
        assert_eq!(
            lines("```json\n{\"a\": 1}\n```"),
            ["```text", "{\"a\": 1}", "```"]
        );
        assert_eq!(
            lines("Call:\n```\nfoo()"),
            ["Call:", "```text", "foo()", "```"]
        );
        assert_eq!(lines("```"), ["```text", "```"]);
        // Inside a block nothing is escaped.
        assert_eq!(lines("~~~\n[a] <b>\n~~~"), ["```text", "[a] <b>", "```"]);
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            joined("See [the docs](https://example.test/a_(b))."),
            " See [the docs](https://example.test/a_(b))."
        );
        assert_eq!(
            joined("Values [1, 2] or [foo] or [x][y]"),
            r" Values \[1, 2\] or \[foo\] or \[x\]\[y\]"
        );
        assert_eq!(joined("[local](Foo)"), r" \[local\](Foo)");
        assert_eq!(joined("Already \\[escaped\\]"), r" Already \[escaped\]");
        assert_eq!(
            joined("Fails with [`Error::Api`]."),
            " Fails with [`Error::Api`]."
        );
        assert_eq!(
            joined("[`x`](crate::X::x) [y](crate::Y)"),
            r" [`x`](crate::X::x) \[y\](crate::Y)"
        );
        assert_eq!(joined("Set [`a-b`]"), r" Set \[`a-b`\]");
        assert_eq!(joined("`[kept]` and `<kept>`"), " `[kept]` and `<kept>`");
    }

    #[test]
    fn html_and_bare_urls_are_made_harmless() {
        assert_eq!(
            joined("A <b>bold</b> List<String> <!-- c"),
            " A &lt;b>bold&lt;/b> List&lt;String> &lt;!-- c"
        );
        assert_eq!(
            joined("Go to https://example.test/x."),
            " Go to <https://example.test/x>."
        );
        assert_eq!(joined("(see http://a.test/b)"), " (see <http://a.test/b>)");
        assert_eq!(joined("<https://a.test> kept"), " <https://a.test> kept");
        assert_eq!(
            joined("Odd ` backtick https://a.test"),
            " Odd ` backtick <https://a.test>"
        );
        assert_eq!(joined("*/ closes nothing"), " */ closes nothing");
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            lines("Kinds:\n- one\ncontinues\n- two\n      deep\n\nAfter."),
            [
                "Kinds:",
                "- one",
                "  continues",
                "- two",
                "  deep",
                "",
                "After."
            ]
        );
        assert_eq!(
            lines("1. first\nmore\n10. tenth\nmore"),
            ["1. first", "   more", "10. tenth", "    more"]
        );
        assert_eq!(
            lines("- a\n  - nested\n  text"),
            ["- a", "  - nested", "    text"]
        );
        assert_eq!(
            lines("> quoted\nnot quoted"),
            ["> quoted", "", "not quoted"]
        );
    }

    #[test]
    fn tabs_and_carriage_returns_are_normalised() {
        assert_eq!(lines("a\r\n\tb\rc"), ["a", "b", "c"]);
        assert_eq!(lines("```\n\tx\n```"), ["```text", "    x", "```"]);
    }
}
