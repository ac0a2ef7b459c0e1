//! The models of one lowering: the one place that adds a model. Lowering names a model
//! (a component's, before it is lowered) and later adds it at a place in the list, so that
//! inline types follow their owners; ids stay fixed meanwhile, and [`Models::finish`]
//! renumbers them by that list.

use std::collections::HashMap;

use crate::ir::{Api, Field, Model, ModelId, ModelKind, Type};

/// Where in the crate's list of models a model goes: taken before its inline types are
/// lowered, so that it comes before them.
#[derive(Debug, Clone, Copy)]
pub(super) struct ModelPlace(usize);

/// Models by id, and the order the crate lists them in.
#[derive(Debug, Default)]
pub(super) struct Models {
    /// By id; `None` while a model is named but not added yet.
    slots: Vec<Option<Model>>,
    /// Names by id.
    names: Vec<String>,
    /// Ids by name.
    ids: HashMap<String, ModelId>,
    /// Ids in list order.
    order: Vec<ModelId>,
    /// Models merged into an earlier one of the same shape, by id, and the id they became.
    merged: HashMap<ModelId, ModelId>,
}

impl Models {
    /// The id of the model called `name`, taken now if no model has it yet.
    pub(super) fn id(&mut self, name: &str) -> ModelId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = ModelId::from_index(self.slots.len());
        self.slots.push(None);
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
    }

    /// The id of the model called `name`, if it was named.
    pub(super) fn named(&self, name: &str) -> Option<ModelId> {
        self.ids.get(name).copied()
    }

    /// The place after every model added so far.
    pub(super) fn place(&self) -> ModelPlace {
        ModelPlace(self.order.len())
    }

    /// Adds `model` at `place`, ahead of what was added since that place was taken, and
    /// returns its type.
    pub(super) fn add(&mut self, place: ModelPlace, model: Model) -> Type {
        let id = self.id(&model.name);
        self.slots[id.index()] = Some(model);
        self.order.insert(place.0.min(self.order.len()), id);
        Type::Model(id)
    }

    /// The model `id` names, once added.
    pub(super) fn get(&self, id: ModelId) -> Option<&Model> {
        self.slots.get(id.index())?.as_ref()
    }

    /// The model `id` names, once added, to change.
    pub(super) fn get_mut(&mut self, id: ModelId) -> Option<&mut Model> {
        self.slots.get_mut(id.index())?.as_mut()
    }

    /// The name of model `id`, added or not.
    pub(super) fn name(&self, id: ModelId) -> &str {
        self.names.get(id.index()).map_or("", String::as_str)
    }

    /// The models added so far with their ids, in list order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (ModelId, &Model)> {
        self.order
            .iter()
            .filter_map(|id| Some((*id, self.get(*id)?)))
    }

    /// Merges each inline model (one `inline` accepts by name) into the first by list order
    /// of the same shape, so that the crate emits one type per shape. Docs do not count:
    /// the first keeps its own. Repeated until no model changes, as merging inner types can
    /// make their owners equal.
    pub(super) fn merge_identical(&mut self, inline: impl Fn(&str) -> bool) {
        loop {
            let mut firsts: HashMap<String, ModelId> = HashMap::new();
            let mut round = HashMap::new();
            for id in &self.order {
                let Some(model) = self.get(*id).filter(|model| inline(&model.name)) else {
                    continue;
                };
                let Some(key) = shape(model) else { continue };
                match firsts.get(&key) {
                    Some(first) => {
                        round.insert(*id, *first);
                    }
                    None => {
                        firsts.insert(key, *id);
                    }
                }
            }
            if round.is_empty() {
                return;
            }
            self.order.retain(|id| !round.contains_key(id));
            for id in &self.order {
                if let Some(Some(model)) = self.slots.get_mut(id.index()) {
                    model.kind.model_ids_mut(&mut |id: &mut ModelId| {
                        *id = round.get(id).copied().unwrap_or(*id);
                    });
                }
            }
            for (from, to) in round {
                self.slots[from.index()] = None;
                self.merged.insert(from, to);
            }
        }
    }

    /// The id that `id` was merged into, through every round, or `id` itself.
    fn surviving(&self, mut id: ModelId) -> ModelId {
        while let Some(next) = self.merged.get(&id) {
            id = *next;
        }
        id
    }

    /// The models in list order, with every id in `api` renumbered to match; the name of a
    /// model that types refer to but that was never added is the error.
    pub(super) fn finish(self, api: &mut Api) -> Result<(), String> {
        let mut renumbered = vec![None; self.slots.len()];
        for (position, id) in self.order.iter().enumerate() {
            renumbered[id.index()] = Some(ModelId::from_index(position));
        }
        for from in self.merged.keys() {
            renumbered[from.index()] = renumbered[self.surviving(*from).index()];
        }
        let mut missing = None;
        let mut visit = |id: &mut ModelId| match renumbered.get(id.index()).copied().flatten() {
            Some(new) => *id = new,
            None => missing = Some(*id),
        };
        let mut slots = self.slots;
        api.models = self
            .order
            .iter()
            .filter_map(|id| slots.get_mut(id.index())?.take())
            .collect();
        for model in &mut api.models {
            model.kind.model_ids_mut(&mut visit);
        }
        for op in &mut api.operations {
            for parameter in &mut op.parameters {
                parameter.ty.model_ids_mut(&mut visit);
            }
            if let Some(body) = &mut op.request_body {
                body.ty.model_ids_mut(&mut visit);
            }
            for body in op.responses.iter_mut().filter_map(|r| r.body.as_mut()) {
                body.model_ids_mut(&mut visit);
            }
        }
        for header in api.header_sets.iter_mut().flat_map(|set| &mut set.headers) {
            header.ty.model_ids_mut(&mut visit);
        }
        match missing {
            None => Ok(()),
            Some(id) => Err(self.names.get(id.index()).cloned().unwrap_or_default()),
        }
    }
}

