//! The README's workflow on a copy of the workspace: add an optional `scope` to
//! `OAuthTokenResponse`, run `cargo xtask codegen`, accept the snapshots, and the whole test
//! suite passes with no other edit (no test pins text that the spec decides).
//!
//! It builds and tests a second workspace, so it is `#[ignore]`d in `cargo test` and run on
//! its own by `.ci/run`:
//! `cargo test -p workspace-tests --test spec_change_workflow -- --ignored`.
//! The copy and its build live under `target/review-in-one-run/`, shared with the review
//! test; later runs rebuild incrementally.

use std::fs;
use std::path::Path;
use std::process::Command;

use xtask::workspace;

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
        // As the review test builds its copy, so that the two share one build.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("INSTA_UPDATE")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("SNAPSHOT_REPORT_DIR")
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

/// The README's test command in the copy, less the test binaries that never read `openapi/`
/// or `generated-client/` (fixtures, large specs, fuzzing): they are most of the suite's
/// build time and cannot see a change of the spec. See [`SPEC_READING_TESTS`].
fn suite(copy: &Path, target: &Path, env: &[(&str, &str)]) {
    let mut args = vec![
        "test",
        "--no-fail-fast",
        "--workspace",
        "--exclude",
        "workspace-tests",
    ];
    cargo(copy, target, &args, env);
    args = vec!["test", "--no-fail-fast", "-p", "workspace-tests"];
    for test in SPEC_READING_TESTS {
        args.extend(["--test", test]);
    }
    cargo(copy, target, &args, env);
}

/// The workspace tests that read the spec in `openapi/` or the checked-in client, less
/// `upstream_dropbox_sign`: it holds our spec to the published one, so a field the published
/// spec lacks (this test's `scope`) must fail it.
const SPEC_READING_TESTS: &[&str] = &[
    "broken_specs",
    "checked_in_client",
    "credentials",
    "debug_output",
    "faults",
    "generated_snapshots",
    "oauth_flow_example",
    "oauth_over_http",
    "spec_evolution",
    "standalone_crate",
];

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
    // The review test (`review_in_one_run.rs`) copies the workspace to the same place, so
    // whichever runs second builds on the first one's build.
    let place = root.join("target/review-in-one-run");
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
    suite(&copy, &target, &[("INSTA_UPDATE", "always")]);
    // ...and then the suite passes as CI runs it, with nothing left to review.
    suite(&copy, &target, &[("INSTA_UPDATE", "no"), ("CI", "true")]);
    let mut pending = Vec::new();
    pending_snapshots(&copy, &mut pending);
    assert!(pending.is_empty(), "snapshots left for review: {pending:?}");
}
