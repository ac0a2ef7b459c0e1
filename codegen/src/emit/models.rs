//! `src/models.rs`: a struct or alias per model, with serde attributes and constructors.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rust_type;
use super::{Part, braced, ident, moved};
use super::{doc, doc_or, enums};
use crate::ir::{Api, Field, Literal, Model, ModelId, ModelKind, Type};

/// What each run of models needs to know of the whole API: found once per crate, not once
/// per run.
pub struct Facts {
    ways: Vec<Ways>,
    error_models: BTreeSet<ModelId>,
}

impl Facts {
    pub fn of(api: &Api) -> Self {
        Self {
            ways: ways(api),
            error_models: super::errors::error_models(api),
        }
    }
}

/// `src/models.rs`: its head, or the types (and their impls) of a run of models.
pub fn emit(api: &Api, facts: &Facts, part: Part) -> TokenStream {
    let range = match part {
        Part::Head => return head(api),
        Part::Units(range) => range,
    };
    // Collected, not interpolated with `quote!`, which would copy every model's tokens.
    range
        .flat_map(|index| {
            let id = ModelId::from_index(index);
            let summary = facts
                .error_models
                .contains(&id)
                .then(|| super::errors::summary_impl(api, id));
            [Some(model(api, api.model(id), facts.ways[index])), summary]
        })
        .flatten()
        .collect()
}

fn head(api: &Api) -> TokenStream {
    // Derives name the traits by path; string enums implement them by hand.
    let uses_serde = api
        .models
        .iter()
        .any(|m| matches!(m.kind, ModelKind::Enum(_)));
    let serde = uses_serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        //! Request and response bodies.
        #serde
    }
}

