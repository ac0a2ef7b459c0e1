//! One insta snapshot per file generated from the spec in `openapi/`, so every change to the
//! spec or the generator shows up as a reviewable diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use codegen::workspace;

fn generated_files() -> Vec<codegen::GeneratedFile> {
    let target = workspace::target().unwrap();
    codegen::generate(
        &target.spec_text().unwrap(),
        &target.spec_name,
        &target.settings,
    )
    .unwrap()
}

/// `src/models.rs` -> `src__models.rs`.
fn snapshot_name(path: &str) -> String {
    path.replace('/', "__")
}

#[test]
fn every_generated_file_matches_its_snapshot() {
    let files = generated_files();
    assert!(files.iter().any(|file| file.path == "src/models.rs"));
    insta::with_settings!({
        snapshot_path => "snapshots/dropbox_sign_oauth",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        for file in &files {
            insta::assert_snapshot!(snapshot_name(&file.path), file.contents);
        }
    });
}

/// insta only notices a missing snapshot; this notices one left over after its file went away.
#[test]
fn no_snapshot_is_orphaned() {
    let expected: BTreeSet<String> = generated_files()
        .iter()
        .map(|file| format!("{}.snap", snapshot_name(&file.path)))
        .collect();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/dropbox_sign_oauth");
    let found: BTreeSet<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let orphans: Vec<_> = found.difference(&expected).collect();
    assert!(
        orphans.is_empty(),
        "snapshots in {} that no generated file produces: {orphans:?}; delete them",
        folder.display()
    );
}
