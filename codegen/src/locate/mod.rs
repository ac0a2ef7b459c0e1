//! Finds where in the spec text a JSON pointer's node is written, so that errors found after
//! parsing (when the parsers no longer know positions) still name a line and column.

mod json;
mod yaml;

use crate::diagnostic::Pointer;

/// One-based line and column of the node `pointer` names in `text` (JSON when it starts with
/// `{`, YAML otherwise), or of the deepest ancestor that could be found; `None` when not even
/// the first token is found.
pub fn locate(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        // A YAML flow mapping also starts with `{`; the JSON scan finds nothing in one.
        json::locate(text, pointer).or_else(|| yaml::locate(text, pointer))
    } else {
        yaml::locate(text, pointer)
    }
}
