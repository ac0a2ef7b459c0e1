//! What the generated code tells the runtime about error replies: an `ErrorSummary` impl for
//! each model the spec declares as an error body (beside the model in `models.rs`), and, when
//! the settings ask for it, the OAuth fallback shape with the crate root's error names bound
//! to it (in `lib.rs`). The runtime itself knows no API's error keys.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Api, Encoding, Field, ModelId, ModelKind, Type};

/// Property names (wire names, compared without case) that carry an error's name or code,
/// most telling first: Dropbox Sign's `error_name`, common `code`s, OAuth's `error`, and
/// problem details' `title`.
const NAME_KEYS: &[&str] = &["error_name", "error_code", "code", "error", "title"];

/// Property names that carry an error's human-readable message, most telling first.
const MESSAGE_KEYS: &[&str] = &[
    "error_msg",
    "error_message",
    "message",
    "error_description",
    "detail",
];

/// The models that JSON error replies are read as, aliases followed to what they name: each
/// needs an `ErrorSummary` impl, since the runtime asks every error body for its summary.
/// Bodies of other types (lists, maps, scalars, any JSON) have the runtime's own impls.
pub fn error_models(api: &Api) -> BTreeSet<ModelId> {
    api.operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|response| !response.status.is_success())
        .filter(|response| !matches!(response.encoding, Encoding::Text(_) | Encoding::Binary(_)))
        .filter_map(|response| response.body.as_ref())
        .filter_map(|ty| model_of(api, ty))
        .collect()
}

/// The model `ty` is, aliases followed; `None` for other types.
fn model_of(api: &Api, ty: &Type) -> Option<ModelId> {
    let mut ty = ty;
    // Lowering refuses alias cycles; the bound only keeps a bad IR from looping.
    for _ in 0..=api.models.len() {
        let Type::Model(id) = ty else {
            return None;
        };
        match &api.model(*id).kind {
            ModelKind::Alias(target) => ty = target,
            _ => return Some(*id),
        }
    }
    None
}

/// `impl ErrorSummary for Model`, reading the string properties that carry the error's name
/// and message: in the model itself, else in one of its object properties (`error` first),
/// as in `{"error": {"error_name": ..., "error_msg": ...}}`. Without such properties (or for
/// an enum or union) the impl says nothing.
pub fn summary_impl(api: &Api, id: ModelId) -> TokenStream {
    let model = api.model(id);
    let name = ident(&model.name);
    let (error_name, error_message) = match &model.kind {
        ModelKind::Struct(fields) => summary_fields(api, fields),
        _ => (None, None),
    };
    let error_name = error_name.map(|read| {
        quote! {
            fn error_name(&self) -> Option<&str> {
                #read
            }
        }
    });
    let error_message = error_message.map(|read| {
        quote! {
            fn error_message(&self) -> Option<&str> {
                #read
            }
        }
    });
    quote! {
        impl crate::runtime::error::ErrorSummary for #name {
            #error_name
            #error_message
        }
    }
}

