//! Schemas -> models and types. Component schemas keep their names; inline objects are named
//! after their owner and property (`Pet` + `owner` -> `PetOwner`).

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type as SchemaType, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{Lowerer, component_name};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Field, Literal, Model, ModelKind, Type};
use crate::naming::{Namespace, snake_name, type_name};

/// The parts of an object schema that make a struct.
struct ObjectShape<'s> {
    properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

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
                    let ty = match object_shape(schema) {
                        Some(shape) => self.object(shape, doc.clone(), &at, name.clone())?,
                        None => self.inline_type(schema, &at, &name)?,
                    };
                    (ty, doc)
                }
            };
            if ty != Type::Model(name.clone()) {
                let kind = ModelKind::Alias(ty);
                self.models.insert(slot, Model { name, doc, kind });
            }
        }
        Ok(())
    }

    /// The type of a schema or schema reference. `hint` names an inline object.
    pub(super) fn schema_type<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.inline_type(schema.borrow(), at, hint),
        }
    }

    fn schema_ref(&self, reference: &str, at: &Pointer) -> Result<Type, Diagnostic> {
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

    fn inline_type(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        if let Some(shape) = object_shape(schema) {
            let name = self.type_names.claim(type_name(hint));
            return self.object(shape, schema.schema_data.description.clone(), at, name);
        }
        let enum_at = at.join("enum");
        match &schema.schema_kind {
            SchemaKind::Type(SchemaType::String(string)) => {
                if !string.enumeration.is_empty() {
                    return Err(self.unsupported(&enum_at, "a string `enum`"));
                }
                Ok(match string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Type::Secret,
                    _ => Type::String,
                })
            }
            SchemaKind::Type(SchemaType::Integer(integer)) => {
                if !integer.enumeration.is_empty() {
                    return Err(self.unsupported(&enum_at, "an integer `enum`"));
                }
                Ok(match integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                    _ => Type::I64,
                })
            }
            SchemaKind::Type(SchemaType::Number(number)) => {
                if !number.enumeration.is_empty() {
                    return Err(self.unsupported(&enum_at, "a number `enum`"));
                }
                Ok(match number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
                    _ => Type::F64,
                })
            }
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
            SchemaKind::AllOf { .. } => Err(self.unsupported(&at.join("allOf"), "`allOf`")),
            SchemaKind::OneOf { .. } => Err(self.unsupported(&at.join("oneOf"), "`oneOf`")),
            SchemaKind::AnyOf { .. } => Err(self.unsupported(&at.join("anyOf"), "`anyOf`")),
            SchemaKind::Not { .. } => Err(self.unsupported(&at.join("not"), "`not`")),
            SchemaKind::Any(any) => {
                for (keyword, used) in [
                    ("allOf", !any.all_of.is_empty()),
                    ("oneOf", !any.one_of.is_empty()),
                    ("anyOf", !any.any_of.is_empty()),
                    ("not", any.not.is_some()),
                ] {
                    if used {
                        return Err(self.unsupported(&at.join(keyword), &format!("`{keyword}`")));
                    }
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
                    return Err(self.unsupported(&enum_at, "an `enum` without a `type`"));
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
                schema,
                &at.join("additionalProperties"),
                &format!("{hint}Value"),
            )?,
            _ => Type::Any,
        };
        Ok(Type::Map(Box::new(value)))
    }

    /// A struct named `name` from an object schema with properties.
    fn object(
        &mut self,
        shape: ObjectShape<'_>,
        doc: Option<String>,
        at: &Pointer,
        name: String,
    ) -> Result<Type, Diagnostic> {
        if matches!(
            shape.additional,
            Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
        ) {
            return Err(self.unsupported(
                &at.join("additionalProperties"),
                "an object with both `properties` and `additionalProperties`",
            ));
        }
        // Nested inline types follow their owner in the output.
        let slot = self.models.len();
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(shape.properties.len());
        for (wire_name, property) in shape.properties {
            let at = at.join("properties").join(wire_name);
            let ty = self.schema_type(property, &at, &format!("{name}{}", type_name(wire_name)))?;
            let data = property.as_item().map(|schema| &schema.schema_data);
            let default = match data.and_then(|data| data.default.as_ref()) {
                Some(value) => self.literal(value, &ty, &at.join("default"))?,
                None => None,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: field_names.claim(snake_name(wire_name)),
                doc: data.and_then(|data| data.description.clone()),
                ty,
                required: shape.required.contains(wire_name),
                nullable: data.is_some_and(|data| data.nullable),
                default,
            });
        }
        let kind = ModelKind::Struct(fields);
        self.models.insert(
            slot,
            Model {
                name: name.clone(),
                doc,
                kind,
            },
        );
        Ok(Type::Model(name))
    }

    /// A `default` as a literal of the property's type; `None` for composite types, whose
    /// defaults the generated code leaves to the server.
    fn literal(
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
            (Type::Model(_) | Type::Array(_) | Type::Map(_) | Type::Any, _) => return Ok(None),
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

/// The properties of an object schema, written with `type: object` or without a `type`.
fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    let shape = match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Object(object)) => ObjectShape {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        },
        SchemaKind::Any(any)
            if matches!(any.typ.as_deref(), None | Some("object"))
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            ObjectShape {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            }
        }
        _ => return None,
    };
    (!shape.properties.is_empty()).then_some(shape)
}
