//! Recursive types: a struct or enum that contains itself by value has no size, so every
//! field or variant that leads back to its owner is boxed. `Vec` and maps already are.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Model, ModelKind, Type};

impl Lowerer<'_> {
    /// Boxes the fields and variants that close a cycle; aliases in a cycle of their own
    /// cannot be expressed and are refused.
    pub(super) fn box_recursion(&mut self) -> Result<(), Diagnostic> {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .models
            .iter()
            .map(|model| (model.name.as_str(), direct_targets(model)))
            .collect();
        let alias_edges: BTreeMap<&str, Vec<&str>> = self
            .models
            .iter()
            .filter(|model| matches!(model.kind, ModelKind::Alias(_)))
            .map(|model| (model.name.as_str(), direct_targets(model)))
            .collect();
        let mut boxed: Vec<(usize, usize)> = Vec::new();
        for (model_index, model) in self.models.iter().enumerate() {
            let owner = model.name.as_str();
            if let ModelKind::Alias(Type::Model(target)) = &model.kind {
                if reaches(&alias_edges, target, owner) {
                    let key = self
                        .schema_names
                        .iter()
                        .find(|(_, name)| name.as_str() == owner)
                        .map_or(owner, |(key, _)| *key);
                    let at = Pointer::root().join("components").join("schemas").join(key);
                    return Err(self.error(&at, "the schema is an alias that leads back to itself"));
                }
            }
            for (slot, target) in slots(model).into_iter().enumerate() {
                if let Some(target) = target {
                    if reaches(&edges, target, owner) {
                        boxed.push((model_index, slot));
                    }
                }
            }
        }
        for (model_index, slot) in boxed {
            match &mut self.models[model_index].kind {
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

/// The model held by value in each field or variant slot, if any.
fn slots(model: &Model) -> Vec<Option<&str>> {
    match &model.kind {
        ModelKind::Struct(fields) => fields.iter().map(|field| held(&field.ty)).collect(),
        ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
            variants.iter().map(|variant| held(&variant.ty)).collect()
        }
        ModelKind::Alias(ty) => vec![held(ty)],
        ModelKind::Enum(_) => Vec::new(),
    }
}

fn held(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(name) => Some(name.as_str()),
        _ => None,
    }
}

fn direct_targets(model: &Model) -> Vec<&str> {
    slots(model).into_iter().flatten().collect()
}

/// Whether `from` holds `to` by value, directly or through other models.
fn reaches(edges: &BTreeMap<&str, Vec<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.insert(name) {
            stack.extend(edges.get(name).into_iter().flatten().copied());
        }
    }
    false
}
