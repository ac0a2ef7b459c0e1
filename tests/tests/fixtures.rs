//! One small spec per OpenAPI construct in `tests/fixtures/specs/`: each one's generated
//! models and operations are snapshotted, all the generated crates build together without
//! warnings or clippy findings, and a small program round-trips JSON and HTTP bodies
//! through some of them.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::Plan;
use codegen::{CrateSettings, GeneratedFile, Generation, naming};
use support::snapshots::{SnapshotSuite, check_snapshot};
use xtask::workspace;

const SNAPSHOTS: &str = "snapshots/fixtures";

/// `(stem, spec text)` of every fixture, sorted by name.
fn fixtures() -> Vec<(String, String)> {
    support::specs_in("fixtures/specs")
}

fn try_generate(stem: &str, spec: &str) -> Result<Generation, String> {
    let package = naming::package_name(&format!("fixture-{stem}"));
    let file = file_name(stem, spec);
    let settings = CrateSettings::new(
        package.clone(),
        "0.1.0",
        format!("cargo xtask codegen --spec {file} --out {package}"),
    );
    codegen::generate(spec, &file, &settings).map_err(|error| error.to_string())
}

fn generate(stem: &str, spec: &str) -> Generation {
    try_generate(stem, spec)
        .unwrap_or_else(|error| panic!("fixture {stem} does not generate: {error}"))
}

/// The fixture's file name: JSON specs start with `{`.
fn file_name(stem: &str, spec: &str) -> String {
    let extension = if spec.trim_start().starts_with('{') {
        "json"
    } else {
        "yaml"
    };
    format!("{stem}.{extension}")
}

fn file<'f>(files: &'f [GeneratedFile], path: &str) -> &'f str {
    &files
        .iter()
        .find(|file| file.path == path)
        .unwrap()
        .contents
}

/// Every fixture's code, and all their warnings in one snapshot, are compared before the test
/// fails; an orphaned snapshot fails it too.
#[test]
fn every_fixture_matches_its_snapshot() {
    let mut suite = SnapshotSuite::new(SNAPSHOTS);
    let mut warnings = String::new();
    for (stem, spec) in fixtures() {
        let label = format!("{}: models + operations", file_name(&stem, &spec));
        let generation = match try_generate(&stem, &spec) {
            Ok(generation) => generation,
            Err(error) => {
                suite.problem(&label, &format!("does not generate: {error}"));
                continue;
            }
        };
        let files = &generation.files;
        let shown = format!(
            "{}\n{}",
            file(files, "src/models.rs"),
            file(files, "src/operations.rs")
        );
        let shown = match files.iter().find(|f| f.path == "src/responses.rs") {
            Some(responses) => format!("{shown}\n{}", responses.contents),
            None => shown,
        };
        check_snapshot!(suite, &label, stem, shown);
        if !generation.warnings.is_empty() {
            warnings.push_str(&format!("{stem}:\n"));
        }
        for warning in &generation.warnings {
            warnings.push_str(&format!("  {warning}\n"));
        }
    }
    // What each fixture tolerates or leaves out, in one snapshot: every warning with its place.
    check_snapshot!(suite, "warnings of every fixture", WARNINGS, warnings);
    suite.finish();
}

/// The snapshot of every fixture's warnings.
const WARNINGS: &str = "warnings";

/// Degrading a schema must not leave a model name that nothing defines, nor define one twice.
#[test]
fn every_model_a_fixture_names_is_defined_once() {
    use codegen::ir::{ModelId, ModelKind, Type};
    fn named(ty: &Type, into: &mut Vec<ModelId>) {
        match ty {
            Type::Model(id) => into.push(*id),
            Type::Array(inner) | Type::Map(inner) => named(inner, into),
            _ => {}
        }
    }
    for (stem, spec) in fixtures() {
        let mut warnings = Vec::new();
        let loaded = codegen::load::load(&spec, &stem, &mut warnings).unwrap();
        let api = codegen::lower::lower(&loaded, &stem, &mut warnings).unwrap();
        let mut defined: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
        defined.sort_unstable();
        let count = defined.len();
        defined.dedup();
        assert_eq!(count, defined.len(), "{stem}: a model is defined twice");
        let mut used = Vec::new();
        for model in &api.models {
            match &model.kind {
                ModelKind::Struct(fields) => fields.iter().for_each(|f| named(&f.ty, &mut used)),
                ModelKind::Alias(ty) => named(ty, &mut used),
                ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
                    variants.iter().for_each(|v| named(&v.ty, &mut used));
                }
                ModelKind::Enum(_) => {}
            }
        }
        for id in used {
            let name = &api.model(id).name;
            assert!(
                defined.binary_search(&name.as_str()).is_ok(),
                "{stem}: `{name}` is named but not defined"
            );
        }
    }
}

