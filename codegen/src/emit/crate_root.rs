//! `src/lib.rs`: crate docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::{CrateSettings, inner_doc, runtime};
use crate::ir::Api;

/// The file: its docs, the module declarations and the re-exports callers use.
pub fn emit(api: &Api, settings: &CrateSettings) -> TokenStream {
    let docs = crate_doc(api, settings);
    let hand_written = settings.hand_written_modules.iter().map(|name| {
        let name = super::ident(name);
        quote!(pub mod #name;)
    });
    let responses = super::responses::needed(api).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod responses;
        }
    });
    let file = runtime::needs_multipart(api).then(|| {
        quote!(
            pub use runtime::multipart::File;
        )
    });
    // The error aliases' docs show the runtime's types, so their module must be reachable.
    let runtime_module = if settings.oauth_error_fallback {
        quote! {
            #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
            pub mod runtime;
        }
    } else {
        quote! {
            #[allow(dead_code, reason = "shared runtime: each spec uses a part of it")]
            mod runtime;
        }
    };
    let (error_uses, error_items) = super::errors::root_items(settings.oauth_error_fallback);
    quote! {
        #docs
        #![deny(missing_docs)]

        #[rustfmt::skip]
        pub mod headers;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        mod operations;
        #[rustfmt::skip]
        pub mod requests;
        #responses
        #runtime_module
        #[rustfmt::skip]
        pub mod servers;
        #(#hand_written)*

        pub use runtime::client::{BuildError, Client, ClientBuilder};
        #error_uses
        #file
        pub use runtime::response::{ApiResponse, FromHeaders, RawResponse};
        pub use runtime::secret::Secret;

        /// The `reqwest` this crate is built on, for [`ClientBuilder::http_client`].
        pub use reqwest;

        #error_items
    }
}

/// The crate's doc: the API's title and description, then where its parts are.
fn crate_doc(api: &Api, settings: &CrateSettings) -> TokenStream {
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
    inner_doc(&text)
}
