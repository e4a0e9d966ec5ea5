//! Triage: score a stream of items, rank them so those needing attention come first, flag the
//! sensational ones, and sum up.
//!
//! Ranking:
//! - [`RankBy::Sensationalism`]: most sensational first (sensationalism descending).
//! - [`RankBy::Quality`]: least reliable first (quality ascending); items too short to judge
//!   sourcing have no quality score and come last.
//!
//! Ties keep input order. An item is flagged when its sensationalism is above the
//! `flag_above` threshold, or, without one, when the model labels it `sensational`.
//!
//! Scoring streams through [`crate::batch::run`]; only a compact [`Item`] (no features, no
//! explanations) is kept per record, and with a `limit` only the best `limit` items are kept
//! (a bounded heap), so memory is bounded by the limit rather than the input.
//!
//! ```
//! use hypecheck::input::Record;
//! use hypecheck::triage::{self, Options, RankBy};
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new().unwrap();
//! let records = ["Council approves budget after long debate", "SHOCKING: You Won't Believe This!!!"]
//!     .into_iter()
//!     .map(|t| Ok(Record { article: Article::new(t, Some(t.into()), ""), label: None }));
//! let result = triage::run(&hc, records, &Options::default(), |_| {}, |_| {});
//! assert_eq!(result.items[0].rank, 1);
//! assert!(result.items[0].title.as_deref().unwrap().starts_with("SHOCKING"));
//! assert_eq!(result.summary.ok + result.summary.errors, result.summary.records);
//! ```

use crate::article::Source;
use crate::batch::{self, DEFAULT_BATCH_SIZE};
use crate::error::InputError;
use crate::input::Record;
use crate::render::{self, Format};
use crate::report::{Labels, Report, Scores};
use crate::Hypecheck;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};
use std::fmt;
use std::io::{self, Write};

/// What items are ranked by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RankBy {
    /// Most sensational first.
    #[default]
    Sensationalism,
    /// Least reliable first; items whose quality could not be judged come last.
    Quality,
}

/// How to triage.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// What to rank by.
    pub by: RankBy,
    /// Flag items whose sensationalism is above this; `None` flags items labeled
    /// `sensational`.
    pub flag_above: Option<f64>,
    /// Keep only the first `limit` items of the ranking (the summary still counts all).
    pub limit: Option<usize>,
    /// Records scored per parallel batch.
    pub batch_size: usize,
    /// Keep each item's full explained report (for the HTML page, which shows the evidence).
    pub keep_reports: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            by: RankBy::Sensationalism,
            flag_above: None,
            limit: None,
            batch_size: DEFAULT_BATCH_SIZE,
            keep_reports: false,
        }
    }
}

/// One ranked item: what triage keeps of a report.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Its place in the ranking, 1-based (0 until ranked).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Its headline.
    pub title: Option<String>,
    /// Its scores.
    pub scores: Scores,
    /// Its labels.
    pub labels: Labels,
    /// True when it is flagged (see [`Options::flag_above`]).
    pub flagged: bool,
    /// Things the reader should know (non-English text, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Its position in the input, 0-based: breaks ties so they keep input order.
    #[serde(skip)]
    pub index: usize,
    /// The full explained report, when [`Options::keep_reports`] is set.
    #[serde(skip)]
    pub report: Option<Box<Report>>,
}

impl Item {
    /// The compact item for a report.
    pub fn new(report: Report, index: usize, flag_above: Option<f64>) -> Item {
        let flagged = match flag_above {
            Some(p) => report.scores.sensationalism > p,
            None => report.labels.sensationalism == "sensational",
        };
        Item {
            rank: 0,
            id: report.id,
            source: report.source,
            title: report.title,
            scores: report.scores,
            labels: report.labels,
            flagged,
            warnings: report.warnings,
            index,
            report: None,
        }
    }
}

/// Counts per label of one target.
pub type LabelCounts = BTreeMap<String, usize>;

/// Totals of a triage run. `ok + errors == records`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records read, including those that failed.
    pub records: usize,
    /// Records scored.
    pub ok: usize,
    /// Records that yielded an error.
    pub errors: usize,
    /// Inputs that yielded a warning and no record (a feed with no entries).
    #[serde(skip_serializing_if = "is_zero")]
    pub warnings: usize,
    /// Files a directory walk skipped as not articles (images, binaries, Markdown).
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// Scored records that are flagged.
    pub flagged: usize,
    /// Scored records per sensationalism label (`sensational`, `sober`).
    pub sensationalism: LabelCounts,
    /// Scored records per quality label (`reliable`, `unreliable`, or `unscored` when the text
    /// was too short to judge).
    pub quality: LabelCounts,
    /// The highest sensationalism of any scored record.
    pub max_sensationalism: Option<f64>,
    /// The threshold items were flagged above, `None` when flagged by label.
    pub flag_above: Option<f64>,
    /// Batches scored.
    pub batches: usize,
}

