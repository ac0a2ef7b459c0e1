//! Finds where in the spec text a JSON pointer's node is written, so that errors found after
//! parsing (when the parsers no longer know positions) still name a line and column.

mod json;
mod yaml;

use std::cell::OnceCell;

use crate::diagnostic::Pointer;

/// One-based line and column of the node `pointer` names in `text` (JSON when it starts with
/// `{`, YAML otherwise), or of the deepest ancestor that could be found; `None` when not even
/// the first token is found.
pub fn locate(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    Locator::new(text).locate(pointer)
}

/// [`locate`] for many pointers into one text: YAML text is split into lines once, not once
/// per pointer (a large spec with many warnings spent more time here than parsing it).
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    json: bool,
    lines: OnceCell<Vec<yaml::Line<'t>>>,
}

impl<'t> Locator<'t> {
    /// A locator over `text`; nothing is read until the first [`Locator::locate`].
    pub fn new(text: &'t str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self {
            text,
            json: text.trim_start().starts_with('{'),
            lines: OnceCell::new(),
        }
    }

    /// As [`locate`].
    pub fn locate(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        let yaml = || yaml::locate_in(self.lines.get_or_init(|| yaml::lines(self.text)), pointer);
        if self.json {
            // A YAML flow mapping also starts with `{`; the JSON scan finds nothing in one.
            json::locate(self.text, pointer).or_else(yaml)
        } else {
            yaml()
        }
    }
}
