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

use codegen::workspace;

/// Spec edits, each touching one generated file: `(file, before, after)`.
const EDITS: &[(&str, &str, &str)] = &[
    (
        "src/models.rs",
        "      description: A token set issued by the OAuth endpoints.\n      properties:\n",
        "      description: A token set issued by the OAuth endpoints.\n      properties:\n        \
         scope:\n          type: string\n          description: The scopes granted, separated by spaces.\n",
    ),
    (
        "src/headers.rs",
        "      description: How many requests are left in the current window.\n",
        "      description: How many requests are left in the current hour.\n",
    ),
    (
        "src/servers.rs",
        "    description: Dropbox Sign API\n",
        "    description: Dropbox Sign API, version 3\n",
    ),
];

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
    let mut spec = fs::read_to_string(&spec_path).unwrap();
    for (file, before, after) in EDITS {
        assert_eq!(
            spec.matches(before).count(),
            1,
            "the edit for {file} must apply once"
        );
        spec = spec.replace(before, after);
    }
    fs::write(&spec_path, spec).unwrap();

    let regenerated = cargo(&copy, &target, &["xtask", "codegen"]);
    let summary = text(&regenerated);
    assert!(
        regenerated.status.success(),
        "cargo xtask codegen failed:\n{summary}"
    );
    for (file, _, _) in EDITS {
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
    for (file, _, _) in EDITS {
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
