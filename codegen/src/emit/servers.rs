//! `src/servers.rs`: the `Server` type the client is built on, and a constant per server,
//! for [`ClientBuilder::server_url`] overrides.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::ident;
use crate::ir::{Api, Server, ServerId, ServerOrigin};

/// The file: the `Server` type, then a constant per server and the list of them all.
pub fn emit(api: &Api) -> TokenStream {
    let server_type = server_type();
    let servers = api.servers.iter().map(server_const);
    let names = api.servers.iter().map(|server| ident(&server.const_name));
    quote! {
        //! The servers the spec names. Each operation goes to one of them unless the client is
        //! built with a base URL or a replacement for that server.

        #server_type

        #(#servers)*

        /// Every server above, for checking [`ClientBuilder::server_url`](crate::ClientBuilder::server_url) keys.
        pub const ALL: &[Server] = &[#(#names),*];
    }
}

/// A server's constant, its doc saying where the spec declares it.
fn server_const(server: &Server) -> TokenStream {
    let name = ident(&server.const_name);
    let url = &server.url;
    let mut text = server
        .description
        .clone()
        .unwrap_or_else(|| format!("`{url}`."));
    text.push_str(&format!("\n\nDeclared at `{}`.", server.declared_at));
    // Global servers come first, so the first of them is the spec's default.
    if server.id == ServerId(0) && server.origin == ServerOrigin::Global {
        text.push_str(" The default server of operations that name none of their own.");
    }
    let docs = doc(&text);
    quote! {
        #docs
        pub const #name: Server = Server { url: #url };
    }
}

/// The `Server` type, the same in every crate, and the `Client` constructors that use it.
fn server_type() -> TokenStream {
    quote! {
        /// A server the spec names; the constants in this module are all of them. The client
        /// is given this type, so it knows which servers
        /// [`ClientBuilder::server_url`](crate::ClientBuilder::server_url) may replace.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct Server {
            url: &'static str,
        }

        impl Server {
            /// The server's URL: variables at their defaults, no trailing `/`.
            pub const fn url(self) -> &'static str {
                self.url
            }
        }

        impl crate::runtime::client::ApiServer for Server {
            const ALL: &'static [Self] = ALL;

            fn url(self) -> &'static str {
                self.url
            }
        }

        impl AsRef<str> for Server {
            fn as_ref(&self) -> &str {
                self.url
            }
        }

        /// A server equals its URL.
        impl PartialEq<&str> for Server {
            fn eq(&self, url: &&str) -> bool {
                self.url == *url
            }
        }

        impl crate::Client {
            /// A client with default settings: every operation goes to the server its spec
            /// names.
            pub fn new() -> Result<Self, crate::BuildError> {
                Self::builder().build()
            }

            /// Settings for a client of this API's servers.
            pub fn builder() -> crate::ClientBuilder {
                crate::ClientBuilder::for_servers::<Server>()
            }
        }
    }
}
