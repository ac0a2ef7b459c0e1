//! Broken or unsupported specs in `tests/fixtures/broken/`: each must fail with a located
//! error (file, line:column where the YAML parser knows it, JSON pointer) and never panic.
//! The error texts are snapshotted so a change of wording shows as a diff.

mod support;

use codegen::workspace;

const SNAPSHOTS: &str = "snapshots/broken";

fn broken_specs() -> Vec<(String, String)> {
    support::specs_in("fixtures/broken")
}

#[test]
fn every_broken_spec_fails_with_a_located_error() {
    insta::with_settings!({
        snapshot_path => SNAPSHOTS,
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        for (stem, spec) in broken_specs() {
            let file = format!("broken/{stem}.yaml");
            let error = match codegen::generate(&spec, &file, &workspace::target().unwrap().settings) {
                Ok(_) => panic!("{file} generated a client; it should fail"),
                Err(error) => error,
            };
            let text = error.to_string();
            assert!(text.starts_with(&file), "{text}");
            assert!(
                error.pointer.is_some() || error.line_column.is_some(),
                "{file}: the error says neither where in the file nor where in the spec: {text}"
            );
            insta::assert_snapshot!(stem, text);
        }
    });
}

#[test]
fn no_broken_spec_snapshot_is_orphaned() {
    support::assert_no_orphaned_snapshots(
        SNAPSHOTS,
        broken_specs().into_iter().map(|(stem, _)| stem),
    );
}
