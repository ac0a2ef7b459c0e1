//! The checked-in `generated-client` is exactly what the spec in `openapi/` generates, and a
//! spec change shows up as a diff against it.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::write::Plan;
use xtask::workspace;

fn target() -> workspace::Target {
    workspace::target().unwrap()
}

fn spec_text() -> String {
    target().spec_text().unwrap()
}

#[test]
fn checked_in_client_matches_fresh_codegen() {
    let target = target();
    let files = codegen::generate(&spec_text(), &target.spec_name, &target.settings)
        .unwrap()
        .files;
    let plan = Plan::new(&target.out_dir, &files).unwrap();
    assert!(
        plan.is_empty(),
        "generated-client is stale; run `{}`.\n{}",
        workspace::COMMAND,
        plan.diff()
    );
}

/// Every spec the suite generates from: the workspace's and the fixtures.
fn all_specs() -> Vec<(String, String)> {
    let mut specs = support::specs_in("fixtures/specs");
    specs.push(("dropbox_sign_oauth".to_owned(), spec_text()));
    specs
}

/// A child process of `generation_is_deterministic_across_processes`: writes what each spec
/// generates to the folder named by `CODEGEN_DUMP_TO`. Does nothing otherwise.
#[test]
fn dump_generation_when_asked() {
    let Some(out) = std::env::var_os("CODEGEN_DUMP_TO") else {
        return;
    };
    let settings = target().settings;
    for (name, text) in all_specs() {
        let files = codegen::generate(&text, &format!("{name}.yaml"), &settings)
            .unwrap()
            .files;
        let dump: String = files
            .iter()
            .map(|file| format!("=== {}\n{}", file.path, file.contents))
            .collect();
        fs::write(Path::new(&out).join(format!("{name}.txt")), dump).unwrap();
    }
}

/// Each process seeds its hash maps at random: two processes generating the same specs
/// must still write the same bytes, in the same file order.
#[test]
fn generation_is_deterministic_across_processes() {
    let dumps: Vec<tempfile::TempDir> = (0..2)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let output = Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "dump_generation_when_asked", "--test-threads=1"])
                .env("CODEGEN_DUMP_TO", dir.path())
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stdout)
            );
            dir
        })
        .collect();
    let specs = all_specs();
    for (name, _) in &specs {
        let read = |dir: &tempfile::TempDir| {
            fs::read_to_string(dir.path().join(format!("{name}.txt")))
                .unwrap_or_else(|error| panic!("{name}: the child process wrote nothing: {error}"))
        };
        assert!(
            read(&dumps[0]) == read(&dumps[1]),
            "{name}: two processes generated different files"
        );
    }
}

/// Adds a property to `OAuthTokenResponse` through the YAML tree, so the test holds whatever
/// else the spec says (a `scope` added by hand included).
#[test]
fn a_new_optional_property_shows_up_as_a_diff_of_the_models() {
    let mut spec: serde_yaml::Value = serde_yaml::from_str(&spec_text()).unwrap();
    let properties = spec["components"]["schemas"]["OAuthTokenResponse"]["properties"]
        .as_mapping_mut()
        .expect("OAuthTokenResponse has properties");
    properties.insert(
        "added_by_test".into(),
        serde_yaml::from_str("{type: string, description: Added by the test.}").unwrap(),
    );
    let spec = serde_yaml::to_string(&spec).unwrap();
    let target = target();
    let files = codegen::generate(&spec, &target.spec_name, &target.settings)
        .unwrap()
        .files;
    let plan = Plan::new(&target.out_dir, &files).unwrap();
    assert_eq!(plan.summary(), "update src/models.rs\nupdate API.txt\n");
    let added: Vec<String> = plan
        .diff()
        .lines()
        .filter(|line| line.starts_with('+') && !line.starts_with("+++"))
        .map(|line| line[1..].trim().to_owned())
        .collect();
    assert!(
        added.contains(&"pub added_by_test: Option<String>,".to_owned()),
        "{added:#?}"
    );
    assert!(
        added.contains(&"field OAuthTokenResponse.added_by_test: Option<String>".to_owned()),
        "{added:#?}"
    );
    assert!(
        added.contains(&"/// Added by the test.".to_owned()),
        "{added:#?}"
    );
}
