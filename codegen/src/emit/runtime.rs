//! The hand-written runtime every generated crate carries, copied verbatim from
//! `codegen/runtime/`: client settings, errors, replies, secrets, and, where the API needs
//! them, form and multipart bodies.

use crate::ir::{Api, Encoding, ModelKind, Type};

/// `(file name, source)` of each runtime module, in file-name order.
const FILES: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("form.rs", include_str!("../../runtime/form.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
];

/// The module name of every runtime file, needed or not.
pub fn module_names() -> impl Iterator<Item = &'static str> {
    FILES
        .iter()
        .map(|(file, _)| file.strip_suffix(".rs").unwrap_or(file))
}

/// The runtime modules `api` needs, as `(file name, source)`.
pub fn files(api: &Api) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    let (form, multipart) = (needs_form(api), needs_multipart(api));
    let params = needs_params(api);
    FILES.iter().filter(move |(name, _)| match *name {
        "form.rs" => form,
        "params.rs" => params,
        "multipart.rs" => multipart,
        _ => true,
    })
}

/// Whether an operation sends an `application/x-www-form-urlencoded` body.
pub fn needs_form(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.request_body
            .as_ref()
            .is_some_and(|body| matches!(body.encoding, Encoding::Form(_)))
    })
}

/// Whether a parameter is sent in a way that needs the `params` runtime: a cookie, or a
/// value that is not a plain scalar or list of them sent the default way.
pub fn needs_params(api: &Api) -> bool {
    api.operations
        .iter()
        .flat_map(|op| &op.parameters)
        .any(|p| super::operations::uses_params_runtime(api, p))
}

/// Whether an operation sends a multipart body or any type holds a file.
pub fn needs_multipart(api: &Api) -> bool {
    let model_types = api.models.iter().flat_map(|model| match &model.kind {
        ModelKind::Struct(fields) => fields.iter().map(|field| &field.ty).collect(),
        ModelKind::Alias(ty) => vec![ty],
        ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
            variants.iter().map(|variant| &variant.ty).collect()
        }
        ModelKind::Enum(_) => Vec::new(),
    });
    let multipart_body = api.operations.iter().any(|op| {
        op.request_body.as_ref().is_some_and(|body| {
            matches!(body.encoding, Encoding::Multipart(_)) || holds_file(&body.ty)
        })
    });
    multipart_body || model_types.into_iter().any(holds_file)
}

fn holds_file(ty: &Type) -> bool {
    match ty {
        Type::File => true,
        Type::Array(inner) | Type::Map(inner) => holds_file(inner),
        _ => false,
    }
}
