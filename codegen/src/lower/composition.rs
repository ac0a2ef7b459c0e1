//! `oneOf`/`anyOf` -> untagged enums, and `discriminator` -> internally tagged enums whose
//! variants wrap the mapped structs. `allOf` lives with objects, since it makes a struct.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::classify::{compositions, is_null_only};
use super::models::Models;
use super::objects::{Alternatives, object_shape};
use super::{Lowerer, MAX_REF_HOPS};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Model, ModelId, ModelKind, Type, Variant};
use crate::naming::{Namespace, variant_name};

/// A tagged enum waiting for its variant structs to be lowered, so that their tag fields
/// can be checked and dropped.
pub(super) struct PendingTag {
    pub model: ModelId,
    pub tag: String,
    pub at: Pointer,
}

impl Lowerer<'_> {
    /// `allOf`, `oneOf` or `anyOf`, if the schema uses one with a part that has a type;
    /// `None` leaves the schema to its other keywords (`type: string` with
    /// `oneOf: [{format: email}, {format: uri}]` is a string).
    // Like every step of `lower_schema_within`, it takes that function's inputs as they are.
    pub(super) fn composition(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        let [one_of, any_of, all_of] = compositions(schema);
        let mut alternatives = [("oneOf", one_of), ("anyOf", any_of)]
            .into_iter()
            .filter(|(_, list)| self.has_typed(list))
            .map(|(keyword, list)| Alternatives { keyword, list });
        let beside = alternatives.next();
        if let (Some(first), Some(second)) = (beside, alternatives.next()) {
            let why = format!(
                "`{}` beside `{}` in one schema",
                second.keyword, first.keyword
            );
            return Ok(Some(self.degrade(at, &at.join(second.keyword), &why)));
        }
        let own = object_shape(schema).is_some();
        if self.has_typed(all_of) || (own && beside.is_some()) {
            return self
                .all_of(all_of, beside, schema, at, hint, given)
                .map(Some);
        }
        match beside {
            Some(Alternatives { keyword, list }) => self
                .untagged(list, &at.join(keyword), hint, given)
                .map(Some),
            None => Ok(None),
        }
    }

    /// An enum whose variants serde tries in order. Alternatives that only admit `null`
    /// make the value nullable instead (see `nullable`), repeated ones count once, and a
    /// single alternative is just its type.
    pub(super) fn untagged(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let null = self.followed(alternative).is_some_and(is_null_only);
            if !null && !kept.iter().any(|(_, known)| *known == alternative) {
                kept.push((index, alternative));
            }
        }
        match kept.as_slice() {
            [] => return Ok(Type::Any),
            [(index, ReferenceOr::Item(only))] => {
                return self.lower_schema(only, &at.join(index), hint, given);
            }
            [(index, only)] => return self.schema_type(*only, &at.join(index), hint),
            _ => {}
        }
        let name = self.model_name(given, hint);
        let place = self.models.place();
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(kept.len());
        for (index, alternative) in kept {
            let number = index + 1;
            let ty = self.schema_type(alternative, &at.join(index), &format!("{name}{number}"))?;
            if variants.iter().any(|known: &Variant| known.ty == ty) {
                continue;
            }
            variants.push(Variant {
                rust_name: names.claim(variant_name(&type_word(&ty, &self.models))),
                tag_value: None,
                ty,
                boxed: false,
            });
        }
        let model = Model {
            name,
            doc: None,
            kind: ModelKind::Untagged(variants),
        };
        Ok(self.models.add(place, model))
    }

    /// An enum told apart by a tag property. Alternatives the `mapping` does not name take
    /// their component names as tags, as OpenAPI specifies. `None` when there is nothing to
    /// choose from (a base schema whose discriminator serves the schemas that include it),
    /// or when an alternative has no name to be its tag: then the schema lowers as its
    /// other keywords say, and a `oneOf` is tried in order.
    pub(super) fn tagged(
        &mut self,
        schema: &Schema,
        discriminator: &Discriminator,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        let discriminator_at = at.join("discriminator");
        let mut mapping = mapped(discriminator, &discriminator_at);
        if !self.add_unmapped(schema, at, &mut mapping) || mapping.is_empty() {
            return Ok(None);
        }
        let name = self.model_name(given, hint);
        let variants = self.tag_variants(mapping)?;
        let tag = discriminator.property_name.clone();
        self.pending_tags.push(PendingTag {
            model: self.models.id(&name),
            tag: tag.clone(),
            at: discriminator_at,
        });
        let doc = self.describe(&schema.schema_data);
        let place = self.models.place();
        let model = Model {
            name,
            doc,
            kind: ModelKind::Tagged { tag, variants },
        };
        Ok(Some(self.models.add(place, model)))
    }

    /// Adds the `oneOf` (else `anyOf`) alternatives the mapping does not name, their
    /// component names as tags; `false`, with a warning, when one is written in place and
    /// so has no name.
    fn add_unmapped(&mut self, schema: &Schema, at: &Pointer, mapping: &mut Vec<Mapped>) -> bool {
        let [one_of, any_of, _] = compositions(schema);
        let (keyword, alternatives) = if one_of.is_empty() {
            ("anyOf", any_of)
        } else {
            ("oneOf", one_of)
        };
        for (index, alternative) in alternatives.iter().enumerate() {
            let place = at.join(keyword).join(index);
            let reference = match alternative {
                ReferenceOr::Reference { reference } => reference,
                ReferenceOr::Item(inline) if is_null_only(inline) => continue,
                ReferenceOr::Item(_) => {
                    self.warn(
                        &place,
                        format!(
                            "this `{keyword}` alternative is written in place, so it has no name for the `discriminator` to give as its tag: the tag is not used, and decoding tries the alternatives in order"
                        ),
                    );
                    return false;
                }
            };
            if !mapping
                .iter()
                .any(|(_, known, _)| known.as_str() == reference.as_str())
            {
                let value = reference.rsplit('/').next().unwrap_or_default().to_owned();
                mapping.push((value, reference.clone(), place));
            }
        }
        true
    }

    /// A variant per tag value, holding the type its `$ref` leads to.
    fn tag_variants(&mut self, mapping: Vec<Mapped>) -> Result<Vec<Variant>, Diagnostic> {
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(mapping.len());
        for (value, reference, place) in mapping {
            let ty = self.schema_ref(&reference, &place)?;
            variants.push(Variant {
                rust_name: names.claim(variant_name(&value)),
                tag_value: Some(value),
                ty,
                boxed: false,
            });
        }
        Ok(variants)
    }

    /// Every tagged variant must hold a struct (directly or through aliases); the tag is the
    /// enum's, so the struct drops its own field of that name (serde would otherwise write
    /// it twice). An enum with a variant that is not a struct is tried in order instead,
    /// with a warning.
    pub(super) fn settle_tags(&mut self) -> Result<(), Diagnostic> {
        for pending in std::mem::take(&mut self.pending_tags) {
            let Some(model) = self.models.get(pending.model) else {
                continue;
            };
            let ModelKind::Tagged { variants, .. } = &model.kind else {
                continue;
            };
            let targets: Vec<(String, Option<ModelId>)> = variants
                .iter()
                .map(|variant| {
                    let value = variant.tag_value.clone().unwrap_or_default();
                    (value, self.struct_behind(&variant.ty))
                })
                .collect();
            if let Some((value, _)) = targets.iter().find(|(_, target)| target.is_none()) {
                let message = format!(
                    "the `discriminator` maps `{value}` to a schema that is not an object with properties: the tag is not used, and decoding tries the alternatives in order"
                );
                self.warn(&pending.at, message);
                if let Some(model) = self.models.get_mut(pending.model) {
                    if let ModelKind::Tagged { variants, .. } = &mut model.kind {
                        let mut variants = std::mem::take(variants);
                        for variant in &mut variants {
                            variant.tag_value = None;
                        }
                        model.kind = ModelKind::Untagged(variants);
                    }
                }
                continue;
            }
            for target in targets.into_iter().filter_map(|(_, target)| target) {
                if let Some(ModelKind::Struct(fields)) =
                    self.models.get_mut(target).map(|model| &mut model.kind)
                {
                    fields.retain(|field| field.wire_name != pending.tag);
                }
            }
        }
        Ok(())
    }

    /// The struct that `ty` is, through aliases.
    fn struct_behind(&self, ty: &Type) -> Option<ModelId> {
        let mut ty = ty;
        for _ in 0..MAX_REF_HOPS {
            let Type::Model(id) = ty else {
                return None;
            };
            match &self.models.get(*id)?.kind {
                ModelKind::Struct(_) => return Some(*id),
                ModelKind::Alias(target) => ty = target,
                _ => return None,
            }
        }
        None
    }
}

