//! Work spread over the machine's cores: emitting the Rust files, and reading a large YAML
//! spec, are cut into pieces that any thread may take; results come back in order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

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

/// Below this many items of the spec's size (path items, schemas), starting threads costs
/// more than spreading them saves.
pub const WORTH_SPREADING: usize = 256;

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

/// [`run`] on items given by value: each is handed whole to the thread that takes it, so
/// `work` may consume or mutate it.
pub fn run_owned<T: Send, R: Send>(
    items: Vec<T>,
    workers: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    // Each slot is taken by exactly one thread; the lock only proves that to the compiler.
    let slots: Vec<Mutex<Option<T>>> = items
        .into_iter()
        .map(|item| Mutex::new(Some(item)))
        .collect();
    run(&slots, workers, |slot| {
        let item = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        work(item.expect("each item is taken once"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_items_come_back_in_order_whatever_the_threads() {
        let items: Vec<String> = (0..100).map(|n| n.to_string()).collect();
        for workers in [1, 2, 3, 8] {
            let marked = run_owned(items.clone(), workers, |mut item| {
                item.push('!');
                item
            });
            let expected: Vec<String> = items.iter().map(|item| format!("{item}!")).collect();
            assert_eq!(marked, expected, "{workers} workers");
        }
    }
}
