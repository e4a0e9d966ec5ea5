//! An editor's judgments against hypecheck's scores: `hypecheck eval --judgments FILE`.
//!
//! The judgments file is CSV with a header `file,sensationalism,quality[,style,note]`: each
//! row names a plain-text article (a path relative to the CSV's folder) and an editor's 1–5
//! judgment of its sensationalism (1 sober … 5 screaming) and sourcing quality (1 no sources …
//! 5 several named sources with roles and documents), written before the article was scored.
//! The report gives, per score, Spearman's rank correlation with the judgments, the accuracy of
//! the label against the judgment (3 or more is sensational, 3 or more is reliable), how many
//! probabilities are saturated (outside `[0.02, 0.98]`), and the worst disagreements with their
//! top reasons. A set like this measures; it is never trained on.

use super::metrics::{roc_auc, saturated_share};
use crate::error::TrainError;
use crate::input::{self, InputFormat};
use crate::model::Target;
use crate::{HeadlineMode, Hypecheck, Report};
use serde::Serialize;
use std::path::Path;

/// Probabilities below this, or above one minus it, are saturated.
pub const SATURATION: f64 = 0.02;

/// A judgment at or above this is the positive label (sensational, reliable).
pub const POSITIVE_JUDGMENT: u8 = 3;

/// One row of a judgments file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judgment {
    /// The article's path as written in the file.
    pub file: String,
    /// 1–5: how sensational the editor found it.
    pub sensationalism: u8,
    /// 1–5: how well sourced the editor found it.
    pub quality: u8,
    /// The editor's style tag (`wire`, `tabloid`...), may be empty.
    pub style: String,
}

/// The line the record read from `position` starts on.
fn line_at(
    reader: &mut csv::Reader<input::CsvLines<&[u8]>>,
    position: Option<&csv::Position>,
) -> usize {
    let lines = reader.get_mut();
    position
        .and_then(|p| lines.line_at(p.byte()))
        .unwrap_or_else(|| lines.line())
}

/// What is wrong with a row, without rust-csv's own line number (which miscounts).
fn csv_message(e: csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("wrong number of fields: {len} where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "not valid UTF-8 in field {} (first bad byte at offset {} of the field)",
            err.field() + 1,
            err.valid_up_to()
        ),
        _ => e.to_string(),
    }
}

/// Reads a judgments file.
pub fn read(path: &str) -> Result<Vec<Judgment>, TrainError> {
    let bad = |line: usize, message: String| TrainError::Judgments {
        path: path.to_string(),
        line,
        message,
    };
    let bytes = input::read_bytes(path)?;
    // Lines drops a byte-order mark and knows where each record starts, whatever the line
    // endings and however many lines a record spans.
    let mut reader = csv::ReaderBuilder::new().from_reader(input::CsvLines::new(bytes.as_slice()));
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("cannot read the header: {e}")))?
        .clone();
    let header_line = line_at(&mut reader, headers.position());
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(file), Some(sens), Some(qual)) =
        (column("file"), column("sensationalism"), column("quality"))
    else {
        return Err(bad(
            header_line,
            "the header must name the columns `file`, `sensationalism` and `quality`".into(),
        ));
    };
    let style = column("style");
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let read = reader.read_record(&mut record);
        let position = match &read {
            Ok(_) => record.position(),
            Err(e) => e.position(),
        };
        let line = line_at(&mut reader, position);
        if !read.map_err(|e| bad(line, csv_message(e)))? {
            break;
        }
        let score = |c: usize, name: &str| -> Result<u8, TrainError> {
            let v = record.get(c).unwrap_or("").trim();
            match v.parse::<u8>() {
                Ok(n @ 1..=5) => Ok(n),
                _ => Err(bad(
                    line,
                    format!("`{name}` must be a whole number from 1 to 5, not `{v}`"),
                )),
            }
        };
        out.push(Judgment {
            file: record.get(file).unwrap_or("").trim().to_string(),
            sensationalism: score(sens, "sensationalism")?,
            quality: score(qual, "quality")?,
            style: style
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_string(),
        });
    }
    if out.is_empty() {
        return Err(bad(
            1,
            "no judgments: the file has a header and no rows".into(),
        ));
    }
    Ok(out)
}

