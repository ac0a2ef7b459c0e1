//! `src/lib.rs`: crate docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::{CrateSettings, inner_doc, runtime};
use crate::ir::Api;

pub fn emit(api: &Api, settings: &CrateSettings) -> TokenStream {
    let mut text = format!("# {}\n", api.title);
    if let Some(description) = &api.description {
        text.push('\n');
        text.push_str(description.trim());
        text.push('\n');
    }
    text.push_str(&format!(
        "\nGenerated from version `{}` of the API description by `{}`.\n\
         Operations are methods on [`Client`] that return request builders from [`requests`];\n\
         request and response bodies are in [`models`].",
        api.version, settings.regenerate_command
    ));
    let docs = inner_doc(&text);
    let hand_written = settings.hand_written_modules.iter().map(|name| {
        let name = super::ident(name);
        quote!(pub mod #name;)
    });
    let (form, multipart) = (runtime::needs_form(api), runtime::needs_multipart(api));
    let form = form.then(|| {
        quote!(
            mod form;
        )
    });
    let multipart_mod = multipart.then(|| {
        quote!(
            mod multipart;
        )
    });
    let responses = super::responses::needed(api).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod responses;
        }
    });
    let params = runtime::needs_params(api).then(|| {
        quote!(
            #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
            mod params;
        )
    });
    let file = multipart.then(|| {
        quote!(
            pub use multipart::File;
        )
    });
    quote! {
        #docs
        #![deny(missing_docs)]

        #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
        mod client;
        #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
        mod error;
        #form
        #multipart_mod
        #[rustfmt::skip]
        pub mod headers;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        mod operations;
        #params
        #[rustfmt::skip]
        pub mod requests;
        #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
        mod response;
        #responses
        mod secret;
        #[rustfmt::skip]
        pub mod servers;
        #(#hand_written)*

        pub use client::{BuildError, Client, ClientBuilder};
        pub use error::{
            ApiError, DecodeError, Error, ErrorBody, OAuthError, TransportError, TransportKind,
        };
        #file
        pub use response::{ApiResponse, FromHeaders, RawResponse};
        pub use secret::Secret;

        /// The `reqwest` this crate is built on, for [`ClientBuilder::http_client`].
        pub use reqwest;
    }
}
