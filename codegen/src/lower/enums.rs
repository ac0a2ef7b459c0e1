//! String enums -> Rust enums with a catch-all variant. Variant names come from
//! `x-enum-varnames` where given, else from the values; clashes get numbered in spec order.

use openapiv3::{Schema, SchemaKind, Type as SchemaType};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{EnumValue, Model, ModelKind, Type};
use crate::naming::{Namespace, variant_name};

/// The catch-all variant's name, so no listed value may take it.
pub const CATCH_ALL: &str = "Other";

impl Lowerer<'_> {
    /// A string enum, if the schema is one. Integer and number enums stay plain numbers.
    pub(super) fn string_enum(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        let values: Vec<String> = match &schema.schema_kind {
            SchemaKind::Type(SchemaType::String(string)) => {
                string.enumeration.iter().flatten().cloned().collect()
            }
            SchemaKind::Any(any)
                if matches!(any.typ.as_deref(), None | Some("string"))
                    && !any.enumeration.is_empty()
                    && any
                        .enumeration
                        .iter()
                        .all(|value| value.is_string() || value.is_null()) =>
            {
                any.enumeration
                    .iter()
                    .filter_map(|value| value.as_str().map(str::to_owned))
                    .collect()
            }
            _ => return Ok(None),
        };
        if values.is_empty() {
            return Ok(None);
        }
        let varnames_at = at.join("x-enum-varnames");
        let varnames = match schema.schema_data.extensions.get("x-enum-varnames") {
            None => Vec::new(),
            Some(Value::Array(names)) if names.len() == values.len() => names
                .iter()
                .map(|name| name.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| self.error(&varnames_at, "`x-enum-varnames` must list strings"))?,
            Some(_) => {
                return Err(self.error(
                    &varnames_at,
                    format!(
                        "`x-enum-varnames` must be a list of {} names, one per `enum` value",
                        values.len()
                    ),
                ));
            }
        };
        let mut names = Namespace::with_reserved(&[CATCH_ALL]);
        let mut listed: Vec<EnumValue> = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            if listed.iter().any(|known| known.wire_value == value) {
                continue;
            }
            let raw = varnames.get(index).unwrap_or(&value);
            listed.push(EnumValue {
                rust_name: names.claim(variant_name(raw)),
                wire_value: value,
            });
        }
        let name = self.model_name(given, hint);
        self.models.push(Model {
            name: name.clone(),
            doc: schema.schema_data.description.clone(),
            kind: ModelKind::Enum(listed),
        });
        Ok(Some(Type::Model(name)))
    }
}