/// What makes two models the same type, docs and name aside; `None` for kinds that never
/// merge (aliases, and tagged enums, whose variants drop their tag field).
fn shape(model: &Model) -> Option<String> {
    match &model.kind {
        ModelKind::Struct(fields) => {
            let undocumented: Vec<Field> = fields
                .iter()
                .map(|field| Field {
                    doc: None,
                    ..field.clone()
                })
                .collect();
            Some(format!("{undocumented:?}"))
        }
        ModelKind::Enum(_) | ModelKind::Untagged(_) => Some(format!("{:?}", model.kind)),
        ModelKind::Alias(_) | ModelKind::Tagged { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str, kind: ModelKind) -> Model {
        Model {
            name: name.to_owned(),
            doc: None,
            kind,
        }
    }

    fn api() -> Api {
        Api {
            title: String::new(),
            description: None,
            version: String::new(),
            models: Vec::new(),
            operations: Vec::new(),
            servers: Vec::new(),
            header_sets: Vec::new(),
            security_schemes: Vec::new(),
        }
    }

    #[test]
    fn an_owner_comes_before_its_inline_types_and_ids_follow_the_list() {
        let mut models = Models::default();
        let later = models.id("Later");
        let owner_place = models.place();
        let inline = models.add(
            models.place(),
            model("OwnerItem", ModelKind::Enum(Vec::new())),
        );
        models.add(owner_place, model("Owner", ModelKind::Alias(inline)));
        models.add(
            models.place(),
            model("Later", ModelKind::Alias(Type::Model(later))),
        );
        let mut api = api();
        models.finish(&mut api).unwrap();
        let names: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Owner", "OwnerItem", "Later"]);
        let ModelKind::Alias(Type::Model(target)) = &api.models[0].kind else {
            panic!("an alias");
        };
        assert_eq!(api.model(*target).name, "OwnerItem");
        let ModelKind::Alias(Type::Model(itself)) = &api.models[2].kind else {
            panic!("an alias");
        };
        assert_eq!(api.model(*itself).name, "Later");
    }

    #[test]
    fn a_model_named_but_never_added_is_reported() {
        let mut models = Models::default();
        let missing = models.id("Missing");
        models.add(
            models.place(),
            model("Holder", ModelKind::Alias(Type::Model(missing))),
        );
        assert_eq!(models.finish(&mut api()).unwrap_err(), "Missing");
    }

    fn field(name: &str, ty: Type, doc: &str) -> Field {
        Field {
            wire_name: name.to_owned(),
            rust_name: name.to_owned(),
            doc: Some(doc.to_owned()),
            ty,
            required: true,
            nullable: false,
            default: None,
            boxed: false,
            flatten: false,
        }
    }

    #[test]
    fn inline_models_of_one_shape_merge_into_the_first_and_their_owners_follow() {
        let mut models = Models::default();
        let owner = |models: &mut Models, name: &str, inner: &str, doc: &str| {
            let place = models.place();
            let values = vec![crate::ir::EnumValue {
                wire_value: "a".to_owned(),
                rust_name: "A".to_owned(),
            }];
            let inner = models.add(models.place(), model(inner, ModelKind::Enum(values)));
            let kind = ModelKind::Struct(vec![field("kind", inner, doc)]);
            models.add(place, model(name, kind))
        };
        owner(&mut models, "First", "FirstKind", "one doc");
        let second = owner(&mut models, "Second", "SecondKind", "another doc");
        owner(&mut models, "Component", "ComponentKind", "one doc");
        let holder = ModelKind::Struct(vec![field("second", second, "")]);
        models.add(models.place(), model("Holder", holder));
        models.merge_identical(|name| name != "Component");
        let mut api = api();
        models.finish(&mut api).unwrap();
        let names: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["First", "FirstKind", "Component", "Holder"]);
        let ModelKind::Struct(fields) = &api.models[3].kind else {
            panic!("a struct");
        };
        assert_eq!(fields[0].ty, Type::Model(ModelId::from_index(0)));
        let ModelKind::Struct(fields) = &api.models[2].kind else {
            panic!("a struct");
        };
        assert_eq!(fields[0].ty, Type::Model(ModelId::from_index(1)));
    }
}
