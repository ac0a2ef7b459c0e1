//! Emitting the Rust files in pieces on several threads. Tokens cannot cross threads
//! (`proc_macro2`'s types are neither `Send` nor `Sync`), so each piece is made from the IR
//! and formatted on the thread that takes it, and only its text comes back. The pieces of a
//! file are joined in order, so the text is the same whatever the number of threads.

use std::ops::Range;

use proc_macro2::TokenStream;

use super::format::{self, Formatted};
use crate::parallel;

/// Which part of its file an emitter makes: the head (inner docs and imports), or a run of
/// its units (models, operations, builders or header sets) by index.
#[derive(Clone, Debug)]
pub enum Part {
    Head,
    Units(Range<usize>),
}

/// How one Rust file is made: its head, then its units in runs.
pub struct FilePlan<'a> {
    pub path: &'static str,
    /// How many units the file has; none for a file made in one piece.
    units: usize,
    /// Whether every run after the first adds to the container the first run opened, as
    /// the methods of one `impl Client` do.
    continued: bool,
    make: Box<dyn Fn(Part) -> TokenStream + Sync + 'a>,
}

impl<'a> FilePlan<'a> {
    /// A file made in one piece.
    pub fn whole(path: &'static str, make: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        Self::split(path, 0, move |_| make())
    }

    /// A file made as its head, then runs of its `units`.
    pub fn split(
        path: &'static str,
        units: usize,
        make: impl Fn(Part) -> TokenStream + Sync + 'a,
    ) -> Self {
        Self {
            path,
            units,
            continued: false,
            make: Box::new(make),
        }
    }

    /// Each run after the first continues the container that the first run opened.
    pub fn continued(self) -> Self {
        Self {
            continued: true,
            ..self
        }
    }
}

/// One piece of work: a part of one file.
struct Piece {
    file: usize,
    part: Part,
    continues: bool,
}

/// The text of every planned file, in order, each starting with `first`, made on `workers`
/// threads.
pub fn render(plans: &[FilePlan], first: &str, workers: usize) -> Vec<String> {
    let pieces = cut(plans, workers);
    let formatted = parallel::run(&pieces, workers, |piece| {
        format::format_piece(&|| (plans[piece.file].make)(piece.part.clone()))
    });
    let mut by_file: Vec<Vec<(Formatted, bool)>> = plans.iter().map(|_| Vec::new()).collect();
    for (piece, formatted) in pieces.iter().zip(formatted) {
        by_file[piece.file].push((formatted, piece.continues));
    }
    // Joining is copying megabytes for the largest files: they are joined side by side too.
    parallel::run_owned(by_file, workers, |pieces| format::render(first, pieces))
}

/// Cuts every file into its head and runs of units: one run on one thread, else a few runs
/// per thread, so that no thread waits long for another at the end.
fn cut(plans: &[FilePlan], workers: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (file, plan) in plans.iter().enumerate() {
        pieces.push(Piece {
            file,
            part: Part::Head,
            continues: false,
        });
        let run = if workers > 1 {
            plan.units.div_ceil(workers * 4)
        } else {
            plan.units
        };
        for (index, start) in (0..plan.units).step_by(run.max(1)).enumerate() {
            pieces.push(Piece {
                file,
                part: Part::Units(start..(start + run).min(plan.units)),
                continues: plan.continued && index > 0,
            });
        }
    }
    pieces
}
