//! Request builders, so that a spec that gains an optional parameter, header or body never
//! breaks a caller. Each operation's public method on `Client` takes the required values and
//! returns a builder (in the generated `src/requests.rs`) with one setter per optional value;
//! `.send().await`, or just `.await`, sends it through the crate-private method that
//! `operations.rs` emits with every argument.

use heck::ToUpperCamelCase;
use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::doc;
use super::operations::{body_type, future_type, parameter_type, reply_type};
use super::{Part, ident, moved};
use crate::ir::{Api, Operation, Parameter, RequestBody};

/// `src/requests.rs`: its head, or the builders of a run of operations.
pub fn emit(api: &Api, part: Part) -> TokenStream {
    match part {
        Part::Head => head(api),
        Part::Units(range) => {
            // Collected, not interpolated with `quote!`, which would copy every builder's tokens.
            api.operations[range]
                .iter()
                .map(|op| builder(api, op))
                .collect()
        }
    }
}

/// The module's doc and imports.
fn head(api: &Api) -> TokenStream {
    let models = super::operations::uses_models(api).then(|| {
        quote!(
            use crate::models;
        )
    });
    let headers = api
        .operations
        .iter()
        .any(|op| {
            op.responses
                .iter()
                .any(|r| r.status.is_success() && r.headers.is_some())
        })
        .then(|| {
            quote!(
                use crate::headers;
            )
        });
    let responses = super::operations::uses_reply_enums(api).then(|| {
        quote!(
            use crate::responses;
        )
    });
    // Builder types are named after operations, so only what the reply types name is
    // imported; `type_name` keeps clear of those names.
    let imports = (!api.operations.is_empty()).then(|| {
        quote! {
            #headers
            #models
            #responses
            use crate::{ApiResponse, Error};
        }
    });
    quote! {
        //! One request builder per operation, returned by its method on [`Client`](crate::Client):
        //! the required values are the method's arguments, each optional parameter or body has
        //! a setter, and `.send().await` (or `.await`) sends the request.
        #imports
    }
}

/// The builder's type name: the method name in upper camel case, with `Request` after it
/// where that would be a name the module imports, or before it where it would start with a
/// digit (`_2fa` camel-cases to `2fa`).
fn type_name(op: &Operation) -> Ident {
    let mut name = op.method_name.to_upper_camel_case();
    if matches!(name.as_str(), "ApiResponse" | "Error") {
        name.push_str("Request");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Request");
    }
    format_ident!("{name}")
}

/// The crate-private method that sends the request with every argument: the method name
/// with `_send` (and more `_` while that names another operation).
pub fn inner_method(api: &Api, op: &Operation) -> Ident {
    let mut name = format!("{}_send", op.method_name);
    while api.operations.iter().any(|other| other.method_name == name) {
        name.push('_');
    }
    ident(&name)
}

/// The builder's field for the client: `client`, unless a parameter has that name.
fn client_field(op: &Operation) -> Ident {
    if op.parameters.iter().any(|p| p.rust_name == "client") {
        format_ident!("client_")
    } else {
        format_ident!("client")
    }
}

/// The setter's name: the parameter's, unless it would hide `send`.
fn setter_name(rust_name: &str) -> Ident {
    if rust_name == "send" {
        format_ident!("with_send")
    } else {
        ident(rust_name)
    }
}

