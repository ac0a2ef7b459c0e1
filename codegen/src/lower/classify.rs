//! Questions about a schema's shape that decide how a composition lowers: whether a part
//! only constrains or annotates, whether it only admits `null`, whether it is an object, and
//! whether a value may be `null` at all (following `$ref`s and the `allOf` idioms).

use std::borrow::Borrow;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as SchemaType};
use serde_json::Value;

use super::objects::object_shape;
use super::{Lowerer, MAX_REF_HOPS};

/// A schema without a type of its own: only annotations (`description`, `nullable`,
/// `default`) and constraints (`maxLength`, `required`, `format`, `not`). Beside a typed
/// schema in an `allOf` it narrows that type without changing it.
pub(super) fn is_modifier(schema: &Schema) -> bool {
    if schema.schema_data.discriminator.is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && !matches!(
                    any.additional_properties,
                    Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
                )
        }
        SchemaKind::Not { .. } => true,
        SchemaKind::AllOf { all_of } => all_of.is_empty(),
        SchemaKind::OneOf { one_of } => one_of.is_empty(),
        SchemaKind::AnyOf { any_of } => any_of.is_empty(),
        SchemaKind::Type(_) => false,
    }
}

/// A schema that admits only `null`: `type: 'null'` or `enum: [null]`.
pub(super) fn is_null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (!any.enumeration.is_empty() && any.enumeration.iter().all(Value::is_null))
        }
        SchemaKind::Type(SchemaType::String(string)) => all_null(&string.enumeration),
        SchemaKind::Type(SchemaType::Integer(integer)) => all_null(&integer.enumeration),
        SchemaKind::Type(SchemaType::Number(number)) => all_null(&number.enumeration),
        SchemaKind::Type(SchemaType::Boolean(boolean)) => all_null(&boolean.enumeration),
        _ => false,
    }
}

/// Whether a typed `enum` lists values and all of them are `null`.
fn all_null<T>(values: &[Option<T>]) -> bool {
    !values.is_empty() && values.iter().all(Option::is_none)
}

/// Whether the schema's own `enum` lists `null`.
fn lists_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => any.enumeration.iter().any(Value::is_null),
        SchemaKind::Type(SchemaType::String(string)) => string.enumeration.contains(&None),
        SchemaKind::Type(SchemaType::Integer(integer)) => integer.enumeration.contains(&None),
        SchemaKind::Type(SchemaType::Number(number)) => number.enumeration.contains(&None),
        SchemaKind::Type(SchemaType::Boolean(boolean)) => boolean.enumeration.contains(&None),
        _ => false,
    }
}

/// The `oneOf`/`anyOf`/`allOf` lists of a schema, in that order.
pub(super) fn compositions(schema: &Schema) -> [&[ReferenceOr<Schema>]; 3] {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => [one_of, &[], &[]],
        SchemaKind::AnyOf { any_of } => [&[], any_of, &[]],
        SchemaKind::AllOf { all_of } => [&[], &[], all_of],
        SchemaKind::Any(any) => [&any.one_of, &any.any_of, &any.all_of],
        SchemaKind::Type(_) | SchemaKind::Not { .. } => [&[], &[], &[]],
    }
}

impl Lowerer<'_> {
    /// The schema a `$ref` leads to, or `None` where it leads nowhere (lowering reports
    /// that in its place).
    pub(super) fn followed<'s, S: Borrow<Schema>>(
        &'s self,
        schema: &'s ReferenceOr<S>,
    ) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.borrow()),
            ReferenceOr::Reference { reference } => self
                .schema_target(reference, &crate::diagnostic::Pointer::root())
                .ok()
                .map(|(schema, _)| schema),
        }
    }

    /// Whether a value of this schema may be `null`: `nullable: true`, `null` among its
    /// `enum` values, a `oneOf`/`anyOf` alternative that admits `null`, or an `allOf` part
    /// that says `nullable` (the common `allOf: [$ref, {nullable: true}]`); through `$ref`s.
    pub(super) fn nullable<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>) -> bool {
        self.nullable_within(schema, 0)
    }

    fn nullable_within<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>, depth: usize) -> bool {
        let Some(schema) = self.followed(schema) else {
            return false;
        };
        if schema.schema_data.nullable || is_null_only(schema) || lists_null(schema) {
            return true;
        }
        depth < MAX_REF_HOPS
            && compositions(schema)
                .into_iter()
                .flatten()
                .any(|part| self.nullable_within(part, depth + 1))
    }

    /// Whether values of this schema are JSON objects with named properties: an object
    /// schema, an `allOf` of such, or a `oneOf`/`anyOf`/discriminator over such.
    pub(super) fn object_like<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>) -> bool {
        self.object_like_within(schema, 0)
    }

    fn object_like_within<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>, depth: usize) -> bool {
        let Some(schema) = self.followed(schema) else {
            return false;
        };
        let open_map = match &schema.schema_kind {
            SchemaKind::Any(any) => {
                matches!(any.typ.as_deref(), None | Some("object"))
                    && matches!(
                        any.additional_properties,
                        Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
                    )
            }
            _ => false,
        };
        if open_map
            || object_shape(schema).is_some()
            || matches!(schema.schema_kind, SchemaKind::Type(SchemaType::Object(_)))
        {
            return true;
        }
        if depth >= MAX_REF_HOPS {
            // Parts that include each other; merging them reports the cycle.
            return true;
        }
        let [one_of, any_of, all_of] = compositions(schema);
        let typed: Vec<&ReferenceOr<Schema>> = one_of
            .iter()
            .chain(any_of)
            .chain(all_of)
            .filter(|part| {
                self.followed(*part)
                    .is_some_and(|part| !is_modifier(part) && !is_null_only(part))
            })
            .collect();
        !typed.is_empty()
            && typed
                .iter()
                .all(|part| self.object_like_within(*part, depth + 1))
    }
}
