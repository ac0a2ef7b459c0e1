//! Object schemas -> structs. An `allOf` is flattened: the properties of every part (followed
//! through `$ref`s and nested `allOf`s) become the fields of one struct.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type as SchemaType,
    VariantOrUnknownOrEmpty,
};

use super::classify::{compositions, is_modifier, is_null_only};
use super::models::ModelPlace;
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

/// What the parts of an `allOf` contribute to one struct.
#[derive(Default)]
struct Gathered<'s> {
    properties: Vec<Property>,
    required: Vec<String>,
    /// `oneOf`/`anyOf` lists of object alternatives, each to become a flattened enum field,
    /// with their keyword and place.
    alternatives: Vec<Alternatives<'s>>,
    /// Properties restated with another type: their index, and where the earlier
    /// statement is.
    conflicts: Vec<(usize, Pointer)>,
    /// The first `additionalProperties` that admits more, with the place of its schema.
    additional: Option<(&'s AdditionalProperties, Pointer)>,
}

impl<'s> Gathered<'s> {
    /// Keeps the first `additionalProperties` that admits more properties, with its place.
    fn admit_additional(&mut self, additional: Option<&'s AdditionalProperties>, at: Pointer) {
        if let (None, Some(additional)) = (&self.additional, additional) {
            if !matches!(additional, AdditionalProperties::Any(false)) {
                self.additional = Some((additional, at));
            }
        }
    }
}

/// A `oneOf` or `anyOf` list beside properties.
#[derive(Clone, Copy)]
pub(super) struct Alternatives<'s> {
    pub keyword: &'static str,
    pub list: &'s [ReferenceOr<Schema>],
}

/// A typed part of an `allOf`: as written, the schema it resolves to, and its place.
type TypedPart<'s> = (&'s ReferenceOr<Schema>, &'s Schema, Pointer);

/// Why an `allOf` cannot be one struct.
enum NotMergeable {
    Cycle(Pointer),
    NotObject(Pointer),
}

