//! Building generated crates outside the workspace, as a user would, from the tests.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use codegen::GeneratedFile;
use codegen::workspace;
use codegen::write::Plan;

/// Writes a generated crate to `target/standalone/crates/<name>`, a fixed place so that
/// repeated runs rebuild it incrementally, with the workspace's lock file so that its
/// dependencies resolve to what is already downloaded.
pub fn write_crate(name: &str, files: &[GeneratedFile]) -> PathBuf {
    let out = workspace::root()
        .join("target/standalone/crates")
        .join(name);
    Plan::new(&out, files).unwrap().apply(&out).unwrap();
    fs::copy(workspace::root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    out
}

/// Runs `cargo <args> --offline --quiet --no-default-features` in `crate_dir`, warnings
/// denied. TLS stays off: it is reqwest's concern, and aws-lc would add a minute to builds.
pub fn cargo(crate_dir: &PathBuf, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(&args[..1])
        .args(["--offline", "--quiet", "--no-default-features"])
        .args(&args[1..])
        .current_dir(crate_dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/standalone"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}
