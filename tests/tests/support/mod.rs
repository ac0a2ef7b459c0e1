//! Shared by the test binaries: a mock token endpoint, building generated crates outside the
//! workspace as a user would, and checking snapshot folders as one suite (`snapshots`).
// Each test binary compiles this module and uses a part of it.
#![allow(dead_code)]

pub mod snapshots;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::GeneratedFile;
use codegen::write::Plan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::workspace;

/// Writes a generated crate to `target/standalone/crates/<name>`, a fixed place so that
/// repeated runs rebuild it incrementally, with the workspace's lock file so that its
/// dependencies resolve to what is already downloaded.
pub fn write_crate(name: &str, files: &[GeneratedFile]) -> PathBuf {
    let out = workspace::root()
        .join("target/standalone/crates")
        .join(name);
    Plan::new(&out, files).unwrap().apply(&out).unwrap();
    fs::copy(workspace::root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    out
}

/// Runs `cargo <args> --offline --quiet --no-default-features` in `crate_dir`, warnings
/// denied. TLS stays off: it is reqwest's concern, and aws-lc would add a minute to builds.
pub fn cargo(crate_dir: &PathBuf, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(&args[..1])
        .args(["--offline", "--quiet", "--no-default-features"])
        .args(&args[1..])
        .current_dir(crate_dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/standalone"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}

/// Fails when `tests/<folder>` holds a `.snap` file not named in `expected` (names without
/// `.snap`), for suites whose cases are split over several tests; a [`snapshots::SnapshotSuite`]
/// that covers its folder checks this itself.
pub fn assert_no_orphaned_snapshots(folder: &str, expected: impl IntoIterator<Item = String>) {
    let expected: BTreeSet<String> = expected
        .into_iter()
        .map(|name| format!("{name}.snap"))
        .collect();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(folder);
    let found: BTreeSet<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let orphans: Vec<_> = found.difference(&expected).collect();
    assert!(
        orphans.is_empty(),
        "snapshots in {} that no test case produces: {orphans:?}; delete them",
        folder.display()
    );
}

/// `(stem, text)` of every `.yaml` or `.json` spec in `tests/<folder>`, sorted by name.
pub fn specs_in(folder: &str) -> Vec<(String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut found: Vec<(String, String)> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "json")
        })
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, fs::read_to_string(&path).unwrap())
        })
        .collect();
    found.sort();
    assert!(found.len() >= 10, "specs missing from {}", folder.display());
    found
}

/// A loopback server whose `POST /oauth/token` (any query) answers with `reply`.
pub async fn token_endpoint(reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(reply)
        .mount(&server)
        .await;
    server
}
