//! `src/operations.rs`: per operation, a method on `Client` that returns its request builder,
//! and the crate-private method the builder sends through: a closure that builds the URL
//! and request, and the `match` that decodes the reply, handed to the runtime's one async
//! body (`Client::send`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::rust_type;
use super::{Part, braced, ident, moved};
use super::{builders, doc, doc_verbatim, example, multipart};
use crate::ir::{
    Api, Credential, Encoding, HeaderSet, ModelKind, Operation, Parameter, ParameterLocation,
    ParameterStyle, RequestBody, Response, Segment, StatusMatch, Type,
};

/// The module's head, or `impl Client` with the methods of a run of operations.
pub fn emit(api: &Api, crate_name: &str, part: Part) -> TokenStream {
    match part {
        Part::Head => head(api),
        Part::Units(range) => {
            // The methods move into the block: `quote!` would copy every method's tokens.
            let methods: TokenStream = api.operations[range]
                .iter()
                .map(|op| operation(api, op, crate_name))
                .collect();
            braced(quote!(impl Client), methods)
        }
    }
}

/// The module's doc and imports.
fn head(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return quote! {
            //! The API's operations: the spec declares none.
        };
    }
    let models = uses_models(api).then(|| {
        quote!(
            use crate::models;
        )
    });
    let responses = uses_reply_enums(api).then(|| {
        quote!(
            use crate::responses;
        )
    });
    let uses_auth = api.operations.iter().any(|op| !op.security.is_empty());
    let auth = uses_auth.then(|| {
        quote!(
            use crate::runtime::client::Auth;
        )
    });
    let uses_headers = api
        .operations
        .iter()
        .any(|op| success_headers(api, op).is_some());
    let headers = uses_headers.then(|| {
        quote!(
            use crate::headers;
        )
    });
    quote! {
        //! The API's operations, as methods on [`Client`].
        use reqwest::Method;
        #auth
        #headers
        #models
        #responses
        use crate::{ApiResponse, Client, servers};
    }
}

/// The header set of the first success response that declares headers.
fn success_headers<'a>(api: &'a Api, op: &Operation) -> Option<&'a HeaderSet> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.headers)
        .map(|id| api.header_set(id))
}

/// The public method, which returns the operation's request builder, and the crate-private
/// method that the builder's `send` calls with every argument.
fn operation(api: &Api, op: &Operation, crate_name: &str) -> TokenStream {
    let public = moved(public_method(api, op, crate_name));
    let signature = moved(inner_signature(api, op));
    let request = moved(build_request(api, op));
    let (send, accept) = reply_handling(op);
    let decode = moved(match_reply(op));
    // The request is built, then sent and its reply decoded by the runtime's one async body.
    quote! {
        #public

        #signature {
            self.#send(
                || {
                    #request
                    Ok(request)
                },
                #accept,
                |response| #decode,
            )
        }
    }
}

