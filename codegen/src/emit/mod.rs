//! IR -> the files of a client crate. Pure functions of the IR: no I/O, no `openapiv3`.

mod builders;
mod crate_root;
mod docs;
mod enums;
mod errors;
mod example;
mod headers;
mod manifest;
mod models;
mod multipart;
mod operations;
mod responses;
mod runtime;
mod servers;
mod types;

use proc_macro2::TokenStream;

use crate::ir::Api;
use docs::{doc, doc_or, doc_verbatim, inner_doc};

/// The marker that identifies a generated file; stale-file removal deletes only files whose
/// first line carries it.
pub const GENERATED_MARKER: &str = "@generated";

/// Names the emitted code uses for itself, which lowering keeps free when it names what the
/// spec declares. Each list belongs to the code that uses the names; a change there changes
/// the list here. Module names are [`generated_module_names`].
pub mod reserved {
    /// Types and traits the generated `models` and `headers` modules name unqualified: the
    /// prelude's and serde's derives, plain because readers meet them in every type. What
    /// else those modules use is a path (`crate::FromHeaders`), which no type can shadow.
    pub const TYPE_NAMES: &[&str] = &[
        "Box",
        "Default",
        "Deserialize",
        "Err",
        "From",
        "Into",
        "None",
        "Ok",
        "Option",
        "Result",
        "Serialize",
        "Some",
        "String",
        "Vec",
    ];

    /// Methods the runtime `Client` (codegen/runtime/client.rs) already has.
    pub const CLIENT_METHODS: &[&str] = &[
        "builder", "clone", "download", "endpoint", "fetch", "fmt", "json", "new", "request",
        "send",
    ];

    /// Local names the generated method bodies use beside the arguments.
    pub const LOCAL_NAMES: &[&str] = &["body", "request", "response", "url"];
}

/// Strict and reserved keywords of every edition up to 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords a raw identifier cannot spell; the IR's names never equal one.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The identifier token for one of the IR's names: raw (`r#type`) where the name is a
/// keyword.
pub fn ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        proc_macro2::Ident::new_raw(name, span)
    } else {
        proc_macro2::Ident::new(name, span)
    }
}

/// How Rust code spells one of the IR's names, `r#` included: for names written into docs
/// and listings as text.
pub fn spelling(name: &str) -> String {
    ident(name).to_string()
}

/// Modules `src/lib.rs` declares, whether or not one API needs them all; the runtime's files
/// are modules inside `runtime`, so their names stay free.
const EMITTED_MODULES: &[&str] = &[
    "headers",
    "models",
    "operations",
    "requests",
    "responses",
    "runtime",
    "servers",
];

/// Crates `src/lib.rs` re-exports under their own name, which a module cannot take.
const REEXPORTED_CRATES: &[&str] = &["reqwest"];

/// Every name the generated `src/lib.rs` may give a module or re-exported crate: the one
/// list that hand-written modules are checked against.
pub fn generated_module_names() -> impl Iterator<Item = &'static str> {
    EMITTED_MODULES
        .iter()
        .copied()
        .chain(REEXPORTED_CRATES.iter().copied())
}

/// Checks that a hand-written module can sit beside the generated ones: a plain snake_case
/// name that is not a keyword and that `src/lib.rs` does not give a module of its own.
pub fn check_hand_written_module(name: &str) -> Result<(), String> {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain || KEYWORDS.contains(&name) || crate::naming::snake_name(name) != name {
        return Err(format!(
            "hand-written module `{name}` must be a snake_case name that is not a keyword"
        ));
    }
    if generated_module_names().any(|generated| generated == name) {
        return Err(format!(
            "hand-written module `{name}` clashes with a module the generated `src/lib.rs` declares; rename it"
        ));
    }
    Ok(())
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators, such as `src/models.rs`.
    pub path: String,
    /// The whole file, header line included.
    pub contents: String,
}

/// What the generated crate is called and how it is regenerated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    /// Cargo package name, such as `generated-client`.
    pub name: String,
    /// Cargo package version.
    pub version: String,
    /// The command that regenerates the crate, quoted in every file's header.
    pub regenerate_command: String,
    /// Modules written by hand in `src/` that `lib.rs` declares.
    pub hand_written_modules: Vec<String>,
    /// `(name, TOML value)` of dependencies the hand-written modules need.
    pub extra_dependencies: Vec<(String, String)>,
    /// `(name, TOML value)` of dev-dependencies, for hand-written examples.
    pub extra_dev_dependencies: Vec<(String, String)>,
    /// Whether error replies that do not fit the declared shape are also tried as the
    /// classic OAuth 2.0 `{"error", "error_description"}` (RFC 6749, section 5.2): the crate
    /// then has an `OAuthError` type and `ErrorBody::Fallback` holds it.
    pub oauth_error_fallback: bool,
}

