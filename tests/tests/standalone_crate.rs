//! A crate generated into any folder builds there on its own, without warnings.

use std::fs;
use std::process::Command;

use codegen::write::Plan;
use codegen::{CrateSettings, workspace};

#[test]
fn a_crate_generated_into_another_folder_builds_without_warnings() {
    let spec = workspace::target().unwrap().spec_text().unwrap();
    let settings = CrateSettings::new(
        "sign-oauth",
        "1.2.3",
        "cargo xtask codegen --spec spec.yaml --out sign-oauth",
    );
    let files = codegen::generate(&spec, "spec.yaml", &settings).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("sign-oauth");
    Plan::new(&out, &files).unwrap().apply(&out).unwrap();
    // The workspace's lock file pins the same dependency versions, so nothing is downloaded.
    fs::copy(workspace::root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--no-default-features"])
        .current_dir(&out)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/standalone"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo check failed in {}:\n{}",
        out.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"sign-oauth\"\nversion = \"1.2.3\""),
        "{manifest}"
    );
}