impl<'a> Lowerer<'a> {
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
                Some(value) => self.literal(value, &ty, &at.join("default")),
                None => None,
            };
            // A read-only property is absent from requests and a write-only one from
            // replies, so neither can be required in both directions.
            let one_way = data.is_some_and(|data| data.read_only || data.write_only);
            let doc = match described(&schema) {
                Some(data) => self.describe_as(data, &at, &ty),
                None => self.describe_as(&Default::default(), &at, &ty),
            };
            fields.push(Field {
                rust_name: names.claim(snake_name(&wire_name)),
                doc,
                required: required.contains(&wire_name) && !one_way,
                nullable: self.nullable(&schema),
                ty,
                default,
                boxed: false,
                flatten: false,
                wire_name,
            });
        }
        Ok(fields)
    }

    /// Adds a struct at `slot`, before the inline types its fields made.
    pub(super) fn push_struct(
        &mut self,
        place: ModelPlace,
        name: String,
        doc: Option<String>,
        fields: Vec<Field>,
    ) -> Type {
        let kind = ModelKind::Struct(fields);
        self.models.add(place, Model { name, doc, kind })
    }

    /// A map of the properties that `properties` does not name, flattened into the struct
    /// beside its fields; `None` without `additionalProperties` or with `false`.
    pub(super) fn additional_field(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &Pointer,
        owner: &str,
        fields: &[Field],
    ) -> Result<Option<Field>, Diagnostic> {
        let value = match additional {
            None | Some(AdditionalProperties::Any(false)) => return Ok(None),
            Some(AdditionalProperties::Any(true)) => Type::Any,
            Some(AdditionalProperties::Schema(schema)) => self.schema_type(
                schema.as_ref(),
                &at.join("additionalProperties"),
                &format!("{owner}Value"),
            )?,
        };
        Ok(Some(Field {
            wire_name: "additionalProperties".to_owned(),
            rust_name: free_name(fields, "additional_properties"),
            doc: Some("The properties not listed above, by name.".to_owned()),
            ty: Type::Map(Box::new(value)),
            required: false,
            nullable: false,
            default: None,
            boxed: false,
            flatten: true,
        }))
    }

    /// One struct from the parts of an `allOf` and the schema's own properties, with each
    /// `oneOf`/`anyOf` of objects beside them as a flattened enum field. Parts that only
    /// annotate (`{nullable: true}`, `{maxLength: 3}`) leave the type to the others, so
    /// `allOf: [$ref]` with such parts is the referenced type.
    pub(super) fn all_of<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        beside: Option<Alternatives<'s>>,
        schema: &'s Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic>
    where
        'a: 's,
    {
        let own = object_shape(schema);
        let typed = match self.typed_parts(parts, at)? {
            Ok(typed) => typed,
            Err(degraded) => return Ok(degraded),
        };
        let beside = beside.filter(|alternatives| self.has_typed(alternatives.list));
        if own.is_none() && beside.is_none() {
            if let Some(ty) = self.one_typed_part(&typed, hint, given)? {
                return Ok(ty);
            }
        }
        let gathered = match self.gather_all(&typed, own.as_ref(), beside, at) {
            Ok(gathered) => gathered,
            Err(degraded) => return Ok(degraded),
        };
        if gathered.properties.is_empty() && gathered.alternatives.is_empty() {
            return Ok(Type::Map(Box::new(Type::Any)));
        }
        let name = self.model_name(given, hint);
        self.merged_struct(name, gathered, own.as_ref(), &schema.schema_data, at)
    }

    /// The parts of an `allOf` that have a type, each with the schema it resolves to and its
    /// place; `Err` holds the degraded type for a part whose `$ref` is not followed.
    fn typed_parts<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Result<Result<Vec<TypedPart<'s>>, Type>, Diagnostic>
    where
        'a: 's,
    {
        let parts_at = at.join("allOf");
        let mut typed = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_at = parts_at.join(index);
            let resolved = match part {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    if component_name(reference, "schemas").is_none()
                        && self.pointed(reference, 0).is_none()
                    {
                        let why =
                            format!("an `allOf` part `$ref: {reference}`, which is not followed");
                        return Ok(Err(self.degrade(at, &part_at, &why)));
                    }
                    self.schema_target(reference, &part_at)?.0
                }
            };
            if !is_modifier(resolved) && !is_null_only(resolved) {
                typed.push((part, resolved, part_at));
            }
        }
        Ok(Ok(typed))
    }

    /// The type of an `allOf` without properties or alternatives beside it, when it has no
    /// typed part, one without a discriminator, or parts of one scalar type; `None` when its
    /// parts make a struct.
    fn one_typed_part(
        &mut self,
        typed: &[TypedPart<'_>],
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        match typed {
            [] => Ok(Some(Type::Any)),
            [(part, resolved, part_at)] if resolved.schema_data.discriminator.is_none() => {
                self.single(part, part_at, hint, given).map(Some)
            }
            [(first, _, first_at), ..]
                if typed.iter().all(|(_, resolved, _)| {
                    scalar_word(resolved).is_some()
                        && scalar_word(resolved) == scalar_word(typed[0].1)
                }) =>
            {
                self.single(first, first_at, hint, given).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// What the typed parts, the schema's own properties and the alternatives beside them
    /// contribute to one struct; `Err` holds the degraded type when they cannot be one.
    fn gather_all<'s>(
        &mut self,
        typed: &[TypedPart<'s>],
        own: Option<&ObjectShape<'s>>,
        beside: Option<Alternatives<'s>>,
        at: &Pointer,
    ) -> Result<Gathered<'s>, Type>
    where
        'a: 's,
    {
        if let Some((_, _, part_at)) = typed.iter().find(|(part, _, _)| !self.object_like(*part)) {
            let why = if typed.iter().any(|(part, _, _)| self.object_like(*part)) {
                "an `allOf` part that is not an object, beside parts that are"
            } else {
                "an `allOf` whose parts are of different types"
            };
            return Err(self.degrade(at, part_at, why));
        }
        let mut gathered = Gathered::default();
        for (part, _, part_at) in typed {
            if let Err(reason) = self.gather(part, part_at, &mut gathered, 0) {
                let (place, why) = match reason {
                    NotMergeable::Cycle(place) => {
                        (place, "`allOf` parts that include each other in a cycle")
                    }
                    NotMergeable::NotObject(place) => {
                        (place, "an `allOf` part that is not an object")
                    }
                };
                return Err(self.degrade(at, &place, why));
            }
        }
        if let Some(own) = own {
            self.merge(&mut gathered, own.properties(at), own.required);
        }
        self.degrade_conflicts(&mut gathered);
        if let Some(beside) = beside {
            if !self.all_objects(beside.list) {
                let why = format!(
                    "`{}` alternatives that are not all objects, beside properties",
                    beside.keyword
                );
                return Err(self.degrade(at, &at.join(beside.keyword), &why));
            }
            gathered.alternatives.push(beside);
        }
        Ok(gathered)
    }

    /// The struct `name` of what the parts gathered: their fields, the map of other properties,
    /// and a flattened enum field per list of alternatives.
    fn merged_struct<'s>(
        &mut self,
        name: String,
        gathered: Gathered<'s>,
        own: Option<&ObjectShape<'s>>,
        data: &openapiv3::SchemaData,
        at: &Pointer,
    ) -> Result<Type, Diagnostic>
    where
        'a: 's,
    {
        let place = self.models.place();
        let mut fields = self.fields(gathered.properties, &gathered.required, &name)?;
        // The schema's own `additionalProperties` decides; else the first part's that admits
        // more properties.
        let additional = match own {
            Some(own) if own.additional.is_some() => own.additional.map(|a| (a, at.clone())),
            _ => gathered.additional,
        };
        if let Some((additional, place)) = additional {
            if let Some(field) = self.additional_field(Some(additional), &place, &name, &fields)? {
                fields.push(field);
            }
        }
        for alternatives in gathered.alternatives {
            let field = self.alternatives_field(alternatives, &fields, &name, at)?;
            fields.push(field);
        }
        let doc = self.describe(data);
        Ok(self.push_struct(place, name, doc, fields))
    }

    /// The flattened field that holds the untagged enum of a `oneOf`/`anyOf` beside
    /// properties, named after the keyword.
    fn alternatives_field(
        &mut self,
        Alternatives { keyword, list }: Alternatives<'_>,
        fields: &[Field],
        owner: &str,
        at: &Pointer,
    ) -> Result<Field, Diagnostic> {
        let keyword_name = snake_name(keyword);
        let hint = format!("{owner}{}", type_name(keyword));
        let ty = self.untagged(list, &at.join(keyword), &hint, None)?;
        Ok(Field {
            wire_name: keyword.to_owned(),
            rust_name: free_name(fields, &keyword_name),
            doc: Some(format!(
                "The properties of the `{keyword}` alternative the value matches."
            )),
            ty,
            required: true,
            nullable: false,
            default: None,
            boxed: false,
            flatten: true,
        })
    }

    /// The type of the one part of an `allOf` that has a type.
    fn single(
        &mut self,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        match part {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.lower_schema(schema, at, hint, given),
        }
    }

    /// Whether some alternative has a type (is neither a bare constraint nor `null`).
    pub(super) fn has_typed(&self, alternatives: &[ReferenceOr<Schema>]) -> bool {
        alternatives.iter().any(|alternative| {
            self.followed(alternative)
                .is_some_and(|schema| !is_modifier(schema) && !is_null_only(schema))
        })
    }

    /// Whether every alternative with a type is an object, so that an enum of them can be
    /// flattened into a struct.
    fn all_objects(&self, alternatives: &[ReferenceOr<Schema>]) -> bool {
        alternatives.iter().all(|alternative| {
            self.followed(alternative)
                .is_some_and(|schema| is_modifier(schema) || is_null_only(schema))
                || self.object_like(alternative)
        })
    }

    /// Gathers one part of an `allOf` (its `$ref` followed): its nested `allOf` parts, its
    /// alternatives and its properties.
    fn gather<'s>(
        &self,
        part: &'s ReferenceOr<Schema>,
        at: &Pointer,
        gathered: &mut Gathered<'s>,
        depth: usize,
    ) -> Result<(), NotMergeable>
    where
        'a: 's,
    {
        if depth > MAX_REF_HOPS {
            return Err(NotMergeable::Cycle(at.clone()));
        }
        let (schema, at) = match part {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => match self.schema_target(reference, at) {
                Ok(found) => found,
                // Lowering the part on its own reports the `$ref`.
                Err(_) => return Err(NotMergeable::NotObject(at.clone())),
            },
        };
        if is_modifier(schema) || is_null_only(schema) {
            return Ok(());
        }
        let [_, _, all_of] = compositions(schema);
        for (index, inner) in all_of.iter().enumerate() {
            self.gather(inner, &at.join("allOf").join(index), gathered, depth + 1)?;
        }
        self.gather_alternatives(schema, part, &at, gathered)?;
        self.gather_shape(schema, at, gathered)
    }

    /// A part's `oneOf`/`anyOf` lists of objects, unless they list the schemas that include
    /// the part.
    fn gather_alternatives<'s>(
        &self,
        schema: &'s Schema,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        gathered: &mut Gathered<'s>,
    ) -> Result<(), NotMergeable>
    where
        'a: 's,
    {
        let [one_of, any_of, _] = compositions(schema);
        for (keyword, list) in [("oneOf", one_of), ("anyOf", any_of)] {
            // A base whose alternatives are the schemas that include it (`Pet: {oneOf:
            // [Dog]}`, `Dog: {allOf: [Pet]}`) gives them its properties, not its alternatives.
            let base = schema.schema_data.discriminator.is_some()
                || list.iter().any(|alternative| match (alternative, part) {
                    (
                        ReferenceOr::Reference { reference: child },
                        ReferenceOr::Reference { reference: parent },
                    ) => self.includes(child, parent, 0),
                    _ => false,
                });
            if !base && self.has_typed(list) {
                if !self.all_objects(list) {
                    return Err(NotMergeable::NotObject(at.join(keyword)));
                }
                gathered.alternatives.push(Alternatives { keyword, list });
            }
        }
        Ok(())
    }

    /// A part's properties and `additionalProperties`; a part that is not an object (nor
    /// only `allOf`s or alternatives) cannot be merged.
    fn gather_shape<'s>(
        &self,
        schema: &'s Schema,
        at: Pointer,
        gathered: &mut Gathered<'s>,
    ) -> Result<(), NotMergeable>
    where
        'a: 's,
    {
        let [one_of, any_of, all_of] = compositions(schema);
        match object_shape(schema) {
            Some(shape) => {
                let properties = shape.properties(&at);
                self.merge(gathered, properties, shape.required);
                gathered.admit_additional(shape.additional, at);
                Ok(())
            }
            None if !all_of.is_empty() || is_empty_object(schema) => {
                let additional = match &schema.schema_kind {
                    SchemaKind::Type(SchemaType::Object(object)) => {
                        object.additional_properties.as_ref()
                    }
                    SchemaKind::Any(any) => any.additional_properties.as_ref(),
                    _ => None,
                };
                gathered.admit_additional(additional, at);
                Ok(())
            }
            None if self.has_typed(one_of) || self.has_typed(any_of) => Ok(()),
            None => Err(NotMergeable::NotObject(at)),
        }
    }

    /// Each property stated with two types becomes any JSON value.
    fn degrade_conflicts(&mut self, gathered: &mut Gathered) {
        for (index, earlier) in std::mem::take(&mut gathered.conflicts) {
            let property = &mut gathered.properties[index];
            let why = format!(
                "property `{}` with a type that differs from the one at {earlier}, an earlier `allOf` part",
                property.wire_name
            );
            let at = property.at.clone();
            property.schema = ReferenceOr::Item(Box::new(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Any(Default::default()),
            }));
            self.degrade(&at, &at, &why);
        }
    }

    /// Later parts may restate a property (to add a default or narrow an enum); one that
    /// changes its type is noted as a conflict.
    fn merge(&self, gathered: &mut Gathered, properties: Vec<Property>, required: &[String]) {
        for property in properties {
            match gathered
                .properties
                .iter()
                .position(|known| known.wire_name == property.wire_name)
            {
                Some(index) => {
                    let known = &gathered.properties[index];
                    if self.restates(&known.schema, &property.schema) {
                        gathered.properties[index].schema = property.schema;
                    } else if self.restates(&property.schema, &known.schema) {
                        // The earlier statement is the narrower one.
                    } else if self.object_like(&known.schema) && self.object_like(&property.schema)
                    {
                        // Two objects: a value has the properties of both, as in an `allOf`.
                        let both = both(&known.schema, property.schema);
                        gathered.properties[index].schema = both;
                    } else if let Some(items) = self.both_items(&known.schema, &property.schema) {
                        // Two arrays of objects: items with the properties of both.
                        let data = property.schema.as_item().map(|s| s.schema_data.clone());
                        gathered.properties[index].schema =
                            array_of(items, data.unwrap_or_default());
                    } else {
                        gathered.conflicts.push((index, known.at.clone()));
                        gathered.properties[index].at = property.at;
                    }
                }
                None => gathered.properties.push(property),
            }
        }
        gathered.required.extend(required.iter().cloned());
    }

    /// Whether `later` is an `enum` without a `type` whose values are of the scalar type
    /// `earlier` has: it narrows that type to the listed values.
    fn narrows_enum(
        &self,
        earlier: &ReferenceOr<Box<Schema>>,
        later: &ReferenceOr<Box<Schema>>,
    ) -> bool {
        let (Some(earlier), Some(later)) = (self.followed(earlier), self.followed(later)) else {
            return false;
        };
        let SchemaKind::Any(any) = &later.schema_kind else {
            return false;
        };
        let fits = |value: &serde_json::Value| match scalar_word(earlier) {
            Some("string") => value.is_string(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            _ => false,
        };
        any.typ.is_none()
            && !any.enumeration.is_empty()
            && any
                .enumeration
                .iter()
                .all(|value| value.is_null() || fits(value))
    }

    /// For two arrays of objects, items that are both.
    fn both_items(
        &self,
        earlier: &ReferenceOr<Box<Schema>>,
        later: &ReferenceOr<Box<Schema>>,
    ) -> Option<ReferenceOr<Box<Schema>>> {
        let items = |schema: &ReferenceOr<Box<Schema>>| match &self.followed(schema)?.schema_kind {
            SchemaKind::Type(SchemaType::Array(array)) => array.items.clone(),
            SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("array")) => {
                any.items.clone()
            }
            _ => None,
        };
        let (first, second) = (items(earlier)?, items(later)?);
        (self.object_like(&first) && self.object_like(&second)).then(|| both(&first, second))
    }

    /// Whether `later` may replace `earlier`: the same type, or `earlier` says nothing of
    /// the type.
    fn restates(
        &self,
        earlier: &ReferenceOr<Box<Schema>>,
        later: &ReferenceOr<Box<Schema>>,
    ) -> bool {
        same_type(earlier, later)
            || self.followed(earlier).is_some_and(is_modifier)
            || self.narrows_enum(earlier, later)
            || match (earlier, later) {
                // A schema that includes the earlier one through `allOf` narrows it, as
                // `balances: InvestmentBalance` does `balances: Balance`.
                (
                    ReferenceOr::Reference { reference: wide },
                    ReferenceOr::Reference { reference: narrow },
                ) => self.includes(narrow, wide, 0),
                _ => false,
            }
    }

    /// Whether the component `reference` leads to lists `target` among its `allOf` parts,
    /// directly or through theirs.
    fn includes(&self, reference: &str, target: &str, depth: usize) -> bool {
        if depth > MAX_REF_HOPS {
            return false;
        }
        let Ok((schema, _)) = self.schema_target(reference, &Pointer::root()) else {
            return false;
        };
        let [_, _, all_of] = compositions(schema);
        all_of.iter().any(|part| match part {
            ReferenceOr::Reference { reference: part } => {
                part == target || self.includes(part, target, depth + 1)
            }
            ReferenceOr::Item(_) => false,
        })
    }

    /// The component schema a `$ref` leads to, through any chain of `$ref`s; a `$ref` may
    /// also point into the middle of a component schema.
    pub(super) fn schema_target(
        &self,
        reference: &'a str,
        at: &Pointer,
    ) -> Result<(&'a Schema, Pointer), Diagnostic> {
        let schemas =
            |components: &'a openapiv3::Components, key: &str| components.schemas.get(key);
        self.follow(
            reference,
            at.clone(),
            "schemas",
            schemas,
            |reference, at| {
                self.pointed(reference, 0).ok_or_else(|| {
                    self.error(
                        at,
                        format!(
                            "`$ref: {reference}` must point to a schema in #/components/schemas"
                        ),
                    )
                })
            },
        )
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

/// The JSON type of a scalar schema, ignoring its format and constraints.
fn scalar_word(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(SchemaType::String(_)) => Some("string"),
        SchemaKind::Type(SchemaType::Integer(_)) => Some("integer"),
        SchemaKind::Type(SchemaType::Number(_)) => Some("number"),
        SchemaKind::Type(SchemaType::Boolean(_)) => Some("boolean"),
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => Some("string"),
            Some("integer") => Some("integer"),
            Some("number") => Some("number"),
            Some("boolean") => Some("boolean"),
            _ => None,
        },
        _ => None,
    }
}

