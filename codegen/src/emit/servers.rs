//! `src/servers.rs`: a constant per server, for [`ClientBuilder::server_url`] overrides.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::ident;
use crate::ir::Api;

pub fn emit(api: &Api) -> TokenStream {
    let servers = api.servers.iter().enumerate().map(|(index, server)| {
        let name = ident(&server.const_name);
        let url = &server.url;
        let mut text = server
            .description
            .clone()
            .unwrap_or_else(|| format!("`{url}`."));
        text.push_str(&format!("\n\nDeclared at `{}`.", server.declared_at));
        if index == 0 && server.declared_at.starts_with("#/servers/") {
            text.push_str(" The default server of operations that name none of their own.");
        }
        let docs = doc(&text);
        quote! {
            #docs
            pub const #name: &str = #url;
        }
    });
    let names = api.servers.iter().map(|server| ident(&server.const_name));
    quote! {
        //! The servers the spec names. Each operation goes to one of them unless the client is
        //! built with a base URL or a replacement for that server.
        #(#servers)*

        /// Every server above, for checking [`ClientBuilder::server_url`](crate::ClientBuilder::server_url) keys.
        pub const ALL: &[&str] = &[#(#names),*];
    }
}
