//! The statements that turn a body struct into form pairs or `multipart/form-data` parts;
//! `builder` is the runtime type that collects them (`Form` or `Multipart`).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{FormPart, PartValue, Type};

/// A block expression that adds the parts of `body` to `request`.
pub fn attach(parts: &[FormPart], ty: &Type, builder: &TokenStream) -> TokenStream {
    let statements: Vec<_> = match ty {
        // A map body: one pair or part per entry.
        Type::Map(value) => vec![entries(value)],
        _ => parts.iter().map(part).collect(),
    };
    let binding = if statements.is_empty() {
        quote!(let form)
    } else {
        quote!(let mut form)
    };
    quote! {
        {
            #binding = #builder::default();
            #(#statements)*
            form.attach(request)
        }
    }
}

/// The statement adding each entry of a map body, values as text (JSON values that are
/// not strings as JSON text).
fn entries(value: &Type) -> TokenStream {
    let add = match value {
        Type::String => quote!(form.text(name, value);),
        Type::Secret => quote!(form.text(name, value.expose_secret());),
        Type::Any => quote! {
            match value {
                serde_json::Value::String(text) => form.text(name, text),
                other => form.text(name, &other.to_string()),
            }
        },
        ty if ty.is_scalar() => quote!(form.text(name, &value.to_string());),
        _ => quote!(form.json(name, value)?;),
    };
    quote! {
        for (name, value) in body {
            #add
        }
    }
}

fn part(part: &FormPart) -> TokenStream {
    let statement = value_statement(part);
    match &part.content_type {
        // The `encoding` names the part's media type: set on the part just added.
        Some(content_type) => {
            let set = quote!(form.content_type(#content_type););
            if part.optional {
                let field = ident(&part.rust_name);
                quote! {
                    #statement
                    if body.#field.is_some() { #set }
                }
            } else {
                quote!(#statement #set)
            }
        }
        None => statement,
    }
}

fn value_statement(part: &FormPart) -> TokenStream {
    let field = ident(&part.rust_name);
    if let Some(separator) = &part.separator {
        let name = &part.wire_name;
        let item = match part.value {
            PartValue::Secret => quote!(item.expose_secret().to_owned()),
            _ => quote!(item.to_string()),
        };
        let join = |items: TokenStream| {
            quote! {
                let joined: Vec<String> = #items.iter().map(|item| #item).collect();
                form.text(#name, &joined.join(#separator));
            }
        };
        return if part.optional {
            let join = join(quote!(items));
            quote!(if let Some(items) = &body.#field { #join })
        } else {
            let join = join(quote!(body.#field));
            quote!({ #join })
        };
    }
    match (part.optional, part.repeated) {
        (false, false) => add(part, &quote!(body.#field), false),
        (true, false) => {
            let add = add(part, &quote!(value), true);
            quote!(if let Some(value) = &body.#field { #add })
        }
        (false, true) => {
            let add = add(part, &quote!(item), true);
            quote!(for item in &body.#field { #add })
        }
        (true, true) => {
            let add = add(part, &quote!(item), true);
            quote! {
                if let Some(items) = &body.#field {
                    for item in items { #add }
                }
            }
        }
    }
}

/// The statement adding one value: `place` is a field (`body.x`) or, with `is_reference`, a
/// binding that already holds a reference.
fn add(part: &FormPart, place: &TokenStream, is_reference: bool) -> TokenStream {
    let name = &part.wire_name;
    let reference = if is_reference {
        quote!(#place)
    } else {
        quote!(&#place)
    };
    match part.value {
        PartValue::Text => quote!(form.text(#name, #reference);),
        PartValue::Secret => quote!(form.text(#name, #place.expose_secret());),
        PartValue::Display => quote!(form.text(#name, &#place.to_string());),
        PartValue::File => quote!(form.file(#name, #reference);),
        PartValue::Json => quote!(form.json(#name, #reference)?;),
    }
}