/// A word for a variant holding `ty`.
fn type_word(ty: &Type, models: &Models) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Secret => "Secret".to_owned(),
        Type::I32 | Type::I64 => "Integer".to_owned(),
        Type::F32 | Type::F64 => "Number".to_owned(),
        Type::Bool => "Boolean".to_owned(),
        Type::Model(id) => models.name(*id).to_owned(),
        Type::Array(item) => format!("{}List", type_word(item, models)),
        Type::Map(value) => format!("{}Map", type_word(value, models)),
        Type::Any => "Value".to_owned(),
        Type::Bytes => "Bytes".to_owned(),
        Type::File => "File".to_owned(),
    }
}

/// A tag value, the `$ref` it stands for, and where the spec says so.
type Mapped = (String, String, Pointer);

/// The discriminator's `mapping`, a bare name standing for the component of that name.
fn mapped(discriminator: &Discriminator, discriminator_at: &Pointer) -> Vec<Mapped> {
    discriminator
        .mapping
        .iter()
        .map(|(value, target)| {
            let place = discriminator_at.join("mapping").join(value);
            let reference = if target.contains('#') || target.contains('/') {
                target.clone()
            } else {
                format!("#/components/schemas/{target}")
            };
            (value.clone(), reference, place)
        })
        .collect()
}