impl CrateSettings {
    /// Settings for a plain generated crate: no hand-written modules or extra dependencies.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        regenerate_command: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            regenerate_command: regenerate_command.into(),
            hand_written_modules: Vec::new(),
            extra_dependencies: Vec::new(),
            extra_dev_dependencies: Vec::new(),
            oauth_error_fallback: false,
        }
    }
}

/// Emits every file of the crate, in a fixed order.
pub fn emit(api: &Api, settings: &CrateSettings) -> Vec<GeneratedFile> {
    let header = format!(
        "{GENERATED_MARKER} by `{}`; do not edit by hand.",
        settings.regenerate_command
    );
    let rust = |path: &str, tokens: TokenStream| GeneratedFile {
        path: path.to_owned(),
        contents: format!("// {header}\n{}", format(tokens)),
    };
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: format!("# {header}\n{}", manifest::emit(api, settings)),
        },
        rust("src/lib.rs", crate_root::emit(api, settings)),
        rust("src/models.rs", models::emit(api)),
        rust("src/operations.rs", operations::emit(api, &settings.name)),
        rust("src/requests.rs", builders::emit(api)),
        rust("src/servers.rs", servers::emit(api)),
        rust("src/headers.rs", headers::emit(api)),
    ];
    if responses::needed(api) {
        files.push(rust("src/responses.rs", responses::emit(api)));
    }
    files.push(rust("src/runtime/mod.rs", runtime::emit_mod(api)));
    files.extend(runtime::files(api).map(|(path, source)| GeneratedFile {
        path: format!("src/runtime/{path}"),
        contents: format!(
            "// {header}\n// Copied from codegen/runtime/{path}, which every generated crate shares.\n{source}"
        ),
    }));
    files
}

/// Formats emitted tokens as a Rust file.
fn format(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => format_file(&file),
        // Only a bug in an emitter gets here; keep the tokens so the compiler names the fault.
        Err(error) => format!("compile_error!({:?});\n{tokens}\n", error.to_string()),
    }
}

/// Formats a file item by item: prettyplease leaves all items adjacent, so each item (and
/// each item of an `impl`, `trait` or inline `mod`) is formatted on its own and the results
/// are joined, a blank line between two items unless [`keeps_together`] says otherwise.
/// Blank lines come only between items, never inside a body.
fn format_file(file: &syn::File) -> String {
    // Inner doc comments, then the other inner attributes, then the items: blank lines between.
    let (docs, others): (Vec<_>, Vec<_>) = file
        .attrs
        .iter()
        .cloned()
        .partition(|attr| attr.path().is_ident("doc"));
    let mut parts: Vec<String> = [docs, others]
        .into_iter()
        .filter(|attrs| !attrs.is_empty())
        .map(|attrs| {
            let text = unparse(syn::File {
                shebang: None,
                frontmatter: None,
                attrs,
                items: Vec::new(),
            });
            format!("{}\n", text.trim_end())
        })
        .collect();
    let items: Vec<(Shape, String)> = file
        .items
        .iter()
        .map(|item| (Shape::of_item(item), format_item(item)))
        .collect();
    if !items.is_empty() {
        parts.push(join(&items));
    }
    parts.join("\n")
}

/// `items` joined in order, with a blank line wherever two neighbours do not stay together.
fn join(items: &[(Shape, String)]) -> String {
    let mut out = String::new();
    for (index, (shape, text)) in items.iter().enumerate() {
        if index > 0 && !keeps_together(&items[index - 1].0, shape) {
            out.push('\n');
        }
        out.push_str(text);
    }
    out
}

/// What the spacing between two items depends on.
struct Shape {
    /// `use`, `mod` without a body, or anything else.
    kind: ItemKind,
    /// Whether the item carries a doc comment.
    documented: bool,
    /// Whether the item has a body in braces (a function, a struct with fields, an `impl`).
    braced: bool,
}

#[derive(PartialEq, Eq)]
enum ItemKind {
    Use,
    ModDeclaration,
    Other,
}

