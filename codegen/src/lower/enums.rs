//! String enums -> Rust enums with a catch-all variant. Variant names come from
//! `x-enum-varnames` where given, else from the values; clashes get numbered in spec order.

use openapiv3::{Schema, SchemaKind, Type as SchemaType};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{EnumValue, Model, ModelKind, Type};
use crate::naming::{Namespace, spelled, variant_name};

/// The catch-all variant's name, so no listed value may take it.
pub const CATCH_ALL: &str = "Other";

impl Lowerer<'_> {
    /// The type of a schema with an `enum`, if it has one: a Rust enum for strings (`null`
    /// among them only makes the value nullable), the plain type for numbers and booleans,
    /// any JSON value for `enum: [null]` and, with a warning, for values of mixed kinds.
    // Like every step of `lower_schema_within`, it takes that function's inputs as they are.
    pub(super) fn enumeration(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        let values = match self.enum_values(schema, at) {
            None => return Ok(None),
            Some(Err(ty)) => return Ok(Some(ty)),
            Some(Ok(values)) => values,
        };
        if values.is_empty() {
            // `enum: [null]`: the value is always `null`.
            return Ok(Some(Type::Any));
        }
        let listed = self.enum_variants(schema, at, values);
        let name = self.model_name(given, hint);
        let doc = self.describe(&schema.schema_data);
        let place = self.models.place();
        let model = Model {
            name,
            doc,
            kind: ModelKind::Enum(listed),
        };
        Ok(Some(self.models.add(place, model)))
    }

    /// The text of the values of a schema's `enum`, `null` left out; `Err` holds the type of
    /// values that are not text; `None` when the schema has no `enum` of values.
    fn enum_values(&mut self, schema: &Schema, at: &Pointer) -> Option<Result<Vec<String>, Type>> {
        match &schema.schema_kind {
            SchemaKind::Type(SchemaType::String(string)) if !string.enumeration.is_empty() => {
                Some(Ok(string.enumeration.iter().flatten().cloned().collect()))
            }
            // `type: string` with other values: they are sent as their text.
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("string")
                    && any
                        .enumeration
                        .iter()
                        .all(|value| !value.is_object() && !value.is_array()) =>
            {
                let values = any.enumeration.iter().filter(|value| !value.is_null());
                Some(Ok(values
                    .map(|value| match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect()))
            }
            SchemaKind::Any(any) if !any.enumeration.is_empty() && any.typ.is_none() => {
                Some(self.untyped_values(&any.enumeration, at))
            }
            _ => None,
        }
    }

    /// The values of an `enum` without a `type`: their text when all are strings, else the
    /// number or boolean type of them all; values of mixed kinds degrade.
    fn untyped_values(&mut self, values: &[Value], at: &Pointer) -> Result<Vec<String>, Type> {
        let listed: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if listed.iter().all(|value| value.is_string()) {
            Ok(listed
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect())
        } else if listed.iter().all(|value| value.is_i64() || value.is_u64()) {
            Err(Type::I64)
        } else if listed.iter().all(|value| value.is_number()) {
            Err(Type::F64)
        } else if listed.iter().all(|value| value.is_boolean()) {
            Err(Type::Bool)
        } else {
            let why = "an `enum` whose values are not all of one kind (string, number or boolean)";
            Err(self.degrade(at, &at.join("enum"), why))
        }
    }

    /// A variant per value, each value once, named from `x-enum-varnames` or the value.
    fn enum_variants(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        values: Vec<String>,
    ) -> Vec<EnumValue> {
        let varnames = self.varnames(schema, at, values.len());
        let mut names = Namespace::with_reserved(&[CATCH_ALL]);
        let mut listed: Vec<EnumValue> = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            if listed.iter().any(|known| known.wire_value == value) {
                continue;
            }
            let raw = match varnames.get(index) {
                Some(name) => name.clone(),
                None => spelled(&value),
            };
            listed.push(EnumValue {
                rust_name: names.claim(variant_name(&raw)),
                wire_value: value,
            });
        }
        listed
    }

    /// The `x-enum-varnames` of a string enum with `count` non-null values; none, with a
    /// warning, when they do not match the values one for one.
    fn varnames(&mut self, schema: &Schema, at: &Pointer, count: usize) -> Vec<String> {
        let varnames_at = at.join("x-enum-varnames");
        let names = match schema.schema_data.extensions.get("x-enum-varnames") {
            None => return Vec::new(),
            Some(Value::Array(names)) if names.len() == count => names
                .iter()
                .map(|name| name.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>(),
            Some(_) => None,
        };
        names.unwrap_or_else(|| {
            self.warn(
                &varnames_at,
                format!(
                    "`x-enum-varnames` is not a list of {count} names, one per `enum` value, and is ignored: the variants are named after the values"
                ),
            );
            Vec::new()
        })
    }
}
