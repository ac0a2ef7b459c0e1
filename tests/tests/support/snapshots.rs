//! A folder of insta snapshots checked as one suite: every case runs, then the test fails
//! once, showing each changed, new or orphaned snapshot as a unified diff under its name,
//! followed by one line with the command that accepts them all. insta still stores and
//! accepts the snapshots, so `.snap.new` files and `cargo insta review` work as before.

use std::any::Any;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once};

use insta::{Comparator, DefaultComparator, Settings, Snapshot};
use similar::TextDiff;

/// When set, a failing suite also writes its report to `<dir>/<test binary>.diff`, where
/// `.ci/run` picks it up for the job summary.
pub const REPORT_DIR_VARIABLE: &str = "SNAPSHOT_REPORT_DIR";

/// Checks `contents` against the snapshot `name` of `suite`, labelled `label` in reports.
/// The insta assertion expands at the caller, so insta finds the snapshot folder relative
/// to the test file and records that file as the snapshot's source, as a direct call would.
#[allow(unused_macros)]
macro_rules! check_snapshot {
    ($suite:expr, $label:expr, $name:expr, $contents:expr $(,)?) => {{
        let name: &str = &$name;
        let contents: &str = &$contents;
        $suite.check($label, name, contents, || {
            insta::assert_snapshot!(name, contents)
        });
    }};
}
#[allow(unused_imports)]
pub(crate) use check_snapshot;

/// The snapshots of one folder under `tests/tests/`, checked together.
pub struct SnapshotSuite {
    folder: &'static str,
    settings: Settings,
    mismatch: Arc<Mutex<Option<Mismatch>>>,
    seen: BTreeSet<String>,
    entries: Vec<String>,
    diffs: usize,
}

/// What insta compared when a snapshot did not match: the accepted text and the new one.
struct Mismatch {
    accepted: String,
    now: String,
}

impl SnapshotSuite {
    /// A suite over `tests/tests/<folder>`, such as `snapshots/fixtures`.
    pub fn new(folder: &'static str) -> Self {
        let mismatch = Arc::new(Mutex::new(None));
        let mut settings = Settings::clone_current();
        settings.set_snapshot_path(folder);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_comparator(Box::new(Recorder(Arc::clone(&mismatch))));
        Self {
            folder,
            settings,
            mismatch,
            seen: BTreeSet::new(),
            entries: Vec::new(),
            diffs: 0,
        }
    }

    /// Runs `assert`, an insta assertion of `contents` as snapshot `name`, and keeps its
    /// failure for the report instead of stopping at it. Use [`check_snapshot!`].
    pub fn check(&mut self, label: &str, name: &str, contents: &str, assert: impl FnOnce()) {
        self.seen.insert(name.to_owned());
        self.mismatch.lock().unwrap().take();
        // insta prints nothing itself (see `.config/insta.yaml`) and fails by panicking.
        let outcome = quietly(|| self.settings.bind(assert));
        let mismatch = self.mismatch.lock().unwrap().take();
        let Err(panic) = outcome else {
            // insta accepts in place but leaves an older `.snap.new` behind.
            if accepts_all() {
                let _ = fs::remove_file(self.snapshot_file(name).with_extension("snap.new"));
            }
            return;
        };
        let snapshot = self.snapshot_file(name);
        let (what, accepted, now) = match mismatch {
            Some(Mismatch { accepted, now }) => ("changed", accepted, now),
            None if !snapshot.exists() => ("new", String::new(), contents.to_owned()),
            None => {
                let message = panic_message(&*panic);
                self.problem(label, &format!("insta failed: {message}"));
                return;
            }
        };
        let title = format!("{label}: {what}; snapshot {}", self.shown(&snapshot));
        self.push_diff(&title, label, &accepted, &now);
    }

    /// Records a failure of a case that is not a snapshot difference.
    pub fn problem(&mut self, label: &str, message: &str) {
        self.entries.push(format!("=== {label}: {message}\n"));
    }

    /// Fails the test once with every difference, after adding the snapshots in the folder
    /// that no case produced. `INSTA_UPDATE=always` (or `force`) deletes those instead, as
    /// it accepts the changed ones.
    pub fn finish(mut self) {
        for orphan in self.orphans() {
            if accepts_all() {
                fs::remove_file(&orphan).unwrap();
                continue;
            }
            let accepted = Snapshot::from_file(&orphan)
                .ok()
                .and_then(|snapshot| snapshot.contents().as_text().map(ToString::to_string))
                .unwrap_or_else(|| fs::read_to_string(&orphan).unwrap_or_default());
            let name = orphan.file_stem().unwrap().to_string_lossy().into_owned();
            let title = format!(
                "{name}: orphaned (no case produces it); snapshot {}",
                self.shown(&orphan)
            );
            self.push_diff(&title, &name, &accepted, "");
        }
        if let Some((headline, report)) = self.report() {
            print!("{report}");
            panic!("{headline} (report above)");
        }
    }

