//! One insta snapshot per file generated from the spec in `openapi/`, so every change to the
//! spec or the generator shows up as a reviewable diff. All files are compared before the
//! test fails, so one run shows every changed file.

mod support;

use support::snapshots::{SnapshotSuite, check_snapshot};
use xtask::workspace;

/// `src/models.rs` -> `src__models.rs`.
fn snapshot_name(path: &str) -> String {
    path.replace('/', "__")
}

#[test]
fn every_generated_file_matches_its_snapshot_and_none_is_orphaned() {
    let target = workspace::target().unwrap();
    let files = codegen::generate(
        &target.spec_text().unwrap(),
        &target.spec_name,
        &target.settings,
    )
    .unwrap()
    .files;
    assert!(files.iter().any(|file| file.path == "src/models.rs"));
    let mut suite = SnapshotSuite::new("snapshots/dropbox_sign_oauth");
    for file in &files {
        check_snapshot!(suite, &file.path, snapshot_name(&file.path), file.contents);
    }
    suite.finish();
}
