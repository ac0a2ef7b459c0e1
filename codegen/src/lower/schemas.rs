//! Schemas -> models and types. Component schemas keep their names; inline types are named
//! after their owner and property (`Pet` + `owner` -> `PetOwner`). Objects, enums and
//! compositions have modules of their own; this one dispatches and handles scalars.

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
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
            self.models.id(&name);
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
            let place = self.models.place();
            let (ty, doc) = match schema {
                ReferenceOr::Reference { reference } => (self.schema_ref(reference, &at)?, None),
                ReferenceOr::Item(schema) => {
                    let ty = self.lower_schema(schema, &at, &name, Some(&name))?;
                    let doc = self.describe_as(&schema.schema_data, &at, &ty);
                    (ty, doc)
                }
            };
            if ty == Type::Model(self.models.id(&name)) {
                if schema.as_item().is_none() {
                    return Err(self.error(&at, "the schema is a `$ref` to itself"));
                }
                continue;
            }
            let kind = ModelKind::Alias(ty);
            self.models.add(place, Model { name, doc, kind });
        }
        Ok(())
    }

    /// Records that the schema at `schema_at` cannot be expressed as a Rust type, because of
    /// what is at `cause_at`, and returns the type that stands for it: any JSON value.
    /// `why` says what was not understood, as a phrase.
    pub(super) fn degrade(&mut self, schema_at: &Pointer, cause_at: &Pointer, why: &str) -> Type {
        self.warn(
            cause_at,
            format!(
                "{why}: the schema becomes `serde_json::Value`, so the client neither types nor checks its values"
            ),
        );
        let note = if cause_at == schema_at {
            why.to_owned()
        } else {
            format!("{why}, at `{cause_at}`")
        };
        self.degraded.insert(schema_at.to_string(), note);
        Type::Any
    }

    /// Why the schema at `at` is any JSON value, for its doc, if it was degraded.
    pub(super) fn degraded_note(&self, at: &Pointer) -> Option<String> {
        self.degraded.get(&at.to_string()).map(|why| {
            format!(
                "Any JSON value: this client cannot express the schema at `{at}` as a Rust type ({why})."
            )
        })
    }

    /// A schema's description for a doc comment; empty descriptions count as none.
    pub(super) fn describe(&self, data: &openapiv3::SchemaData) -> Option<String> {
        data.description
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    }

    /// The doc of something of type `ty` described by the schema at `at`: its description,
    /// and why it is any JSON value if the schema was degraded.
    pub(super) fn describe_as(
        &self,
        data: &openapiv3::SchemaData,
        at: &Pointer,
        ty: &Type,
    ) -> Option<String> {
        let description = self.describe(data);
        let note = self.degraded_note(at).filter(|_| *ty == Type::Any);
        match (description, note) {
            (Some(text), Some(note)) => Some(format!("{text}\n\n{note}")),
            (text, None) => text,
            (None, note) => note,
        }
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

    /// The type a `$ref` names. One into a component schema or to a parameter's schema is
    /// followed; one to another file or elsewhere becomes any JSON value with a warning; one
    /// to a component that does not exist is an error.
    pub(super) fn schema_ref(&mut self, reference: &str, at: &Pointer) -> Result<Type, Diagnostic> {
        let Some(key) = component_name(reference, "schemas") else {
            if let Some((schema, place)) = self.pointed(reference, 0) {
                return self.pointed_type(schema, &place);
            }
            if reference.starts_with("#/components/schemas/") {
                return Err(self.error(at, format!("`$ref: {reference}` points to nothing")));
            }
            let why = format!(
                "`$ref: {reference}`, which leads outside #/components/schemas (to another file, or elsewhere in this one) and is not followed"
            );
            return Ok(self.degrade(at, at, &why));
        };
        self.schema_names
            .get(key.as_str())
            .and_then(|name| self.models.named(name))
            .map(Type::Model)
            .ok_or_else(|| self.error(at, format!("`$ref: {reference}` points to nothing")))
    }

    /// The type of a schema written inside a component that a `$ref` points to: the one it
    /// was lowered to in place if it was, else lowered now, named after its place.
    fn pointed_type(&mut self, schema: &Schema, place: &Pointer) -> Result<Type, Diagnostic> {
        if let Some(ty) = self.lowered.get(&place.to_string()) {
            return Ok(ty.clone());
        }
        let hint: String = place
            .tokens()
            .skip(2)
            .filter(|token| !matches!(token.as_str(), "properties" | "allOf" | "oneOf" | "anyOf"))
            .map(|token| match token.as_str() {
                "items" => "Item".to_owned(),
                "additionalProperties" => "Value".to_owned(),
                other => type_name(other),
            })
            .collect();
        self.lower_schema(schema, place, &hint, None)
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
            let why = format!(
                "schemas nested more than {MAX_NESTING} deep (an `allOf` may include itself through an inline property)"
            );
            return Ok(self.degrade(at, at, &why));
        }
        let place = at.to_string();
        if self.lowering.contains(&place) {
            let why = "a schema written in place that includes itself through an `allOf`";
            return Ok(self.degrade(at, at, why));
        }
        self.lowering.push(place);
        self.depth += 1;
        let lowered = self.lower_schema_within(schema, at, hint, given);
        self.depth -= 1;
        // The place is written once, and kept for the `$ref`s that point into it.
        if let (Some(place), Ok(ty)) = (self.lowering.pop(), &lowered) {
            self.lowered.insert(place, ty.clone());
        }
        lowered
    }

    /// The work of [`lower_schema`](Self::lower_schema) inside its guards, so it takes the
    /// same inputs.
    fn lower_schema_within(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        if let Some(discriminator) = &schema.schema_data.discriminator {
            if let Some(ty) = self.tagged(schema, discriminator, at, hint, given)? {
                return Ok(ty);
            }
        }
        if let Some(ty) = self.composition(schema, at, hint, given)? {
            return Ok(ty);
        }
        if let Some(ty) = self.enumeration(schema, at, hint, given)? {
            return Ok(ty);
        }
        if let Some(shape) = object_shape(schema) {
            let name = self.model_name(given, hint);
            let place = self.models.place();
            let mut fields = self.fields(shape.properties(at), shape.required, &name)?;
            if let Some(additional) = self.additional_field(shape.additional, at, &name, &fields)? {
                fields.push(additional);
            }
            let doc = self.describe(&schema.schema_data);
            return Ok(self.push_struct(place, name, doc, fields));
        }
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
            SchemaKind::Type(SchemaType::Array(array)) => {
                self.array_type(array.items.as_ref(), at, hint)
            }
            // `not` only rules values out; what is left is any value.
            SchemaKind::Not { .. } => Ok(Type::Any),
            // `composition` has taken these already.
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Ok(Type::Any)
            }
            SchemaKind::Any(any) => self.untyped(any, at, hint),
        }
    }

    /// A schema that `openapiv3` could not read as one of its typed kinds: without `type`, or
    /// with keywords that do not belong to its `type`. The `type` decides; the other
    /// keywords are ignored.
    fn untyped(&mut self, any: &AnySchema, at: &Pointer, hint: &str) -> Result<Type, Diagnostic> {
        let format = any.format.as_deref();
        let ty = match any.typ.as_deref() {
            None if any.items.is_some() => return self.array_type(any.items.as_ref(), at, hint),
            None if any.additional_properties.is_some() => {
                return self.map_type(any.additional_properties.as_ref(), at, hint);
            }
            None | Some("null") => Type::Any,
            Some("object") => return self.map_type(any.additional_properties.as_ref(), at, hint),
            Some("array") => return self.array_type(any.items.as_ref(), at, hint),
            Some("string") => match format {
                Some("password") => Type::Secret,
                Some("binary") => Type::File,
                _ => Type::String,
            },
            Some("integer") if format == Some("int32") => Type::I32,
            Some("integer") => Type::I64,
            Some("number") if format == Some("float") => Type::F32,
            Some("number") => Type::F64,
            Some("boolean") => Type::Bool,
            Some(other) => {
                let why = format!(
                    "`type: {other}`, which is not one of string, number, integer, boolean, array, object"
                );
                return Ok(self.degrade(at, &at.join("type"), &why));
            }
        };
        Ok(ty)
    }

    /// `Vec` of the `items` type; of any JSON value without `items`.
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        let item = match items {
            Some(ReferenceOr::Reference { reference }) => {
                self.schema_ref(reference, &at.join("items"))?
            }
            Some(ReferenceOr::Item(items)) => {
                self.lower_schema(items, &at.join("items"), &format!("{hint}Item"), None)?
            }
            None => Type::Any,
        };
        Ok(Type::Array(Box::new(item)))
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
    pub(super) fn literal(&mut self, value: &Value, ty: &Type, at: &Pointer) -> Option<Literal> {
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
            ) => return None,
            _ => {
                self.warn(
                    at,
                    format!(
                        "the default `{value}` does not fit the property's type and is ignored: `new` does not fill it in"
                    ),
                );
                return None;
            }
        };
        Some(literal)
    }
}
