//! IR types -> Rust type tokens.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, moved};
use crate::ir::{Api, Type};

/// The Rust type of `ty`. `models` is the path that reaches model types from the emitting
/// module (empty inside `models` itself).
pub fn rust_type(api: &Api, ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Secret => quote!(crate::Secret),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Model(id) => {
            let name = ident(&api.model(*id).name);
            quote!(#models #name)
        }
        Type::Array(item) => {
            let item = moved(rust_type(api, item, models));
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = moved(rust_type(api, value, models));
            quote!(std::collections::HashMap<String, #value>)
        }
        Type::Any => quote!(serde_json::Value),
        Type::Bytes => quote!(Vec<u8>),
        Type::File => quote!(crate::File),
    }
}
