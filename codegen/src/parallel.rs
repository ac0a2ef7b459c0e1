//! Work spread over the machine's cores: emitting the Rust files, and reading a large YAML
//! spec, are cut into pieces that any thread may take; results come back in order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Most threads worth starting; beyond this the joining and the allocator cost more.
const MAX_WORKERS: usize = 8;

/// How many threads to work on: every core, up to [`MAX_WORKERS`]. Even the two-operation
/// OAuth spec gains, as a thread starts in tens of microseconds and formatting its files
/// takes milliseconds.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_WORKERS)
}

/// `work` done on every item by `workers` threads, this one among them; the results in the
/// items' order. A panic in any thread is raised again here.
pub fn run<T: Sync, R: Send>(items: &[T], workers: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break done;
            };
            done.push((index, work(item)));
        }
    };
    let mut done: Vec<(usize, R)> = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(take)).collect();
        done.extend(take());
        for helper in helpers {
            match helper.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}
