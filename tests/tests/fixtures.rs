//! One small spec per OpenAPI construct in `tests/fixtures/specs/`: each one's generated
//! models and operations are snapshotted, all the generated crates build together without
//! warnings or clippy findings, and a small program round-trips JSON and HTTP bodies
//! through some of them.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::Plan;
use codegen::{CrateSettings, GeneratedFile, naming, workspace};
use support::snapshots::{SnapshotSuite, check_snapshot};

const SNAPSHOTS: &str = "snapshots/fixtures";

/// `(stem, spec text)` of every fixture, sorted by name.
fn fixtures() -> Vec<(String, String)> {
    support::specs_in("fixtures/specs")
}

fn settings(stem: &str) -> CrateSettings {
    let package = naming::package_name(&format!("fixture-{stem}"));
    CrateSettings::new(
        package.clone(),
        "0.1.0",
        format!("cargo xtask codegen --spec {stem}.yaml --out {package}"),
    )
}

fn generate(stem: &str, spec: &str) -> Vec<GeneratedFile> {
    codegen::generate(spec, &format!("{stem}.yaml"), &settings(stem))
        .unwrap_or_else(|error| panic!("fixture {stem} does not generate: {error}"))
}

fn file<'f>(files: &'f [GeneratedFile], path: &str) -> &'f str {
    &files
        .iter()
        .find(|file| file.path == path)
        .unwrap()
        .contents
}

/// Every fixture is compared before the test fails; an orphaned snapshot fails it too.
#[test]
fn every_fixture_matches_its_snapshot() {
    let mut suite = SnapshotSuite::new(SNAPSHOTS);
    for (stem, spec) in fixtures() {
        let label = format!("{stem}.yaml: models + operations");
        let files = match codegen::generate(&spec, &format!("{stem}.yaml"), &settings(&stem)) {
            Ok(files) => files,
            Err(error) => {
                suite.problem(&label, &format!("does not generate: {error}"));
                continue;
            }
        };
        let shown = format!(
            "{}\n{}",
            file(&files, "src/models.rs"),
            file(&files, "src/operations.rs")
        );
        check_snapshot!(suite, &label, stem, shown);
    }
    suite.finish();
}

/// Crates the round-trip program uses; they must be fixtures.
const ROUND_TRIP_USES: &[&str] = &[
    "bodies_and_downloads",
    "discriminator",
    "enum_parameters",
    "enums",
    "multipart",
    "nullable",
    "one_of_any_of",
    "recursive",
    "responses",
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
        let files = generate(&stem, &spec);
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
    // Every operation's doc example compiles (they are `no_run`).
    cargo(
        folder.as_path(),
        &["test", "--workspace", "--no-default-features", "--doc"],
    );
    let output = cargo(folder.as_path(), &["run", "--package", "round-trip"]);
    assert_eq!(String::from_utf8_lossy(&output), "round trips held\n");
}

/// A binary crate of the files in `tests/fixtures/round_trip/`, with TLS features off.
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
            format!("{package} = {{ path = \"../{stem}\", default-features = false }}\n")
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
