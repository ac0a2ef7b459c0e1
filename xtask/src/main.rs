//! `cargo xtask codegen`: regenerates a client crate from an OpenAPI spec, or checks that
//! the checked-in one is current. Flags in, calls into the `codegen` library, exit code out.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser};
use codegen::report::Report;
use codegen::write::Plan;
use codegen::{CrateSettings, Selection, Surface, naming, surface};
use xtask::workspace::{self, InputFile, Target};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Repository tasks")]
enum Task {
    /// Regenerate the client crate from the spec (by default openapi/ -> generated-client/).
    Codegen(CodegenArgs),
}

#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; exit 1 with a unified diff when the crate differs from what the spec
    /// generates.
    #[arg(long)]
    check: bool,
    /// The spec to read, instead of the repository's (needs --out).
    #[arg(long, requires = "out", value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The folder to write a standalone crate into (needs --spec).
    #[arg(long, requires = "spec", value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated package's name [default: from the --out folder's name].
    #[arg(long, requires = "spec", value_name = "NAME")]
    crate_name: Option<String>,
    /// Fail on any warning (a tolerated keyword, a degraded schema, a left-out operation)
    /// instead of generating without that part [default: `strict` in openapi/codegen.toml].
    #[arg(long)]
    strict: bool,
    /// Generate only this operation (by operationId) and what it needs; repeatable (needs
    /// --spec) [default: `operations` in openapi/codegen.toml].
    #[arg(long = "operation", requires = "spec", value_name = "ID")]
    operations: Vec<String>,
    /// Generate only the operations with this tag; repeatable (needs --spec).
    #[arg(long = "tag", requires = "spec", value_name = "TAG")]
    tags: Vec<String>,
    /// Apply this OpenAPI Overlay 1.0 document to the spec first; repeatable, applied in
    /// order (needs --spec).
    #[arg(long = "overlay", requires = "spec", value_name = "PATH")]
    overlays: Vec<PathBuf>,
    /// Treat this property (`Schema.property`) as a secret; repeatable (needs --spec).
    #[arg(long = "secret", requires = "spec", value_name = "SCHEMA.PROPERTY")]
    secrets: Vec<String>,
    /// Fail, writing nothing, when the public API changes in a way that breaks code using
    /// the crate.
    #[arg(long)]
    deny_breaking: bool,
}

impl CodegenArgs {
    /// The flags that shape the crate, as they are written in its regenerate command.
    fn adaptation_flags(&self) -> String {
        let mut flags = String::new();
        for (flag, values) in [
            (
                "--overlay",
                self.overlays
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            ),
            ("--operation", self.operations.clone()),
            ("--tag", self.tags.clone()),
            ("--secret", self.secrets.clone()),
        ] {
            let values: Vec<String> = values;
            for value in values {
                flags.push_str(&format!(" {flag} {value}"));
            }
        }
        flags
    }
}

/// A faster allocator for a run that builds and drops many small token trees and strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Task::Codegen(args) = Task::parse();
    match codegen(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn codegen(args: &CodegenArgs) -> Result<ExitCode, String> {
    let root = workspace::root();
    let mut target = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => {
            let folder = out.canonicalize().unwrap_or_else(|_| out.clone());
            let folder_name = folder.file_name().unwrap_or_default().to_string_lossy();
            let mut command = format!(
                "cargo xtask codegen --spec {} --out {}",
                spec.display(),
                out.display()
            );
            if let Some(name) = &args.crate_name {
                command.push_str(&format!(" --crate-name {name}"));
            }
            command.push_str(&args.adaptation_flags());
            Target {
                spec_path: spec.clone(),
                spec_name: spec.display().to_string(),
                out_dir: out.clone(),
                settings: CrateSettings::new(naming::package_name(&folder_name), "0.1.0", command),
                strict: false,
                overlays: args
                    .overlays
                    .iter()
                    .map(|path| InputFile {
                        path: path.clone(),
                        name: path.display().to_string(),
                    })
                    .collect(),
                selection: Selection {
                    operations: args.operations.clone(),
                    tags: args.tags.clone(),
                },
                secrets: args.secrets.clone(),
            }
        }
        _ => workspace::target()?,
    };
    if let Some(name) = &args.crate_name {
        target.settings.name = name.clone();
    }
    target.strict |= args.strict;
    let generation = target.generate()?;
    let Target {
        spec_name,
        out_dir,
        settings,
        strict,
        ..
    } = &target;
    let level = if *strict { "error" } else { "warning" };
    for warning in &generation.warnings {
        eprintln!("{level}: {warning}");
    }
    if *strict && !generation.warnings.is_empty() {
        return Err(format!(
            "{} warning(s) with strict on; nothing was written ({})",
            generation.warnings.len(),
            generation.summary
        ));
    }
    eprintln!("{spec_name}: {}", generation.summary);
    let plan = Plan::new(out_dir, &generation.files).map_err(|error| error.to_string())?;
    let shown = display(out_dir, &root);

    let listing = out_dir.join(surface::FILE);
    let old = fs::read_to_string(&listing)
        .ok()
        .map(|text| Surface::parse(&text));
    let report = Report::compare(old.as_ref(), &generation.surface);
    print!("{report}");
    if args.deny_breaking && report.breaking() > 0 {
        return Err(format!(
            "{} breaking API change(s) with --deny-breaking; nothing was written",
            report.breaking()
        ));
    }

    if args.check {
        if plan.is_empty() {
            println!("{shown} is up to date with {spec_name}");
            return Ok(ExitCode::SUCCESS);
        }
        print!("{}", plan.diff());
        eprintln!(
            "error: {shown} is stale: it differs from what {spec_name} generates (diff above).\n\
             Run `{}` to regenerate it.",
            settings.regenerate_command
        );
        return Ok(ExitCode::FAILURE);
    }
    plan.apply(out_dir).map_err(|error| error.to_string())?;
    if plan.is_empty() {
        println!("{shown} is up to date with {spec_name}");
    } else {
        print!("{}", plan.summary());
        println!(
            "{shown}: {} changed, {} unchanged",
            plan.changes.len(),
            plan.unchanged
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `path` relative to the workspace root when it lies inside it.
fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
