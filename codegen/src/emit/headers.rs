//! `src/headers.rs`: a struct per set of declared response headers, read from a reply.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::types::rust_type;
use super::{Part, ident};
use crate::ir::{Api, HeaderSet, ResponseHeader};

/// The file's head, or the structs of a run of header sets.
pub fn emit(api: &Api, part: Part) -> TokenStream {
    let range = match part {
        Part::Head => return head(api),
        Part::Units(range) => range,
    };
    let sets = api.header_sets[range]
        .iter()
        .map(|set| header_set(api, set));
    quote!(#(#sets)*)
}

/// The module's doc and imports.
fn head(api: &Api) -> TokenStream {
    let imports = (!api.header_sets.is_empty()).then(|| {
        quote! {
            use crate::runtime::response::header;
        }
    });
    quote! {
        //! Typed views of the headers that responses declare, such as rate limits. Successful
        //! replies carry theirs in [`ApiResponse::declared_headers`](crate::ApiResponse::declared_headers);
        //! for an error reply, read them with [`from_headers`](crate::FromHeaders::from_headers).
        #imports
    }
}

/// A header set's struct and how it is read from a reply's headers.
fn header_set(api: &Api, set: &HeaderSet) -> TokenStream {
    let name = ident(&set.name);
    let docs = doc(&set.doc);
    let fields = set.headers.iter().map(|header| header_field(api, header));
    let reads = set.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = &header.name;
        quote!(#field: header(headers, #wire),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        // Paths, not imports, so a header set may take the trait's name.
        impl crate::FromHeaders for #name {
            fn from_headers(headers: &reqwest::header::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    }
}

/// A header's field, its doc naming the header.
fn header_field(api: &Api, header: &ResponseHeader) -> TokenStream {
    let field = ident(&header.rust_name);
    let ty = rust_type(api, &header.ty, &TokenStream::new());
    let text = match header.doc.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => format!("`{}`: {text}", header.name),
        _ => format!("`{}`.", header.name),
    };
    let docs = doc(&text);
    quote! {
        #docs
        pub #field: Option<#ty>,
    }
}
