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

pub use diagnostic::Diagnostic;
pub use emit::{CrateSettings, GeneratedFile};

/// Generates every file of a client crate from the text of an OpenAPI 3.0 spec. `spec_name`
/// names the spec in errors. Nothing touches the disk.
pub fn generate(
    spec_text: &str,
    spec_name: &str,
    settings: &CrateSettings,
) -> Result<Vec<GeneratedFile>, Diagnostic> {
    let located = |mut error: Diagnostic| {
        if error.line_column.is_none() {
            let pointer = error
                .pointer
                .as_deref()
                .and_then(diagnostic::Pointer::from_ref);
            error.line_column = pointer.and_then(|pointer| locate::locate(spec_text, &pointer));
        }
        error
    };
    let spec = load::load(spec_text, spec_name).map_err(located)?;
    let api = lower::lower(&spec, spec_name).map_err(located)?;
    Ok(emit::emit(&api, settings))
}