fn model(api: &Api, model: &Model, ways: Ways) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc_or(
        model.doc.as_deref(),
        &format!("The `{}` schema.", model.name),
    );
    match &model.kind {
        ModelKind::Alias(ty) => {
            let (docs, ty) = (moved(docs), moved(rust_type(api, ty, &TokenStream::new())));
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        ModelKind::Struct(fields) => {
            let all_optional = fields.iter().all(|f| !f.required);
            let default = all_optional.then(|| quote!(Default,));
            let definitions = fields.iter().map(|f| field(api, f)).collect();
            let (docs, derives) = (moved(docs), moved(derives(ways, default)));
            let mut tokens = braced(quote!(#docs #derives pub struct #name), definitions);
            tokens.extend((!all_optional).then(|| constructor(api, &model.name, fields)));
            tokens
        }
        ModelKind::Enum(values) => enums::string_enum(&name, &docs, values),
        ModelKind::Tagged { tag, variants } => {
            enums::tagged(api, &name, &docs, &derives(ways, None), tag, variants)
        }
        ModelKind::Untagged(variants) => {
            enums::untagged(api, &name, &docs, &derives(ways, None), variants)
        }
    }
}

/// Which ways a model's values travel: in requests the client sends, in replies it reads.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Ways {
    sent: bool,
    received: bool,
}

/// The ways of every model, by index: those of the parameters, bodies and replies that hold
/// it. A model that none holds travels both ways, and so does what it holds, as a caller
/// may use it either way.
fn ways(api: &Api) -> Vec<Ways> {
    let mut ways = vec![Ways::default(); api.models.len()];
    let mut pending: Vec<(Type, bool)> = Vec::new();
    for op in &api.operations {
        pending.extend(op.parameters.iter().map(|p| (p.ty.clone(), true)));
        pending.extend(op.request_body.iter().map(|body| (body.ty.clone(), true)));
        let replies = op.responses.iter().filter_map(|r| r.body.clone());
        pending.extend(replies.map(|body| (body, false)));
    }
    spread(api, &mut ways, pending);
    let unused = (0..ways.len()).filter(|index| ways[*index] == Ways::default());
    let both = unused
        .map(|index| Type::Model(ModelId::from_index(index)))
        .flat_map(|ty| [(ty.clone(), true), (ty, false)])
        .collect();
    spread(api, &mut ways, both);
    ways
}

/// Marks the models `pending` holds, and what they hold, as travelling its way.
fn spread(api: &Api, ways: &mut [Ways], mut pending: Vec<(Type, bool)>) {
    while let Some((mut ty, sent)) = pending.pop() {
        let mut held = Vec::new();
        ty.model_ids_mut(&mut |id| held.push(*id));
        for id in held {
            let way = &mut ways[id.index()];
            let seen = if sent {
                &mut way.sent
            } else {
                &mut way.received
            };
            if std::mem::replace(seen, true) {
                continue;
            }
            let mut kind = api.model(id).kind.clone();
            kind.model_ids_mut(&mut |inner| pending.push((Type::Model(*inner), sent)));
        }
    }
}

/// The derives of a model that travels `ways`: `Debug, Clone, PartialEq` (with `extra`)
/// and the serde traits of those ways, the other one only with the crate's `full-serde`
/// feature, as a `Deserialize` impl is most of the time `cargo check` takes.
fn derives(ways: Ways, extra: Option<TokenStream>) -> TokenStream {
    let serialize = quote!(serde::Serialize);
    let deserialize = quote!(serde::Deserialize);
    let (needed, other) = match (ways.sent, ways.received) {
        (true, true) => (quote!(#serialize, #deserialize), None),
        (true, false) => (serialize, Some(deserialize)),
        _ => (deserialize, Some(serialize)),
    };
    let other = other.map(|other| quote!(#[cfg_attr(feature = "full-serde", derive(#other))]));
    quote! {
        #[derive(Debug, Clone, PartialEq, #extra #needed)]
        #other
    }
}

fn field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let fallback = format!("The `{}` property.", field.wire_name);
    // The server applies an optional field's default when it is absent; say which.
    let docs = match (&field.default, field.required) {
        (Some(literal), false) => {
            let mut text = field
                .doc
                .clone()
                .filter(|text| !super::docs::doc_lines(text.trim()).is_empty())
                .unwrap_or(fallback);
            let value = match literal {
                Literal::String(text) => text.clone(),
                other => literal_text(other),
            };
            text = format!("{}\n\nDefaults to `{value}` when absent.", text.trim_end());
            doc(&text)
        }
        _ => doc_or(field.doc.as_deref(), &fallback),
    };
    let mut attributes = Vec::new();
    if field.flatten {
        attributes.push(quote!(flatten));
    } else if field.rust_name != field.wire_name {
        let wire_name = &field.wire_name;
        attributes.push(quote!(rename = #wire_name));
    }
    if field.is_optional() && !field.required {
        attributes.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!attributes.is_empty()).then(|| moved(quote!(#[serde(#(#attributes),*)])));
    let (docs, ty) = (moved(docs), moved(field_type(api, field)));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = rust_type(api, &field.ty, &TokenStream::new());
    let ty = if field.boxed {
        let ty = moved(ty);
        quote!(Box<#ty>)
    } else {
        ty
    };
    if field.is_optional() {
        let ty = moved(ty);
        quote!(Option<#ty>)
    } else {
        ty
    }
}

/// `new` takes the required fields that have no default, fills defaults in, and leaves
/// optional fields `None`.
fn constructor(api: &Api, model: &str, fields: &[Field]) -> TokenStream {
    let mut arguments = Vec::new();
    let mut defaults = Vec::new();
    let values: Vec<_> = fields
        .iter()
        .map(|field| field_value(api, field, &mut arguments, &mut defaults))
        .collect();
    let docs = constructor_doc(model, &defaults);
    let allow = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let name = ident(model);
    if arguments.is_empty() {
        return quote! {
            impl Default for #name {
                #docs
                fn default() -> Self {
                    Self { #(#values),* }
                }
            }
        };
    }
    quote! {
        impl #name {
            #docs
            #allow
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#values),* }
            }
        }
    }
}

/// A field's initialiser in `new`: `None` when optional, its default, or the argument
/// (added to `arguments`) that gives it; a default is described in `defaults`.
fn field_value(
    api: &Api,
    field: &Field,
    arguments: &mut Vec<TokenStream>,
    defaults: &mut Vec<String>,
) -> TokenStream {
    let name = ident(&field.rust_name);
    let value = match (&field.default, field.required) {
        (_, false) if field.flatten => quote!(Default::default()),
        (_, false) => quote!(None),
        (Some(literal), true) => {
            defaults.push(format!(
                "`{}` set to `{}`",
                super::spelling(&field.rust_name),
                literal_text(literal)
            ));
            let value = literal_value(literal, &field.ty);
            if field.nullable {
                quote!(Some(#value))
            } else {
                value
            }
        }
        (None, true) => {
            let (argument, value) = argument(api, field);
            arguments.push(quote!(#name: #argument));
            value
        }
    };
    // Field init shorthand where the value is the argument itself.
    if name == value.to_string() {
        quote!(#name)
    } else {
        quote!(#name: #value)
    }
}

/// The constructor's doc, naming the defaults it fills in.
fn constructor_doc(model: &str, defaults: &[String]) -> TokenStream {
    let mut summary = format!("Creates a `{model}` from its required fields");
    if !defaults.is_empty() {
        summary.push_str(&format!(", with {}", defaults.join(", ")));
    }
    summary.push_str("; optional fields start as `None`.");
    doc(&summary)
}

/// The parameter type of a required field and the expression that stores it.
fn argument(api: &Api, field: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&field.rust_name);
    match (&field.ty, field.nullable) {
        (Type::String, false) => (quote!(impl Into<String>), quote!(#name.into())),
        (Type::Secret, false) => (quote!(impl Into<crate::Secret>), quote!(#name.into())),
        _ => (field_type(api, field), quote!(#name)),
    }
}

fn literal_value(literal: &Literal, ty: &Type) -> TokenStream {
    // A table by kind and width; the arms look alike but each calls its own constructor.
    match (literal, ty) {
        (Literal::String(text), Type::Secret) => quote!(crate::Secret::new(#text)),
        (Literal::String(text), _) => quote!(String::from(#text)),
        (Literal::Integer(value), Type::I32) => {
            let value = proc_macro2::Literal::i32_unsuffixed(*value as i32);
            quote!(#value)
        }
        (Literal::Integer(value), _) => {
            let value = proc_macro2::Literal::i64_unsuffixed(*value);
            quote!(#value)
        }
        (Literal::Number(value), Type::F32) => {
            let value = proc_macro2::Literal::f32_suffixed(*value as f32);
            quote!(#value)
        }
        (Literal::Number(value), _) => {
            let value = proc_macro2::Literal::f64_suffixed(*value);
            quote!(#value)
        }
        (Literal::Bool(value), _) => quote!(#value),
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::String(text) => format!("{text:?}"),
        Literal::Integer(value) => value.to_string(),
        Literal::Number(value) => value.to_string(),
        Literal::Bool(value) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::CrateSettings;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewOrder'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    NewOrder:
      type: object
      properties:
        address: {$ref: '#/components/schemas/Address'}
    Order:
      type: object
      properties:
        id: {type: string}
        address: {$ref: '#/components/schemas/Address'}
    Address:
      type: object
      properties:
        city: {type: string}
    Unused:
      type: object
      properties:
        note: {type: string}
";

    /// The derive lines right above `pub struct <name>`.
    fn derives(models: &str, name: &str) -> String {
        let end = models.find(&format!("pub struct {name} ")).unwrap();
        let start = models[..end].rfind("#[derive(").unwrap();
        models[start..end].to_owned()
    }

    #[test]
    fn a_model_derives_the_serde_traits_of_the_ways_it_travels_and_the_other_behind_a_feature() {
        let settings = CrateSettings::new("c", "0.1.0", "x");
        let generation = crate::generate(SPEC, "spec.yaml", &settings).unwrap();
        let models = &generation.files.iter().find(|f| f.path == "src/models.rs");
        let models = &models.unwrap().contents;
        let feature = "cfg_attr(feature = \"full-serde\", derive(serde::";
        let sent = derives(models, "NewOrder");
        assert!(sent.contains(", serde::Serialize)]"), "{sent}");
        assert!(sent.contains(&format!("{feature}Deserialize))]")), "{sent}");
        let received = derives(models, "Order");
        assert!(received.contains(", serde::Deserialize)]"), "{received}");
        assert!(
            received.contains(&format!("{feature}Serialize))]")),
            "{received}"
        );
        for both in ["Address", "Unused"] {
            let both = derives(models, both);
            assert!(
                both.contains("serde::Serialize, serde::Deserialize)]"),
                "{both}"
            );
            assert!(!both.contains("cfg_attr"), "{both}");
        }
    }
}
