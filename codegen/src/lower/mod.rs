//! `openapiv3` -> IR: follows `$ref`s, decides every Rust name, and rejects what the
//! emitters cannot express, pointing at the place in the spec.

mod classify;
mod composition;
mod enums;
mod headers;
mod media;
mod models;
mod objects;
mod operations;
mod pointers;
mod recursion;
mod schemas;
mod secrets;
mod security;
mod servers;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Api, HeaderSet, HeaderSetId, SecurityScheme, SecuritySchemeId, Server};
use crate::naming::Namespace;

/// How deep inline schemas may nest. Flattening an `allOf` can copy a part's inline
/// properties, which may flatten the first schema again; this bounds such loops.
const MAX_NESTING: usize = 64;

/// How many `$ref` hops may lead from one place to its target before we call it a cycle.
const MAX_REF_HOPS: usize = 32;

/// Lowers a loaded spec. `file` names the spec in errors; what is degraded or left out is
/// added to `warnings`.
pub fn lower(
    spec: &OpenAPI,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Api, Diagnostic> {
    let mut lowerer = Lowerer {
        spec,
        file,
        warnings,
        warned: BTreeSet::new(),
        type_names: Namespace::with_reserved(crate::emit::reserved::TYPE_NAMES),
        schema_names: IndexMap::new(),
        models: models::Models::default(),
        servers: Vec::new(),
        server_names: Namespace::with_reserved(&["ALL"]),
        header_sets: Vec::new(),
        component_header_sets: BTreeMap::new(),
        header_set_shapes: HashMap::new(),
        security_schemes: Vec::new(),
        scheme_ids: BTreeMap::new(),
        pending_tags: Vec::new(),
        depth: 0,
        lowering: Vec::new(),
        degraded: BTreeMap::new(),
        lowered: BTreeMap::new(),
    };
    lowerer.name_component_schemas();
    lowerer.lower_component_schemas()?;
    lowerer.lower_global_servers()?;
    // Settled before operations read struct fields for form bodies, and again for tagged
    // enums written inline in operations.
    lowerer.settle_tags()?;
    let operations = lowerer.lower_operations()?;
    lowerer.settle_tags()?;
    let components: BTreeSet<String> = lowerer.schema_names.values().cloned().collect();
    lowerer
        .models
        .merge_identical(|name| !components.contains(name));
    lowerer.box_recursion()?;
    let mut api = Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        models: Vec::new(),
        operations,
        servers: std::mem::take(&mut lowerer.servers),
        header_sets: std::mem::take(&mut lowerer.header_sets),
        security_schemes: std::mem::take(&mut lowerer.security_schemes),
    };
    std::mem::take(&mut lowerer.models)
        .finish(&mut api)
        .map_err(|name| {
            lowerer.error(
                &Pointer::root(),
                format!("the type `{name}` is used but was never generated"),
            )
        })?;
    Ok(api)
}

/// State shared while lowering one spec.
struct Lowerer<'a> {
    spec: &'a OpenAPI,
    file: &'a str,
    /// What was tolerated, degraded or left out so far.
    warnings: &'a mut Vec<Diagnostic>,
    /// The pointer and message of each warning given, so that none is given twice.
    warned: BTreeSet<(Option<Pointer>, String)>,
    /// Every Rust type name handed out so far.
    type_names: Namespace,
    /// Rust names of `#/components/schemas` entries, by component key, in spec order; a map,
    /// so that resolving a `$ref` does not scan every schema.
    schema_names: IndexMap<&'a str, String>,
    /// Every model, by id and in list order.
    models: models::Models,
    /// Servers met so far, global ones first.
    servers: Vec<Server>,
    /// Constant names of servers handed out so far.
    server_names: Namespace,
    header_sets: Vec<HeaderSet>,
    /// Header sets of `#/components/responses` entries, by component key.
    component_header_sets: BTreeMap<String, HeaderSetId>,
    /// Header sets by their headers' names and types, so that one shape is one set.
    header_set_shapes: HashMap<String, HeaderSetId>,
    /// Security schemes operations name, in the order first named.
    security_schemes: Vec<SecurityScheme>,
    /// Their ids by scheme name.
    scheme_ids: BTreeMap<String, SecuritySchemeId>,
    /// Tagged enums whose variant structs are checked once all schemas are lowered.
    pending_tags: Vec<composition::PendingTag>,
    /// How many schemas are being lowered inside one another right now.
    depth: usize,
    /// Pointers to the inline schemas being lowered inside one another right now.
    lowering: Vec<String>,
    /// Why each schema that stands as any JSON value does, by the pointer to the schema.
    degraded: BTreeMap<String, String>,
    /// The type of each schema lowered in place so far, by its pointer, for `$ref`s that
    /// point into the middle of a component.
    lowered: BTreeMap<String, crate::ir::Type>,
}

