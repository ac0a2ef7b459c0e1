//! Doc lines -> `#[doc]` attributes. Going through tokens, `syn` and prettyplease line by
//! line made docs the largest part of formatting (every line a string literal escaped,
//! parsed, unescaped and printed), though prettyplease only writes each as `///` and the
//! line. So while a piece of a file is emitted for formatting ([`deferred`]), each block of
//! doc lines becomes one placeholder attribute, and [`expand`] writes the block's lines in
//! its place afterwards, as prettyplease would have written them.

use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Whether doc lines document the item that follows (`///`) or the enclosing one (`//!`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Outer,
    Inner,
}

thread_local! {
    /// The doc blocks of the piece being emitted on this thread, while [`deferred`] runs.
    static BLOCKS: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Starts a placeholder's text: a control character, which no doc line begins with (each
/// begins with a space or is empty), followed by the block's number.
const PLACEHOLDER: &str = "\u{1}doc";

/// Doc attributes for `lines`, each empty or starting with the space that follows `///`.
pub fn attributes(lines: Vec<String>, style: Style) -> TokenStream {
    // Lines prettyplease would not write as `///` comments go through it as they are.
    let plain = lines
        .iter()
        .all(|line| !line.contains('\n') && !line.starts_with('/'));
    let lines = if plain { defer(lines) } else { Err(lines) };
    let lines = match lines {
        Ok(placeholder) => vec![placeholder],
        Err(lines) => lines,
    };
    // Each attribute's tokens are moved into the result; `quote!` would copy them.
    let mut attrs = TokenStream::new();
    for line in &lines {
        let line = string_literal(line);
        attrs.extend(match style {
            Style::Outer => quote!(#[doc = #line]),
            Style::Inner => quote!(#![doc = #line]),
        });
    }
    attrs
}

/// The placeholder's text for `lines` when blocks are being collected, else the lines back.
fn defer(lines: Vec<String>) -> Result<String, Vec<String>> {
    BLOCKS.with_borrow_mut(|blocks| match blocks {
        Some(blocks) => {
            blocks.push(lines);
            Ok(format!("{PLACEHOLDER}{}", blocks.len() - 1))
        }
        None => Err(lines),
    })
}

/// Runs `make` with doc blocks collected as placeholders; returns what it made and the
/// blocks, for [`expand`].
pub fn deferred<T>(make: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    let outer = BLOCKS.replace(Some(Vec::new()));
    let made = make();
    let blocks = BLOCKS.replace(outer).unwrap_or_default();
    (made, blocks)
}

/// Formatted `text` with each placeholder line replaced by its block's lines, at the
/// placeholder's indent and with its `///` or `//!`, trailing spaces trimmed as
/// prettyplease trims them.
pub fn expand(text: String, blocks: &[Vec<String>]) -> String {
    if !text.contains(PLACEHOLDER) {
        return text;
    }
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let Some((prefix, block)) = placeholder(line)
            .and_then(|(prefix, index)| blocks.get(index).map(|block| (prefix, block)))
        else {
            out.push_str(line);
            continue;
        };
        for doc in block {
            out.push_str(prefix);
            out.push_str(doc.trim_end_matches(' '));
            out.push('\n');
        }
    }
    out
}

/// The indent and `///` or `//!` of a placeholder line, and its block's number.
fn placeholder(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let rest = trimmed
        .strip_prefix("///")
        .or_else(|| trimmed.strip_prefix("//!"))?;
    let index = rest.strip_prefix(PLACEHOLDER)?.trim_end().parse().ok()?;
    Some((&line[..indent + 3], index))
}

/// A string literal token. `Literal::string` escapes char by char; a line of printable
/// ASCII without quotes or backslashes needs no escape and is read as it is.
fn string_literal(text: &str) -> Literal {
    let plain = text
        .bytes()
        .all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\');
    if plain && let Ok(literal) = format!("\"{text}\"").parse() {
        return literal;
    }
    Literal::string(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_are_spelled_as_literal_string_spells_them() {
        for text in [
            "",
            " plain text, with 'quotes' and (parens) ~",
            "a \"quoted\" word",
            "back\\slash",
            "tab\there",
            "caf\u{e9} \u{1f600}",
            "nul\0 and \u{7f}",
        ] {
            assert_eq!(
                string_literal(text).to_string(),
                Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    /// Formats `tokens` as prettyplease does, through `syn`.
    fn pretty(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn expanded_placeholders_read_as_prettyplease_writes_the_lines() {
        let lines = || {
            vec![
                " A line with trailing spaces   ".to_owned(),
                String::new(),
                "   an indented \"quoted\" line, caf\u{e9}".to_owned(),
                " ```text".to_owned(),
            ]
        };
        let make = || {
            let module = attributes(lines(), Style::Inner);
            let item = attributes(lines(), Style::Outer);
            let field = attributes(lines(), Style::Outer);
            quote! {
                #module
                #item
                pub struct S {
                    #field
                    pub f: u8,
                }
            }
        };
        let direct = pretty(make());
        let (tokens, blocks) = deferred(make);
        assert_eq!(blocks.len(), 3);
        let formatted = pretty(tokens);
        assert!(formatted.contains(PLACEHOLDER));
        assert_eq!(expand(formatted, &blocks), direct);
    }

    #[test]
    fn outside_deferred_the_lines_are_attributes() {
        let tokens = attributes(vec![" one".to_owned(), " two".to_owned()], Style::Outer);
        assert_eq!(
            pretty(quote!(#tokens fn f() {})),
            "/// one\n/// two\nfn f() {}\n"
        );
    }
}
