//! `src/responses.rs`: for operations whose replies differ by status, one enum of the
//! success replies and one of the error replies, a variant per declared status.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::ident;
use super::types::rust_type;
use crate::ir::{Api, Encoding, Operation, Response, StatusMatch, Type};

/// Whether any operation needs a reply enum, so the crate has a `responses` module.
pub fn needed(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| op.success_enum.is_some() || op.error_enum.is_some())
}

pub fn emit(api: &Api) -> TokenStream {
    let enums = api.operations.iter().flat_map(|op| {
        let success = op
            .success_enum
            .as_deref()
            .map(|name| reply_enum(api, op, name, true));
        let error = op
            .error_enum
            .as_deref()
            .map(|name| reply_enum(api, op, name, false));
        success.into_iter().chain(error)
    });
    quote! {
        //! Replies of operations that answer with different bodies (or none) by status: one
        //! variant per declared status.
        #(#enums)*
    }
}

fn reply_enum(api: &Api, op: &Operation, name: &str, success: bool) -> TokenStream {
    let side = if success { "success" } else { "error" };
    let docs = doc(&format!(
        "The {side} replies of operation `{}` (`{} {}`), by status.",
        op.id,
        op.http_method.as_str(),
        op.path.raw
    ));
    let name = ident(name);
    let variants = op
        .responses
        .iter()
        .filter(|r| r.status.is_success() == success)
        .map(|response| variant(api, response));
    quote! {
        #docs
        // A reply holds one body at a time; boxing the large ones would only add a step for
        // callers.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn variant(api: &Api, response: &Response) -> TokenStream {
    let status = match response.status {
        StatusMatch::Default => "any status the operation does not declare otherwise".to_owned(),
        other => format!("`{other}`"),
    };
    let description = response.description.trim();
    let docs = doc(&if description.is_empty() {
        format!("Status {status}.")
    } else {
        format!("Status {status}: {description}")
    });
    let name = ident(&response.variant);
    match &response.body {
        Some(ty) => {
            let ty = body_type(api, ty, &response.encoding);
            quote!(#docs #name(#ty),)
        }
        None => quote!(#docs #name,),
    }
}

/// The Rust type of a reply body read with `encoding`.
pub fn body_type(api: &Api, ty: &Type, encoding: &Encoding) -> TokenStream {
    match encoding {
        Encoding::Text(_) => quote!(String),
        Encoding::Binary(_) => quote!(Vec<u8>),
        _ => rust_type(api, ty, &quote!(crate::models::)),
    }
}
