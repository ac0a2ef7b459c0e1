//! The README's workflow on a copy of the workspace: add an optional `scope` to
//! `OAuthTokenResponse`, run `cargo xtask codegen`, accept the snapshots, and the whole test
//! suite passes with no other edit (no test pins text that the spec decides).
//!
//! It builds and tests a second workspace, so it is `#[ignore]`d in `cargo test` and run on
//! its own by `.ci/run`:
//! `cargo test -p workspace-tests --test spec_change_workflow -- --ignored`.
//! The copy and its build live under `target/workflow-copy/`; later runs rebuild incrementally.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::workspace;

/// Copies `from` into `to`, leaving out build output and version control.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let (source, destination) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&source, &destination);
        } else {
            fs::copy(&source, &destination).unwrap();
        }
    }
}

/// Runs `cargo <args>` in `dir` with `env`, failing with its output when it fails.
fn cargo(dir: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "`cargo {}` failed in the copy:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `.snap.new` and `.pending-snap` files under `dir`: snapshots left for review.
fn pending_snapshots(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with("target") {
            pending_snapshots(&path, found);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "new" || ext == "pending-snap")
        {
            found.push(path.display().to_string());
        }
    }
}

#[test]
#[ignore = "builds and tests a copy of the workspace; `.ci/run` runs it"]
fn adding_an_optional_property_needs_no_edit_beyond_the_spec() {
    let root = workspace::root();
    let place = root.join("target/workflow-copy");
    let copy = place.join("workspace");
    // A fresh copy each run; the build folders (the copy's own `target/`, where the suite
    // builds generated crates, and the one beside it) are kept.
    if copy.exists() {
        for entry in fs::read_dir(&copy).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with("target") {
                continue;
            }
            if path.is_dir() {
                fs::remove_dir_all(&path).unwrap();
            } else {
                fs::remove_file(&path).unwrap();
            }
        }
    }
    copy_tree(&root, &copy);
    let target = place.join("target");

    let spec_path = copy.join("openapi/dropbox-sign-oauth.yaml");
    let spec = fs::read_to_string(&spec_path).unwrap();
    let schema = spec
        .find("\n    OAuthTokenResponse:\n")
        .expect("the spec defines OAuthTokenResponse");
    let properties = schema
        + spec[schema..]
            .find("\n      properties:\n")
            .expect("OAuthTokenResponse has properties")
        + "\n      properties:\n".len();
    let edited = format!(
        "{}        scope:\n          type: string\n          description: The scopes granted.\n{}",
        &spec[..properties],
        &spec[properties..]
    );
    fs::write(&spec_path, edited).unwrap();

    cargo(&copy, &target, &["xtask", "codegen"], &[]);
    let models = fs::read_to_string(copy.join("generated-client/src/models.rs")).unwrap();
    assert!(models.contains("pub scope: Option<String>,"), "{models}");
    // Review and accept every changed snapshot, as the README says...
    cargo(
        &copy,
        &target,
        &["test", "--workspace", "--no-fail-fast"],
        &[("INSTA_UPDATE", "always")],
    );
    // ...and then the suite passes as CI runs it, with nothing left to review.
    cargo(
        &copy,
        &target,
        &["test", "--workspace", "--no-fail-fast"],
        &[("INSTA_UPDATE", "no"), ("CI", "true")],
    );
    let mut pending = Vec::new();
    pending_snapshots(&copy, &mut pending);
    assert!(pending.is_empty(), "snapshots left for review: {pending:?}");
}