/// The expressions that read the name and the message from `self`.
fn summary_fields(api: &Api, fields: &[Field]) -> (Option<TokenStream>, Option<TokenStream>) {
    let direct = (
        string_field(fields, NAME_KEYS),
        string_field(fields, MESSAGE_KEYS),
    );
    if direct.0.is_some() || direct.1.is_some() {
        let read = |field: &Field| read_string(field, &quote!(self));
        return (direct.0.map(read), direct.1.map(read));
    }
    // One object property deep, a property named `error` first.
    let mut objects: Vec<&Field> = fields.iter().filter(|f| !f.flatten).collect();
    objects.sort_by_key(|f| !f.wire_name.eq_ignore_ascii_case("error"));
    objects
        .into_iter()
        .find_map(|outer| {
            let id = model_of(api, &outer.ty)?;
            let ModelKind::Struct(inner) = &api.model(id).kind else {
                return None;
            };
            let (name, message) = (
                string_field(inner, NAME_KEYS),
                string_field(inner, MESSAGE_KEYS),
            );
            if name.is_none() && message.is_none() {
                return None;
            }
            let outer_name = ident(&outer.rust_name);
            let read = |field: &Field| {
                let inner = ident(&field.rust_name);
                match (outer.is_optional(), field.is_optional()) {
                    (true, true) => {
                        quote!(self.#outer_name.as_ref().and_then(|outer| outer.#inner.as_deref()))
                    }
                    (true, false) => {
                        quote!(self.#outer_name.as_ref().map(|outer| outer.#inner.as_str()))
                    }
                    (false, _) => read_string(field, &quote!(self.#outer_name)),
                }
            };
            Some((name.map(read), message.map(read)))
        })
        .unwrap_or((None, None))
}

/// The first plain string property whose wire name is one of `keys`, in the order of `keys`.
/// Secrets are never read: the summary is shown in `Display` and logs.
fn string_field<'a>(fields: &'a [Field], keys: &[&str]) -> Option<&'a Field> {
    keys.iter().find_map(|key| {
        fields.iter().find(|field| {
            field.ty == Type::String && !field.flatten && field.wire_name.eq_ignore_ascii_case(key)
        })
    })
}

/// `Option<&str>` of the string `field` of `owner`.
fn read_string(field: &Field, owner: &TokenStream) -> TokenStream {
    let name = ident(&field.rust_name);
    if field.is_optional() {
        quote!(#owner.#name.as_deref())
    } else {
        quote!(Some(#owner.#name.as_str()))
    }
}

/// The crate root's names that carry the error type, `Error`, `ApiError`, `ErrorBody` and
/// `ReplyFuture`, as `(uses, items)`: without a fallback, the runtime's types re-exported
/// (their fallback parameter defaults to `NoFallback`, re-exported too since their docs name
/// it); with the OAuth fallback, aliases that fill in the generated `OAuthError`.
pub fn root_items(oauth_fallback: bool) -> (TokenStream, TokenStream) {
    if !oauth_fallback {
        let uses = quote! {
            pub use runtime::client::ReplyFuture;
            pub use runtime::error::{
                ApiError, DecodeError, Error, ErrorBody, ErrorSummary, NoFallback, TransportError,
                TransportKind,
            };
        };
        return (uses, TokenStream::new());
    }
    let uses = quote! {
        pub use runtime::error::{DecodeError, ErrorSummary, TransportError, TransportKind};
    };
    let items = quote! {
        /// Why an operation failed; error replies that do not fit the declared shape are tried
        /// as the classic OAuth 2.0 [`OAuthError`] (the crate's settings turn this on).
        pub type Error<E> = runtime::error::Error<E, OAuthError>;

        /// A declared error reply: its decoded body, declared or [`OAuthError`], and the reply.
        pub type ApiError<E> = runtime::error::ApiError<E, OAuthError>;

        /// The body of a declared error reply: the declared shape, [`OAuthError`], or neither.
        pub type ErrorBody<E> = runtime::error::ErrorBody<E, OAuthError>;

        /// What sending a request gives: a boxed future of its result (see
        /// [`runtime::client::ReplyFuture`]), with [`OAuthError`] as the fallback.
        pub type ReplyFuture<'a, T, E> = runtime::client::ReplyFuture<'a, T, E, OAuthError>;

        /// The classic OAuth 2.0 error reply (RFC 6749, section 5.2),
        /// `{"error": "invalid_grant", "error_description": "..."}`, which some servers send
        /// instead of the declared shape: [`ErrorBody::Fallback`] holds it.
        #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
        pub struct OAuthError {
            /// The error code, such as `invalid_grant`.
            pub error: String,
            /// A human-readable explanation.
            #[serde(default)]
            pub error_description: Option<String>,
        }

        impl runtime::error::ErrorSummary for OAuthError {
            fn error_name(&self) -> Option<&str> {
                Some(&self.error)
            }

            fn error_message(&self) -> Option<&str> {
                self.error_description.as_deref()
            }
        }
    };
    (uses, items)
}

#[cfg(test)]
mod tests {
    use crate::CrateSettings;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n        '400':\n          description: no\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  code: {type: string}\n";

    fn lib_rs(settings: &CrateSettings) -> String {
        let generation = crate::generate(SPEC, "spec.yaml", settings).unwrap();
        let lib = generation.files.iter().find(|f| f.path == "src/lib.rs");
        lib.unwrap().contents.clone()
    }

    #[test]
    fn the_oauth_fallback_exists_only_when_the_settings_ask_for_it() {
        let mut settings = CrateSettings::new("c", "0.1.0", "x");
        let plain = lib_rs(&settings);
        assert!(!plain.contains("OAuth"), "{plain}");
        assert!(plain.contains("\nmod runtime;"), "{plain}");
        settings.oauth_error_fallback = true;
        let with = lib_rs(&settings);
        assert!(with.contains("pub struct OAuthError"), "{with}");
        assert!(
            with.contains("pub type Error<E> = runtime::error::Error<E, OAuthError>;"),
            "{with}"
        );
        assert!(with.contains("\npub mod runtime;"), "{with}");
    }
}
