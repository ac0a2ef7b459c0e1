//! One insta snapshot per file generated from the spec in `openapi/`, so every change to the
//! spec or the generator shows up as a reviewable diff.

mod support;

use codegen::workspace;

fn generated_files() -> Vec<codegen::GeneratedFile> {
    let target = workspace::target().unwrap();
    codegen::generate(
        &target.spec_text().unwrap(),
        &target.spec_name,
        &target.settings,
    )
    .unwrap()
    .files
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

#[test]
fn no_snapshot_is_orphaned() {
    let names = generated_files()
        .iter()
        .map(|file| snapshot_name(&file.path))
        .collect::<Vec<_>>();
    support::assert_no_orphaned_snapshots("snapshots/dropbox_sign_oauth", names);
}
