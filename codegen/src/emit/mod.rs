//! IR -> the files of a client crate. Pure functions of the IR: no I/O, no `openapiv3`.

mod builders;
mod crate_root;
mod docs;
mod enums;
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
    /// Types and traits the generated `models` and `headers` modules name unqualified.
    pub const TYPE_NAMES: &[&str] = &[
        "Box",
        "Default",
        "Deserialize",
        "Err",
        "From",
        "FromHeaders",
        "HeaderMap",
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

/// Modules `src/lib.rs` declares for the code emitted from the spec, whether or not one API
/// needs them all; the runtime's modules come from [`runtime`].
const EMITTED_MODULES: &[&str] = &[
    "headers",
    "models",
    "operations",
    "requests",
    "responses",
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
        .chain(runtime::module_names())
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
    files.extend(runtime::files(api).map(|(path, source)| GeneratedFile {
        path: format!("src/{path}"),
        contents: format!(
            "// {header}\n// Copied from codegen/runtime/{path}, which every generated crate shares.\n{source}"
        ),
    }));
    files
}

/// Formats emitted tokens as a Rust file.
fn format(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => space_items(&prettyplease::unparse(&file)),
        // Only a bug in an emitter gets here; keep the tokens so the compiler names the fault.
        Err(error) => format!("compile_error!({:?});\n{tokens}\n", error.to_string()),
    }
}

/// Puts a blank line between items, as a person would; prettyplease leaves all items
/// adjacent. A blank line goes after an item's closing brace, after a `;` item followed by a
/// documented item or by another kind of item (`use` after `mod`), and after the `//!` block.
fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut spaced = String::with_capacity(code.len() + code.len() / 8);
    for (index, line) in lines.iter().enumerate() {
        spaced.push_str(line);
        spaced.push('\n');
        let Some(next) = lines.get(index + 1) else {
            continue;
        };
        let (this, following) = (line.trim_start(), next.trim_start());
        let same_indent = line.len() - this.len() == next.len() - following.len();
        let blank = if this.starts_with("///") {
            false
        } else if this.starts_with("//!") || this.starts_with("#![") {
            !following.starts_with(&this[..3])
        } else if !same_indent || following.starts_with('}') || following.is_empty() {
            false
        } else if this == "}" {
            // A block arm of a `match` is followed by the next arm, not by an item.
            !following.contains(" => ")
        } else if this.ends_with(';') && !this.starts_with("let ") {
            following.starts_with("///") || item_kind(this) != item_kind(following)
        } else {
            false
        };
        if blank {
            spaced.push('\n');
        }
    }
    spaced
}

/// Groups of one-line items that stay together without blank lines.
fn item_kind(line: &str) -> &'static str {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    if line.starts_with("use ") {
        "use"
    } else if line.starts_with("mod ") || line.starts_with("#[") {
        "mod"
    } else {
        "other"
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
        for name in generated_module_names().chain(["form", "multipart", "models"]) {
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
        assert!(check_hand_written_module("oauth").is_ok());
        assert!(check_hand_written_module("oauth_helpers2").is_ok());
    }
}
