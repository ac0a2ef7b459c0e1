//! Generated files -> disk. A [`Plan`] compares the files with a folder without touching it;
//! applying it writes only changed files and removes generated files no longer produced,
//! staging every new file before the first one replaces anything.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::emit::{GENERATED_MARKER, GeneratedFile};

/// What must change in a folder to match the generated files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Changes, in file order then removals.
    pub changes: Vec<Change>,
    /// Files that already match.
    pub unchanged: usize,
}

/// One file to create, replace or remove. Paths are relative, with `/` separators.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// A file that does not exist yet.
    Create {
        /// Where.
        path: String,
        /// What to write.
        contents: String,
    },
    /// A generated file whose contents differ.
    Update {
        /// Where.
        path: String,
        /// What is there now.
        old: String,
        /// What to write.
        contents: String,
    },
    /// A generated file that is no longer produced.
    Remove {
        /// Where.
        path: String,
        /// What is there now.
        old: String,
    },
}

/// Why a plan could not be made or applied.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading, writing or removing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The failure.
        source: io::Error,
    },
    /// A file the generator would replace was not written by it.
    #[error(
        "refusing to overwrite {}: it exists and its first line has no `{GENERATED_MARKER}` marker, \
         so it was not generated; move it away or choose another output folder",
        .0.display()
    )]
    NotGenerated(PathBuf),
}

impl Plan {
    /// Compares `files` with the folder `out_dir`, which need not exist.
    pub fn new(out_dir: &Path, files: &[GeneratedFile]) -> Result<Self, WriteError> {
        let mut plan = Self::default();
        for file in files {
            let target = out_dir.join(&file.path);
            match read_if_exists(&target)? {
                None => plan.changes.push(Change::Create {
                    path: file.path.clone(),
                    contents: file.contents.clone(),
                }),
                Some(old) if old == file.contents => plan.unchanged += 1,
                Some(old) if is_generated(&old) => plan.changes.push(Change::Update {
                    path: file.path.clone(),
                    old,
                    contents: file.contents.clone(),
                }),
                Some(_) => return Err(WriteError::NotGenerated(target)),
            }
        }
        let mut stale = Vec::new();
        collect_generated(out_dir, out_dir, &mut stale)?;
        stale.sort();
        for (path, old) in stale {
            if !files.iter().any(|file| file.path == path) {
                plan.changes.push(Change::Remove { path, old });
            }
        }
        Ok(plan)
    }

    /// Whether the folder already matches.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// A unified diff from the folder's contents to the generated files.
    pub fn diff(&self) -> String {
        let mut text = String::new();
        for change in &self.changes {
            let (path, old, new) = match change {
                Change::Create { path, contents } => (path, "", contents.as_str()),
                Change::Update {
                    path,
                    old,
                    contents,
                } => (path, old.as_str(), contents.as_str()),
                Change::Remove { path, old } => (path, old.as_str(), ""),
            };
            let diff = TextDiff::from_lines(old, new);
            let _ = write!(
                text,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
            );
        }
        text
    }

    /// Makes the folder match: stages every new file beside its target, then renames the
    /// staged files into place and removes stale ones. A failure while staging leaves the
    /// folder as it was.
    pub fn apply(&self, out_dir: &Path) -> Result<(), WriteError> {
        let mut staged = Vec::new();
        for change in &self.changes {
            if let Change::Create { path, contents } | Change::Update { path, contents, .. } =
                change
            {
                let target = out_dir.join(path);
                let folder = target.parent().unwrap_or(out_dir);
                fs::create_dir_all(folder).map_err(io_error("creating", folder))?;
                let mut file = tempfile::Builder::new()
                    .prefix(".codegen-")
                    .tempfile_in(folder)
                    .map_err(io_error("staging a file in", folder))?;
                io::Write::write_all(&mut file, contents.as_bytes())
                    .map_err(io_error("staging", &target))?;
                staged.push((file, target));
            }
        }
        for (file, target) in staged {
            file.persist(&target).map_err(|error| WriteError::Io {
                action: "replacing",
                path: target.clone(),
                source: error.error,
            })?;
        }
        for change in &self.changes {
            if let Change::Remove { path, .. } = change {
                let target = out_dir.join(path);
                fs::remove_file(&target).map_err(io_error("removing", &target))?;
            }
        }
        Ok(())
    }

    /// One line per change, such as `update src/models.rs`.
    pub fn summary(&self) -> String {
        self.changes
            .iter()
            .map(|change| match change {
                Change::Create { path, .. } => format!("create {path}\n"),
                Change::Update { path, .. } => format!("update {path}\n"),
                Change::Remove { path, .. } => format!("remove {path}\n"),
            })
            .collect()
    }
}

fn is_generated(contents: &str) -> bool {
    contents
        .lines()
        .next()
        .is_some_and(|line| line.contains(GENERATED_MARKER))
}

fn read_if_exists(path: &Path) -> Result<Option<String>, WriteError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io_error("reading", path)(error)),
    }
}

/// Generated `.rs` and `.toml` files below `folder`, skipping `target` and hidden folders.
fn collect_generated(
    root: &Path,
    folder: &Path,
    found: &mut Vec<(String, String)>,
) -> Result<(), WriteError> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(io_error("listing", folder)(error)),
    };
    for entry in entries {
        let entry = entry.map_err(io_error("listing", folder))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(io_error("inspecting", &path))?;
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect_generated(root, &path, found)?;
            }
        } else if kind.is_file() && (name.ends_with(".rs") || name.ends_with(".toml")) {
            let Some(contents) = read_if_exists(&path)? else {
                continue;
            };
            if is_generated(&contents) {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let relative = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                found.push((relative, contents));
            }
        }
    }
    Ok(())
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: format!("// @generated\n{body}\n"),
        }
    }

    #[test]
    fn writes_changes_only_and_removes_stale_generated_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = [file("src/a.rs", "a"), file("src/b.rs", "b")];
        Plan::new(dir.path(), &first)
            .unwrap()
            .apply(dir.path())
            .unwrap();
        fs::write(dir.path().join("src/hand.rs"), "// written by a person\n").unwrap();

        let second = [file("src/a.rs", "a2")];
        let plan = Plan::new(dir.path(), &second).unwrap();
        assert_eq!(plan.summary(), "update src/a.rs\nremove src/b.rs\n");
        assert!(plan.diff().contains("-a\n+a2\n"), "{}", plan.diff());
        plan.apply(dir.path()).unwrap();

        assert_eq!(
            fs::read_to_string(dir.path().join("src/a.rs")).unwrap(),
            second[0].contents
        );
        assert!(!dir.path().join("src/b.rs").exists());
        assert!(dir.path().join("src/hand.rs").exists());
        assert!(Plan::new(dir.path(), &second).unwrap().is_empty());
    }

    #[test]
    fn refuses_to_overwrite_files_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("Cargo.toml"), "[package]\n").unwrap();
        let error = Plan::new(dir.path(), &[file("Cargo.toml", "x")]).unwrap_err();
        assert!(
            error.to_string().contains("refusing to overwrite"),
            "{error}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(),
            "[package]\n"
        );
    }
}