/// Inline objects of one shape (docs aside) in two schemas and a request body become one
/// type, named after the first; one that differs only in what it requires stays its own.
#[test]
fn identical_inline_objects_share_one_model() {
    use codegen::ir::{Api, ModelKind, Type};
    fn field(api: &Api, model: &str, name: &str) -> Type {
        let model = api.models.iter().find(|m| m.name == model).unwrap();
        let ModelKind::Struct(fields) = &model.kind else {
            panic!("`{}` is a struct", model.name);
        };
        let field = fields.iter().find(|f| f.wire_name == name).unwrap();
        field.ty.clone()
    }
    let spec = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/shared_inline_objects.yaml"),
    )
    .unwrap();
    let mut warnings = Vec::new();
    let loaded = codegen::load::load(&spec, "shared_inline_objects", &mut warnings).unwrap();
    let api = codegen::lower::lower(&loaded, "shared_inline_objects", &mut warnings).unwrap();
    let address = field(&api, "Customer", "address");
    let Type::Model(id) = address else {
        panic!("the address is a model");
    };
    assert_eq!(api.model(id).name, "CustomerAddress");
    assert_eq!(field(&api, "Invoice", "billing_address"), address);
    assert_eq!(field(&api, "CreateCustomerRequest", "address"), address);
    assert_eq!(
        field(&api, "CreditNote", "lines"),
        field(&api, "Invoice", "lines")
    );
    let location = field(&api, "Warehouse", "location");
    assert_ne!(location, address);
    let Type::Model(location) = location else {
        panic!("the location is a model");
    };
    assert_eq!(
        field(&api, &api.model(location).name, "kind"),
        field(&api, "CustomerAddress", "kind")
    );
    let names: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
    assert!(!names.contains(&"InvoiceBillingAddress"), "{names:?}");
}

/// Crates the round-trip program uses; they must be fixtures.
const ROUND_TRIP_USES: &[&str] = &[
    "additional_properties",
    "bodies_and_downloads",
    "compositions",
    "discriminator",
    "discriminator_kinds",
    "enum_kinds",
    "enum_parameters",
    "enums",
    "form_encoding",
    "media_types",
    "multipart",
    "nullable",
    "one_of_any_of",
    "parameter_styles",
    "path_shapes",
    "recursive",
    "responses",
    "status_replies",
];

/// One workspace of every fixture crate, checked by one clippy run so dependencies build
/// once (crates in `target/fixtures/crates`, builds in `target/fixtures`, both kept between
/// runs so that a rerun is incremental); then the doc examples compile, and a small program
/// round-trips JSON through some of them and sends and reads bodies over loopback HTTP.
#[test]
fn every_fixture_crate_builds_cleanly_and_round_trips_bodies() {
    let folder = workspace::root().join("target/fixtures/crates");
    let mut members = Vec::new();
    for (stem, spec) in fixtures() {
        let files = generate(&stem, &spec).files;
        let out: PathBuf = folder.as_path().join(&stem);
        Plan::new(&out, &files).unwrap().apply(&out).unwrap();
        members.push(format!("{stem:?}"));
    }
    write_round_trip_crate(folder.as_path());
    members.push("\"round-trip\"".to_owned());
    fs::write(
        folder.as_path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The repository's lock file pins the same versions, so nothing is downloaded.
    fs::copy(
        workspace::root().join("Cargo.lock"),
        folder.as_path().join("Cargo.lock"),
    )
    .unwrap();

    cargo(
        folder.as_path(),
        &[
            "clippy",
            "--workspace",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    // Nothing a spec says in its descriptions makes rustdoc warn.
    cargo(
        folder.as_path(),
        &["doc", "--workspace", "--no-default-features", "--no-deps"],
    );
    // Every operation's doc example compiles (they are `no_run`).
    cargo(
        folder.as_path(),
        &["test", "--workspace", "--no-default-features", "--doc"],
    );
    let output = cargo(folder.as_path(), &["run", "--package", "round-trip"]);
    assert_eq!(String::from_utf8_lossy(&output), "round trips held\n");
}

/// A binary crate of the files in `tests/fixtures/round_trip/`, with TLS features off and
/// both serde traits on every model, as it decodes and encodes each.
fn write_round_trip_crate(workspace: &Path) {
    let folder = workspace.join("round-trip");
    fs::create_dir_all(folder.join("src")).unwrap();
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/round_trip");
    for entry in fs::read_dir(sources).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, folder.join("src").join(path.file_name().unwrap())).unwrap();
    }
    let dependencies: String = ROUND_TRIP_USES
        .iter()
        .map(|stem| {
            let package = naming::package_name(&format!("fixture-{stem}"));
            format!(
                "{package} = {{ path = \"../{stem}\", default-features = false, features = [\"full-serde\"] }}\n"
            )
        })
        .collect();
    fs::write(
        folder.join("Cargo.toml"),
        format!(
            "[package]\nname = \"round-trip\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}serde = \"1\"\nserde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n"
        ),
    )
    .unwrap();
}

/// Runs cargo offline in `folder`, failing the test with its errors; returns its stdout.
fn cargo(folder: &Path, arguments: &[&str]) -> Vec<u8> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(program)
        .arg(arguments[0])
        .args(["--offline", "--quiet"])
        .args(&arguments[1..])
        .current_dir(folder)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/fixtures"),
        )
        .env_remove("RUSTFLAGS")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "`cargo {}` failed over the fixture crates:\n{}",
        arguments.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
