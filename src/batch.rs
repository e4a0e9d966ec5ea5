//! Batch scoring: records are read, scored in parallel and handed on in bounded batches, so
//! memory stays flat however long the input, and output order is input order.

use crate::error::InputError;
use crate::input::Record;
use rayon::prelude::*;

/// Records scored per parallel batch: large enough to keep every core busy, small enough
/// that memory stays flat.
pub const DEFAULT_BATCH_SIZE: usize = 1024;

/// Totals of a batch run. `ok + errors == records`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records read (including those that failed to parse).
    pub records: usize,
    /// Records scored.
    pub ok: usize,
    /// Records that yielded an error.
    pub errors: usize,
    /// Batches processed.
    pub batches: usize,
}

/// Scores every record of `records` with `score`, `batch_size` at a time in parallel, and
/// hands each result to `sink` in input order. Stops early only if `sink` fails.
///
/// Reading and the sink run on the calling thread while the batch before is scored, so a
/// serial reader and writer overlap the parallel scoring; at most three batches are held.
/// `score` usually returns a [`crate::report::Report`]; it may return anything made from one
/// (a rendered line, a triage item), so that work runs in parallel too.
pub fn run<T: Send, E>(
    records: impl Iterator<Item = Result<Record, InputError>>,
    batch_size: usize,
    score: impl Fn(&Record) -> T + Sync,
    mut sink: impl FnMut(Result<T, InputError>) -> Result<(), E>,
) -> Result<Totals, E> {
    let batch_size = batch_size.max(1);
    let mut totals = Totals::default();
    let mut records = records.fuse();
    let score = &score;
    std::thread::scope(|scope| {
        let mut in_flight = None;
        loop {
            let batch: Vec<Result<Record, InputError>> =
                records.by_ref().take(batch_size).collect();
            let scored = in_flight.take().map(|h: std::thread::ScopedJoinHandle<_>| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            if !batch.is_empty() {
                totals.batches += 1;
                in_flight = Some(scope.spawn(move || -> Vec<Result<T, InputError>> {
                    batch
                        .into_par_iter()
                        .map(|r| r.map(|record| score(&record)))
                        .collect()
                }));
            }
            let Some(results) = scored else {
                if in_flight.is_none() {
                    return Ok(totals);
                }
                continue;
            };
            for result in results {
                totals.records += 1;
                match &result {
                    Ok(_) => totals.ok += 1,
                    Err(_) => totals.errors += 1,
                }
                sink(result)?;
            }
        }
    })
}
