//! Object schemas -> structs. An `allOf` is flattened: the properties of every part (followed
//! through `$ref`s and nested `allOf`s) become the fields of one struct.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as SchemaType};

use super::{Lowerer, MAX_REF_HOPS, component_name};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Field, Model, ModelKind, Type};
use crate::naming::{Namespace, snake_name, type_name};

/// The parts of an object schema that make a struct.
pub(super) struct ObjectShape<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
}

impl ObjectShape<'_> {
    /// The properties with the places they are written, under the schema at `at`.
    pub fn properties(&self, at: &Pointer) -> Vec<Property> {
        self.properties
            .iter()
            .map(|(name, schema)| Property {
                wire_name: name.clone(),
                schema: schema.clone(),
                at: at.join("properties").join(name),
            })
            .collect()
    }
}

/// One property of a struct-to-be.
pub(super) struct Property {
    pub wire_name: String,
    pub schema: ReferenceOr<Box<Schema>>,
    pub at: Pointer,
}

/// Properties and required names gathered from the parts of an `allOf`.
#[derive(Default)]
struct Gathered {
    properties: Vec<Property>,
    required: Vec<String>,
}

impl Lowerer<'_> {
    /// The fields of a struct named `owner`, in property order.
    pub(super) fn fields(
        &mut self,
        properties: Vec<Property>,
        required: &[String],
        owner: &str,
    ) -> Result<Vec<Field>, Diagnostic> {
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for Property {
            wire_name,
            schema,
            at,
        } in properties
        {
            let hint = format!("{owner}{}", type_name(&wire_name));
            let ty = self.schema_type(&schema, &at, &hint)?;
            self.check_unmarked_credential(&wire_name, &ty, &at);
            let data = schema.as_item().map(|schema| &schema.schema_data);
            let default = match data.and_then(|data| data.default.as_ref()) {
                Some(value) => self.literal(value, &ty, &at.join("default"))?,
                None => None,
            };
            fields.push(Field {
                rust_name: names.claim(snake_name(&wire_name)),
                doc: data.and_then(|data| data.description.clone()),
                ty,
                required: required.contains(&wire_name),
                nullable: data.is_some_and(|data| data.nullable),
                default,
                boxed: false,
                wire_name,
            });
        }
        Ok(fields)
    }

    /// Adds a struct at `slot`, before the inline types its fields made.
    pub(super) fn push_struct(
        &mut self,
        slot: usize,
        name: String,
        doc: Option<String>,
        fields: Vec<Field>,
    ) -> Type {
        let kind = ModelKind::Struct(fields);
        let model = Model {
            name: name.clone(),
            doc,
            kind,
        };
        self.models.insert(slot.min(self.models.len()), model);
        Type::Model(name)
    }

    /// A struct of named properties cannot also take arbitrary ones yet.
    pub(super) fn refuse_additional(
        &self,
        additional: &AdditionalProperties,
        at: &Pointer,
    ) -> Result<(), Diagnostic> {
        match additional {
            AdditionalProperties::Schema(_) | AdditionalProperties::Any(true) => Err(self
                .unsupported(
                    &at.join("additionalProperties"),
                    "an object with both `properties` and `additionalProperties`",
                )),
            AdditionalProperties::Any(false) => Ok(()),
        }
    }

    /// One struct from the parts of an `allOf` and the schema's own properties.
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        let own = object_shape(schema);
        let parts_at = at.join("allOf");
        // `allOf: [$ref]` only adds a description or `nullable` to another type, unless the
        // target is a discriminated base: then this is a variant with the base's fields.
        if let ([part], None) = (parts, &own) {
            let polymorphic = match part {
                ReferenceOr::Reference { reference } => self
                    .schema_target(reference, &parts_at.join(0))?
                    .0
                    .schema_data
                    .discriminator
                    .is_some(),
                ReferenceOr::Item(_) => false,
            };
            if !polymorphic {
                return self.schema_type(part, &parts_at.join(0), hint);
            }
        }
        let mut gathered = Gathered::default();
        for (index, part) in parts.iter().enumerate() {
            self.gather(part, &parts_at.join(index), &mut gathered, 0)?;
        }
        if let Some(own) = own {
            self.add_properties(&mut gathered, own.properties(at), own.required)?;
        }
        if gathered.properties.is_empty() {
            return Err(self.unsupported(&parts_at, "an `allOf` whose parts have no properties"));
        }
        let name = self.model_name(given, hint);
        let slot = self.models.len();
        let fields = self.fields(gathered.properties, &gathered.required, &name)?;
        Ok(self.push_struct(slot, name, schema.schema_data.description.clone(), fields))
    }

    fn gather(
        &self,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        gathered: &mut Gathered,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_REF_HOPS {
            return Err(self.error(at, "`allOf` parts lead in a cycle"));
        }
        let (schema, at) = match part {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => self.schema_target(reference, at)?,
        };
        let nested = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => any.all_of.as_slice(),
            _ => &[],
        };
        for (index, inner) in nested.iter().enumerate() {
            self.gather(inner, &at.join("allOf").join(index), gathered, depth + 1)?;
        }
        match object_shape(schema) {
            Some(shape) => self.add_properties(gathered, shape.properties(&at), shape.required),
            None if nested.is_empty() && !is_empty_object(schema) => {
                Err(self.unsupported(&at, "an `allOf` part that is not an object"))
            }
            None => Ok(()),
        }
    }

    /// Later parts may restate a property (to add a default or narrow an enum) but not
    /// change its type.
    fn add_properties(
        &self,
        gathered: &mut Gathered,
        properties: Vec<Property>,
        required: &[String],
    ) -> Result<(), Diagnostic> {
        for property in properties {
            match gathered
                .properties
                .iter_mut()
                .find(|known| known.wire_name == property.wire_name)
            {
                Some(known) if same_type(&known.schema, &property.schema) => {
                    known.schema = property.schema;
                }
                Some(known) => {
                    return Err(self.error(
                        &property.at,
                        format!(
                            "property `{}` has a different type here than at {}, an earlier `allOf` part",
                            property.wire_name, known.at
                        ),
                    ));
                }
                None => gathered.properties.push(property),
            }
        }
        gathered.required.extend(required.iter().cloned());
        Ok(())
    }

    /// The component schema a `$ref` leads to, through any chain of `$ref`s.
    pub(super) fn schema_target(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<(&Schema, Pointer), Diagnostic> {
        let mut reference = reference.to_owned();
        let mut at = at.clone();
        for _ in 0..MAX_REF_HOPS {
            let key = component_name(&reference, "schemas").ok_or_else(|| {
                self.error(
                    &at,
                    format!("`$ref: {reference}` must point to #/components/schemas/<name>"),
                )
            })?;
            let target = self
                .spec
                .components
                .as_ref()
                .and_then(|components| components.schemas.get(&key))
                .ok_or_else(|| self.error(&at, format!("`$ref: {reference}` points to nothing")))?;
            at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(&key);
            match target {
                ReferenceOr::Item(schema) => return Ok((schema, at)),
                ReferenceOr::Reference { reference: next } => reference = next.clone(),
            }
        }
        Err(self.error(&at, "`$ref`s lead in a cycle"))
    }
}

