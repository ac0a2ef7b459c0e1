//! The review loop end to end, on a copy of the workspace: a spec change that touches three
//! generated files is regenerated with `cargo xtask codegen`, then the tests run as CI runs
//! them (`CI=true`, `--no-fail-fast` as in the README's command). One run fails once and
//! shows all three files' diffs, and the `Debug` test that the new field breaks, which runs
//! first, does not hide them.
//!
//! It copies and builds a whole workspace (minutes on a first run), so it is ignored by
//! default; `.ci/run` runs it with
//! `cargo test -p workspace-tests --test review_in_one_run -- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value;
use xtask::workspace;

/// The generated files that [`edit_spec`] changes: the new field shows in the models and in
/// the public-API listing, the reworded header description in the headers.
const CHANGED: [&str; 3] = ["src/models.rs", "API.txt", "src/headers.rs"];

const ACCEPT: &str = "then accept them with: \
    INSTA_UPDATE=always cargo test -p workspace-tests --test generated_snapshots";

#[test]
#[ignore = "copies and builds the workspace; .ci/run runs it"]
fn a_spec_change_shows_every_changed_file_in_one_failing_run() {
    let scratch = workspace::root().join("target/review-in-one-run");
    let copy = scratch.join("workspace");
    if copy.exists() {
        fs::remove_dir_all(&copy).unwrap();
    }
    copy_workspace(&workspace::root(), &copy);
    // Its own build folder, kept between runs: sharing the main one is unsound, as cargo
    // can take the copy's crates for the original's and keep binaries built for the wrong
    // folder (codegen finds the workspace through its compile-time manifest path).
    let target = scratch.join("target");

    let spec_path = copy.join("openapi/dropbox-sign-oauth.yaml");
    let spec = edit_spec(&fs::read_to_string(&spec_path).unwrap());
    fs::write(&spec_path, spec).unwrap();

    let regenerated = cargo(&copy, &target, &["xtask", "codegen"]);
    let summary = text(&regenerated);
    assert!(
        regenerated.status.success(),
        "cargo xtask codegen failed:\n{summary}"
    );
    for file in CHANGED {
        assert!(summary.contains(&format!("update {file}\n")), "{summary}");
    }
    assert!(summary.contains(": 3 changed,"), "{summary}");

    let run = cargo(
        &copy,
        &target,
        &[
            "test",
            "--no-fail-fast",
            "-p",
            "workspace-tests",
            "--test",
            "debug_output",
            "--test",
            "generated_snapshots",
        ],
    );
    let output = text(&run);
    assert!(!run.status.success(), "the run passed:\n{output}");
    // The `Debug` snapshot of the reply model changes too: both binaries run and fail.
    assert!(
        output.contains("Running tests/debug_output.rs")
            && output.contains("Running tests/generated_snapshots.rs")
            && output.contains("error: 2 targets failed:"),
        "both test binaries must run and fail:\n{output}"
    );
    assert!(
        output.contains("3 snapshots differ from what the code produces now"),
        "{output}"
    );
    for file in CHANGED {
        assert!(
            output.contains(&format!("--- {file} (accepted)\n+++ {file} (now)\n@@ ")),
            "no diff of {file}:\n{output}"
        );
    }
    assert!(
        output.contains("+    pub scope: Option<String>,\n"),
        "{output}"
    );
    assert_eq!(output.matches(ACCEPT).count(), 1, "{output}");
    // insta writes no `.snap.new` files in CI: the diffs in the log are the review.
    let pending = fs::read_dir(copy.join("tests/tests/snapshots/dropbox_sign_oauth"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "new")
        })
        .count();
    assert_eq!(pending, 0);
    println!("{output}");
}

/// The spec with a new `scope` property in `OAuthTokenResponse` and the description of a
/// response header reworded. Edited as YAML, not as text, so that other changes to the spec
/// keep it working.
fn edit_spec(text: &str) -> String {
    let mut spec: Value = serde_yaml::from_str(text).unwrap();
    let properties = at(
        &mut spec,
        &["components", "schemas", "OAuthTokenResponse", "properties"],
    );
    let scope: Value =
        serde_yaml::from_str("type: string\ndescription: The scopes granted, separated by spaces.")
            .unwrap();
    properties
        .as_mapping_mut()
        .unwrap()
        .insert("scope".into(), scope);
    reword(at(
        &mut spec,
        &[
            "components",
            "headers",
            "X-RateLimit-Remaining",
            "description",
        ],
    ));
    serde_yaml::to_string(&spec).unwrap()
}

fn at<'v>(value: &'v mut Value, path: &[&str]) -> &'v mut Value {
    path.iter().fold(value, |value, key| {
        value
            .get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no {} (looking for {path:?})", key))
    })
}

fn reword(description: &mut Value) {
    let old = description.as_str().expect("a description is a string");
    *description = Value::from(format!("{old} (reworded)"));
}

/// Copies the workspace's sources: everything but build output, git data and pending
/// snapshots.
fn copy_workspace(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let skipped = matches!(name.as_str(), "target" | ".git")
            || name.ends_with(".snap.new")
            || name.ends_with(".pending-snap");
        if skipped {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_workspace(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// Runs cargo offline in the copy, with the environment CI gives it and nothing of insta's
/// settings or of the outer run's report folder.
fn cargo(copy: &Path, target: &PathBuf, arguments: &[&str]) -> Output {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(program)
        .args(arguments)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", target)
        // Without debug info the copy builds faster and takes less disk; nothing debugs it.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TERM_COLOR", "never")
        .env("CI", "true")
        .env("RUST_BACKTRACE", "0")
        .env_remove("INSTA_UPDATE")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("INSTA_OUTPUT")
        .env_remove("INSTA_WORKSPACE_ROOT")
        .env_remove("SNAPSHOT_REPORT_DIR")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
