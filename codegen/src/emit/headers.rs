//! `src/headers.rs`: a struct per set of declared response headers, read from a reply.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
    // Collected, not interpolated with `quote!`, which would copy every set's tokens.
    api.header_sets[range]
        .iter()
        .map(|set| header_set(api, set))
        .collect()
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
    // Names as constants, so that reading a reply does not parse them again.
    let names: Vec<_> = set
        .headers
        .iter()
        .filter_map(|header| {
            let lower = valid_name(&header.name)?;
            let name = name_const(header);
            Some(quote!(const #name: Name = Name::from_static(#lower);))
        })
        .collect();
    let alias = (!names.is_empty()).then_some(quote!(
        use reqwest::header::HeaderName as Name;
    ));
    let reads = set.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = &header.name;
        match valid_name(wire) {
            Some(_) => {
                let name = name_const(header);
                quote!(#field: header(headers, #name),)
            }
            // Looked up as text, which finds nothing.
            None => quote!(#field: header(headers, #wire),),
        }
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
                #alias
                #(#names)*
                Self { #(#reads)* }
            }
        }
    }
}

/// The name in lower case, as `HeaderName::from_static` takes it; `None` when it is not a
/// valid header name (RFC 9110 token), which `from_static` would refuse.
fn valid_name(name: &str) -> Option<String> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    (!name.is_empty() && name.bytes().all(token)).then(|| name.to_ascii_lowercase())
}

/// The constant that holds a header's name: its field's name in capitals.
fn name_const(header: &ResponseHeader) -> proc_macro2::Ident {
    let field = header.rust_name.trim_start_matches("r#");
    format_ident!("{}", field.to_ascii_uppercase())
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