impl Summary {
    fn count(&mut self, item: &Item) {
        *self
            .sensationalism
            .entry(item.labels.sensationalism.clone())
            .or_default() += 1;
        let quality = item.labels.quality.as_deref().unwrap_or("unscored");
        *self.quality.entry(quality.to_string()).or_default() += 1;
        if item.flagged {
            self.flagged += 1;
        }
        let s = item.scores.sensationalism;
        self.max_sensationalism = Some(self.max_sensationalism.map_or(s, |m| m.max(s)));
    }

    /// The exit code for scripts: 2 when any record failed (errors take precedence), 1 when
    /// any item's sensationalism is above `fail_above`, 0 otherwise.
    pub fn exit_code(&self, fail_above: Option<f64>) -> u8 {
        if self.errors > 0 {
            2
        } else if fail_above
            .zip(self.max_sensationalism)
            .is_some_and(|(p, max)| max > p)
        {
            1
        } else {
            0
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let counts = |c: &LabelCounts| {
            if c.is_empty() {
                "none".to_string()
            } else {
                c.iter()
                    .map(|(label, n)| format!("{n} {label}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let rule = match self.flag_above {
            Some(p) => format!("sensationalism above {p}"),
            None => "labeled sensational".to_string(),
        };
        writeln!(
            f,
            "{}: {} scored, {}; {} flagged ({rule})",
            plural(self.records, "record", "records"),
            self.ok,
            plural(self.errors, "error", "errors"),
            self.flagged,
        )?;
        if self.warnings > 0 {
            writeln!(
                f,
                "{} (inputs with nothing to score, named on stderr)",
                plural(self.warnings, "warning", "warnings")
            )?;
        }
        if self.skipped > 0 {
            writeln!(
                f,
                "{} skipped (not an article format: images, binaries, Markdown; `--glob` to choose)",
                plural(self.skipped, "file", "files")
            )?;
        }
        writeln!(f, "sensationalism: {}", counts(&self.sensationalism))?;
        write!(f, "quality: {}", counts(&self.quality))
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of a triage run: the ranked items (at most `limit`) and the totals.
#[derive(Clone, Debug, Serialize)]
pub struct Triage {
    /// The items, in rank order.
    pub items: Vec<Item>,
    /// Totals over every record, not only the items kept.
    pub summary: Summary,
}

/// Orders items by rank: `Less` means `a` comes first.
fn rank_order(by: RankBy, a: &Item, b: &Item) -> Ordering {
    let primary = match by {
        RankBy::Sensationalism => b.scores.sensationalism.total_cmp(&a.scores.sensationalism),
        RankBy::Quality => match (a.scores.quality, b.scores.quality) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    };
    primary.then(a.index.cmp(&b.index))
}

/// An item in the bounded heap: the greatest is the one ranked last.
struct Ranked(RankBy, Item);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(self.0, &self.1, &other.1)
    }
}

/// Collects items and ranks them: every item without a limit, the best `limit` with one.
pub struct Ranker {
    by: RankBy,
    limit: Option<usize>,
    all: Vec<Item>,
    heap: BinaryHeap<Ranked>,
}

impl Ranker {
    /// A ranker by `by`, keeping at most `limit` items.
    pub fn new(by: RankBy, limit: Option<usize>) -> Ranker {
        Ranker {
            by,
            limit,
            all: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Adds an item.
    pub fn push(&mut self, item: Item) {
        match self.limit {
            None => self.all.push(item),
            Some(0) => {}
            Some(limit) => {
                self.heap.push(Ranked(self.by, item));
                if self.heap.len() > limit {
                    self.heap.pop();
                }
            }
        }
    }

    /// The items in rank order, numbered from 1.
    pub fn finish(self) -> Vec<Item> {
        let mut items = match self.limit {
            None => {
                let mut all = self.all;
                let by = self.by;
                all.sort_by(|a, b| rank_order(by, a, b));
                all
            }
            Some(_) => self
                .heap
                .into_sorted_vec()
                .into_iter()
                .map(|r| r.1)
                .collect(),
        };
        for (i, item) in items.iter_mut().enumerate() {
            item.rank = i + 1;
        }
        items
    }
}

/// Scores every record in parallel batches and ranks the results.
///
/// Each error is handed to `on_error` as it is met (to print it, or keep it for inline
/// output; a file a directory walk skipped comes as an [`InputError::is_skipped`] error, and
/// is counted in [`Summary::skipped`], not in the errors); `on_progress` is told how many records have been handled so far, after each one.
pub fn run(
    hc: &Hypecheck,
    records: impl Iterator<Item = Result<Record, InputError>>,
    options: &Options,
    mut on_error: impl FnMut(InputError),
    mut on_progress: impl FnMut(usize),
) -> Triage {
    let mut ranker = Ranker::new(options.by, options.limit);
    let mut summary = Summary {
        flag_above: options.flag_above,
        ..Summary::default()
    };
    let mut index = 0;
    let totals = batch::run(
        records,
        options.batch_size,
        |record| {
            if options.keep_reports {
                hc.explain(&record.article)
            } else {
                hc.score(&record.article)
            }
        },
        |result| -> Result<(), std::convert::Infallible> {
            match result {
                Ok(report) => {
                    let kept = options.keep_reports.then(|| Box::new(report.clone()));
                    let mut item = Item::new(report, index, options.flag_above);
                    item.report = kept;
                    summary.count(&item);
                    ranker.push(item);
                }
                Err(e) => on_error(e),
            }
            index += 1;
            on_progress(index);
            Ok(())
        },
    );
    let totals = match totals {
        Ok(totals) => totals,
        Err(never) => match never {},
    };
    summary.records = totals.records;
    summary.ok = totals.ok;
    summary.errors = totals.errors;
    summary.warnings = totals.warnings;
    summary.skipped = totals.skipped;
    summary.batches = totals.batches;
    Triage {
        items: ranker.finish(),
        summary,
    }
}

/// An input error as an output record, for `--errors inline`.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorRecord {
    /// What is wrong, naming the file and line.
    pub error: String,
    /// Where.
    pub source: ErrorSource,
}

/// Where an error was met.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorSource {
    /// The file (`-` for stdin).
    pub path: String,
    /// The line or record, when the error concerns one record.
    pub record: Option<usize>,
}

impl From<&InputError> for ErrorRecord {
    fn from(e: &InputError) -> Self {
        ErrorRecord {
            error: e.to_string(),
            source: ErrorSource {
                path: e.path().to_string(),
                record: e.record(),
            },
        }
    }
}

/// Writes the ranked items in `format`, followed by `errors` as error records (JSON and JSON
/// Lines only; pass none for other formats). Human output ends with the summary; machine
/// formats hold only the items, and the caller prints the summary apart.
pub fn write(
    out: &mut dyn Write,
    triage: &Triage,
    format: Format,
    errors: &[ErrorRecord],
) -> io::Result<()> {
    match format {
        Format::Human => write_human(out, triage),
        Format::Jsonl => {
            for item in &triage.items {
                serde_json::to_writer(&mut *out, item)?;
                out.write_all(b"\n")?;
            }
            for error in errors {
                serde_json::to_writer(&mut *out, error)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
        Format::Json => {
            let mut values = Vec::with_capacity(triage.items.len() + errors.len());
            for item in &triage.items {
                values.push(serde_json::to_value(item)?);
            }
            for error in errors {
                values.push(serde_json::to_value(error)?);
            }
            serde_json::to_writer_pretty(&mut *out, &values)?;
            out.write_all(b"\n")?;
            out.flush()
        }
        Format::Csv => write_csv(out, triage),
        Format::Html => {
            // One page: a ranked summary table linking to each item's highlighted detail.
            let mut printer = render::printer(
                Format::Html,
                Box::new(&mut *out),
                render::HumanOptions::default(),
            );
            for report in triage.items.iter().filter_map(|i| i.report.as_deref()) {
                printer.print(report)?;
            }
            printer.finish()
        }
    }
}

fn write_human(out: &mut dyn Write, triage: &Triage) -> io::Result<()> {
    for item in &triage.items {
        let quality = match (item.scores.quality, &item.labels.quality) {
            (Some(q), Some(label)) => format!("quality {q:.2} {label}"),
            _ => "quality n/a".to_string(),
        };
        let location = match item.source.record {
            Some(n) => format!("{}:{n}", item.source.path),
            None => item.source.path.clone(),
        };
        writeln!(
            out,
            "{:>4}. {} sensationalism {:.2} {:<11}  {quality:<28} {location}",
            item.rank,
            if item.flagged { "FLAG" } else { "    " },
            item.scores.sensationalism,
            item.labels.sensationalism,
        )?;
        let title = item.title.as_deref().unwrap_or(&item.id);
        writeln!(out, "            {}", one_line(title, 100))?;
        if let Some(link) = &item.source.link {
            writeln!(out, "            {link}")?;
        }
    }
    if !triage.items.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", triage.summary)?;
    out.flush()
}

/// Text on one line, cut to `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > max {
        line.chars().take(max - 3).collect::<String>() + "..."
    } else {
        line
    }
}

fn write_csv(out: &mut dyn Write, triage: &Triage) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "rank",
        "id",
        "path",
        "record",
        "link",
        "title",
        "sensationalism",
        "sensationalism_label",
        "quality",
        "quality_label",
        "flagged",
    ])?;
    for item in &triage.items {
        w.write_record([
            item.rank.to_string(),
            item.id.clone(),
            item.source.path.clone(),
            item.source
                .record
                .map(|n| n.to_string())
                .unwrap_or_default(),
            item.source.link.clone().unwrap_or_default(),
            item.title.clone().unwrap_or_default(),
            item.scores.sensationalism.to_string(),
            item.labels.sensationalism.clone(),
            item.scores
                .quality
                .map(|q| q.to_string())
                .unwrap_or_default(),
            item.labels.quality.clone().unwrap_or_default(),
            item.flagged.to_string(),
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Labels, Scores};

    fn item(index: usize, s: f64, q: Option<f64>) -> Item {
        Item {
            rank: 0,
            id: index.to_string(),
            source: Source::default(),
            title: None,
            scores: Scores {
                sensationalism: s,
                quality: q,
                headline: None,
                body: None,
            },
            labels: Labels {
                sensationalism: "sober".into(),
                quality: None,
            },
            flagged: false,
            warnings: Vec::new(),
            index,
            report: None,
        }
    }

    fn ids(items: &[Item]) -> Vec<usize> {
        items.iter().map(|i| i.index).collect()
    }

    fn sample() -> Vec<Item> {
        vec![
            item(0, 0.2, Some(0.9)),
            item(1, 0.8, None),
            item(2, 0.5, Some(0.1)),
            item(3, 0.8, Some(0.5)),
            item(4, 0.2, Some(0.1)),
        ]
    }

    #[test]
    fn ranks_by_sensationalism_descending_ties_in_input_order() {
        let mut r = Ranker::new(RankBy::Sensationalism, None);
        sample().into_iter().for_each(|i| r.push(i));
        let items = r.finish();
        assert_eq!(ids(&items), [1, 3, 2, 0, 4]);
        assert_eq!(
            items.iter().map(|i| i.rank).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn ranks_by_quality_ascending_unscored_last() {
        let mut r = Ranker::new(RankBy::Quality, None);
        sample().into_iter().for_each(|i| r.push(i));
        assert_eq!(ids(&r.finish()), [2, 4, 3, 0, 1]);
    }

    #[test]
    fn a_limit_keeps_the_same_head_as_a_full_sort() {
        for by in [RankBy::Sensationalism, RankBy::Quality] {
            for limit in 0..=6 {
                let mut full = Ranker::new(by, None);
                let mut bounded = Ranker::new(by, Some(limit));
                for i in sample() {
                    full.push(i.clone());
                    bounded.push(i);
                }
                let full = full.finish();
                let bounded = bounded.finish();
                assert_eq!(
                    ids(&bounded),
                    ids(&full[..limit.min(full.len())]),
                    "{by:?} {limit}"
                );
            }
        }
    }

    #[test]
    fn exit_codes() {
        let mut s = Summary {
            max_sensationalism: Some(0.7),
            ..Summary::default()
        };
        assert_eq!(s.exit_code(None), 0);
        assert_eq!(s.exit_code(Some(0.7)), 0);
        assert_eq!(s.exit_code(Some(0.5)), 1);
        s.errors = 1;
        assert_eq!(s.exit_code(Some(0.5)), 2);
        assert_eq!(s.exit_code(None), 2);
        assert_eq!(Summary::default().exit_code(Some(0.0)), 0);
    }
}
