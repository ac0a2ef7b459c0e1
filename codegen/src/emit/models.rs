//! `src/models.rs`: a struct or alias per model, with serde attributes and constructors.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rust_type;
use super::{Part, ident};
use super::{doc, doc_or, enums};
use crate::ir::{Api, Field, Literal, Model, ModelId, ModelKind, Type};

/// `src/models.rs`: its head, or the types (and their impls) of a run of models.
pub fn emit(api: &Api, part: Part) -> TokenStream {
    let range = match part {
        Part::Head => return head(api),
        Part::Units(range) => range,
    };
    let error_models = super::errors::error_models(api);
    let models = range.map(|index| {
        let id = ModelId::from_index(index);
        let summary = error_models
            .contains(&id)
            .then(|| super::errors::summary_impl(api, id));
        let model = model(api, api.model(id));
        quote!(#model #summary)
    });
    quote!(#(#models)*)
}

fn head(api: &Api) -> TokenStream {
    let uses_serde = api
        .models
        .iter()
        .any(|m| !matches!(m.kind, ModelKind::Alias(_)));
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

fn model(api: &Api, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc_or(
        model.doc.as_deref(),
        &format!("The `{}` schema.", model.name),
    );
    match &model.kind {
        ModelKind::Alias(ty) => {
            let ty = rust_type(api, ty, &TokenStream::new());
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        ModelKind::Struct(fields) => {
            let all_optional = fields.iter().all(|f| !f.required);
            let default = all_optional.then(|| quote!(Default,));
            let definitions = fields.iter().map(|f| field(api, f));
            let constructor = (!all_optional).then(|| constructor(api, &model.name, fields));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
                pub struct #name {
                    #(#definitions)*
                }
                #constructor
            }
        }
        ModelKind::Enum(values) => enums::string_enum(&name, &docs, values),
        ModelKind::Tagged { tag, variants } => enums::tagged(api, &name, &docs, tag, variants),
        ModelKind::Untagged(variants) => enums::untagged(api, &name, &docs, variants),
    }
}

fn field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let fallback = format!("The `{}` property.", field.wire_name);
    let mut text = field
        .doc
        .clone()
        .filter(|text| !super::docs::doc_lines(text.trim()).is_empty())
        .unwrap_or(fallback);
    // The server applies an optional field's default when it is absent; say which.
    if let (Some(literal), false) = (&field.default, field.required) {
        let value = match literal {
            Literal::String(text) => text.clone(),
            other => literal_text(other),
        };
        text = format!("{}\n\nDefaults to `{value}` when absent.", text.trim_end());
    }
    let docs = doc(&text);
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
    let serde = (!attributes.is_empty()).then(|| quote!(#[serde(#(#attributes),*)]));
    let ty = field_type(api, field);
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = rust_type(api, &field.ty, &TokenStream::new());
    let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
    if field.is_optional() {
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
