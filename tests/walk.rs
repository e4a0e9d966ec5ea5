//! Directory walks as ripgrep and fd do them: `.gitignore`, `.ignore` and hidden files
//! respected, files that hold no article skipped and counted (not errors), `--glob` to
//! choose, `--no-ignore` to see all; files named explicitly are always read.

use assert_cmd::Command;
use std::path::Path;

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

const ARTICLE: &str = "Council approves bus lane plan\n\nThe council voted 7 to 2 on Tuesday to approve the plan, the clerk said.\n";

/// A folder as one finds them: articles, a README, a picture, a binary blob, an ignored
/// folder, an ignored extension and a hidden folder.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("a.txt", ARTICLE.as_bytes());
    write("sub/b.txt", ARTICLE.as_bytes());
    write(
        "sub/c.jsonl",
        b"{\"id\": \"c1\", \"title\": \"A headline\", \"body\": \"Some body text here.\"}\n",
    );
    write("README.md", b"# Articles\n\nThis folder holds articles.\n");
    write("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    write("blob", b"\x00\x01\x02binary\x00stuff");
    write("drafts/d.txt", ARTICLE.as_bytes());
    write("notes.log", ARTICLE.as_bytes());
    write(".hidden/e.txt", ARTICLE.as_bytes());
    write("sub/.ignore", b"c.jsonl\n");
    write(".gitignore", b"drafts/\n*.log\n");
    dir
}

/// The `source.path` of each report, relative to `root`, in output order.
fn paths(out: &[u8], root: &Path) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let path = v["source"]["path"].as_str().unwrap().to_string();
            Path::new(&path)
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn a_walk_respects_gitignore_and_hidden_files_and_skips_what_is_not_an_article() {
    let dir = folder();
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path())
        .assert()
        // A picture, a binary and a README in the folder are no error.
        .success()
        .get_output()
        .clone();
    assert_eq!(paths(&out.stdout, dir.path()), ["a.txt", "sub/b.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // README.md, photo.png and blob are skipped and counted; ignored files are not even seen.
    assert!(
        stderr.contains("hypecheck: 3 files skipped (not an article format"),
        "{stderr}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn no_ignore_walks_everything_and_still_skips_non_articles() {
    let dir = folder();
    let out = hypecheck()
        .args(["score", "--format", "jsonl", "--no-ignore"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        paths(&out.stdout, dir.path()),
        [
            ".hidden/e.txt",
            "a.txt",
            "drafts/d.txt",
            "sub/b.txt",
            "sub/c.jsonl"
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // README.md, photo.png, blob, notes.log and the dot-files .gitignore and sub/.ignore.
    assert!(stderr.contains("6 files skipped"), "{stderr}");
}

#[test]
fn globs_choose_the_files_whatever_their_extension() {
    let dir = folder();
    let out = hypecheck()
        .args([
            "score", "--format", "jsonl", "--glob", "*.md", "--glob", "a.*",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(paths(&out.stdout, dir.path()), ["README.md", "a.txt"]);
    // `!` leaves matches out.
    let out = hypecheck()
        .args(["score", "--format", "jsonl", "--glob", "!sub/**"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(paths(&out.stdout, dir.path()), ["a.txt"]);
    // A bad glob is a usage error.
    hypecheck()
        .args(["score", "--glob", "a[", "x.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--glob"));
}

#[test]
fn triage_counts_skipped_files_in_its_summary() {
    let dir = folder();
    let out = hypecheck()
        .args(["triage", "--format", "json"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 records: 2 scored, 0 errors"), "{stderr}");
    assert!(stderr.contains("3 files skipped"), "{stderr}");
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);
}

#[test]
fn files_named_explicitly_are_read_and_their_errors_reported() {
    let dir = folder();
    // A README named on the command line is read as an article.
    hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path().join("README.md"))
        .assert()
        .success();
    // A picture named on the command line is an error naming it, exit 2.
    hypecheck()
        .arg("score")
        .arg(dir.path().join("photo.png"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "photo.png: a PNG image, not text",
        ));
    // An ignored file named on the command line is read too.
    hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path().join("notes.log"))
        .assert()
        .success();
}

#[test]
fn a_walk_that_finds_nothing_says_so_and_fails() {
    let dir = folder();
    let empty = tempfile::tempdir().unwrap();
    for (command, args) in [
        ("score", vec![empty.path().to_str().unwrap()]),
        ("triage", vec![empty.path().to_str().unwrap()]),
        (
            "score",
            vec!["--glob", "*.nothing", dir.path().to_str().unwrap()],
        ),
    ] {
        let out = hypecheck().arg(command).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command} {args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("no articles found in the inputs") && stderr.contains("--no-ignore"),
            "{command} {args:?}: {stderr}"
        );
    }
    // A walk that finds articles says nothing of the kind.
    let out = hypecheck()
        .args(["score"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no articles found"));
}

#[test]
fn hypecheck_s_own_reports_in_a_folder_are_skipped_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    // The reports on the folder, written into it, as a user saving them beside the articles:
    // the HTML page and the JSON, JSON Lines and CSV outputs.
    let reports = [
        ("html", "report.html"),
        ("json", "scores.json"),
        ("jsonl", "scores.jsonl"),
        ("csv", "scores.csv"),
    ];
    for (format, name) in reports {
        let report = hypecheck()
            .args(["score", "--format", format])
            .arg(dir.path().join("a.txt"))
            .output()
            .unwrap();
        assert!(report.status.success());
        std::fs::write(dir.path().join(name), &report.stdout).unwrap();
    }
    // Another page that is an article, and a record of JSON Lines that is one.
    std::fs::write(
        dir.path().join("page.html"),
        "<html><head><title>Council approves bus lane plan</title></head><body><article><h1>Council \
         approves bus lane plan</h1><p>The council voted 7 to 2 on Tuesday to approve the plan, \
         the clerk said.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("records.jsonl"),
        "{\"id\": \"r\", \"title\": \"Council approves bus lane plan\", \"body\": \"The council voted 7 to 2, the clerk said.\"}\n",
    )
    .unwrap();
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut scored = paths(&out.stdout, dir.path());
    scored.sort();
    assert_eq!(scored, ["a.txt", "page.html", "records.jsonl"], "{stderr}");
    assert!(stderr.contains("4 files skipped"), "{stderr}");
    // Named explicitly, each is read: the user asked for it.
    hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path().join("report.html"))
        .assert()
        .success();
}