/// How one score agrees with the editor.
#[derive(Clone, Debug, Serialize)]
pub struct Agreement {
    /// Which score.
    pub target: Target,
    /// Articles scored (quality skips texts too short to judge).
    pub articles: usize,
    /// Spearman's rank correlation between probability and judgment (ties get mean ranks).
    pub spearman: f64,
    /// ROC-AUC of the probability against judgment ≥ 3.
    pub roc_auc: f64,
    /// Share of articles whose label matches judgment ≥ 3.
    pub accuracy: f64,
    /// Articles whose probability is outside `[0.02, 0.98]`.
    pub saturated: usize,
    /// Their share.
    pub saturated_share: f64,
    /// The articles ranked furthest from the editor's ranking, worst first.
    pub worst: Vec<Disagreement>,
}

/// An article the score and the editor disagree on.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// The article's file.
    pub file: String,
    /// The editor's style tag.
    pub style: String,
    /// The editor's judgment.
    pub judgment: u8,
    /// hypecheck's probability.
    pub probability: f64,
    /// The difference of the two ranks as a share of the articles (−1 to 1; positive when
    /// hypecheck ranks it higher than the editor).
    pub rank_gap: f64,
    /// Its largest contributions: `(feature, contribution, words)`.
    pub reasons: Vec<(String, f64, String)>,
}

/// Everything `eval --judgments` reports.
#[derive(Clone, Debug, Serialize)]
pub struct JudgmentsReport {
    /// The judgments file.
    pub path: String,
    /// Rows in it.
    pub rows: usize,
    /// Per score.
    pub scores: Vec<Agreement>,
}

/// Ranks from 0 to n−1, ties given their mean rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            r[k] = (i + j) as f64 / 2.0;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: Pearson's correlation of the ranks (0 when either is constant).
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

/// Scores every judged article with `hc` and compares; `worst` disagreements are kept per score.
pub fn evaluate(
    hc: &Hypecheck,
    path: &str,
    headline: HeadlineMode,
    worst: usize,
) -> Result<JudgmentsReport, TrainError> {
    let judgments = read(path)?;
    let dir = Path::new(path).parent().unwrap_or(Path::new("."));
    let mut reports = Vec::new();
    for j in &judgments {
        let file = dir.join(&j.file).to_string_lossy().into_owned();
        let mut records = input::open_with(&file, Some(InputFormat::Text), headline)?;
        let record = records.next().ok_or_else(|| TrainError::Judgments {
            path: path.to_string(),
            line: 0,
            message: format!("{file}: no article in it"),
        })??;
        reports.push(hc.explain(&record.article));
    }
    let scores = Target::ALL
        .into_iter()
        .map(|target| agreement(target, &judgments, &reports, worst))
        .collect();
    Ok(JudgmentsReport {
        path: path.to_string(),
        rows: judgments.len(),
        scores,
    })
}

fn agreement(
    target: Target,
    judgments: &[Judgment],
    reports: &[Report],
    worst: usize,
) -> Agreement {
    let mut rows = Vec::new();
    for (j, r) in judgments.iter().zip(reports) {
        // The parts of sensationalism are judged against the editor's sensationalism, and
        // labeled at 0.5.
        let (p, positive, judgment) = match target {
            Target::Sensationalism => (
                Some(r.scores.sensationalism),
                Some(r.labels.sensationalism.as_str() == target.output_labels().0),
                j.sensationalism,
            ),
            Target::Quality => (
                r.scores.quality,
                r.labels
                    .quality
                    .as_deref()
                    .map(|l| l == target.output_labels().0),
                j.quality,
            ),
            Target::Headline => (
                r.scores.headline,
                r.scores.headline.map(|p| p >= 0.5),
                j.sensationalism,
            ),
            Target::Body => (
                r.scores.body,
                r.scores.body.map(|p| p >= 0.5),
                j.sensationalism,
            ),
        };
        if let (Some(p), Some(positive)) = (p, positive) {
            rows.push((j, r, p, positive, judgment));
        }
    }
    let probabilities: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let judged: Vec<f64> = rows.iter().map(|r| r.4 as f64).collect();
    let positive = |r: &(_, _, _, _, u8)| r.4 >= POSITIVE_JUDGMENT;
    let correct = rows.iter().filter(|r| r.3 == positive(r)).count();
    let scored: Vec<(f64, bool)> = rows.iter().map(|r| (r.2, positive(r))).collect();
    let (rp, rj) = (ranks(&probabilities), ranks(&judged));
    let n = rows.len().max(1) as f64;
    let mut gaps: Vec<(f64, usize)> = (0..rows.len()).map(|i| ((rp[i] - rj[i]) / n, i)).collect();
    gaps.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let worst = gaps
        .iter()
        .take(worst)
        .map(|&(gap, i)| {
            let (j, r, p, _, judgment) = rows[i];
            Disagreement {
                file: j.file.clone(),
                style: j.style.clone(),
                judgment,
                probability: p,
                rank_gap: gap,
                reasons: top_reasons(r, target, 3),
            }
        })
        .collect();
    let saturated = probabilities
        .iter()
        .filter(|p| **p < SATURATION || **p > 1.0 - SATURATION)
        .count();
    Agreement {
        target,
        articles: rows.len(),
        spearman: spearman(&probabilities, &judged),
        roc_auc: roc_auc(&scored),
        accuracy: correct as f64 / n,
        saturated,
        saturated_share: saturated_share(&probabilities, SATURATION),
        worst,
    }
}

