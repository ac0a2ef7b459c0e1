//! A crate generated into any folder builds there on its own, without warnings.

mod support;

use std::fs;

use codegen::CrateSettings;
use xtask::workspace;

#[test]
fn a_crate_generated_into_another_folder_builds_without_warnings() {
    let spec = workspace::target().unwrap().spec_text().unwrap();
    let settings = CrateSettings::new(
        "sign-oauth",
        "1.2.3",
        "cargo xtask codegen --spec spec.yaml --out sign-oauth",
    );
    let files = codegen::generate(&spec, "spec.yaml", &settings)
        .unwrap()
        .files;
    let out = support::write_crate("sign-oauth", &files);

    let output = support::cargo(&out, &["check"]);
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
