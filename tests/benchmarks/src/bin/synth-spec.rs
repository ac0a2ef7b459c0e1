//! `synth-spec`: writes a synthetic spec of the asked size, for whole-process measurements
//! of `xtask codegen`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Writes a synthetic OpenAPI 3.0 spec (see the `benchmarks` library).
#[derive(Parser)]
#[command(name = "synth-spec")]
struct Args {
    /// How many operations.
    #[arg(long)]
    operations: usize,
    /// How many object schemas [default: as many as operations].
    #[arg(long)]
    schemas: Option<usize>,
    /// Write JSON instead of YAML.
    #[arg(long)]
    json: bool,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let schemas = args.schemas.unwrap_or(args.operations);
    let text = if args.json {
        benchmarks::json_spec(args.operations, schemas)
    } else {
        benchmarks::spec(args.operations, schemas)
    };
    match std::fs::write(&args.out, text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
