//! Schemas -> models and types. Component schemas keep their names; inline types are named
//! after their owner and property (`Pet` + `owner` -> `PetOwner`). Objects, enums and
//! compositions have modules of their own; this one dispatches and handles scalars.

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type as SchemaType, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::objects::object_shape;
use super::{Lowerer, MAX_NESTING, component_name};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Literal, Model, ModelKind, Type};
use crate::naming::type_name;

impl<'a> Lowerer<'a> {
    /// Decides the Rust names of all component schemas before any is lowered, so that a
    /// component keeps its name whatever inline types appear before it.
    pub(super) fn name_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for key in components.schemas.keys() {
            let name = self.type_names.claim(type_name(key));
            self.schema_names.insert(key.as_str(), name);
        }
    }

    pub(super) fn lower_component_schemas(&mut self) -> Result<(), Diagnostic> {
        let Some(components) = &self.spec.components else {
            return Ok(());
        };
        let names = self.schema_names.clone();
        for ((key, schema), (_, name)) in components.schemas.iter().zip(names) {
            let at = Pointer::root().join("components").join("schemas").join(key);
            let slot = self.models.len();
            let (ty, doc) = match schema {
                ReferenceOr::Reference { reference } => (self.schema_ref(reference, &at)?, None),
                ReferenceOr::Item(schema) => {
                    let doc = schema.schema_data.description.clone();
                    (self.lower_schema(schema, &at, &name, Some(&name))?, doc)
                }
            };
            if ty == Type::Model(name.clone()) {
                if schema.as_item().is_none() {
                    return Err(self.error(&at, "the schema is a `$ref` to itself"));
                }
                continue;
            }
            let kind = ModelKind::Alias(ty);
            self.models.insert(slot, Model { name, doc, kind });
        }
        Ok(())
    }

    /// The type of a schema or schema reference. `hint` names an inline model.
    pub(super) fn schema_type<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.lower_schema(schema.borrow(), at, hint, None),
        }
    }

    pub(super) fn schema_ref(&self, reference: &str, at: &Pointer) -> Result<Type, Diagnostic> {
        let key = component_name(reference, "schemas").ok_or_else(|| {
            self.error(
                at,
                format!("`$ref: {reference}` must point to #/components/schemas/<name>"),
            )
        })?;
        self.schema_names
            .get(key.as_str())
            .map(|name| Type::Model(name.clone()))
            .ok_or_else(|| self.error(at, format!("`$ref: {reference}` points to nothing")))
    }

    /// The name of a model about to be made: `given` for a component schema, else a fresh
    /// name from `hint`.
    pub(super) fn model_name(&mut self, given: Option<&str>, hint: &str) -> String {
        match given {
            Some(name) => name.to_owned(),
            None => self.type_names.claim(type_name(hint)),
        }
    }

    /// Lowers a schema written in place. Models it needs are named `given` (a component's
    /// name) or after `hint`.
    pub(super) fn lower_schema(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        if self.depth >= MAX_NESTING {
            return Err(self.error(
                at,
                "schemas nest too deeply here; an `allOf` may include itself through an inline property",
            ));
        }
        self.depth += 1;
        let lowered = self.lower_schema_within(schema, at, hint, given);
        self.depth -= 1;
        lowered
    }

    fn lower_schema_within(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        if let Some(discriminator) = &schema.schema_data.discriminator {
            return self.tagged(schema, discriminator, at, hint, given);
        }
        if let Some(ty) = self.composition(schema, at, hint, given)? {
            return Ok(ty);
        }
        if let Some(ty) = self.string_enum(schema, at, hint, given)? {
            return Ok(ty);
        }
        if let Some(shape) = object_shape(schema) {
            if let Some(additional) = shape.additional {
                self.refuse_additional(additional, at)?;
            }
            let name = self.model_name(given, hint);
            let slot = self.models.len();
            let fields = self.fields(shape.properties(at), shape.required, &name)?;
            let doc = schema.schema_data.description.clone();
            return Ok(self.push_struct(slot, name, doc, fields));
        }
        let enum_at = at.join("enum");
        match &schema.schema_kind {
            SchemaKind::Type(SchemaType::String(string)) => Ok(match string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Type::Secret,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::File,
                _ if super::secrets::marked_secret(schema) => Type::Secret,
                _ => Type::String,
            }),
            SchemaKind::Type(SchemaType::Integer(integer)) => Ok(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                _ => Type::I64,
            }),
            SchemaKind::Type(SchemaType::Number(number)) => Ok(match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
                _ => Type::F64,
            }),
            SchemaKind::Type(SchemaType::Boolean(_)) => Ok(Type::Bool),
            SchemaKind::Type(SchemaType::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::Type(SchemaType::Array(array)) => match &array.items {
                Some(items) => {
                    let item =
                        self.schema_type(items, &at.join("items"), &format!("{hint}Item"))?;
                    Ok(Type::Array(Box::new(item)))
                }
                None => Ok(Type::Array(Box::new(Type::Any))),
            },
            SchemaKind::Not { .. } => Err(self.unsupported(&at.join("not"), "`not`")),
            // `composition` has taken these already.
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Ok(Type::Any)
            }
            SchemaKind::Any(any) => {
                if any.not.is_some() {
                    return Err(self.unsupported(&at.join("not"), "`not`"));
                }
                if let Some(typ) = &any.typ {
                    return Err(self.error(
                        &at.join("type"),
                        format!(
                            "`type: {typ}` does not fit the schema's other keywords, or is not one of \
                             string, number, integer, boolean, array, object"
                        ),
                    ));
                }
                if !any.enumeration.is_empty() {
                    return Err(self.unsupported(
                        &enum_at,
                        "an `enum` without a `type` whose values are not all strings",
                    ));
                }
                if let Some(items) = &any.items {
                    let item =
                        self.schema_type(items, &at.join("items"), &format!("{hint}Item"))?;
                    return Ok(Type::Array(Box::new(item)));
                }
                if any.additional_properties.is_some() {
                    return self.map_type(any.additional_properties.as_ref(), at, hint);
                }
                Ok(Type::Any)
            }
        }
    }

    /// An object without properties: a map from strings to the `additionalProperties` type.
    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.schema_type(
                schema.as_ref(),
                &at.join("additionalProperties"),
                &format!("{hint}Value"),
            )?,
            _ => Type::Any,
        };
        Ok(Type::Map(Box::new(value)))
    }

    /// A `default` as a literal of the property's type; `None` for composite types, whose
    /// defaults the generated code leaves to the server.
    pub(super) fn literal(
        &self,
        value: &Value,
        ty: &Type,
        at: &Pointer,
    ) -> Result<Option<Literal>, Diagnostic> {
        let literal = match (ty, value) {
            (Type::String | Type::Secret, Value::String(text)) => Literal::String(text.clone()),
            (Type::I64, Value::Number(number)) if number.is_i64() => {
                Literal::Integer(number.as_i64().unwrap_or_default())
            }
            (Type::I32, Value::Number(number))
                if number.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) =>
            {
                Literal::Integer(number.as_i64().unwrap_or_default())
            }
            (Type::F32 | Type::F64, Value::Number(number)) => {
                Literal::Number(number.as_f64().unwrap_or_default())
            }
            (Type::Bool, Value::Bool(flag)) => Literal::Bool(*flag),
            (
                Type::Model(_)
                | Type::Array(_)
                | Type::Map(_)
                | Type::Any
                | Type::Bytes
                | Type::File,
                _,
            ) => return Ok(None),
            _ => {
                return Err(self.error(
                    at,
                    format!("the default `{value}` does not fit the property's type"),
                ));
            }
        };
        Ok(Some(literal))
    }
}
