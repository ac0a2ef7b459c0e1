//! Broken or unsupported specs in `tests/fixtures/broken/`: each must fail with a located
//! error (file, line:column where the YAML parser knows it, JSON pointer) and never panic.
//! The error texts are snapshotted so a change of wording shows as a diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use codegen::workspace;

const SNAPSHOTS: &str = "snapshots/broken";

fn broken_specs() -> Vec<(String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    let mut found: Vec<(String, String)> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, fs::read_to_string(&path).unwrap())
        })
        .collect();
    found.sort();
    assert!(
        found.len() >= 10,
        "broken specs missing from {}",
        folder.display()
    );
    found
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
    let expected: BTreeSet<String> = broken_specs()
        .into_iter()
        .map(|(stem, _)| format!("{stem}.snap"))
        .collect();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(SNAPSHOTS);
    let found: BTreeSet<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let orphans: Vec<_> = found.difference(&expected).collect();
    assert!(
        orphans.is_empty(),
        "snapshots in {} without a broken spec: {orphans:?}; delete them",
        folder.display()
    );
}
