//! `oneOf`/`anyOf` -> untagged enums, and `discriminator` -> internally tagged enums whose
//! variants wrap the mapped structs. `allOf` lives with objects, since it makes a struct.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Model, ModelKind, Type, Variant};
use crate::naming::{Namespace, variant_name};

/// A tagged enum waiting for its variant structs to be lowered, so that their tag fields
/// can be checked and dropped.
pub(super) struct PendingTag {
    pub model: String,
    pub tag: String,
    pub at: Pointer,
}

impl Lowerer<'_> {
    /// `allOf`, `oneOf` or `anyOf`, if the schema uses one.
    pub(super) fn composition(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Option<Type>, Diagnostic> {
        let (all_of, one_of, any_of) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => (all_of.as_slice(), &[][..], &[][..]),
            SchemaKind::OneOf { one_of } => (&[][..], one_of.as_slice(), &[][..]),
            SchemaKind::AnyOf { any_of } => (&[][..], &[][..], any_of.as_slice()),
            SchemaKind::Any(any) => (
                any.all_of.as_slice(),
                any.one_of.as_slice(),
                any.any_of.as_slice(),
            ),
            SchemaKind::Type(_) | SchemaKind::Not { .. } => return Ok(None),
        };
        let used = [
            ("allOf", !all_of.is_empty()),
            ("oneOf", !one_of.is_empty()),
            ("anyOf", !any_of.is_empty()),
        ];
        let mut keywords = used.iter().filter(|(_, used)| *used).map(|(k, _)| *k);
        let Some(keyword) = keywords.next() else {
            return Ok(None);
        };
        if let Some(second) = keywords.next() {
            return Err(self.unsupported(
                &at.join(second),
                &format!("`{second}` beside `{keyword}` in one schema"),
            ));
        }
        if keyword == "allOf" {
            return self.all_of(all_of, schema, at, hint, given).map(Some);
        }
        if let SchemaKind::Any(any) = &schema.schema_kind {
            if !any.properties.is_empty() {
                return Err(self.unsupported(
                    &at.join("properties"),
                    &format!("`properties` beside `{keyword}`"),
                ));
            }
        }
        let alternatives = if keyword == "oneOf" { one_of } else { any_of };
        self.untagged(alternatives, &at.join(keyword), hint, given)
            .map(Some)
    }

    /// An enum whose variants serde tries in order. A single alternative is just its type.
    fn untagged(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        if let [only] = alternatives {
            return self.schema_type(only, &at.join(0), hint);
        }
        let name = self.model_name(given, hint);
        let slot = self.models.len();
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let number = index + 1;
            let ty = self.schema_type(alternative, &at.join(index), &format!("{name}{number}"))?;
            if variants.iter().any(|known: &Variant| known.ty == ty) {
                continue;
            }
            variants.push(Variant {
                rust_name: names.claim(variant_name(&type_word(&ty))),
                tag_value: None,
                ty,
                boxed: false,
            });
        }
        let model = Model {
            name: name.clone(),
            doc: None,
            kind: ModelKind::Untagged(variants),
        };
        self.models.insert(slot.min(self.models.len()), model);
        Ok(Type::Model(name))
    }

    /// An enum told apart by a tag property. Without `mapping`, the `oneOf` alternatives'
    /// component names are the tag values, as OpenAPI specifies.
    pub(super) fn tagged(
        &mut self,
        schema: &Schema,
        discriminator: &Discriminator,
        at: &Pointer,
        hint: &str,
        given: Option<&str>,
    ) -> Result<Type, Diagnostic> {
        let discriminator_at = at.join("discriminator");
        let mut mapping: Vec<(String, String, Pointer)> = discriminator
            .mapping
            .iter()
            .map(|(value, reference)| {
                let place = discriminator_at.join("mapping").join(value);
                (value.clone(), reference.clone(), place)
            })
            .collect();
        if mapping.is_empty() {
            let one_of = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => one_of.as_slice(),
                SchemaKind::Any(any) => any.one_of.as_slice(),
                _ => &[],
            };
            for (index, alternative) in one_of.iter().enumerate() {
                let place = at.join("oneOf").join(index);
                let ReferenceOr::Reference { reference } = alternative else {
                    return Err(self.unsupported(
                        &place,
                        "an inline `oneOf` alternative under a `discriminator` without `mapping`",
                    ));
                };
                let value = reference.rsplit('/').next().unwrap_or_default().to_owned();
                mapping.push((value, reference.clone(), place));
            }
        }
        if mapping.is_empty() {
            return Err(self.unsupported(
                &discriminator_at,
                "a `discriminator` with neither `mapping` nor `oneOf`",
            ));
        }
        let name = self.model_name(given, hint);
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
        let tag = discriminator.property_name.clone();
        self.pending_tags.push(PendingTag {
            model: name.clone(),
            tag: tag.clone(),
            at: discriminator_at,
        });
        self.models.push(Model {
            name: name.clone(),
            doc: schema.schema_data.description.clone(),
            kind: ModelKind::Tagged { tag, variants },
        });
        Ok(Type::Model(name))
    }

    /// Every tagged variant must hold a struct; the tag is the enum's, so the struct drops
    /// its own field of that name (serde would otherwise write it twice).
    pub(super) fn settle_tags(&mut self) -> Result<(), Diagnostic> {
        for pending in std::mem::take(&mut self.pending_tags) {
            let targets: Vec<String> = self
                .models
                .iter()
                .find(|model| model.name == pending.model)
                .and_then(|model| match &model.kind {
                    ModelKind::Tagged { variants, .. } => Some(variants),
                    _ => None,
                })
                .into_iter()
                .flatten()
                .filter_map(|variant| match &variant.ty {
                    Type::Model(name) => Some(name.clone()),
                    _ => None,
                })
                .collect();
            for target in targets {
                let model = self.models.iter_mut().find(|model| model.name == target);
                let Some(ModelKind::Struct(fields)) = model.map(|model| &mut model.kind) else {
                    return Err(self.unsupported(
                        &pending.at,
                        &format!(
                            "a `discriminator` whose mapping leads to `{target}`, which is not an object with properties,"
                        ),
                    ));
                };
                fields.retain(|field| field.wire_name != pending.tag);
            }
        }
        Ok(())
    }
}

/// A word for a variant holding `ty`.
fn type_word(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Secret => "Secret".to_owned(),
        Type::I32 | Type::I64 => "Integer".to_owned(),
        Type::F32 | Type::F64 => "Number".to_owned(),
        Type::Bool => "Boolean".to_owned(),
        Type::Model(name) => name.clone(),
        Type::Array(item) => format!("{}List", type_word(item)),
        Type::Map(value) => format!("{}Map", type_word(value)),
        Type::Any => "Value".to_owned(),
        Type::Bytes => "Bytes".to_owned(),
        Type::File => "File".to_owned(),
    }
}