/// The annotations that describe a property: its own, or those of the first `allOf` part
/// written in place that has a description (`allOf: [$ref, {description: ...}]`).
fn described(schema: &ReferenceOr<Box<Schema>>) -> Option<&openapiv3::SchemaData> {
    let schema = schema.as_item()?;
    let has_text = |data: &openapiv3::SchemaData| {
        data.description
            .as_deref()
            .is_some_and(|text| !text.trim().is_empty())
    };
    if has_text(&schema.schema_data) {
        return Some(&schema.schema_data);
    }
    let [_, _, all_of] = compositions(schema);
    all_of
        .iter()
        .filter_map(ReferenceOr::as_item)
        .map(|part| &part.schema_data)
        .find(|data| has_text(data))
        .or(Some(&schema.schema_data))
}

/// One property schema that is both of two object schemas: `allOf: [earlier, later]`, with
/// the later one's description.
fn both(
    earlier: &ReferenceOr<Box<Schema>>,
    later: ReferenceOr<Box<Schema>>,
) -> ReferenceOr<Box<Schema>> {
    let unboxed = |schema: ReferenceOr<Box<Schema>>| match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item(*schema),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    };
    let schema_data = later
        .as_item()
        .map(|schema| schema.schema_data.clone())
        .unwrap_or_default();
    ReferenceOr::Item(Box::new(Schema {
        schema_data,
        schema_kind: SchemaKind::AllOf {
            all_of: vec![unboxed(earlier.clone()), unboxed(later)],
        },
    }))
}

