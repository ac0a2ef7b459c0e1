//! Enums in `src/models.rs`: string enums with a catch-all, and tagged and untagged unions.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use super::types::rust_type;
use crate::ir::{Api, EnumValue, Variant};

/// A string enum that keeps values it does not list, so a server adding one breaks nothing.
pub fn string_enum(name: &Ident, docs: &TokenStream, values: &[EnumValue]) -> TokenStream {
    let variants = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let doc = if value.wire_value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{}`", value.wire_value)
        };
        quote!(#[doc = #doc] #variant,)
    });
    let to_text = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let text = &value.wire_value;
        quote!(Self::#variant => #text,)
    });
    let conversions = text_conversions(name, values);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this description of the API does not list.
            Other(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_text)*
                    Self::Other(value) => value,
                }
            }
        }

        #conversions
    }
}

/// A string enum's conversions from and to text: `From<&str>`, `Display`, and serde
/// through the text.
fn text_conversions(name: &Ident, values: &[EnumValue]) -> TokenStream {
    let from_text = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let text = &value.wire_value;
        quote!(#text => Self::#variant,)
    });
    quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_text)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// One of several structs, chosen by the value of the `tag` property. Variants hold whole
/// structs of the spec's choosing, so one may be much larger than another; boxing them all
/// would cost every caller a `Box` for the largest one's sake.
pub fn tagged(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    derives: &TokenStream,
    tag: &str,
    variants: &[Variant],
) -> TokenStream {
    let variants = variants.iter().map(|variant| {
        let value = variant.tag_value.as_deref().unwrap_or(&variant.rust_name);
        let doc = format!(" `{tag}: {value}`");
        let body = variant_body(api, variant);
        quote! {
            #[doc = #doc]
            #[serde(rename = #value)]
            #body
        }
    });
    quote! {
        #docs
        #derives
        #[serde(tag = #tag)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// One of several types; decoding takes the first that fits.
pub fn untagged(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    derives: &TokenStream,
    variants: &[Variant],
) -> TokenStream {
    let variants = variants.iter().map(|variant| {
        let doc = format!(" A `{}`.", type_text(api, variant));
        let body = variant_body(api, variant);
        quote!(#[doc = #doc] #body)
    });
    quote! {
        #docs
        #derives
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn variant_body(api: &Api, variant: &Variant) -> TokenStream {
    let name = ident(&variant.rust_name);
    let ty = rust_type(api, &variant.ty, &TokenStream::new());
    if variant.boxed {
        quote!(#name(Box<#ty>),)
    } else {
        quote!(#name(#ty),)
    }
}

fn type_text(api: &Api, variant: &Variant) -> String {
    rust_type(api, &variant.ty, &TokenStream::new())
        .to_string()
        .replace(' ', "")
}