    /// The report of every difference so far, for a test that checks only some of the
    /// folder's snapshots and so cannot tell orphans; `None` when all matched.
    pub fn finish_without_orphans(self) -> Option<String> {
        self.report().map(|(_, report)| report)
    }

    /// `(headline, report)`, the report also written to [`REPORT_DIR_VARIABLE`] when set.
    fn report(&self) -> Option<(String, String)> {
        if self.entries.is_empty() {
            return None;
        }
        let command = format!(
            "INSTA_UPDATE=always cargo test -p {} --test {}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_CRATE_NAME")
        );
        let mut counts = Vec::new();
        if self.diffs > 0 {
            let verb = if self.diffs == 1 { "differs" } else { "differ" };
            counts.push(format!(
                "{} {verb} from what the code produces now",
                plural(self.diffs, "snapshot")
            ));
        }
        let failed = self.entries.len() - self.diffs;
        if failed > 0 {
            counts.push(format!("{} failed", plural(failed, "case")));
        }
        let headline = counts.join("; ");
        let mut report = format!("{}: {headline}\n\n", self.shown(&self.folder_path()));
        for entry in &self.entries {
            report.push_str(entry);
            report.push('\n');
        }
        if self.diffs > 0 {
            let _ = writeln!(
                report,
                "Review the {} above, then accept {} with: {command}",
                plural(self.diffs, "diff"),
                if self.diffs == 1 { "it" } else { "them" },
            );
        }
        if let Some(dir) = std::env::var_os(REPORT_DIR_VARIABLE) {
            let dir = PathBuf::from(dir);
            fs::create_dir_all(&dir).unwrap();
            fs::write(
                dir.join(format!("{}.diff", env!("CARGO_CRATE_NAME"))),
                &report,
            )
            .unwrap();
        }
        Some((headline, report))
    }

    fn push_diff(&mut self, title: &str, label: &str, accepted: &str, now: &str) {
        let (accepted, now) = (with_final_newline(accepted), with_final_newline(now));
        let old_header = format!("{label} (accepted)");
        let new_header = if now.is_empty() {
            "/dev/null".to_owned()
        } else {
            format!("{label} (now)")
        };
        let diff = TextDiff::from_lines(&accepted, &now)
            .unified_diff()
            .context_radius(3)
            .header(&old_header, &new_header)
            .to_string();
        self.entries.push(format!("=== {title}\n{diff}"));
        self.diffs += 1;
    }

    fn folder_path(&self) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(self.folder)
    }

    fn snapshot_file(&self, name: &str) -> PathBuf {
        self.folder_path().join(format!("{name}.snap"))
    }

    /// `.snap` files in the folder that no checked case names, sorted.
    fn orphans(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(self.folder_path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "snap"))
            .filter(|path| {
                let stem = path.file_stem().unwrap().to_string_lossy();
                !self.seen.contains(stem.as_ref())
            })
            .collect();
        found.sort();
        found
    }

    /// `path` relative to the workspace root, as a reviewer would look it up.
    fn shown(&self, path: &Path) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// insta's default comparison, remembering the two texts of a mismatch.
struct Recorder(Arc<Mutex<Option<Mismatch>>>);

impl Recorder {
    fn record(&self, matched: bool, reference: &Snapshot, test: &Snapshot) -> bool {
        if !matched {
            let text = |snapshot: &Snapshot| {
                snapshot
                    .contents()
                    .as_text()
                    .map(ToString::to_string)
                    .unwrap_or_else(|| "(binary snapshot)".to_owned())
            };
            *self.0.lock().unwrap() = Some(Mismatch {
                accepted: text(reference),
                now: text(test),
            });
        }
        matched
    }
}

impl Comparator for Recorder {
    fn matches(&self, reference: &Snapshot, test: &Snapshot) -> bool {
        self.record(DefaultComparator.matches(reference, test), reference, test)
    }

    fn matches_fully(&self, reference: &Snapshot, test: &Snapshot) -> bool {
        self.record(
            DefaultComparator.matches_fully(reference, test),
            reference,
            test,
        )
    }

    fn dyn_clone(&self) -> Box<dyn Comparator> {
        Box::new(Recorder(Arc::clone(&self.0)))
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching its panic without printing it: the suite reports it later.
/// Panics on other threads, and outside `f`, print as usual.
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    outcome
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// Whether insta was told to accept every snapshot as it is now.
fn accepts_all() -> bool {
    matches!(
        std::env::var("INSTA_UPDATE").as_deref(),
        Ok("always" | "1" | "force")
    )
}

fn with_final_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
