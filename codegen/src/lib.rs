//! Spec text -> the files of a typed Rust client crate.
//!
//! The pipeline runs in one direction: [`load`] parses YAML into a document, [`prepare`]
//! adapts it (overlays, secrets, a choice of operations), [`load::read`] reads it into
//! `openapiv3` types, [`lower`] turns those into our own [`ir`], [`emit`] turns the IR into
//! files (and [`surface`] into the public-API listing that [`report`] compares), and
//! [`mod@write`] puts them on disk (or reports how the disk differs).

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod origin;
pub mod overlay;
mod parallel;
pub mod prepare;
pub mod report;
pub mod secrets;
pub mod select;
pub mod surface;
pub mod write;

use std::fmt;

pub use diagnostic::Diagnostic;
pub use emit::{CrateSettings, GeneratedFile};
pub use prepare::{Adaptation, Source};
pub use select::Selection;
pub use surface::Surface;

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
    /// The crate's public API, also written to [`surface::FILE`].
    pub surface: Surface,
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
    generate_adapted(
        &Source::new(spec_name, spec_text),
        &Adaptation::default(),
        settings,
    )
}

/// Generates a client crate from `spec` as `adaptation` changes it (overlays, secrets, a
/// choice of operations). Errors and warnings name the file and line where the offending
/// node is written, in the spec or in the overlay that wrote it.
pub fn generate_adapted(
    spec: &Source,
    adaptation: &Adaptation,
    settings: &CrateSettings,
) -> Result<Generation, Diagnostic> {
    let mut prepared = prepare::prepare(spec, adaptation)?;
    let document = std::mem::take(&mut prepared.document);
    let located = |diagnostic| prepared.locate(diagnostic);
    let mut warnings = Vec::new();
    let openapi = load::read(document, &spec.name, &mut warnings).map_err(located)?;
    let api = lower::lower(&openapi, &spec.name, &mut warnings).map_err(located)?;
    // Emitting is where memory peaks; the spec's own types are no longer needed.
    drop(openapi);
    // Placing the warnings in the spec and listing the public API need only the IR: they run
    // on a thread of their own beside emitting instead of after it.
    let (mut files, (warnings, surface)) = std::thread::scope(|scope| {
        let api = &api;
        let aside = scope.spawn(move || {
            let warnings: Vec<Diagnostic> = warnings
                .into_iter()
                .map(|warning| prepared.locate(warning))
                .collect();
            (warnings, Surface::of(api))
        });
        let files = emit::emit(api, settings);
        match aside.join() {
            Ok(aside) => (files, aside),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    files.push(GeneratedFile {
        path: surface::FILE.to_owned(),
        contents: surface.render(&format!(
            "{} by `{}`; do not edit by hand.\n\
             The public API of {}, one item per line; `{}` reports how it changes.",
            emit::GENERATED_MARKER,
            settings.regenerate_command,
            settings.name,
            settings.regenerate_command,
        )),
    });
    let summary = Summary {
        operations: api.operations.len(),
        models: api.models.len(),
        warnings: warnings.len(),
    };
    Ok(Generation {
        files,
        warnings,
        summary,
        surface,
    })
}