/// `ty` with every reference given the lifetime `'a`, nested ones included.
fn borrowed(ty: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    for token in ty {
        match token {
            TokenTree::Punct(punct) if punct.as_char() == '&' => {
                out.push(TokenTree::Punct(punct));
                out.extend(quote!('a));
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), borrowed(group.stream()));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The type of a parameter's value, without `Option`, borrowed for `'a`.
fn value_type(api: &Api, parameter: &Parameter) -> TokenStream {
    let required = Parameter {
        required: true,
        ..parameter.clone()
    };
    borrowed(parameter_type(api, &required))
}

/// The public method on `Client`: docs, required arguments, and the builder it returns.
pub fn method(api: &Api, op: &Operation, docs: TokenStream) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = type_name(op);
    let client = client_field(op);
    let required = op.parameters.iter().filter(|p| p.required);
    let arguments = required.clone().map(|p| {
        let name = ident(&p.rust_name);
        let ty = value_type(api, p);
        quote!(#name: #ty)
    });
    let body = op.request_body.as_ref().filter(|body| body.required);
    let body_argument = body.map(|body| {
        let ty = borrowed(body_type(api, body));
        quote!(body: &'a #ty)
    });
    let arguments: Vec<_> = arguments.chain(body_argument).collect();
    let fields = op.parameters.iter().map(|p| {
        let name = ident(&p.rust_name);
        if p.required {
            quote!(#name)
        } else {
            quote!(#name: None)
        }
    });
    let body_field = op.request_body.as_ref().map(|body| {
        if body.required {
            quote!(body)
        } else {
            quote!(body: None)
        }
    });
    let fields: Vec<_> = fields.chain(body_field).collect();
    let allow = (arguments.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Arguments borrowed for `'a` tie the builder to them; without any, `'_` says the same.
    let (generics, receiver, lifetime) = if arguments.is_empty() {
        (quote!(), quote!(&self), quote!('_))
    } else {
        (quote!(<'a>), quote!(&'a self), quote!('a))
    };
    quote! {
        #docs
        #allow
        pub fn #name #generics(#receiver, #(#arguments),*) -> crate::requests::#builder<#lifetime> {
            crate::requests::#builder {
                #client: self,
                #(#fields),*
            }
        }
    }
}

/// The builder struct, its setters, `send`, and `IntoFuture`.
fn builder(api: &Api, op: &Operation) -> TokenStream {
    let name = type_name(op);
    let client = client_field(op);
    let inner = inner_method(api, op);
    let reply = moved(reply_type(api, op));
    let future = future_type(api, op, &quote!('a));
    let docs = moved(builder_doc(op));
    let Members {
        fields,
        setters,
        values,
    } = Members::of(api, op, &client);
    let [fields, setters, values] =
        [fields, setters, values].map(|members| members.into_iter().map(moved).collect::<Vec<_>>());
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await` or `.await`"]
        pub struct #name<'a> {
            #(#fields)*
        }

        impl<'a> #name<'a> {
            #(#setters)*

            /// Sends the request and reads the reply.
            pub fn send(self) -> #future {
                self.#client.#inner(#(#values),*)
            }
        }

        impl<'a> std::future::IntoFuture for #name<'a> {
            type Output = #reply;
            type IntoFuture = #future;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The builder's doc: which operation it sends and how.
fn builder_doc(op: &Operation) -> TokenStream {
    doc(&format!(
        "A request of the `{}` operation, from [`Client::{}`](crate::Client::{}): set the optional values, then \
         `.send().await` (or `.await`).",
        op.id,
        op.method_name,
        super::spelling(&op.method_name)
    ))
}

/// A builder's fields, its setters, and the values `send` passes on, in argument order.
struct Members {
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    values: Vec<TokenStream>,
}

impl Members {
    /// The members for the client (in the field `client`), each parameter and the body.
    fn of(api: &Api, op: &Operation, client: &Ident) -> Self {
        let mut members = Members {
            fields: vec![quote! {
                pub(crate) #client: &'a crate::Client,
            }],
            setters: Vec::new(),
            values: Vec::new(),
        };
        for parameter in &op.parameters {
            members.parameter(api, parameter);
        }
        if let Some(body) = &op.request_body {
            members.body(api, body);
        }
        members
    }

    /// A parameter's field, and a setter when it is optional.
    fn parameter(&mut self, api: &Api, parameter: &Parameter) {
        let field = ident(&parameter.rust_name);
        let ty = value_type(api, parameter);
        self.values.push(quote!(self.#field));
        if parameter.required {
            self.fields.push(quote!(pub(crate) #field: #ty,));
            return;
        }
        self.fields.push(quote!(pub(crate) #field: Option<#ty>,));
        let place = parameter.location.as_str();
        let setter_docs = setter_doc(
            format!(
                "Sets the optional {place} parameter `{}`.",
                parameter.wire_name
            ),
            parameter.doc.as_deref(),
        );
        let setter = setter_name(&parameter.rust_name);
        self.setters.push(quote! {
            #setter_docs
            pub fn #setter(mut self, #field: #ty) -> Self {
                self.#field = Some(#field);
                self
            }
        });
    }

    /// The body's field, and a setter when it is optional.
    fn body(&mut self, api: &Api, body: &RequestBody) {
        let ty = borrowed(body_type(api, body));
        self.values.push(quote!(self.body));
        if body.required {
            self.fields.push(quote!(pub(crate) body: &'a #ty,));
            return;
        }
        self.fields.push(quote!(pub(crate) body: Option<&'a #ty>,));
        let setter_docs = setter_doc(
            "Sets the optional request body.".to_owned(),
            body.doc.as_deref(),
        );
        self.setters.push(quote! {
            #setter_docs
            pub fn body(mut self, body: &'a #ty) -> Self {
                self.body = Some(body);
                self
            }
        });
    }
}

/// A setter's doc: what it sets, then the spec's description of it, if any.
fn setter_doc(mut text: String, about: Option<&str>) -> TokenStream {
    if let Some(about) = about.map(str::trim).filter(|t| !t.is_empty()) {
        text.push_str("\n\n");
        text.push_str(about);
    }
    doc(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_gets_the_lifetime() {
        let ty = borrowed(quote!(Option<&[&str]>));
        assert_eq!(ty.to_string(), quote!(Option<&'a [&'a str]>).to_string());
    }

    // Generates the spec and reads one file, as the tests in `emit/mod.rs` do; each test
    // keeps its spec and its file in view.
    #[test]
    fn a_method_name_that_camel_cases_to_a_digit_gets_a_builder_name_all_the_same() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\
                    paths:\n  /a:\n    get:\n      operationId: 2fa\n      \
                    responses: {'204': {description: done}}\n";
        let settings = crate::CrateSettings::new("t", "0.1.0", "regenerate");
        let generation = crate::generate(spec, "spec.yaml", &settings).unwrap();
        let requests = generation
            .files
            .iter()
            .find(|file| file.path == "src/requests.rs")
            .unwrap();
        assert!(requests.contents.contains("pub struct Request2fa<'a>"));
    }
}
