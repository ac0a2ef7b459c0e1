//! Spec text -> the files of a typed Rust client crate.
//!
//! The pipeline runs in one direction: [`load`] reads YAML into `openapiv3` types,
//! [`lower`] turns those into our own [`ir`], [`emit`] turns the IR into files, and
//! [`mod@write`] puts them on disk (or reports how the disk differs).

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod workspace;
pub mod write;

use std::fmt;

pub use diagnostic::Diagnostic;
pub use emit::{CrateSettings, GeneratedFile};

/// The outcome of a generation: the crate's files, and what was tolerated or left out on the
/// way.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Every file of the crate.
    pub files: Vec<GeneratedFile>,
    /// Parts of the spec that were ignored, degraded or left out, each with its place.
    pub warnings: Vec<Diagnostic>,
    /// How much of the API the crate holds.
    pub summary: Summary,
}

/// Counts that close a run: `74 operations, 196 models, 3 warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Operations generated.
    pub operations: usize,
    /// Named types generated (structs, enums, aliases).
    pub models: usize,
    /// Warnings reported.
    pub warnings: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{}, {}, {}",
            plural(self.operations, "operation"),
            plural(self.models, "model"),
            plural(self.warnings, "warning")
        )
    }
}

/// Generates every file of a client crate from the text of an OpenAPI spec. `spec_name`
/// names the spec in errors and warnings. Nothing touches the disk.
pub fn generate(
    spec_text: &str,
    spec_name: &str,
    settings: &CrateSettings,
) -> Result<Generation, Diagnostic> {
    let located = |mut diagnostic: Diagnostic| {
        if diagnostic.line_column.is_none() {
            let pointer = diagnostic
                .pointer
                .as_deref()
                .and_then(diagnostic::Pointer::from_ref);
            diagnostic.line_column =
                pointer.and_then(|pointer| locate::locate(spec_text, &pointer));
        }
        diagnostic
    };
    let mut warnings = Vec::new();
    let spec = load::load(spec_text, spec_name, &mut warnings).map_err(located)?;
    let api = lower::lower(&spec, spec_name, &mut warnings).map_err(located)?;
    let files = emit::emit(&api, settings);
    let warnings: Vec<Diagnostic> = warnings.into_iter().map(located).collect();
    let summary = Summary {
        operations: api.operations.len(),
        models: api.models.len(),
        warnings: warnings.len(),
    };
    Ok(Generation {
        files,
        warnings,
        summary,
    })
}
