//! Recursive types: a struct or enum that contains itself by value has no size, so every
//! field or variant that leads back to its owner is boxed. `Vec` and maps already are.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Model, ModelId, ModelKind, Type};

impl Lowerer<'_> {
    /// Boxes the fields and variants that close a cycle; aliases in a cycle of their own
    /// cannot be expressed and are refused.
    pub(super) fn box_recursion(&mut self) -> Result<(), Diagnostic> {
        self.degrade_recursive_aliases();
        let edges: BTreeMap<ModelId, Vec<ModelId>> = self
            .models
            .iter()
            .map(|(id, model)| (id, direct_targets(model)))
            .collect();
        let alias_edges: BTreeMap<ModelId, Vec<ModelId>> = self
            .models
            .iter()
            .filter(|(_, model)| matches!(model.kind, ModelKind::Alias(_)))
            .map(|(id, model)| (id, direct_targets(model)))
            .collect();
        let mut boxed: Vec<(ModelId, usize)> = Vec::new();
        for (owner, model) in self.models.iter() {
            if let ModelKind::Alias(Type::Model(target)) = &model.kind {
                if reaches(&alias_edges, *target, owner) {
                    let at = self.component_place(&model.name);
                    return Err(self.error(&at, "the schema is an alias that leads back to itself"));
                }
            }
            for (slot, target) in slots(model).into_iter().enumerate() {
                if let Some(target) = target {
                    if reaches(&edges, target, owner) {
                        boxed.push((owner, slot));
                    }
                }
            }
        }
        for (owner, slot) in boxed {
            let Some(model) = self.models.get_mut(owner) else {
                continue;
            };
            match &mut model.kind {
                ModelKind::Struct(fields) => fields[slot].boxed = true,
                ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
                    variants[slot].boxed = true;
                }
                ModelKind::Alias(_) | ModelKind::Enum(_) => {}
            }
        }
        Ok(())
    }
}

impl Lowerer<'_> {
    /// An alias whose type holds itself inside a `Vec` or map (`Tree: {type: array, items:
    /// {$ref: Tree}}`) is a type alias cycle, which Rust refuses; such an alias becomes any
    /// JSON value. Aliases that lead to themselves directly are refused later.
    fn degrade_recursive_aliases(&mut self) {
        let alias_edges: BTreeMap<ModelId, Vec<ModelId>> = self
            .models
            .iter()
            .filter_map(|(id, model)| match &model.kind {
                ModelKind::Alias(ty) => Some((id, contained(ty))),
                _ => None,
            })
            .collect();
        let recursive: Vec<(ModelId, String)> = self
            .models
            .iter()
            .filter(|(id, model)| match &model.kind {
                ModelKind::Alias(Type::Model(_)) => false,
                ModelKind::Alias(ty) => contained(ty)
                    .into_iter()
                    .any(|target| reaches(&alias_edges, target, *id)),
                _ => false,
            })
            .map(|(id, model)| (id, model.name.clone()))
            .collect();
        for (id, name) in recursive {
            let at = self.component_place(&name);
            let why = "an array or map that holds itself, which a Rust type alias cannot express";
            self.degrade(&at, &at, why);
            let doc = self.degraded_note(&at);
            if let Some(model) = self.models.get_mut(id) {
                model.kind = ModelKind::Alias(Type::Any);
                model.doc = match (model.doc.take(), doc) {
                    (Some(text), Some(note)) => Some(format!("{text}\n\n{note}")),
                    (text, note) => text.or(note),
                };
            }
        }
    }

    /// Where the component schema that became model `name` is written.
    fn component_place(&self, name: &str) -> Pointer {
        let key = self
            .schema_names
            .iter()
            .find(|(_, known)| known.as_str() == name)
            .map_or(name, |(key, _)| *key);
        Pointer::root().join("components").join("schemas").join(key)
    }
}

/// The models a type names, inside any `Vec`s and maps.
fn contained(ty: &Type) -> Vec<ModelId> {
    match ty {
        Type::Model(id) => vec![*id],
        Type::Array(inner) | Type::Map(inner) => contained(inner),
        _ => Vec::new(),
    }
}

/// The model held by value in each field or variant slot, if any.
fn slots(model: &Model) -> Vec<Option<ModelId>> {
    match &model.kind {
        ModelKind::Struct(fields) => fields.iter().map(|field| held(&field.ty)).collect(),
        ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
            variants.iter().map(|variant| held(&variant.ty)).collect()
        }
        ModelKind::Alias(ty) => vec![held(ty)],
        ModelKind::Enum(_) => Vec::new(),
    }
}

fn held(ty: &Type) -> Option<ModelId> {
    match ty {
        Type::Model(id) => Some(*id),
        _ => None,
    }
}

fn direct_targets(model: &Model) -> Vec<ModelId> {
    slots(model).into_iter().flatten().collect()
}

/// Whether `from` holds `to` by value, directly or through other models.
fn reaches(edges: &BTreeMap<ModelId, Vec<ModelId>>, from: ModelId, to: ModelId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id) {
            stack.extend(edges.get(&id).into_iter().flatten().copied());
        }
    }
    false
}
