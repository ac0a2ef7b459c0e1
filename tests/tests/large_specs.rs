//! Large specs: ours, shaped like big public APIs (compact templates in
//! `tests/fixtures/large/`, expanded at test time; see the README there), and the real
//! Dropbox Sign description from `../shared/specs/` when it is present. Each one generates with
//! strict off and every operation present, its warnings are snapshotted so that a change shows
//! as a diff, and its crate passes clippy and rustdoc with warnings denied.

#[path = "large_specs/expand.rs"]
mod expand;
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::write::Plan;
use codegen::{CrateSettings, Generation, naming};
use serde_json::Value;
use support::snapshots::{SnapshotSuite, check_snapshot};
use xtask::workspace;

const SNAPSHOTS: &str = "snapshots/large";

/// The methods an OpenAPI path item can hold.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A large spec, ready to generate.
struct Spec {
    /// The template's file stem; names the crate and the snapshot.
    stem: String,
    /// The spec's name in warnings: its file name.
    file: String,
    /// The expanded text.
    text: String,
}

/// Every template in `tests/fixtures/large/` expanded, sorted by name. Each expanded spec is
/// also written to `target/large/specs/` so that `cargo xtask codegen --spec` can be run on it.
fn large_specs() -> Vec<Spec> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/large");
    let written = workspace::root().join("target/large/specs");
    fs::create_dir_all(&written).unwrap();
    let mut specs: Vec<Spec> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let extension = path.extension()?.to_str()?.to_owned();
            (extension == "yaml" || extension == "json").then_some((path, extension))
        })
        .map(|(path, extension)| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let template = fs::read_to_string(&path).unwrap();
            let text = expand::expand(&template, extension == "json")
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let file = format!("{stem}.{extension}");
            fs::write(written.join(&file), &text).unwrap();
            Spec { stem, file, text }
        })
        .collect();
    specs.sort_by(|a, b| a.stem.cmp(&b.stem));
    assert!(
        specs.len() >= 8,
        "large specs missing from {}",
        folder.display()
    );
    specs
}

/// The real Dropbox Sign description, or `None` (with a note on stderr) when it is absent:
/// `../shared/specs/` beside the repository, or the file `DROPBOX_SIGN_SPEC` names (for a
/// checkout that lives elsewhere).
fn dropbox_sign() -> Option<Spec> {
    let path = std::env::var_os("DROPBOX_SIGN_SPEC").map_or_else(
        || workspace::root().join("../shared/specs/dropbox-sign-openapi-sdk.yaml"),
        PathBuf::from,
    );
    match fs::read_to_string(&path) {
        Ok(text) => Some(Spec {
            stem: "dropbox_sign".to_owned(),
            file: "dropbox-sign-openapi-sdk.yaml".to_owned(),
            text,
        }),
        Err(error) => {
            eprintln!(
                "skipped: the Dropbox Sign spec is not at {} ({error}); place it there, \
                 or name it in DROPBOX_SIGN_SPEC, to run this test",
                path.display()
            );
            None
        }
    }
}

fn package(spec: &Spec) -> String {
    naming::package_name(&format!("large-{}", spec.stem))
}

fn generate(spec: &Spec) -> Result<Generation, String> {
    let settings = CrateSettings::new(
        package(spec),
        "0.1.0",
        format!(
            "cargo xtask codegen --spec {} --out {}",
            spec.file,
            package(spec)
        ),
    );
    codegen::generate(&spec.text, &spec.file, &settings).map_err(|error| error.to_string())
}

