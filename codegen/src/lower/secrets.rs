//! Which strings are credentials: `format: password`, or `x-secret: true` (which an overlay
//! or the `secrets` setting can add without editing the spec). A string property whose name
//! looks like a credential but is neither gets a warning, since `Debug` would show it.

use openapiv3::Schema;
use serde_json::Value;

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::ir::Type;
use crate::secrets::{EXTENSION, looks_like_credential};

/// Whether the schema carries `x-secret: true`.
pub(super) fn marked_secret(schema: &Schema) -> bool {
    schema.schema_data.extensions.get(EXTENSION) == Some(&Value::Bool(true))
}

impl Lowerer<'_> {
    /// Warns when the property `name` at `at`, of type `ty`, looks like a credential but is
    /// a plain `String`.
    pub(super) fn check_unmarked_credential(&mut self, name: &str, ty: &Type, at: &Pointer) {
        if *ty != Type::String || !looks_like_credential(name) {
            return;
        }
        let message = format!(
            "property `{name}` looks like a credential but is a plain string, so `Debug` output \
             and logs show its value; mark it with `format: password` or `x-secret: true` (an \
             overlay can add either) or list it under `secrets` in codegen.toml"
        );
        // allOf flattening may lower one property more than once; `warn` says it once.
        self.warn(at, message);
    }
}
