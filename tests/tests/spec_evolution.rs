//! Adding optional parameters, headers, bodies and body fields to a spec never breaks a
//! caller: `tests/fixtures/evolution/caller.rs`, written against the client of `v1.yaml`,
//! compiles against the clients of both `v1.yaml` and `v2.yaml`.

mod support;

use std::fs;
use std::path::Path;

use codegen::CrateSettings;

const FIXTURES: &str = "tests/fixtures/evolution";

fn generate(version: &str) -> Vec<codegen::GeneratedFile> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/evolution");
    let spec = fs::read_to_string(folder.join(format!("{version}.yaml"))).unwrap();
    let settings = CrateSettings::new("evolving-client", "0.1.0", "cargo xtask codegen");
    codegen::generate(&spec, &format!("{FIXTURES}/{version}.yaml"), &settings)
        .unwrap()
        .files
}

#[test]
fn a_caller_of_v1_compiles_against_v1_and_v2() {
    let caller = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/evolution/caller.rs"),
    )
    .unwrap();
    let (v1, v2) = (generate("v1"), generate("v2"));
    let operations = |files: &[codegen::GeneratedFile]| {
        files
            .iter()
            .find(|file| file.path == "src/requests.rs")
            .unwrap()
            .contents
            .clone()
    };
    assert_ne!(operations(&v1), operations(&v2), "v2 must add setters");
    for (version, files) in [("v1", &v1), ("v2", &v2)] {
        let out = support::write_crate(&format!("evolving-client-{version}"), files);
        fs::create_dir_all(out.join("examples")).unwrap();
        let example = out.join("examples/caller.rs");
        if fs::read_to_string(&example).ok().as_deref() != Some(caller.as_str()) {
            fs::write(&example, &caller).unwrap();
        }
        let output = support::cargo(&out, &["build", "--example", "caller"]);
        assert!(
            output.status.success(),
            "the v1 caller does not compile against {version}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