/// An array schema of `items`, described by `schema_data`.
fn array_of(
    items: ReferenceOr<Box<Schema>>,
    schema_data: openapiv3::SchemaData,
) -> ReferenceOr<Box<Schema>> {
    ReferenceOr::Item(Box::new(Schema {
        schema_data,
        schema_kind: SchemaKind::Type(SchemaType::Array(openapiv3::ArrayType {
            items: Some(items),
            min_items: None,
            max_items: None,
            unique_items: false,
        })),
    }))
}

/// A field name starting from `base` that no field in `fields` has.
fn free_name(fields: &[Field], base: &str) -> String {
    let taken: Vec<&str> = fields
        .iter()
        .map(|field| field.rust_name.as_str())
        .collect();
    Namespace::with_reserved(&taken).claim(base.to_owned())
}

/// A scalar schema's type as far as it decides the Rust type: formats that only describe
/// the text (`uuid`, `digest`) or the width of a number do not count.
fn scalar_kind(schema: &Schema) -> Option<String> {
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return None;
    };
    match ty {
        SchemaType::String(string) => Some(match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "string binary".to_owned(),
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "string password".to_owned(),
            _ => "string".to_owned(),
        }),
        SchemaType::Integer(_) => Some("integer".to_owned()),
        SchemaType::Number(_) => Some("number".to_owned()),
        SchemaType::Boolean(_) => Some("boolean".to_owned()),
        SchemaType::Object(_) | SchemaType::Array(_) => None,
    }
}