impl Shape {
    fn of_item(item: &syn::Item) -> Self {
        let (kind, braced) = match item {
            syn::Item::Use(_) => (ItemKind::Use, false),
            syn::Item::Mod(module) => (ItemKind::ModDeclaration, module.content.is_some()),
            syn::Item::Const(_) | syn::Item::Static(_) | syn::Item::Type(_) => {
                (ItemKind::Other, false)
            }
            syn::Item::Struct(item) => (
                ItemKind::Other,
                matches!(item.fields, syn::Fields::Named(_)),
            ),
            syn::Item::Macro(item) => (ItemKind::Other, item.semi_token.is_none()),
            _ => (ItemKind::Other, true),
        };
        Self {
            kind,
            documented: item_attrs(item).is_some_and(|attrs| has_doc(attrs)),
            braced,
        }
    }

    fn of_impl_item(item: &syn::ImplItem) -> Self {
        let (attrs, braced) = match item {
            syn::ImplItem::Const(item) => (&item.attrs, false),
            syn::ImplItem::Type(item) => (&item.attrs, false),
            syn::ImplItem::Fn(item) => (&item.attrs, true),
            syn::ImplItem::Macro(item) => (&item.attrs, item.semi_token.is_none()),
            _ => return Self::other(),
        };
        Self {
            kind: ItemKind::Other,
            documented: has_doc(attrs),
            braced,
        }
    }

    fn of_trait_item(item: &syn::TraitItem) -> Self {
        let (attrs, braced) = match item {
            syn::TraitItem::Const(item) => (&item.attrs, false),
            syn::TraitItem::Type(item) => (&item.attrs, false),
            syn::TraitItem::Fn(item) => (&item.attrs, item.default.is_some()),
            syn::TraitItem::Macro(item) => (&item.attrs, item.semi_token.is_none()),
            _ => return Self::other(),
        };
        Self {
            kind: ItemKind::Other,
            documented: has_doc(attrs),
            braced,
        }
    }

    fn other() -> Self {
        Self {
            kind: ItemKind::Other,
            documented: false,
            braced: true,
        }
    }
}

/// Items without a body stay together with the next item of their kind unless it has a
/// doc comment: a run of `use`s, of `mod` declarations, of undocumented constants, or an
/// `impl`'s associated types and the method after them.
fn keeps_together(previous: &Shape, next: &Shape) -> bool {
    !previous.braced && !next.documented && previous.kind == next.kind
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc"))
}

fn item_attrs(item: &syn::Item) -> Option<&Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => return None,
    })
}

/// One item, formatted; an `impl`, `trait` or inline `mod` has its own items spaced.
fn format_item(item: &syn::Item) -> String {
    // The `impl` and `trait` arms differ only in syn's types; a macro would save lines but
    // hide what each builds.
    let spaced = match item {
        // Each child is formatted inside a copy of its container's shell, made once without
        // the children: copying the whole container per child made large `impl`s quadratic.
        syn::Item::Impl(block) if block.items.len() > 1 => {
            let shell = syn::ItemImpl {
                items: Vec::new(),
                ..(*block).clone()
            };
            format_container(
                &block.items,
                |items| {
                    syn::Item::Impl(syn::ItemImpl {
                        items,
                        ..shell.clone()
                    })
                },
                Shape::of_impl_item,
            )
        }
        syn::Item::Trait(block) if block.items.len() > 1 => {
            let shell = syn::ItemTrait {
                items: Vec::new(),
                ..(*block).clone()
            };
            format_container(
                &block.items,
                |items| {
                    syn::Item::Trait(syn::ItemTrait {
                        items,
                        ..shell.clone()
                    })
                },
                Shape::of_trait_item,
            )
        }
        syn::Item::Mod(module) => match &module.content {
            Some((brace, items)) if items.len() > 1 => {
                let shell = syn::ItemMod {
                    content: None,
                    ..(*module).clone()
                };
                format_container(
                    items,
                    |items| {
                        syn::Item::Mod(syn::ItemMod {
                            content: Some((*brace, items)),
                            ..shell.clone()
                        })
                    },
                    Shape::of_item,
                )
            }
            _ => None,
        },
        _ => None,
    };
    spaced.unwrap_or_else(|| unparse_item(item.clone()))
}