impl<'a> Lowerer<'a> {
    fn error(&self, at: &Pointer, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, at, message)
    }

    /// Records something the generated crate does without, at `at`.
    fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        let warning = self.error(at, message);
        // A schema lowered twice (its properties copied by an `allOf`) says things once.
        let key = (warning.pointer.clone(), warning.message.clone());
        if self.warned.insert(key) {
            self.warnings.push(warning);
        }
    }

    fn unsupported(&self, at: &Pointer, what: &str) -> Diagnostic {
        self.error(at, format!("{what} is not supported yet"))
    }

    /// Follows `item` through `#/components/<section>/<name>` references to a value, and
    /// returns it with the pointer to where it is written.
    fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        at: Pointer,
        section: &str,
        lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<(&'a T, Pointer), Diagnostic> {
        let reference = match item {
            ReferenceOr::Item(value) => return Ok((value, at)),
            ReferenceOr::Reference { reference } => reference,
        };
        self.follow(reference, at, section, lookup, |reference, at| {
            Err(self.error(
                at,
                format!("`$ref: {reference}` must point into #/components/{section}"),
            ))
        })
    }

    /// Follows `reference` and the references it leads to through `#/components/<section>`;
    /// a reference anywhere else is handed to `elsewhere`.
    fn follow<T>(
        &self,
        reference: &'a str,
        mut at: Pointer,
        section: &str,
        lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
        elsewhere: impl Fn(&'a str, &Pointer) -> Result<(&'a T, Pointer), Diagnostic>,
    ) -> Result<(&'a T, Pointer), Diagnostic> {
        let mut reference = reference;
        for _ in 0..MAX_REF_HOPS {
            let Some(name) = component_name(reference, section) else {
                return elsewhere(reference, &at);
            };
            let item = self
                .spec
                .components
                .as_ref()
                .and_then(|components| lookup(components, &name))
                .ok_or_else(|| self.error(&at, format!("`$ref: {reference}` points to nothing")))?;
            at = Pointer::root().join("components").join(section).join(&name);
            match item {
                ReferenceOr::Item(value) => return Ok((value, at)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(self.error(&at, "`$ref`s lead in a cycle"))
    }
}

/// The `<name>` of a `#/components/<section>/<name>` reference.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let pointer = Pointer::from_ref(reference)?;
    let mut tokens = pointer.tokens();
    let name = match (tokens.next(), tokens.next(), tokens.next(), tokens.next()) {
        (Some(components), Some(found), Some(name), None)
            if components == "components" && found == section =>
        {
            name
        }
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_come_only_from_the_named_section() {
        assert_eq!(
            component_name("#/components/schemas/Pet", "schemas").as_deref(),
            Some("Pet")
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b", "schemas").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            component_name("#/components/responses/Pet", "schemas"),
            None
        );
        assert_eq!(
            component_name("pets.yaml#/components/schemas/Pet", "schemas"),
            None
        );
        assert_eq!(
            component_name("#/components/schemas/Pet/properties", "schemas"),
            None
        );
    }
}