/// The `n` largest contributions of a report's explanation for `target`.
fn top_reasons(r: &Report, target: Target, n: usize) -> Vec<(String, f64, String)> {
    let Some(e) = r.explanations.as_ref() else {
        return Vec::new();
    };
    let e = match target {
        Target::Sensationalism => Some(&e.sensationalism),
        Target::Quality => e.quality.as_ref(),
        Target::Headline => e.headline.as_ref(),
        Target::Body => e.body.as_ref(),
    };
    e.map(|e| {
        e.contributions
            .iter()
            .take(n)
            .map(|c| {
                let words: Vec<&str> = c.evidence.iter().take(3).map(|e| e.text.as_str()).collect();
                (c.feature.clone(), c.contribution, words.join(" | "))
            })
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_ranks() {
        assert!((spearman(&[0.1, 0.2, 0.3], &[1.0, 2.0, 3.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[0.3, 0.2, 0.1], &[1.0, 2.0, 3.0]) + 1.0).abs() < 1e-12);
        // Ties share their mean rank: [1, 1, 2] against [1, 2, 3] is 0.866.
        assert!((spearman(&[1.0, 1.0, 2.0], &[1.0, 2.0, 3.0]) - 0.8660254).abs() < 1e-6);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.csv");
        std::fs::write(&path, "file,sensationalism,quality\na.txt,3,4\nb.txt,6,1\n").unwrap();
        let e = read(path.to_str().unwrap()).unwrap_err().to_string();
        assert!(
            e.ends_with("j.csv:3: `sensationalism` must be a whole number from 1 to 5, not `6`"),
            "{e}"
        );
        std::fs::write(&path, "name,score\n").unwrap();
        let e = read(path.to_str().unwrap()).unwrap_err().to_string();
        assert!(e.contains(":1: the header must name"), "{e}");
        // CR-only and CRLF endings, a byte-order mark, blank lines and a quoted field over
        // two lines: the line is where the bad row starts.
        for (bytes, line) in [
            (
                &b"file,sensationalism,quality\ra.txt,3,4\r\rb.txt,6,1\r"[..],
                4,
            ),
            (
                b"\xEF\xBB\xBFfile,sensationalism,quality\r\n\"a\r\nb.txt\",3,4\r\nb.txt,6,1",
                4,
            ),
            (
                b"\r\nfile,sensationalism,quality,style\r\na.txt,3,4,wire\r\nb.txt,6,1,\r\n",
                4,
            ),
        ] {
            std::fs::write(&path, bytes).unwrap();
            let e = read(path.to_str().unwrap()).unwrap_err().to_string();
            assert!(
                e.ends_with(&format!(
                    "j.csv:{line}: `sensationalism` must be a whole number from 1 to 5, not `6`"
                )),
                "{e}"
            );
        }
        std::fs::write(
            &path,
            "file,sensationalism,quality\r\na.txt,3,4\r\nb.txt,2\r\n",
        )
        .unwrap();
        let e = read(path.to_str().unwrap()).unwrap_err().to_string();
        assert!(
            e.ends_with("j.csv:3: wrong number of fields: 2 where the header has 3"),
            "{e}"
        );
    }
}
