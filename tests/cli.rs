//! The command line: every command, its formats and its exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Write;

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn score_jsonl_follows_the_contract() {
    let out = hypecheck()
        .args([
            "score",
            "--format",
            "jsonl",
            "examples/wire-report.txt",
            "examples/headline.txt",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 2);
    let wire = &reports[0];
    for key in ["id", "source", "title", "scores", "labels", "features"] {
        assert!(wire.get(key).is_some(), "missing {key}");
    }
    assert_eq!(wire["source"]["path"], "examples/wire-report.txt");
    assert!(wire["source"]["record"].is_null());
    let s = wire["scores"]["sensationalism"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s));
    assert!(wire["scores"]["quality"].as_f64().is_some());
    assert!(wire["features"]["sourcing.named_sources"].as_f64().unwrap() > 0.0);
    assert!(wire["provenance"]["models"]["quality"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    // A bare headline cannot be judged on sourcing: quality is null, with a reason.
    let headline = &reports[1];
    assert!(headline["scores"]["quality"].is_null());
    assert!(headline["unscored"]["quality"]
        .as_str()
        .unwrap()
        .contains("words"));
}

#[test]
fn explain_json_contributions_sum_to_the_logit() {
    let out = hypecheck()
        .args(["explain", "--format", "json", "examples/tabloid.txt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let reports: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let r = &reports[0];
    let body = r["body"].as_str().unwrap();
    let title = r["title"].as_str().unwrap();
    for target in ["sensationalism", "quality"] {
        let e = &r["explanations"][target];
        let sum: f64 = e["intercept"].as_f64().unwrap()
            + e["contributions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["contribution"].as_f64().unwrap())
                .sum::<f64>();
        let logit = e["logit"].as_f64().unwrap();
        assert!((sum - logit).abs() < 1e-9, "{target}: {sum} != {logit}");
        let p = e["probability"].as_f64().unwrap();
        assert!((1.0 / (1.0 + (-logit).exp()) - p).abs() < 1e-12);
        assert_eq!(p, r["scores"][target].as_f64().unwrap());
        for c in e["contributions"].as_array().unwrap() {
            for ev in c["evidence"].as_array().unwrap() {
                let part = if ev["part"] == "title" { title } else { body };
                let (start, end) = (
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&part[start..end], ev["text"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn explain_human_quotes_the_words() {
    hypecheck()
        .args(["explain", "examples/tabloid.txt", "--top", "8"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sensational"))
        .stdout(predicate::str::contains("\"STUNNING"));
}

#[test]
fn sensational_examples_outscore_sober_ones() {
    let out = hypecheck()
        .args([
            "score",
            "--format",
            "jsonl",
            "examples/tabloid.txt",
            "examples/wire-report.txt",
            "examples/opinion.txt",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r = json_lines(&out);
    let s = |i: usize| r[i]["scores"]["sensationalism"].as_f64().unwrap();
    let q = |i: usize| r[i]["scores"]["quality"].as_f64().unwrap();
    assert!(s(0) > s(1), "tabloid {} vs wire {}", s(0), s(1));
    assert!(q(1) > q(0), "wire {} vs tabloid {}", q(1), q(0));
    assert!(q(1) > q(2), "wire {} vs opinion {}", q(1), q(2));
}

#[test]
fn stdin_is_read_with_a_dash() {
    hypecheck()
        .args(["score", "--format", "jsonl", "-"])
        .write_stdin("SHOCKING: You Won't Believe This!!!\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\":\"stdin\""));
}

#[test]
fn csv_has_a_header_and_one_row_per_article() {
    let out = hypecheck()
        .args([
            "score",
            "--format",
            "csv",
            "examples/headline.txt",
            "examples/listicle.txt",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert!(header.iter().any(|h| h == "hype.title_listicle"));
    let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].len(), header.len());
}

#[test]
fn non_english_text_is_flagged() {
    hypecheck()
        .args(["score", "--format", "jsonl", "examples/non-english.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("not English"));
}

#[test]
fn features_lists_every_feature() {
    let out = hypecheck()
        .args(["features", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(list.len(), hypecheck::Feature::COUNT);
    assert_eq!(list[0]["name"], hypecheck::Feature::ALL[0].name());
}

#[test]
fn errors_name_the_file_and_exit_2_after_scoring_the_good_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::File::create(&bad)
        .unwrap()
        .write_all(b"Title\n\xff\xfe body")
        .unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    let out = hypecheck()
        .args(["score", "--format", "jsonl", "examples/headline.txt"])
        .arg(&bad)
        .arg(&empty)
        .arg("no-such-file.txt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.txt: not valid UTF-8"))
        .stderr(predicate::str::contains("empty.txt: empty input"))
        .stderr(predicate::str::contains("no-such-file.txt: cannot read"))
        .stderr(predicate::str::contains("3 of 4 inputs failed"))
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_lines(&out).len(), 1, "the good input is still scored");
}

#[test]
fn a_directory_given_to_explain_is_expanded_and_a_bad_model_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    std::fs::write(&model, "{\"format_version\": 99}").unwrap();
    hypecheck()
        .args(["score", "examples/headline.txt", "--model"])
        .arg(&model)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown model format version 99"));
}
