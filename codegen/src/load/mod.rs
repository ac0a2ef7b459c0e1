//! Spec text -> `openapiv3::OpenAPI`, in two steps: [`parse`] reads YAML or JSON text into a
//! JSON document, and [`read`] brings that document into the OpenAPI 3.0 shape `openapiv3`
//! reads (3.1 forms rewritten, harmless misfits dropped, unreadable parts degraded), with a
//! warning for each thing that is lost. Knows nothing of Rust.

mod degrade;
mod document;
mod fit;
mod normalise;
mod parse;
mod spread;
mod walk;
mod yaml;
mod yaml_parts;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::locate::locate;

pub use document::REUSED_PATH_ITEM;
pub use parse::parse;

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `3.0.x`.
    V3_0,
    /// `3.1.x`, read by rewriting it into the 3.0 shape.
    V3_1,
}

/// Parses and reads a spec. `file` names it in errors; what is tolerated is added to
/// `warnings`.
pub fn load(text: &str, file: &str, warnings: &mut Vec<Diagnostic>) -> Result<OpenAPI, Diagnostic> {
    let document = parse(text, file)?;
    read(document, file, warnings).map_err(|mut error| {
        if error.line_column.is_none() {
            error.line_column = error.pointer.as_ref().and_then(|at| locate(text, at));
        }
        error
    })
}

/// Reads a parsed document as OpenAPI: checks its version, rewrites 3.1 forms into 3.0 ones,
/// drops keywords that do not fit their schema, and degrades parts `openapiv3` cannot read.
/// Errors and warnings carry pointers but no line and column (the document has none).
pub fn read(
    mut document: Value,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<OpenAPI, Diagnostic> {
    let mut notes = Warnings {
        file,
        list: warnings,
    };
    let version = document::check(&mut document, &mut notes)?;
    let rewrite = |schema: &mut Value, at: &Pointer, found: &mut Vec<Diagnostic>| {
        let mut notes = Warnings { file, list: found };
        if let Some(object) = normalise::schema(schema, at, version, &mut notes) {
            fit::schema(object, at, &mut notes);
        }
    };
    let found = walk::schemas_spread(&mut document, crate::parallel::workers(), &rewrite);
    notes.list.extend(found);
    degrade::deserialize(document, &mut notes)
}

/// Where load-time warnings go, each at a pointer into `file`.
struct Warnings<'w> {
    file: &'w str,
    list: &'w mut Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn add(&mut self, at: &Pointer, message: impl Into<String>) {
        self.list.push(Diagnostic::at(self.file, at, message));
    }
}

#[cfg(test)]
mod tests;