/// The properties of an object schema, written with `type: object` or without a `type`.
pub(super) fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    let shape = match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Object(object)) => ObjectShape {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        },
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("object")) => {
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

/// `type: object` or `{}` with nothing else that shapes a value.
fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Object(object)) => object.properties.is_empty(),
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), None | Some("object"))
                && any.properties.is_empty()
                && any.items.is_none()
                && any.enumeration.is_empty()
        }
        _ => false,
    }
}

/// Whether two statements of one property agree on its type; descriptions, defaults and
/// enum values may differ.
fn same_type(first: &ReferenceOr<Box<Schema>>, second: &ReferenceOr<Box<Schema>>) -> bool {
    match (first, second) {
        (ReferenceOr::Reference { reference: a }, ReferenceOr::Reference { reference: b }) => {
            a == b
        }
        (ReferenceOr::Item(a), ReferenceOr::Item(b)) => {
            a.schema_kind == b.schema_kind
                || scalar_kind(a).is_some_and(|kind| scalar_kind(b) == Some(kind))
        }
        _ => false,
    }
}

fn scalar_kind(schema: &Schema) -> Option<String> {
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return None;
    };
    match ty {
        SchemaType::String(string) => Some(format!("string {:?}", string.format)),
        SchemaType::Integer(integer) => Some(format!("integer {:?}", integer.format)),
        SchemaType::Number(number) => Some(format!("number {:?}", number.format)),
        SchemaType::Boolean(_) => Some("boolean".to_owned()),
        SchemaType::Object(_) | SchemaType::Array(_) => None,
    }
}
