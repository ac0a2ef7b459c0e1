//! Broken or unsupported specs in `tests/fixtures/broken/`: each must fail with a located
//! error (file, line:column where the YAML parser knows it, JSON pointer) and never panic.
//! The error texts are snapshotted so a change of wording shows as a diff; every spec is
//! checked before the test fails, and an orphaned snapshot fails it too.

mod support;

use support::snapshots::{SnapshotSuite, check_snapshot};
use xtask::workspace;

const SNAPSHOTS: &str = "snapshots/broken";

#[test]
fn every_broken_spec_fails_with_a_located_error() {
    let settings = workspace::target().unwrap().settings;
    let mut suite = SnapshotSuite::new(SNAPSHOTS);
    for (stem, spec) in support::specs_in("fixtures/broken") {
        let file = format!("broken/{stem}.yaml");
        let error = match codegen::generate(&spec, &file, &settings) {
            Ok(_) => {
                suite.problem(&file, "generated a client; it should fail");
                continue;
            }
            Err(error) => error,
        };
        let text = error.to_string();
        if !text.starts_with(&file) {
            suite.problem(&file, &format!("the error does not name the file: {text}"));
        } else if error.pointer.is_none() && error.line_column.is_none() {
            suite.problem(
                &file,
                &format!("the error says neither where in the file nor where in the spec: {text}"),
            );
        }
        check_snapshot!(suite, &file, stem, text);
    }
    suite.finish();
}
