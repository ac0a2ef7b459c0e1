//! In-process cost of `codegen::generate`: on the repository's spec, on synthetic specs of
//! growing size (throughput in operations per second stays flat when cost grows linearly),
//! and per stage (load, lower, emit). Run with `cargo bench -p benchmarks --bench codegen`.

use codegen::{CrateSettings, emit, load, lower};
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use xtask::workspace::{self, Target};

/// Operations, and as many schemas, in each synthetic spec.
const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

fn main() {
    divan::main();
}

fn settings() -> CrateSettings {
    CrateSettings::new("synthetic", "0.1.0", "synth-spec")
}

/// The spec and settings `cargo xtask codegen` uses.
#[divan::bench]
fn repository_spec(bencher: Bencher) {
    let target: Target = workspace::target().unwrap();
    let text = target.spec_text().unwrap();
    bencher.bench(|| {
        codegen::generate(black_box(&text), &target.spec_name, &target.settings).unwrap()
    });
}

/// About the size of a mid-sized public API: 75 operations over 200 schemas.
#[divan::bench(max_time = 10)]
fn synthetic_75_operations_200_schemas(bencher: Bencher) {
    let text = benchmarks::spec(75, 200);
    let settings = settings();
    bencher
        .counter(ItemsCount::new(75_usize))
        .bench(|| codegen::generate(black_box(&text), "synth.yaml", &settings).unwrap());
}

/// The whole pipeline, on specs of `size` operations and `size` schemas.
#[divan::bench(args = SIZES, max_time = 10)]
fn synthetic(bencher: Bencher, size: usize) {
    let text = benchmarks::spec(size, size);
    let settings = settings();
    bencher
        .counter(ItemsCount::new(size))
        .bench(|| codegen::generate(black_box(&text), "synth.yaml", &settings).unwrap());
}

/// Each stage alone, on the same synthetic specs.
mod stage {
    use super::*;

    #[divan::bench(args = SIZES, max_time = 10)]
    fn load(bencher: Bencher, size: usize) {
        let text = benchmarks::spec(size, size);
        bencher
            .counter(ItemsCount::new(size))
            .bench(|| load::load(black_box(&text), "synth.yaml", &mut Vec::new()).unwrap());
    }

    #[divan::bench(args = SIZES, max_time = 10)]
    fn lower(bencher: Bencher, size: usize) {
        let spec =
            load::load(&benchmarks::spec(size, size), "synth.yaml", &mut Vec::new()).unwrap();
        bencher
            .counter(ItemsCount::new(size))
            .bench(|| lower::lower(black_box(&spec), "synth.yaml", &mut Vec::new()).unwrap());
    }

    #[divan::bench(args = SIZES, max_time = 10)]
    fn emit(bencher: Bencher, size: usize) {
        let spec =
            load::load(&benchmarks::spec(size, size), "synth.yaml", &mut Vec::new()).unwrap();
        let api = lower::lower(&spec, "synth.yaml", &mut Vec::new()).unwrap();
        let settings = settings();
        bencher
            .counter(ItemsCount::new(size))
            .bench(|| emit::emit(black_box(&api), &settings));
    }
}
