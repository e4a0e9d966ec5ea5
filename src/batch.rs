//! Batch scoring: records are read, scored in parallel and handed on in bounded batches, so
//! memory stays flat however long the input, and output order is input order.

use crate::error::InputError;
use crate::input::Record;
use rayon::prelude::*;

/// Records scored per parallel batch: large enough to keep every core busy, small enough
/// that memory stays flat.
pub const DEFAULT_BATCH_SIZE: usize = 1024;

/// Records in the first batch of a run.
const FIRST_BATCH_SIZE: usize = 16;

/// Totals of a batch run. `ok + errors == records`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records read (including those that failed to parse).
    pub records: usize,
    /// Records scored.
    pub ok: usize,
    /// Records that yielded an error.
    pub errors: usize,
    /// Inputs that yielded a warning and no record (a feed with no entries); not records, so
    /// not in `records`.
    pub warnings: usize,
    /// Files a directory walk skipped as not articles (images, binaries, Markdown); not
    /// records, so not in `records`.
    pub skipped: usize,
    /// Batches processed.
    pub batches: usize,
}

/// Scores every record of `records` with `score`, `batch_size` at a time in parallel, and
/// hands each result to `sink` in input order. Stops early only if `sink` fails.
///
/// Reading and the sink run on the calling thread while the batch before is scored, so a
/// serial reader and writer overlap the parallel scoring; at most three batches are held.
/// The first batches are smaller (16 records, then twice as many each time up to
/// `batch_size`), so scoring starts as soon as a few records are read, and reading, ten times
/// faster than scoring, keeps ahead of it.
/// `score` usually returns a [`crate::report::Report`]; it may return anything made from one
/// (a rendered line, a triage item), so that work runs in parallel too.
pub fn run<T: Send, E>(
    records: impl Iterator<Item = Result<Record, InputError>>,
    batch_size: usize,
    score: impl Fn(&Record) -> T + Sync,
    mut sink: impl FnMut(Result<T, InputError>) -> Result<(), E>,
) -> Result<Totals, E> {
    let batch_size = batch_size.max(1);
    let mut next_size = FIRST_BATCH_SIZE.min(batch_size);
    let mut totals = Totals::default();
    let mut records = records.fuse();
    let score = &score;
    std::thread::scope(|scope| {
        let mut in_flight = None;
        loop {
            let batch: Vec<Result<Record, InputError>> = records.by_ref().take(next_size).collect();
            next_size = (2 * next_size).min(batch_size);
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
                match &result {
                    Ok(_) => totals.ok += 1,
                    Err(e) if e.is_warning() => totals.warnings += 1,
                    Err(e) if e.is_skipped() => totals.skipped += 1,
                    Err(_) => totals.errors += 1,
                }
                totals.records = totals.ok + totals.errors;
                sink(result)?;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Article;

    #[test]
    fn the_first_batches_grow_from_a_few_records_and_every_record_is_handed_on_in_order() {
        let records = (0..300).map(|i| {
            Ok(Record {
                article: Article::new(i.to_string(), Some("A title".into()), ""),
                label: None,
            })
        });
        let mut seen = Vec::new();
        let totals = run(
            records,
            100,
            |r| r.article.id.clone(),
            |result| -> Result<(), std::convert::Infallible> {
                seen.push(result.map_err(|_| ()).unwrap_or_default());
                Ok(())
            },
        )
        .unwrap();
        // 16, 32, 64, then 100 at a time: 16 + 32 + 64 + 100 + 88.
        assert_eq!(totals.batches, 5, "{totals:?}");
        assert_eq!((totals.records, totals.ok), (300, 300));
        let expected: Vec<String> = (0..300).map(|i| i.to_string()).collect();
        assert_eq!(seen, expected);
    }
}
