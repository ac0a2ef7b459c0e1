//! The hand-written runtime every generated crate carries, copied verbatim from
//! `codegen/runtime/`: client settings, errors, form and multipart bodies, replies, secrets.

/// `(file name, source)` of each runtime module.
pub const FILES: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("form.rs", include_str!("../../runtime/form.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
];
