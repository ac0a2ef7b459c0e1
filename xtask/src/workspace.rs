//! `openapi/codegen.toml`: which spec this repository generates its client from, where the
//! client goes, and what the crate is called. Read by `cargo xtask codegen` and by the tests
//! that hold the checked-in client to the spec; the `codegen` library itself takes only the
//! plain settings read here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use codegen::{Adaptation, CrateSettings, Generation, Selection, Source};

/// The settings file, relative to the workspace root.
pub const CONFIG: &str = "openapi/codegen.toml";

/// The command that regenerates the checked-in client.
pub const COMMAND: &str = "cargo xtask codegen";

/// The workspace root: the parent of this crate's folder.
pub fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .map_or_else(|| xtask.join(".."), Path::to_path_buf)
}

/// What `cargo xtask codegen` reads and writes without flags.
#[derive(Debug, Clone)]
pub struct Target {
    /// The spec file.
    pub spec_path: PathBuf,
    /// The spec as named in messages: relative to the workspace root.
    pub spec_name: String,
    /// The crate folder to write.
    pub out_dir: PathBuf,
    /// The crate's settings.
    pub settings: CrateSettings,
    /// Whether warnings fail the run (`strict = true`).
    pub strict: bool,
    /// Overlay files applied to the spec, in order (`overlays`).
    pub overlays: Vec<InputFile>,
    /// Which operations to generate (`operations`, `tags`); empty keeps all.
    pub selection: Selection,
    /// Properties treated as secrets, as `Schema.property` (`secrets`).
    pub secrets: Vec<String>,
}

/// A file the generation reads besides the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// How messages name it.
    pub name: String,
}

impl Target {
    /// The spec's text.
    pub fn spec_text(&self) -> Result<String, String> {
        fs::read_to_string(&self.spec_path)
            .map_err(|error| format!("cannot read the spec {}: {error}", self.spec_path.display()))
    }

