//! A bounded pool of threads for the requests of a link check: at most `threads`
//! requests at a time, and at most `per_host` of them to one host, so that a site with a
//! hundred links to one agency does not look like an attack on it.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};

/// The work still to do and the requests running, per host.
struct State {
    /// Indices of the addresses not started yet, in order.
    pending: Vec<usize>,
    /// Requests running per host.
    running: HashMap<String, usize>,
}

/// Runs `work` on every item with at most `threads` at a time and at most `per_host`
/// at a time for items of one host (`host_of`); the results come back in item order.
pub(crate) fn run_all<T, R, W, H>(
    items: &[T],
    threads: usize,
    per_host: usize,
    host_of: H,
    work: W,
) -> Vec<R>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    H: Fn(&T) -> String + Sync,
{
    let hosts: Vec<String> = items.iter().map(&host_of).collect();
    let state = Mutex::new(State {
        pending: (0..items.len()).collect(),
        running: HashMap::new(),
    });
    let changed = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let per_host = per_host.max(1);
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            s.spawn(|| {
                while let Some(i) = next(&state, &changed, &hosts, per_host) {
                    let r = work(&items[i]);
                    results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(r);
                    let mut st = state.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(n) = st.running.get_mut(&hosts[i]) {
                        *n -= 1;
                    }
                    drop(st);
                    changed.notify_all();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// The next item whose host has room, waiting while every pending item's host is busy;
/// `None` when nothing is left to start.
fn next(
    state: &Mutex<State>,
    changed: &Condvar,
    hosts: &[String],
    per_host: usize,
) -> Option<usize> {
    let mut st = state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if st.pending.is_empty() {
            return None;
        }
        let free = st
            .pending
            .iter()
            .position(|&i| st.running.get(&hosts[i]).copied().unwrap_or(0) < per_host);
        if let Some(pos) = free {
            let i = st.pending.remove(pos);
            *st.running.entry(hosts[i].clone()).or_insert(0) += 1;
            return Some(i);
        }
        st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn no_host_gets_more_than_its_share_and_every_item_is_done_in_order() {
        let items: Vec<(String, usize)> = (0..24).map(|i| (format!("h{}", i % 3), i)).collect();
        let now: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let most: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let out = run_all(
            &items,
            8,
            2,
            |(h, _)| h.clone(),
            |(_, i)| {
                let h = i % 3;
                let n = now[h].fetch_add(1, Ordering::SeqCst) + 1;
                most[h].fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                now[h].fetch_sub(1, Ordering::SeqCst);
                *i
            },
        );
        assert_eq!(out, (0..24).collect::<Vec<_>>());
        for m in &most {
            assert!(m.load(Ordering::SeqCst) <= 2);
        }
    }
}
