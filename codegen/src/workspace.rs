//! Where this repository keeps its spec and its checked-in client, for `cargo xtask codegen`
//! and the tests that hold the checked-in client to the spec.

use std::path::{Path, PathBuf};

use crate::CrateSettings;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "openapi/dropbox-sign-oauth.yaml";

/// The generated crate's folder, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated-client";

/// The command that regenerates the checked-in client.
pub const COMMAND: &str = "cargo xtask codegen";

/// The workspace root: the parent of this crate's folder.
pub fn root() -> PathBuf {
    let codegen = Path::new(env!("CARGO_MANIFEST_DIR"));
    codegen
        .parent()
        .map_or_else(|| codegen.join(".."), Path::to_path_buf)
}

/// Settings of the checked-in client crate.
pub fn client_settings() -> CrateSettings {
    CrateSettings {
        name: CLIENT_DIR.to_owned(),
        version: "0.1.0".to_owned(),
        regenerate_command: COMMAND.to_owned(),
    }
}