/// Formats a braced item whose children are spaced like a file's items: each child inside
/// an otherwise empty copy of the container, so it is indented and wrapped as it would be in
/// place. `None` when the copies do not share the container's head, which would be a
/// prettyplease change this function does not know.
fn format_container<T: Clone>(
    children: &[T],
    rebuild: impl Fn(Vec<T>) -> syn::Item,
    shape: impl Fn(&T) -> Shape,
) -> Option<String> {
    let empty = unparse_item(rebuild(Vec::new()));
    let head = empty.strip_suffix("{}\n")?;
    let mut items = Vec::with_capacity(children.len());
    for child in children {
        let alone = unparse_item(rebuild(vec![child.clone()]));
        let body = alone
            .strip_prefix(head)?
            .strip_prefix("{\n")?
            .strip_suffix("}\n")?;
        items.push((shape(child), body.to_owned()));
    }
    Some(format!("{head}{{\n{}}}\n", join(&items)))
}

fn unparse_item(item: syn::Item) -> String {
    unparse(syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![item],
    })
}

fn unparse(file: syn::File) -> String {
    prettyplease::unparse(&file)
}

#[cfg(test)]
mod formatting_tests {
    use quote::quote;

    use super::format;

    #[test]
    fn blank_lines_separate_items_and_never_split_a_body() {
        let code = format(quote! {
            //! A module.
            #![deny(missing_docs)]
            use a::b;
            use c::d;
            mod e;
            /// A constant.
            pub const X: &str = "x";
            pub const Y: &str = "y";
            /// A type.
            pub struct S {
                /// A field.
                pub f: u8,
            }
            impl S {
                type T = u8;
                fn g(&self) {
                    if true {
                        h();
                    }
                    h();
                }
                /// Documented.
                fn i() {}
            }
        });
        let expected = "//! A module.\n\n#![deny(missing_docs)]\n\nuse a::b;\nuse c::d;\n\nmod e;\n\n\
            /// A constant.\npub const X: &str = \"x\";\npub const Y: &str = \"y\";\n\n\
            /// A type.\npub struct S {\n    /// A field.\n    pub f: u8,\n}\n\n\
            impl S {\n    type T = u8;\n    fn g(&self) {\n        if true {\n            h();\n        }\n        h();\n    }\n\n\
            \x20   /// Documented.\n    fn i() {}\n}\n";
        assert_eq!(code, expected);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn keywords_are_written_raw() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(spelling("match"), "r#match");
        assert_eq!(ident("pet_id").to_string(), "pet_id");
        assert_eq!(ident("self_").to_string(), "self_");
    }

    /// A spec whose crate needs every optional module: form and multipart bodies, a cookie
    /// parameter (`params`) and replies of several types (`responses`).
    const EVERY_MODULE: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /form:
    post:
      operationId: sendForm
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '201': {description: made, content: {application/json: {schema: {type: integer}}}}
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
      responses:
        '204': {description: done}
"#;

    #[test]
    fn the_module_list_is_what_lib_rs_declares() {
        let settings = CrateSettings::new("every-module", "0.1.0", "regenerate");
        let generation = crate::generate(EVERY_MODULE, "spec.yaml", &settings).unwrap();
        let lib = generation
            .files
            .iter()
            .find(|file| file.path == "src/lib.rs")
            .unwrap();
        let declared: BTreeSet<&str> = lib
            .contents
            .lines()
            .filter_map(|line| {
                let line = line.trim().strip_prefix("pub ").unwrap_or(line.trim());
                let name = line
                    .strip_prefix("mod ")
                    .or_else(|| line.strip_prefix("use "))?
                    .strip_suffix(';')?;
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
                    .then_some(name)
            })
            .collect();
        let listed: BTreeSet<&str> = generated_module_names().collect();
        assert_eq!(declared, listed);
    }

    #[test]
    fn a_hand_written_module_named_like_a_generated_one_is_refused() {
        for name in generated_module_names().chain(["runtime", "models", "reqwest"]) {
            let error = check_hand_written_module(name).unwrap_err();
            assert!(
                error.contains(&format!("`{name}` clashes with a module")),
                "{error}"
            );
        }
        for bad in ["oauth-helpers", "OAuth", "type", "2fa", ""] {
            let error = check_hand_written_module(bad).unwrap_err();
            assert!(error.contains("snake_case"), "{error}");
        }
        // The runtime's files are modules inside `runtime`, so their names stay free.
        for free in ["oauth", "form", "multipart", "client"] {
            assert!(check_hand_written_module(free).is_ok(), "{free}");
        }
        assert!(check_hand_written_module("oauth_helpers2").is_ok());
    }
}