    /// The overlays, secrets and choice of operations, with each overlay's text.
    pub fn adaptation(&self) -> Result<Adaptation, String> {
        let overlays = self
            .overlays
            .iter()
            .map(|file| {
                fs::read_to_string(&file.path)
                    .map(|text| Source::new(file.name.clone(), text))
                    .map_err(|error| {
                        format!("cannot read the overlay {}: {error}", file.path.display())
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Adaptation {
            overlays,
            secrets: self.secrets.clone(),
            selection: self.selection.clone(),
        })
    }

    /// Reads the spec and overlays and generates the crate (nothing is written). Errors
    /// are located diagnostics, or a file that could not be read.
    pub fn generate(&self) -> Result<Generation, String> {
        let spec = Source::new(self.spec_name.clone(), self.spec_text()?);
        codegen::generate_adapted(&spec, &self.adaptation()?, &self.settings)
            .map_err(|error| error.to_string())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    spec: PathBuf,
    out: PathBuf,
    #[serde(default)]
    strict: bool,
    /// `operationId`s to generate; with `tags`, every operation either names.
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// Overlay files, relative to the settings file, applied in order.
    #[serde(default)]
    overlays: Vec<PathBuf>,
    /// `Schema.property` names of secrets.
    #[serde(default)]
    secrets: Vec<String>,
    #[serde(rename = "crate")]
    krate: CrateConfig,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    errors: ErrorsConfig,
}

/// `[errors]`: how error replies are read beyond what the spec declares.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ErrorsConfig {
    /// Also try the classic OAuth 2.0 `{"error", "error_description"}` shape.
    #[serde(default)]
    oauth_fallback: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateConfig {
    name: String,
    version: String,
    #[serde(default)]
    hand_written_modules: Vec<String>,
}

/// Reads [`CONFIG`] from the workspace root.
pub fn target() -> Result<Target, String> {
    let root = root();
    let path = root.join(CONFIG);
    let text =
        fs::read_to_string(&path).map_err(|error| format!("cannot read {CONFIG}: {error}"))?;
    target_from(&text, &root)
}

/// The target that settings `text` describe, for a workspace at `root`.
fn target_from(text: &str, root: &Path) -> Result<Target, String> {
    let config: Config = toml::from_str(text).map_err(|error| format!("{CONFIG}: {error}"))?;
    for module in &config.krate.hand_written_modules {
        check_module_name(module)?;
    }
    let path = root.join(CONFIG);
    let folder = path.parent().unwrap_or(root);
    let spec_path = folder.join(&config.spec);
    let named = |path: &Path| Path::new("openapi").join(path).display().to_string();
    let spec_name = named(&config.spec);
    let overlays = config
        .overlays
        .iter()
        .map(|path| InputFile {
            path: folder.join(path),
            name: named(path),
        })
        .collect();
    let render = |deps: BTreeMap<String, toml::Value>| {
        deps.into_iter()
            .map(|(name, value)| (name, value.to_string()))
            .collect()
    };
    Ok(Target {
        spec_path,
        spec_name,
        out_dir: normalize(&folder.join(&config.out)),
        settings: CrateSettings {
            name: config.krate.name,
            version: config.krate.version,
            regenerate_command: COMMAND.to_owned(),
            hand_written_modules: config.krate.hand_written_modules,
            extra_dependencies: render(config.dependencies),
            extra_dev_dependencies: render(config.dev_dependencies),
            oauth_error_fallback: config.errors.oauth_fallback,
        },
        strict: config.strict,
        overlays,
        selection: Selection {
            operations: config.operations,
            tags: config.tags,
        },
        secrets: config.secrets,
    })
}

/// A hand-written module needs a plain snake_case name that no generated module has.
fn check_module_name(name: &str) -> Result<(), String> {
    codegen::emit::check_hand_written_module(name).map_err(|error| format!("{CONFIG}: {error}"))
}

/// `a/b/../c` -> `a/c`, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir if normal.file_name().is_some() => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_settings_are_read_relative_to_the_settings_file() {
        let text = "spec = \"upstream.yaml\"\nout = \"../client\"\n\
                    operations = [\"oauthTokenRefresh\"]\ntags = [\"OAuth\"]\n\
                    overlays = [\"fix.overlay.yaml\"]\nsecrets = [\"Token.access_token\"]\n\
                    [crate]\nname = \"client\"\nversion = \"0.1.0\"\n";
        let root = Path::new("/repo");
        let target = target_from(text, root).unwrap();
        assert_eq!(target.selection.operations, ["oauthTokenRefresh"]);
        assert_eq!(target.selection.tags, ["OAuth"]);
        assert_eq!(target.secrets, ["Token.access_token"]);
        assert_eq!(
            target.overlays,
            [InputFile {
                path: root.join("openapi/fix.overlay.yaml"),
                name: "openapi/fix.overlay.yaml".to_owned(),
            }]
        );
        assert_eq!(target.out_dir, root.join("client"));
        assert!(!target.settings.oauth_error_fallback);
        let with_fallback = format!("{text}[errors]\noauth_fallback = true\n");
        assert!(
            target_from(&with_fallback, root)
                .unwrap()
                .settings
                .oauth_error_fallback
        );
        let error = target_from(&text.replace("tags", "tag"), root).unwrap_err();
        assert!(error.contains("unknown field `tag`"), "{error}");
    }

    #[test]
    fn hand_written_modules_that_clash_are_refused_naming_the_settings_file() {
        let text = "spec = \"s.yaml\"\nout = \"../client\"\n\
                    [crate]\nname = \"client\"\nversion = \"0.1.0\"\n\
                    hand_written_modules = [\"oauth\", \"runtime\"]\n";
        let error = target_from(text, Path::new("/repo")).unwrap_err();
        assert!(
            error.starts_with("openapi/codegen.toml: hand-written module `runtime` clashes"),
            "{error}"
        );
    }
}
