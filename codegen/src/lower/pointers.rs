//! `$ref`s into the middle of a component schema (`#/components/schemas/Pet/properties/id`,
//! `#/components/schemas/Tag/allOf/0`) or to a parameter's schema: the schema written there, found by walking the
//! pointer through properties, items and compositions.

use openapiv3::{
    AdditionalProperties, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    Type as SchemaType,
};

use super::{Lowerer, MAX_REF_HOPS};
use crate::diagnostic::Pointer;

impl<'a> Lowerer<'a> {
    /// The schema a `#/components/schemas/...` pointer names, with the place it is written
    /// (after any `$ref`s met on the way); `None` if the pointer leads nowhere.
    pub(super) fn pointed(&self, reference: &str, hops: usize) -> Option<(&'a Schema, Pointer)> {
        if hops > MAX_REF_HOPS {
            return None;
        }
        let pointer = Pointer::from_ref(reference)?;
        let mut tokens = pointer.tokens();
        if tokens.next()? != "components" {
            return None;
        }
        let (mut schema, mut at) = self.component_start(&mut tokens, hops)?;
        while let Some(token) = tokens.next() {
            (schema, at) = self.pointed_step(schema, at, &token, &mut tokens, hops)?;
        }
        Some((schema, at))
    }

    /// Where a pointer after `#/components` starts: a component schema, or a component
    /// parameter's schema (`#/components/parameters/<name>/schema`).
    fn component_start(
        &self,
        tokens: &mut impl Iterator<Item = String>,
        hops: usize,
    ) -> Option<(&'a Schema, Pointer)> {
        let components = self.spec.components.as_ref()?;
        let section = tokens.next()?;
        let key = tokens.next()?;
        let start = Pointer::root().join("components").join(&section).join(&key);
        match section.as_str() {
            "schemas" => self.step_into(components.schemas.get(&key)?, start, hops),
            "parameters" => {
                let parameter = components.parameters.get(&key)?.as_item()?;
                if tokens.next()? != "schema" {
                    return None;
                }
                let ParameterSchemaOrContent::Schema(schema) =
                    &parameter.parameter_data_ref().format
                else {
                    return None;
                };
                self.step_into(schema, start.join("schema"), hops)
            }
            _ => None,
        }
    }

    /// One step of a pointer from `schema`, written at `at`: into a property, the items, the
    /// additional properties, or a part of a composition.
    fn pointed_step(
        &self,
        schema: &'a Schema,
        at: Pointer,
        token: &str,
        tokens: &mut impl Iterator<Item = String>,
        hops: usize,
    ) -> Option<(&'a Schema, Pointer)> {
        let here = at.join(token);
        match token {
            "properties" => {
                let name = tokens.next()?;
                let property = properties(schema)?.get(&name)?;
                self.step_into(property, here.join(&name), hops)
            }
            "items" => self.step_into(items(schema)?, here, hops),
            "additionalProperties" => match additional(schema)? {
                AdditionalProperties::Schema(inner) => self.step_into(inner, here, hops),
                AdditionalProperties::Any(_) => None,
            },
            "not" => self.step_into(not(schema)?, here, hops),
            "allOf" | "oneOf" | "anyOf" => {
                let [one_of, any_of, all_of] = super::classify::compositions(schema);
                let list = match token {
                    "allOf" => all_of,
                    "oneOf" => one_of,
                    _ => any_of,
                };
                let index = tokens.next()?;
                let part = list.get(index.parse::<usize>().ok()?)?;
                self.step_into(part, here.join(&index), hops)
            }
            _ => None,
        }
    }

    /// The schema an item is, following a `$ref` to wherever it leads.
    fn step_into<S: std::borrow::Borrow<Schema>>(
        &self,
        item: &'a ReferenceOr<S>,
        at: Pointer,
        hops: usize,
    ) -> Option<(&'a Schema, Pointer)> {
        match item {
            ReferenceOr::Item(schema) => Some((schema.borrow(), at)),
            ReferenceOr::Reference { reference } => self.pointed(reference, hops + 1),
        }
    }
}

fn properties(schema: &Schema) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) => Some(&any.properties),
        _ => None,
    }
}

fn items(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Array(array)) => array.items.as_ref(),
        SchemaKind::Any(any) => any.items.as_ref(),
        _ => None,
    }
}

fn additional(schema: &Schema) -> Option<&AdditionalProperties> {
    match &schema.schema_kind {
        SchemaKind::Type(SchemaType::Object(object)) => object.additional_properties.as_ref(),
        SchemaKind::Any(any) => any.additional_properties.as_ref(),
        _ => None,
    }
}

fn not(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::Not { not } => Some(not),
        SchemaKind::Any(any) => any.not.as_deref(),
        _ => None,
    }
}
