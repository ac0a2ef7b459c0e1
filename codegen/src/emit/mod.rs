//! IR -> the files of a client crate. Pure functions of the IR: no I/O, no `openapiv3`.

mod builders;
mod crate_root;
mod doc_attrs;
mod docs;
mod enums;
mod errors;
mod example;
mod format;
mod headers;
mod manifest;
mod models;
mod multipart;
mod operations;
mod pieces;
mod responses;
mod runtime;
mod servers;
mod types;

use crate::ir::Api;
use docs::{doc, doc_or, doc_verbatim, inner_doc};
use pieces::{FilePlan, Part};

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
        "builder", "clone", "download", "endpoint", "fetch", "fmt", "json", "new", "reply",
        "request", "send",
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

/// `head { body }`, with `body` moved into the braces: `quote!` would copy every token of it.
pub fn braced(
    mut head: proc_macro2::TokenStream,
    body: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let group = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, body);
    head.extend([proc_macro2::TokenTree::Group(group)]);
    head
}

/// Tokens that `quote!` moves into place when they are interpolated, once. `quote!`
/// interpolates by reference, and a `TokenStream` is then copied token by token (every
/// identifier and literal allocated again) before the original is dropped: several percent
/// of emitting a large spec.
pub struct Moved(std::cell::Cell<Option<proc_macro2::TokenStream>>);

/// `tokens`, to be interpolated once without a copy; a second interpolation writes nothing.
pub fn moved(tokens: proc_macro2::TokenStream) -> Moved {
    Moved(std::cell::Cell::new(Some(tokens)))
}

impl quote::ToTokens for Moved {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        // `Option`, as an empty `TokenStream` left behind would be an allocation.
        tokens.extend(self.0.take());
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

/// Emits every file of the crate, in a fixed order. The Rust files are made and formatted in
/// pieces on as many threads as the machine offers; the text does not depend on how many.
pub fn emit(api: &Api, settings: &CrateSettings) -> Vec<GeneratedFile> {
    emit_with(api, settings, crate::parallel::workers())
}

/// [`emit`] on `workers` threads.
fn emit_with(api: &Api, settings: &CrateSettings, workers: usize) -> Vec<GeneratedFile> {
    let header = format!(
        "{GENERATED_MARKER} by `{}`; do not edit by hand.",
        settings.regenerate_command
    );
    let crate_name = settings.name.as_str();
    let facts = models::Facts::of(api);
    let facts = &facts;
    let mut plans = vec![
        FilePlan::whole("src/lib.rs", move || crate_root::emit(api, settings)),
        FilePlan::split("src/models.rs", api.models.len(), move |part| {
            models::emit(api, facts, part)
        }),
        FilePlan::split("src/operations.rs", api.operations.len(), move |part| {
            operations::emit(api, crate_name, part)
        })
        .continued(),
        FilePlan::split("src/requests.rs", api.operations.len(), move |part| {
            builders::emit(api, part)
        }),
        FilePlan::whole("src/servers.rs", move || servers::emit(api)),
        FilePlan::split("src/headers.rs", api.header_sets.len(), move |part| {
            headers::emit(api, part)
        }),
    ];
    if responses::needed(api) {
        plans.push(FilePlan::whole("src/responses.rs", move || {
            responses::emit(api)
        }));
    }
    plans.push(FilePlan::whole("src/runtime/mod.rs", move || {
        runtime::emit_mod(api)
    }));
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: format!("# {header}\n{}", manifest::emit(api, settings)),
    }];
    let texts = pieces::render(&plans, &format!("// {header}\n"), workers);
    files.extend(
        plans
            .iter()
            .zip(texts)
            .map(|(plan, contents)| GeneratedFile {
                path: plan.path.to_owned(),
                contents,
            }),
    );
    files.extend(runtime::files(api).map(|(path, source)| GeneratedFile {
        path: format!("src/runtime/{path}"),
        contents: format!(
            "// {header}\n// Copied from codegen/runtime/{path}, which every generated crate shares.\n{source}"
        ),
    }));
    files
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

    /// The IR of a spec, lowered as `generate` lowers it.
    fn lowered(spec: &str) -> Api {
        let source = crate::Source::new("spec.yaml", spec);
        let mut prepared = crate::prepare::prepare(&source, &crate::Adaptation::default()).unwrap();
        let document = std::mem::take(&mut prepared.document);
        let mut warnings = Vec::new();
        let openapi = crate::load::read(document, "spec.yaml", &mut warnings).unwrap();
        crate::lower::lower(&openapi, "spec.yaml", &mut warnings).unwrap()
    }

    #[test]
    fn the_text_does_not_depend_on_the_number_of_threads() {
        // Enough operations, models and header sets that every split file is cut in runs,
        // and one run of `impl Client` methods continues another.
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for n in 0..40 {
            spec.push_str(&format!(
                "  /things/{n}:\n    get:\n      operationId: getThing{n}\n      description: Gets thing {n}.\n      responses:\n        '200':\n          description: ok\n          headers: {{X-Rate-{n}: {{schema: {{type: integer}}}}}}\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing{n}'}}}}}}\n"
            ));
        }
        spec.push_str("components:\n  schemas:\n");
        for n in 0..40 {
            spec.push_str(&format!(
                "    Thing{n}:\n      type: object\n      properties: {{id: {{type: integer}}, name: {{type: string}}}}\n"
            ));
        }
        let api = lowered(&spec);
        let settings = CrateSettings::new("threads", "0.1.0", "regenerate");
        let alone = emit_with(&api, &settings, 1);
        assert!(
            alone
                .iter()
                .any(|file| file.contents.contains("pub fn get_thing39("))
        );
        for workers in [2, 3, 8] {
            assert_eq!(
                emit_with(&api, &settings, workers),
                alone,
                "{workers} threads"
            );
        }
        let operations = &alone
            .iter()
            .find(|file| file.path == "src/operations.rs")
            .unwrap();
        assert_eq!(operations.contents.matches("impl Client {").count(), 1);
    }

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
