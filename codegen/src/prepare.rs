//! The spec between parsing and reading: overlays applied in order, secrets named in the
//! settings marked, then only the chosen operations kept. Remembers which file each node
//! came from, so a later error names the line of the spec or of the overlay that wrote it.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::locate::{Locator, locate};
use crate::origin::Origins;
use crate::overlay::Overlay;
use crate::select::{self, Selection};
use crate::{load, secrets};

/// A text file a generation reads, with the name errors give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The name, as the user gave it (a path relative to where they work).
    pub name: String,
    /// The contents.
    pub text: String,
}

impl Source {
    /// A file named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// How the upstream spec is adapted before generating, without editing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adaptation {
    /// Overlay documents, applied in order.
    pub overlays: Vec<Source>,
    /// Properties to treat as secrets, as `Schema.property`.
    pub secrets: Vec<String>,
    /// Which operations to generate; empty keeps all.
    pub selection: Selection,
}

/// The adapted document, and where its nodes came from.
#[derive(Debug)]
pub struct Prepared<'s> {
    /// The document to read.
    pub document: Value,
    spec: &'s Source,
    /// Lines of the spec, split once for all the diagnostics that need a place.
    spec_lines: Locator<'s>,
    overlays: Vec<Overlay>,
    origins: Origins,
}

/// Parses `spec` and adapts it.
pub fn prepare<'s>(spec: &'s Source, adaptation: &Adaptation) -> Result<Prepared<'s>, Diagnostic> {
    let mut document = load::parse(&spec.text, &spec.name).map_err(|mut diagnostic| {
        if diagnostic.line_column.is_none() {
            diagnostic.line_column =
                (diagnostic.pointer.as_ref()).and_then(|pointer| locate(&spec.text, pointer));
        }
        diagnostic
    })?;
    let overlays = adaptation
        .overlays
        .iter()
        .map(|overlay| Overlay::parse(&overlay.text, &overlay.name))
        .collect::<Result<Vec<_>, _>>()?;
    let mut prepared = Prepared {
        document: Value::Null,
        spec,
        spec_lines: Locator::new(&spec.text),
        overlays,
        origins: Origins::new(),
    };
    for (index, overlay) in prepared.overlays.iter().enumerate() {
        overlay.apply(&mut document, &mut prepared.origins, index + 1)?;
    }
    secrets::mark(&mut document, &adaptation.secrets, &spec.name)?;
    select::select(&mut document, &adaptation.selection, &spec.name)?;
    prepared.document = document;
    Ok(prepared)
}

impl Prepared<'_> {
    /// Gives a diagnostic about the document the file and line where its node is written:
    /// the spec's, or an overlay's for a node that overlay wrote. Diagnostics that already
    /// have a line, or that are about another file, are left alone.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.line_column.is_some() || diagnostic.file != self.spec.name {
            return diagnostic;
        }
        let Some(pointer) = &diagnostic.pointer else {
            return diagnostic;
        };
        let tokens: Vec<String> = pointer.tokens().collect();
        let origin = self.origins.origin(&tokens);
        match origin
            .file
            .checked_sub(1)
            .and_then(|i| self.overlays.get(i))
        {
            Some(overlay) => {
                diagnostic.file = overlay.name.clone();
                diagnostic.line_column = locate(overlay.text(), &origin.pointer);
            }
            None => diagnostic.line_column = self.spec_lines.locate(&origin.pointer),
        }
        diagnostic
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::CrateSettings;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: a
          in: query
          schema: {type: string}
        - name: b
          in: query
          schema: {$ref: '#/components/schemas/Missing'}
      responses:
        '200': {description: ok}
";

    fn generate(overlay: &str) -> Result<crate::Generation, Diagnostic> {
        let adaptation = Adaptation {
            overlays: vec![Source::new("fix.yaml", overlay)],
            ..Adaptation::default()
        };
        let settings = CrateSettings::new("pets", "0.1.0", "cargo xtask codegen");
        crate::generate_adapted(&Source::new("spec.yaml", SPEC), &adaptation, &settings)
    }

    /// The error, or else the first warning: either way located by the same rule.
    fn first_diagnostic(overlay: &str) -> Diagnostic {
        match generate(overlay) {
            Err(error) => error,
            Ok(generation) => generation
                .warnings
                .into_iter()
                .next()
                .expect("the spec generates without a warning"),
        }
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn errors_in_the_spec_after_a_removal_point_at_the_spec_line() {
        let overlay =
            format!("{HEAD}  - target: $.paths['/pets'].get.parameters[0]\n    remove: true\n");
        let error = first_diagnostic(&overlay);
        // The broken parameter is item 0 now, but is written as item 1, its schema on line 13.
        assert_eq!(error.file, "spec.yaml");
        assert!(
            error
                .pointer
                .as_ref()
                .unwrap()
                .to_string()
                .contains("/parameters/0"),
            "{error}"
        );
        assert_eq!(error.line_column.map(|(line, _)| line), Some(13), "{error}");
    }

    #[test]
    fn errors_in_nodes_an_overlay_wrote_point_at_the_overlay_line() {
        let overlay = format!(
            "{HEAD}  - target: $.paths['/pets'].get.parameters[1]\n    remove: true\n  \
             - target: $.paths['/pets'].get.parameters\n    update:\n      name: c\n      in: query\n      \
             schema:\n        $ref: '#/components/schemas/Nope'\n"
        );
        let error = first_diagnostic(&overlay);
        assert_eq!(error.file, "fix.yaml", "{error}");
        assert_eq!(error.line_column, Some((10, 7)), "{error}");
    }

    #[test]
    fn the_spec_is_fine_once_an_overlay_removes_what_is_refused() {
        let overlay = format!(
            "{HEAD}  - target: $.paths['/pets'].get.parameters[?@.name == 'b']\n    remove: true\n"
        );
        let generation = generate(&overlay).unwrap();
        assert!(
            generation
                .surface
                .get(crate::surface::Kind::Parameter, "list_pets.a")
                .is_some()
        );
        assert!(
            generation
                .surface
                .get(crate::surface::Kind::Parameter, "list_pets.b")
                .is_none()
        );
    }
}