/// The public method with its docs and example: it returns the request builder.
fn public_method(api: &Api, op: &Operation, crate_name: &str) -> TokenStream {
    let docs = moved(doc(&operation_doc(api, op)));
    let deprecated = op.deprecated.then(
        || quote!(#[deprecated(note = "the API description marks this operation deprecated")]),
    );
    let example = moved(doc_verbatim(&example::operation(api, op, crate_name)));
    builders::method(api, op, quote!(#docs #[doc = ""] #example #deprecated))
}

/// `pub(crate) fn name_send(&self, ...) -> crate::ReplyFuture<'_, ApiResponse<..>, ..>`: what the
/// builder calls.
fn inner_signature(api: &Api, op: &Operation) -> TokenStream {
    let name = builders::inner_method(api, op);
    let future = future_type(api, op, &quote!('_));
    let arguments = arguments(api, op);
    // `&self` counts too.
    let allow = (arguments.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #allow
        pub(crate) fn #name(&self, #(#arguments),*) -> #future
    }
}

/// `Result<ApiResponse<..>, Error<..>>`: what sending the operation returns.
pub(super) fn reply_type(api: &Api, op: &Operation) -> TokenStream {
    let (success, failure) = result_types(api, op);
    let (success, failure) = (moved(success), moved(failure));
    quote!(Result<ApiResponse<#success>, Error<#failure>>)
}

/// `crate::ReplyFuture<'a, ApiResponse<..>, ..>`: the future that sending the operation gives.
pub(super) fn future_type(api: &Api, op: &Operation, lifetime: &TokenStream) -> TokenStream {
    let (success, failure) = result_types(api, op);
    let (success, failure) = (moved(success), moved(failure));
    quote!(crate::ReplyFuture<#lifetime, ApiResponse<#success>, #failure>)
}

/// The success type (with its declared headers) and the error body type.
fn result_types(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let models = quote!(models::);
    let named = |name: &Option<String>| {
        name.as_deref().map(|name| {
            let name = ident(name);
            quote!(responses::#name)
        })
    };
    let body_type = |success: bool| {
        first_reply_body(op, success).map_or_else(|| quote!(()), |ty| rust_type(api, ty, &models))
    };
    let success = named(&op.success_enum).unwrap_or_else(|| body_type(true));
    let failure = named(&op.error_enum).unwrap_or_else(|| body_type(false));
    let success = if optional_success(op) {
        let success = moved(success);
        quote!(Option<#success>)
    } else {
        success
    };
    let success = match success_headers(api, op) {
        Some(set) => {
            let set = ident(&set.name);
            let success = moved(success);
            quote!(#success, headers::#set)
        }
        None => success,
    };
    (success, failure)
}

/// `name: Type` for each parameter, then the body.
fn arguments(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let parameters = op.parameters.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = parameter_type(api, p);
        quote!(#name: #ty)
    });
    let body_parameter = op.request_body.as_ref().map(|body| {
        let ty = body_type(api, body);
        if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        }
    });
    parameters.chain(body_parameter).collect()
}

/// The statements that build `request`: URL, credentials, headers and body.
fn build_request(api: &Api, op: &Operation) -> TokenStream {
    let url = url(api, op);
    let http_method = ident(op.http_method.as_str());
    let security = security(api, op);
    let headers = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Header)
        .map(|p| header_statement(api, p));
    let cookies = cookie_statements(api, op);
    let body = body_statement(op);
    quote! {
        #url
        let request = self.request(Method::#http_method, url, #security);
        #(#headers)*
        #cookies
        #body
    }
}

/// The statement that adds one header parameter to `request`.
fn header_statement(api: &Api, p: &Parameter) -> TokenStream {
    let wire_name = &p.wire_name;
    let name = ident(&p.rust_name);
    let value = parameter_text(api, p, quote!(#name));
    if p.required {
        quote!(let request = request.header(#wire_name, #value);)
    } else {
        quote! {
            let request = match #name {
                Some(#name) => request.header(#wire_name, #value),
                None => request,
            };
        }
    }
}

/// The statements that gather cookie parameters into one `Cookie` header.
fn cookie_statements(api: &Api, op: &Operation) -> TokenStream {
    let cookies: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Cookie)
        .collect();
    if cookies.is_empty() {
        return quote!();
    }
    let pushes = cookies.iter().map(|p| {
        let wire_name = &p.wire_name;
        let name = ident(&p.rust_name);
        let value = parameter_text(api, p, quote!(#name));
        when_given(p, quote!(cookies.push((#wire_name, #value));))
    });
    quote! {
        let mut cookies: Vec<(&str, String)> = Vec::new();
        #(#pushes)*
        let request = if cookies.is_empty() {
            request
        } else {
            request.header(reqwest::header::COOKIE, crate::runtime::params::cookie(&cookies))
        };
    }
}

/// The statement that adds the body, if the operation has one.
fn body_statement(op: &Operation) -> TokenStream {
    match &op.request_body {
        Some(body) if body.required => {
            let attach = attach_body(&body.encoding, &body.ty);
            quote!(let request = #attach;)
        }
        Some(body) => {
            let attach = attach_body(&body.encoding, &body.ty);
            quote! {
                let request = match body {
                    Some(body) => #attach,
                    None => request,
                };
            }
        }
        None => quote!(),
    }
}

/// The `match` that turns the reply into the method's result by its status.
fn match_reply(op: &Operation) -> TokenStream {
    let optional = optional_success(op);
    let arms = op.responses.iter().map(|response| {
        let pattern = status_pattern(response.status);
        let outcome = outcome(op, response, optional);
        quote!(#pattern => #outcome,)
    });
    let fallback = (!op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default))
    .then(|| quote!(_ => Err(response.unexpected()),));
    quote! {
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    }
}

/// The type a request body is borrowed as: `str`, `[u8]`, `[T]` or the body's type.
pub(super) fn body_type(api: &Api, body: &RequestBody) -> TokenStream {
    let models = quote!(models::);
    match &body.ty {
        Type::String if matches!(body.encoding, Encoding::Text(_)) => quote!(str),
        Type::Bytes => quote!([u8]),
        Type::Array(item) => {
            let item = rust_type(api, item, &models);
            quote!([#item])
        }
        other => rust_type(api, other, &models),
    }
}

/// `let url = ...;` with path segments, the path key's fixed query, and query parameters.
fn url(api: &Api, op: &Operation) -> TokenStream {
    let server = ident(&api.server(op.server).const_name);
    let segments = op
        .path
        .segments
        .iter()
        .map(|segment| segment_text(api, op, segment));
    let query = match &op.path.query {
        Some(query) => quote!(Some(#query)),
        None => quote!(None),
    };
    let pairs: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| {
            let wire_name = &p.wire_name;
            let name = ident(&p.rust_name);
            let value = parameter_text(api, p, quote!(#name));
            // A `&str` argument is already a reference.
            let append = match &p.ty {
                _ if uses_params_runtime(api, p) => {
                    let style = style(p.style);
                    let value = by_reference(p, quote!(#name));
                    quote! {
                        for (name, value) in crate::runtime::params::query_pairs(#wire_name, #value, #style)? {
                            url.query_pairs_mut().append_pair(&name, &value);
                        }
                    }
                }
                Type::String => quote!(url.query_pairs_mut().append_pair(#wire_name, #value);),
                // Arrays go as repeated pairs (`form` style, exploded).
                Type::Array(item) => {
                    let text = if **item == Type::String {
                        quote!(value)
                    } else {
                        quote!(&value.to_string())
                    };
                    quote! {
                        for value in #name {
                            url.query_pairs_mut().append_pair(#wire_name, #text);
                        }
                    }
                }
                _ => quote!(url.query_pairs_mut().append_pair(#wire_name, &#value);),
            };
            when_given(p, append)
        })
        .collect();
    let binding = if pairs.is_empty() {
        quote!(let url)
    } else {
        quote!(let mut url)
    };
    quote! {
        #binding = self.endpoint(servers::#server, &[#(#segments),*], #query)?;
        #(#pairs)*
    }
}

/// One path segment as a `&str` expression; a segment mixing text and parameters is
/// joined into one, which `endpoint` then percent-encodes as a whole.
fn segment_text(api: &Api, op: &Operation, segment: &Segment) -> TokenStream {
    match segment {
        Segment::Literal(text) => quote!(#text),
        Segment::Parameter(rust_name) => {
            let parameter = op.parameters.iter().find(|p| &p.rust_name == rust_name);
            let name = ident(rust_name);
            match parameter {
                // A `&str` argument is already a reference.
                Some(p) if p.ty == Type::String && !uses_params_runtime(api, p) => quote!(#name),
                Some(p) => {
                    let text = parameter_text(api, p, quote!(#name));
                    quote!(&#text)
                }
                None => quote!(#name),
            }
        }
        Segment::Mixed(pieces) => {
            let pieces = pieces.iter().map(|piece| segment_text(api, op, piece));
            quote!(&[#(#pieces),*].concat())
        }
    }
}

/// Whether a parameter goes through the `params` runtime: cookies, JSON-encoded values,
/// and values that are not plain scalars (or lists of them) in their place's default style.
pub fn uses_params_runtime(api: &Api, p: &Parameter) -> bool {
    let plain = |ty: &Type| {
        ty.is_scalar()
            || matches!(ty, Type::Model(id) if matches!(api.model(*id).kind, ModelKind::Enum(_)))
    };
    let prefixed = matches!(
        p.style,
        ParameterStyle::Label { .. } | ParameterStyle::Matrix { .. }
    );
    if p.location == ParameterLocation::Cookie || p.style == ParameterStyle::Json || prefixed {
        return true;
    }
    match &p.ty {
        Type::Array(item) => {
            !plain(item)
                || **item == Type::Secret
                || (p.location == ParameterLocation::Query
                    && p.style != (ParameterStyle::Form { explode: true }))
        }
        ty => !plain(ty),
    }
}

/// A parameter's argument as a reference: numbers and booleans are passed by value.
fn by_reference(p: &Parameter, value: TokenStream) -> TokenStream {
    match p.ty {
        Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool => quote!(&#value),
        _ => value,
    }
}

/// The runtime `Style` of a parameter.
fn style(style: ParameterStyle) -> TokenStream {
    match style {
        ParameterStyle::Form { explode } => {
            quote!(crate::runtime::params::Style::Form { explode: #explode })
        }
        ParameterStyle::Simple { explode } => {
            quote!(crate::runtime::params::Style::Simple { explode: #explode })
        }
        ParameterStyle::SpaceDelimited => quote!(crate::runtime::params::Style::SpaceDelimited),
        ParameterStyle::PipeDelimited => quote!(crate::runtime::params::Style::PipeDelimited),
        ParameterStyle::DeepObject => quote!(crate::runtime::params::Style::DeepObject),
        ParameterStyle::Json => quote!(crate::runtime::params::Style::Json),
        ParameterStyle::Label { explode } => {
            quote!(crate::runtime::params::Style::Label { explode: #explode })
        }
        ParameterStyle::Matrix { explode } => {
            quote!(crate::runtime::params::Style::Matrix { explode: #explode })
        }
    }
}

/// Which runtime call sends the request, and the `Accept` header: the success reply's media
/// type, then JSON where error replies have JSON bodies. Downloads get their own size limit.
fn reply_handling(op: &Operation) -> (TokenStream, String) {
    let mut accept: Vec<&str> = Vec::new();
    let mut download = false;
    for response in &op.responses {
        // A file or text reply may come in any of the media types it declares (the caller
        // may pick one with a parameter), so all of them are acceptable.
        let media: Vec<&str> = match &response.encoding {
            _ if response.body.is_none() => continue,
            Encoding::Text(media) | Encoding::Binary(media) => {
                download |= matches!(response.encoding, Encoding::Binary(_))
                    && response.status.is_success();
                let mut all: Vec<&str> = response
                    .media_types
                    .iter()
                    .map(String::as_str)
                    .filter(|m| !m.contains('*'))
                    .collect();
                if !all.contains(&media.as_str()) {
                    all.insert(0, media.as_str());
                }
                all
            }
            // The JSON media types it declares (`application/vnd.github+json`), or plain JSON.
            _ => {
                let declared: Vec<&str> = response
                    .media_types
                    .iter()
                    .map(String::as_str)
                    .filter(|m| crate::ir::is_json_media_type(m))
                    .collect();
                if declared.is_empty() {
                    vec!["application/json"]
                } else {
                    declared
                }
            }
        };
        for media in media {
            if !accept.contains(&media) {
                accept.push(media);
            }
        }
    }
    if accept.is_empty() {
        accept.push("application/json");
    }
    let send = if download {
        quote!(download)
    } else {
        quote!(send)
    };
    (send, accept.join(", "))
}

/// Whether some operation's signature names a type from `models`, so the file imports it.
pub(super) fn uses_models(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.request_body.iter().any(|body| names_model(&body.ty))
            || named_reply_bodies(op).any(names_model)
            || op.parameters.iter().any(|p| names_model(&p.ty))
    })
}

/// The reply bodies the operation's signature names; a reply enum from `responses` stands
/// for the bodies it covers, which are then named only there.
fn named_reply_bodies(op: &Operation) -> impl Iterator<Item = &Type> {
    let success = op
        .success_enum
        .is_none()
        .then(|| first_reply_body(op, true));
    let failure = op.error_enum.is_none().then(|| first_reply_body(op, false));
    success.into_iter().chain(failure).flatten()
}

/// The body of the first success (or error) reply that has one.
fn first_reply_body(op: &Operation, success: bool) -> Option<&Type> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success() == success)
        .find_map(|r| r.body.as_ref())
}

/// Whether some operation replies with an enum from `responses`.
pub(super) fn uses_reply_enums(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| op.success_enum.is_some() || op.error_enum.is_some())
}

/// `&[&[Auth::Basic], &[Auth::Bearer]]`: the alternatives, in the spec's order.
fn security(api: &Api, op: &Operation) -> TokenStream {
    let alternatives = op.security.iter().map(|alternative| {
        let credentials = alternative
            .iter()
            .map(|id| match &api.security_scheme(*id).credential {
                Credential::Basic => quote!(Auth::Basic),
                Credential::Bearer => quote!(Auth::Bearer),
                Credential::ApiKeyHeader(name) => quote!(Auth::ApiKeyHeader(#name)),
                Credential::ApiKeyQuery(name) => quote!(Auth::ApiKeyQuery(#name)),
            });
        quote!(&[#(#credentials),*])
    });
    quote!(&[#(#alternatives),*])
}

/// `statement`, run only when the optional parameter `p` is given (`Some`).
fn when_given(p: &Parameter, statement: TokenStream) -> TokenStream {
    if p.required {
        return statement;
    }
    let name = ident(&p.rust_name);
    quote! {
        if let Some(#name) = #name {
            #statement
        }
    }
}

/// Whether the Rust type names a type from `models`.
pub(super) fn names_model(ty: &Type) -> bool {
    match ty {
        Type::Model(_) => true,
        Type::Array(inner) | Type::Map(inner) => names_model(inner),
        _ => false,
    }
}

pub(super) fn parameter_type(api: &Api, parameter: &Parameter) -> TokenStream {
    let models = quote!(models::);
    let scalar = |ty: &Type| match ty {
        Type::String => quote!(&str),
        Type::Secret => quote!(&crate::Secret),
        other => rust_type(api, other, &models),
    };
    let ty = match &parameter.ty {
        Type::Array(item) => {
            let item = scalar(item);
            quote!(&[#item])
        }
        // Models (a string enum's catch-all holds a `String`), maps and JSON values, by
        // reference.
        Type::Model(_) | Type::Map(_) | Type::Any => {
            let ty = rust_type(api, &parameter.ty, &models);
            quote!(&#ty)
        }
        other => scalar(other),
    };
    if parameter.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The parameter's value as text, for a URL or header; arrays are joined with commas, as
/// OpenAPI's `simple` style has it.
fn parameter_text(api: &Api, parameter: &Parameter, value: TokenStream) -> TokenStream {
    if uses_params_runtime(api, parameter) {
        let wire_name = &parameter.wire_name;
        let style = style(parameter.style);
        let value = by_reference(parameter, value);
        return quote!(crate::runtime::params::text_of(#wire_name, #value, #style)?);
    }
    match &parameter.ty {
        Type::String => quote!(#value),
        Type::Secret => quote!(#value.expose_secret()),
        Type::Array(item) if **item == Type::String => quote!(#value.join(",")),
        Type::Array(_) => quote! {
            #value.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
        },
        _ => quote!(#value.to_string()),
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The expression that adds `body` to `request`.
fn attach_body(encoding: &Encoding, ty: &Type) -> TokenStream {
    match encoding {
        Encoding::Json => quote!(Self::json(request, body)?),
        Encoding::Form(parts) => multipart::attach(parts, ty, &quote!(crate::runtime::form::Form)),
        Encoding::Multipart(parts) => {
            multipart::attach(parts, ty, &quote!(crate::runtime::multipart::Multipart))
        }
        Encoding::Text(media_type) => quote! {
            request
                .header(reqwest::header::CONTENT_TYPE, #media_type)
                .body(body.to_owned())
        },
        Encoding::Binary(media_type) => quote! {
            request
                .header(reqwest::header::CONTENT_TYPE, #media_type)
                .body(body.to_vec())
        },
    }
}

/// Whether some success replies have a body and others none.
fn optional_success(op: &Operation) -> bool {
    if op.success_enum.is_some() {
        return false;
    }
    let mut successes = op.responses.iter().filter(|r| r.status.is_success());
    successes.clone().any(|r| r.body.is_some()) && successes.any(|r| r.body.is_none())
}

fn outcome(op: &Operation, response: &Response, optional: bool) -> TokenStream {
    let success = response.status.is_success();
    let reply_enum = if success {
        &op.success_enum
    } else {
        &op.error_enum
    };
    let read = match response.encoding {
        Encoding::Text(_) => quote!(response.text_body()),
        Encoding::Binary(_) => quote!(response.bytes_body()),
        Encoding::Json | Encoding::Form(_) | Encoding::Multipart(_) => quote!(response.json()),
    };
    if let Some(name) = reply_enum {
        let name = ident(name);
        let variant = ident(&response.variant);
        let variant = quote!(responses::#name::#variant);
        return match (success, &response.body) {
            (true, Some(_))
                if matches!(response.encoding, Encoding::Text(_) | Encoding::Binary(_)) =>
            {
                quote!(#read.map(|reply| reply.map_body(#variant)))
            }
            (true, Some(_)) => quote!(response.json_as(#variant)),
            (true, None) => quote!(response.empty().map(|reply| reply.map_body(|()| #variant))),
            (false, Some(_)) => quote!(Err(response.error_as(#variant))),
            (false, None) => quote!(Err(response.error_with(#variant))),
        };
    }
    match (success, &response.body) {
        (true, Some(_)) => {
            if optional {
                quote!(#read.map(ApiResponse::into_some))
            } else {
                read
            }
        }
        (true, None) if optional => quote!(response.empty().map(ApiResponse::into_none)),
        (true, None) => quote!(response.empty()),
        (false, Some(_)) => quote!(Err(response.error())),
        (false, None) => quote!(Err(response.error_without_body())),
    }
}

fn operation_doc(api: &Api, op: &Operation) -> String {
    let mut text = String::new();
    for part in [&op.summary, &op.description].into_iter().flatten() {
        text.push_str(part.trim());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` on `{}` by default (operation `{}`). {}",
        op.http_method.as_str(),
        op.path.raw,
        api.server(op.server).url,
        op.id,
        security_doc(api, op)
    ));
    if !op.parameters.is_empty() || op.request_body.is_some() {
        text.push_str("\n\n# Arguments\n");
    }
    for parameter in &op.parameters {
        text.push_str(&parameter_doc(parameter));
    }
    if let Some(body) = &op.request_body {
        let need = if body.required {
            "required"
        } else {
            "optional"
        };
        let ty = type_doc(api, &body.ty);
        let about = one_line(body.doc.as_deref());
        text.push_str(&format!("- `body`: {ty}, {need}. {about}\n"));
    }
    text.push_str("\n# Replies\n");
    let optional = optional_success(op);
    for response in &op.responses {
        text.push_str(&reply_doc(api, op, response, optional));
    }
    if !op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default)
    {
        text.push_str(
            "- any other status: [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus).\n",
        );
    }
    text
}

/// The sentence that says which credentials an operation sends.
fn security_doc(api: &Api, op: &Operation) -> String {
    if op.security.is_empty() {
        return "Sends no credentials.".to_owned();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            let schemes: Vec<String> = alternative
                .iter()
                .map(|id| {
                    let scheme = api.security_scheme(*id);
                    format!("`{}` ({})", scheme.name, credential_doc(&scheme.credential))
                })
                .collect();
            if schemes.is_empty() {
                "none".to_owned()
            } else {
                schemes.join(" and ")
            }
        })
        .collect();
    format!(
        "Sends the first of these credentials the client holds: {}.",
        alternatives.join(", or ")
    )
}

/// A parameter's line under `# Arguments`.
fn parameter_doc(parameter: &Parameter) -> String {
    let place = parameter.location.as_str();
    let need = if parameter.required {
        "required"
    } else {
        "optional"
    };
    format!(
        "- `{}`: {place} parameter `{}`, {need}. {}\n",
        parameter.rust_name,
        parameter.wire_name,
        one_line(parameter.doc.as_deref())
    )
}

/// Doc text folded onto one line, for a list item.
fn one_line(doc: Option<&str>) -> String {
    let about = doc.map(str::trim).unwrap_or_default();
    about.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// A response's line under `# Replies`: what the call returns for that status.
fn reply_doc(api: &Api, op: &Operation, response: &Response, optional: bool) -> String {
    let success = response.status.is_success();
    let outcome = if success {
        "`Ok`"
    } else {
        "[`Error::Api`](crate::Error::Api)"
    };
    let reply_enum = if success {
        &op.success_enum
    } else {
        &op.error_enum
    };
    let body = match (reply_enum, &response.body, optional && success) {
        (Some(name), _, _) => format!("[`responses::{name}::{}`]", response.variant),
        (None, Some(ty), true) => format!("`Some` {}", type_doc(api, ty)),
        (None, Some(ty), false) => type_doc(api, ty),
        (None, None, true) => "`None`".to_owned(),
        (None, None, false) => "no body".to_owned(),
    };
    format!(
        "- `{}`: {outcome} with {body}. {}\n",
        response.status,
        response.description.trim()
    )
}

fn credential_doc(credential: &Credential) -> String {
    match credential {
        Credential::Basic => "[`basic_auth`](crate::ClientBuilder::basic_auth)".to_owned(),
        Credential::Bearer => "[`bearer_token`](crate::ClientBuilder::bearer_token)".to_owned(),
        Credential::ApiKeyHeader(name) => {
            format!("[`api_key`](crate::ClientBuilder::api_key) in header `{name}`")
        }
        Credential::ApiKeyQuery(name) => {
            format!("[`api_key`](crate::ClientBuilder::api_key) in query `{name}`")
        }
    }
}

fn type_doc(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Model(id) => format!("[`models::{}`]", api.model(*id).name),
        other => format!(
            "`{}`",
            rust_type(api, other, &quote!(models::))
                .to_string()
                .replace(' ', "")
        ),
    }
}