/// The operationIds of the spec's operations (under `paths`; webhooks are not called).
fn operation_ids(spec: &Spec) -> Vec<String> {
    let document: Value = if spec.file.ends_with(".json") {
        serde_json::from_str(&spec.text).unwrap()
    } else {
        serde_yaml::from_str(&spec.text).unwrap()
    };
    let mut ids = Vec::new();
    for item in document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                let id = operation["operationId"]
                    .as_str()
                    .unwrap_or("(no operationId)");
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

/// Problems with the generation itself: the operation count, and a method (`pub fn` or
/// `pub async fn`) named after each operationId.
fn missing_operations(spec: &Spec, generation: &Generation) -> Vec<String> {
    let ids = operation_ids(spec);
    let methods: BTreeSet<String> = generation
        .files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .flat_map(|file| file.contents.split("pub ").skip(1))
        .filter_map(|rest| {
            rest.strip_prefix("async fn ")
                .or_else(|| rest.strip_prefix("fn "))
        })
        .filter_map(|rest| rest.split(['(', '<']).next())
        .map(str::to_owned)
        .collect();
    let mut problems = Vec::new();
    if generation.summary.operations != ids.len() {
        problems.push(format!(
            "{}: {} operations in the spec, {} generated",
            spec.file,
            ids.len(),
            generation.summary.operations
        ));
    }
    for id in ids {
        if !methods.contains(&naming::snake_name(&id)) {
            problems.push(format!("{}: no method for operation `{id}`", spec.file));
        }
    }
    problems
}

/// What a run prints: each warning, then the summary.
fn printed(spec: &Spec, generation: &Generation) -> String {
    let mut shown: String = generation
        .warnings
        .iter()
        .map(|warning| format!("warning: {warning}\n"))
        .collect();
    shown.push_str(&format!("{}: {}\n", spec.file, generation.summary));
    shown
}

/// Generates each spec, checks that every operation is there and snapshots what the run
/// prints; returns the failures, one line each, after trying every spec.
fn generate_and_snapshot(specs: &[Spec]) -> (Vec<(String, Generation)>, Vec<String>) {
    let mut generated = Vec::new();
    let mut failures = Vec::new();
    let mut suite = SnapshotSuite::new(SNAPSHOTS);
    for spec in specs {
        match generate(spec) {
            Ok(generation) => {
                failures.extend(missing_operations(spec, &generation));
                check_snapshot!(suite, &spec.file, spec.stem, printed(spec, &generation));
                generated.push((spec.stem.clone(), generation));
            }
            Err(error) => failures.push(format!("{} does not generate: {error}", spec.file)),
        }
    }
    failures.extend(suite.finish_without_orphans());
    (generated, failures)
}

#[test]
fn every_large_spec_generates_every_operation_and_builds_cleanly() {
    let specs = large_specs();
    let (generated, mut failures) = generate_and_snapshot(&specs);
    let folder = workspace::root().join("target/large/crates");
    failures.extend(build_cleanly(&folder, &generated));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_dropbox_sign_spec_generates_all_its_operations_and_builds_cleanly() {
    let Some(spec) = dropbox_sign() else {
        return;
    };
    let (generated, mut failures) = generate_and_snapshot(std::slice::from_ref(&spec));
    let folder = workspace::root().join("target/large/dropbox-sign");
    failures.extend(build_cleanly(&folder, &generated));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_large_snapshot_is_orphaned() {
    let mut stems: Vec<String> = large_specs().into_iter().map(|spec| spec.stem).collect();
    stems.push("dropbox_sign".to_owned());
    support::assert_no_orphaned_snapshots(SNAPSHOTS, stems);
}

/// Writes the crates as one workspace in `folder` and runs clippy (which reports rustc's
/// warnings too, all denied) and rustdoc over it, warnings denied, each once for all crates
/// so that dependencies build once. Builds go to `target/standalone`, shared with the other
/// tests that build generated crates with warnings denied. Returns the failures.
fn build_cleanly(folder: &Path, crates: &[(String, Generation)]) -> Vec<String> {
    if crates.is_empty() {
        return Vec::new();
    }
    let mut members = Vec::new();
    for (stem, generation) in crates {
        let out: PathBuf = folder.join(stem);
        Plan::new(&out, &generation.files)
            .unwrap()
            .apply(&out)
            .unwrap();
        members.push(format!("{stem:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    // The repository's lock file pins the same versions, so nothing is downloaded.
    let lock = fs::read_to_string(workspace::root().join("Cargo.lock")).unwrap();
    write_if_changed(&folder.join("Cargo.toml"), &manifest);
    write_if_changed(&folder.join("Cargo.lock"), &lock);
    let mut failures = Vec::new();
    failures.extend(cargo(folder, &["clippy", "--", "-D", "warnings"]));
    failures.extend(cargo(folder, &["doc", "--no-deps"]));
    failures
}

/// Writes `contents` unless the file already holds them: a fresh timestamp on the manifest
/// or lock file would make cargo check every crate again.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents).unwrap();
    }
}

/// Runs `cargo <command>` offline over the workspace in `folder`, with TLS features off (as
/// `support::cargo` does) and warnings denied; on failure returns the command, the crates that
/// failed and cargo's errors.
fn cargo(folder: &Path, arguments: &[&str]) -> Option<String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(program)
        .arg(arguments[0])
        .args([
            "--offline",
            "--quiet",
            "--workspace",
            "--no-default-features",
            "--keep-going",
            "--message-format",
            "short",
        ])
        .args(&arguments[1..])
        .current_dir(folder)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/standalone"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    eprintln!(
        "`cargo {}` over {} took {:.1} s",
        arguments.join(" "),
        folder.display(),
        started.elapsed().as_secs_f64()
    );
    if output.status.success() {
        return None;
    }
    let errors = String::from_utf8_lossy(&output.stderr);
    let failed: Vec<&str> = errors
        .lines()
        .filter(|line| line.starts_with("error: could not") || line.contains("failed"))
        .collect();
    Some(format!(
        "`cargo {}` failed in {}: {}\n{errors}",
        arguments.join(" "),
        folder.display(),
        failed.join("; ")
    ))
}

#[test]
fn templated_entries_are_written_once_per_resource() {
    let template = r#"{"openapi": "3.0.0", "x-corpus": {"resources": ["pull_request", "person:people"]},
        "paths": {"/{{resources|kebab}}": {"get": {"operationId": "list{{resources|pascal}}",
            "description": "\u00e9"}}, "/health": {}},
        "components": {"schemas": {"{{resource|camel}}": {"title": "{{resource|upper}}"}}}}"#;
    let expanded: Value = serde_json::from_str(&expand::expand(template, true).unwrap()).unwrap();
    let paths: Vec<&String> = expanded["paths"].as_object().unwrap().keys().collect();
    // Keys keep the order they are written in (serde_json's `preserve_order`, which codegen
    // turns on): expanded entries stand where their template stood.
    assert_eq!(paths, ["/pull-requests", "/people", "/health"]);
    assert_eq!(
        expanded["paths"]["/people"]["get"]["operationId"],
        "listPeople"
    );
    assert_eq!(
        expanded["components"]["schemas"]["pullRequest"]["title"],
        "PULL_REQUEST"
    );
    assert!(expanded.get("x-corpus").is_none());
    assert!(expand::expand(template, true).unwrap().contains(r"\u00e9"));
    let unknown = template.replace("{{resource|upper}}", "{{resource|shout}}");
    assert!(expand::expand(&unknown, true).is_err());
}
