//! The human explanation: a snapshot of two examples, and on every example the rule that its
//! listed lines account for the score (`src/report.rs`, [`Summary`]).
//!
//! Regenerate the snapshot after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test --release --test explanations`, and read the diff.

use hypecheck::report::{ReasonKind, Summary, SummaryOptions, COVERAGE};
use hypecheck::{Article, Hypecheck, Source};
use std::path::{Path, PathBuf};

/// Every bundled example, sorted.
fn examples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "only {} examples", paths.len());
    paths
}

/// Compares `actual` with the stored snapshot `name`, or writes it when `UPDATE_SNAPSHOTS` is
/// set.
fn snapshot(name: &str, actual: &str) {
    let path = Path::new("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with UPDATE_SNAPSHOTS=1 cargo test --test explanations",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             full output:\n{actual}\n(UPDATE_SNAPSHOTS=1 rewrites it after an intended change)",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}

fn hypecheck(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hypecheck"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_human_explanation_of_two_examples_matches_its_snapshot() {
    let out = hypecheck(&[
        "explain",
        "examples/wire-report.txt",
        "examples/tabloid.txt",
    ]);
    // Not a terminal: no colour codes.
    assert!(!out.contains('\x1b'));
    snapshot("explain-wire-report-tabloid.txt", &out);
}

#[test]
fn the_summary_score_view_matches_its_snapshot() {
    let out = hypecheck(&["score", "examples/sober-quoting-angry.txt"]);
    snapshot("score-sober-quoting-angry.txt", &out);
}

/// The lines of each score's summary, parsed from the human view: (amount, label).
fn lines_of(view: &str, score: &str) -> Vec<(f64, String)> {
    let header = format!("  why {score} ");
    let mut lines = Vec::new();
    let mut inside = false;
    for line in view.lines() {
        if line.starts_with(&header) {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        let Some(rest) = line.strip_prefix("    ") else {
            break;
        };
        let rest = rest.trim_start();
        let Some((amount, label)) = rest.split_once("  ") else {
            break;
        };
        let Ok(amount) = amount.parse::<f64>() else {
            if line.starts_with("             ") {
                continue; // a feature's description under its line
            }
            break;
        };
        let label = label.split("  ").next().unwrap().trim().to_string();
        lines.push((amount, label));
    }
    lines
}

#[test]
fn on_every_example_the_listed_reasons_account_for_the_score() {
    let hc = Hypecheck::new().unwrap();
    let mut checked = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let article =
            Article::from_plain_text(&text, Source::file(path.display().to_string())).unwrap();
        let report = hc.explain(&article);
        let ex = report.explanations.as_ref().unwrap();
        let view = hypecheck(&["score", path.to_str().unwrap()]);
        let scores = [
            ("sensationalism", Some(&ex.sensationalism)),
            ("quality", ex.quality.as_ref()),
        ];
        for (score, e) in scores {
            let Some(e) = e else {
                assert!(!view.contains(&format!("why {score} ")), "{view}");
                continue;
            };
            let what = format!("{} {score}", path.display());
            let s = Summary::new(score, e, SummaryOptions::default());
            // Exact: baseline + reasons + absent + rest is the logit.
            let sum = s.baseline
                + s.reasons.iter().map(|r| r.contribution).sum::<f64>()
                + s.absent.contribution
                + s.rest.contribution;
            assert!((sum - e.logit).abs() < 1e-9, "{what}: {sum} vs {}", e.logit);
            assert_eq!(s.baseline, e.intercept, "{what}");
            // The lines other than the rest account for at least 80% of the distance.
            let distance = e.logit - e.intercept;
            let listed =
                s.reasons.iter().map(|r| r.contribution).sum::<f64>() + s.absent.contribution;
            assert!(
                (distance - listed).abs() <= (1.0 - COVERAGE) * distance.abs() + 1e-9,
                "{what}: lines {listed:+.3} of a distance {distance:+.3}"
            );
            assert!(s.coverage() >= COVERAGE - 1e-9, "{what}: {}", s.coverage());
            // No reason is an absent feature, and every n-gram is in a group.
            for reason in &s.reasons {
                for f in &reason.features {
                    let c = e.contributions.iter().find(|c| &c.feature == f).unwrap();
                    assert_ne!(c.value, 0.0, "{what}: {f} listed with value 0");
                    assert_eq!(
                        f.starts_with("lex.") || f.starts_with("chr.") || f.starts_with("vec."),
                        reason.kind == ReasonKind::Wording,
                        "{what}: {f}"
                    );
                }
                assert!(!reason.words.is_empty() || reason.kind == ReasonKind::Feature);
            }
            for f in &s.absent.features {
                let c = e.contributions.iter().find(|c| &c.feature == f).unwrap();
                assert_eq!(c.value, 0.0, "{what}: {f} is not absent");
            }

            // The human view prints those lines, in that order: the baseline, the reasons, the
            // absent features, the rest; its amounts sum to the logit (to rounding).
            let lines = lines_of(&view, score);
            assert_eq!(lines[0].1, "baseline", "{what}: {view}");
            // Amounts are rounded so that they add up to the printed logit: each within 0.01.
            assert!((lines[0].0 - s.baseline).abs() < 0.01 + 1e-9, "{what}");
            let labels: Vec<&str> = lines[1..1 + s.reasons.len()]
                .iter()
                .map(|(_, l)| l.as_str())
                .collect();
            let expected: Vec<&str> = s.reasons.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(labels, expected, "{what}: {view}");
            assert!(
                !view.contains(" value 0\n") && !view.contains(" value 0 "),
                "{view}"
            );
            let printed: f64 = lines.iter().map(|(v, _)| v).sum();
            assert!(
                (printed - e.logit).abs() <= 0.005 * lines.len() as f64 + 1e-9,
                "{what}: lines sum to {printed}, logit {}: {view}",
                e.logit
            );
            let reasons: f64 = lines
                .iter()
                .filter(|(_, l)| l != "baseline" && l != "the rest")
                .map(|(v, _)| v)
                .sum();
            assert!(
                (distance - reasons).abs()
                    <= (1.0 - COVERAGE) * distance.abs() + 0.005 * lines.len() as f64,
                "{what}: printed lines {reasons:+.2} of {distance:+.2}: {view}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} scores checked");
}

#[test]
fn learned_words_are_one_line_per_direction_unless_asked_one_by_one() {
    let grouped = hypecheck(&["score", "examples/listicle.txt"]);
    let each = hypecheck(&["score", "--each-ngram", "examples/listicle.txt"]);
    // Grouped: no n-gram feature is a line of its own, and each (part, direction) at most once.
    for score in ["sensationalism", "quality"] {
        let lines = lines_of(&grouped, score);
        assert!(
            lines.iter().all(|(_, l)| !l.starts_with("lex.")),
            "{grouped}"
        );
        let wording: Vec<(bool, &str)> = lines
            .iter()
            .filter(|(_, l)| l.starts_with("learned wording"))
            .map(|(v, l)| (*v > 0.0, l.as_str()))
            .collect();
        for (i, w) in wording.iter().enumerate() {
            assert!(!wording[..i].contains(w), "{w:?} twice: {grouped}");
        }
    }
    assert!(grouped.contains("learned wording"), "{grouped}");
    // One by one: n-grams and word pieces are lines, named by feature.
    let lines = lines_of(&each, "sensationalism");
    assert!(
        lines
            .iter()
            .any(|(_, l)| l.starts_with("lex.") || l.starts_with("vec.")),
        "{each}"
    );
    assert!(
        lines.iter().all(|(_, l)| !l.starts_with("learned wording")),
        "{each}"
    );
}

#[test]
fn the_library_gives_the_same_view_and_the_top_reasons() {
    let hc = Hypecheck::new().unwrap();
    let text = std::fs::read_to_string("examples/tabloid.txt").unwrap();
    let report = hc.explain(&Article::from_text(&text));
    let shown = report.to_string();
    assert!(shown.contains("why sensationalism"), "{shown}");
    assert!(shown.contains("baseline"), "{shown}");
    let top = report.top_reasons(4);
    assert_eq!(top.len(), 4);
    for pair in top.windows(2) {
        assert!(pair[0].contribution.abs() >= pair[1].contribution.abs());
    }
    // Every one is a reason of its score's summary, and none is absent.
    let summaries = report.summary.as_ref().unwrap();
    for r in &top {
        let s = if r.score == "quality" {
            summaries.quality.as_ref().unwrap()
        } else {
            &summaries.sensationalism
        };
        assert!(s.reasons.contains(r), "{r:?}");
        assert!(!s.absent.features.contains(&r.features[0]));
    }
    // A scored-only report has no reasons to give.
    assert!(hc
        .score(&Article::from_text(&text))
        .top_reasons(3)
        .is_empty());
}

#[test]
fn json_keeps_the_explanations_and_adds_the_summary_in_the_same_order() {
    let out = hypecheck(&["explain", "--format", "json", "examples/hedged-rumor.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r = &v[0];
    for score in ["sensationalism", "quality"] {
        let e = &r["explanations"][score];
        let s = &r["summary"][score];
        assert!(e["contributions"].as_array().unwrap().len() > 10);
        assert_eq!(s["baseline"], e["intercept"]);
        assert_eq!(s["logit"], e["logit"]);
        let reasons = s["reasons"].as_array().unwrap();
        let view = hypecheck(&["score", "examples/hedged-rumor.txt"]);
        let lines = lines_of(&view, score);
        for (reason, (amount, label)) in reasons.iter().zip(&lines[1..]) {
            assert_eq!(reason["label"].as_str().unwrap(), label);
            // Printed amounts are rounded to add up to the printed logit: each within 0.01.
            assert!((reason["contribution"].as_f64().unwrap() - amount).abs() < 0.01 + 1e-9);
            assert!(!reason["features"].as_array().unwrap().is_empty());
        }
        let total = s["baseline"].as_f64().unwrap()
            + reasons
                .iter()
                .map(|r| r["contribution"].as_f64().unwrap())
                .sum::<f64>()
            + s["absent"]["contribution"].as_f64().unwrap()
            + s["rest"]["contribution"].as_f64().unwrap();
        assert!((total - e["logit"].as_f64().unwrap()).abs() < 1e-9);
    }
}
