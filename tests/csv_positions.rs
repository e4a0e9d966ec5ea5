//! CSV positions through the CLI: `score --format jsonl` reports each record's line (where
//! the record starts) as `source.record` and, without an `id` column, as its id, for LF,
//! CRLF, CR-only and mixed line endings, quoted fields over several lines, a byte-order mark
//! and blank lines; a bad record's error (on stderr, or inline) names its line.

use assert_cmd::Command;
use std::path::Path;

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

/// What `score --format jsonl` says of `path`: `(line, id)` of each report, the errors on
/// stderr, and the exit code.
fn score(path: &Path) -> (Vec<(u64, String)>, Vec<String>, i32) {
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    let reports = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let line = v["source"]["record"].as_u64().unwrap();
            (line, v["id"].as_str().unwrap().to_string())
        })
        .collect();
    let errors = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("hypecheck: error: "))
        .map(str::to_string)
        .collect();
    (reports, errors, out.status.code().unwrap())
}

const HEADER: &str = "title,body";
const A: &str = "Council approves budget,The council approved the budget on Tuesday.";
const B: &str = "Parks plant trees,Volunteers planted 40 oaks along the river.";
/// A record whose body is quoted and spans three lines, joined by `end`.
fn multi(end: &str) -> String {
    format!("Library reopens,\"The library reopened.{end}{end}Readers returned.\"")
}

#[test]
fn every_line_ending_gives_the_right_lines_and_unique_ids() {
    let dir = tempfile::tempdir().unwrap();
    for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let file = format!("{name}.csv");
        let path = dir.path().join(&file);
        // header, A, blank, multi-line (3 lines), B, no final newline.
        let text = [HEADER, A, "", &multi(end), B].join(end);
        std::fs::write(&path, text).unwrap();
        let want: Vec<(u64, String)> = [2, 4, 7]
            .into_iter()
            .map(|line| (line, format!("{}:{line}", path.display())))
            .collect();
        assert_eq!(score(&path), (want, vec![], 0), "{name}");
    }
}

#[test]
fn mixed_endings_a_byte_order_mark_and_a_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    let text = format!(
        "\u{feff}\"id\",\"title\",\"body\"\r\n,{A}\r,{}\nshort,row\r\n\r\nb,{B}\r\n\r\n",
        multi("\r\n")
    );
    std::fs::write(&path, text).unwrap();
    let p = path.display();
    let reports = vec![
        (2, format!("{p}:2")),
        (3, format!("{p}:3")),
        (8, "b".to_string()),
    ];
    let error = format!("{p}:6: wrong number of fields: 2 where the header has 3");
    assert_eq!(score(&path), (reports, vec![error.clone()], 2));

    // `triage --errors inline` puts the same line in the error record.
    let out = hypecheck()
        .args(["triage", "--format", "jsonl", "--errors", "inline"])
        .arg(&path)
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut lines: Vec<u64> = records
        .iter()
        .filter(|r| r.get("error").is_none())
        .map(|r| r["source"]["record"].as_u64().unwrap())
        .collect();
    lines.sort();
    assert_eq!(lines, [2, 3, 8]);
    let errors: Vec<_> = records
        .iter()
        .filter(|r| r.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["error"], error.as_str());
    assert_eq!(errors[0]["source"]["record"], 6);
}
