//! Input readers (RSS, Atom, HTML, CSV, JSON Lines) and `hypecheck triage`: ranking, flags,
//! exit codes, totals, and batching.

use assert_cmd::Command;
use hypecheck::batch;
use hypecheck::input::{self, InputFormat, Record};
use hypecheck::triage::{self, Options, RankBy};
use hypecheck::{Hypecheck, InputError};
use std::io::Write;
use std::path::Path;

const RSS: &str = "tests/fixtures/feed.rss";
const ATOM: &str = "tests/fixtures/feed.atom";
const HTML: &str = "tests/fixtures/page.html";
const CSV: &str = "tests/fixtures/articles.csv";
const JSONL: &str = "tests/fixtures/broken.jsonl";

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

fn read(path: &str, format: Option<InputFormat>) -> Vec<Result<Record, InputError>> {
    input::open(path, format).unwrap().collect()
}

fn ok(results: Vec<Result<Record, InputError>>) -> Vec<Record> {
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}")))
        .collect()
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn temp_file(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(content)
        .unwrap();
    path.to_string_lossy().into_owned()
}

// ---- input kinds ----

#[test]
fn formats_are_detected_by_extension() {
    let cases = [
        ("a.csv", InputFormat::Csv),
        ("a.HTML", InputFormat::Html),
        ("a.htm", InputFormat::Html),
        ("a.rss", InputFormat::Feed),
        ("a.atom", InputFormat::Feed),
        ("a.xml", InputFormat::Feed),
        ("a.jsonl", InputFormat::Jsonl),
        ("a.txt", InputFormat::Text),
        ("a", InputFormat::Text),
    ];
    for (name, format) in cases {
        assert_eq!(InputFormat::from_path(Path::new(name)), format, "{name}");
    }
}

#[test]
fn rss_entries_become_articles_with_ids_links_and_no_html() {
    let records = ok(read(RSS, None));
    assert_eq!(records.len(), 3);
    let pier = &records[0].article;
    assert_eq!(pier.id, "gazette-pier-0412");
    assert_eq!(
        pier.source.link.as_deref(),
        Some("https://gazette.example/2031/pier-repairs")
    );
    assert_eq!(pier.source.record, Some(1));
    // The full content (content:encoded) is preferred to the summary, and its HTML removed.
    assert!(pier.body.contains("voted seven to two on Tuesday evening"));
    assert!(pier.body.contains("Mara Ellison"));
    assert!(!pier.body.contains('<'), "{}", pier.body);
    // No guid: the link is the id. The summary's HTML and entities are removed.
    let beach = &records[1].article;
    assert_eq!(beach.id, "https://gazette.example/2031/beach-mystery");
    assert_eq!(
        beach.body,
        "Locals are FREAKING OUT & nobody can explain it!!! This will blow your mind 😱"
    );
    // Neither guid nor link: the id names the file and entry.
    let library = &records[2].article;
    assert_eq!(library.id, format!("{RSS}:3"));
    assert_eq!(library.source.link, None);
    assert_eq!(
        library.title.as_deref(),
        Some("Library extends weekend opening hours")
    );
}

#[test]
fn atom_entries_become_articles() {
    let records = ok(read(ATOM, None));
    assert_eq!(records.len(), 2);
    let bus = &records[0].article;
    assert_eq!(bus.id, "urn:example:courier:bus-routes");
    assert_eq!(
        bus.title.as_deref(),
        Some("Millbrook school board delays vote on bus routes")
    );
    assert_eq!(bus.body, "The board will meet again on May 14.");
    assert_eq!(
        bus.source.link.as_deref(),
        Some("https://courier.example/bus-routes")
    );
    let trick = &records[1].article;
    assert_eq!(
        trick.body,
        "You will NEVER guess what happened next!!! Everyone is talking about it."
    );
}

#[test]
fn html_page_keeps_title_and_article_without_boilerplate() {
    let records = ok(read(HTML, None));
    assert_eq!(records.len(), 1);
    let a = &records[0].article;
    assert_eq!(a.id, "page");
    assert_eq!(a.source.path, HTML);
    assert_eq!(
        a.title.as_deref(),
        Some("Ferry service resumes after storm repairs")
    );
    assert!(a
        .body
        .contains("resumed its full timetable on Monday morning"));
    assert!(a.body.contains("A report is due in September"));
    for boilerplate in [
        "Subscribe now",
        "Most read",
        "celebrity kitchens",
        "Copyright",
        "newsletter",
    ] {
        assert!(!a.body.contains(boilerplate), "kept {boilerplate:?}");
    }
    // Paragraphs stay apart.
    assert!(
        a.body.contains("budget.\n\nDuring the closure"),
        "{}",
        a.body
    );
}

#[test]
fn csv_records_carry_ids_labels_and_lines() {
    let records = ok(read(CSV, None));
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].article.id, "csv-1");
    assert_eq!(records[0].label.as_deref(), Some("sober"));
    assert_eq!(records[1].label.as_deref(), Some("sensational"));
    assert_eq!(
        records[1].article.title.as_deref(),
        Some("UNBELIEVABLE: This Bakery's Secret Will Make You CRY!!!")
    );
    // A quoted field may span lines; the record is numbered by the line it starts on.
    assert_eq!(records[2].article.source.record, Some(4));
    assert!(records[2]
        .article
        .body
        .contains("next week for a routine inspection.\nTraffic"));
}

#[test]
fn csv_errors_name_the_line_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(
        &dir,
        "bad.csv",
        b"ID, Title ,text\na,A first headline,\nb,too few\nc,,\nd,,Only a body here\ne,x,y,extra\n",
    );
    let results = read(&path, None);
    assert_eq!(results.len(), 5);
    assert_eq!(results[0].as_ref().unwrap().article.id, "a");
    let e = results[1].as_ref().unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{path}:3:")) && e.contains("wrong number of fields"),
        "{e}"
    );
    let e = results[2].as_ref().unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{path}:4:")) && e.contains("no text"),
        "{e}"
    );
    assert_eq!(
        results[3].as_ref().unwrap().article.body,
        "Only a body here"
    );
    assert!(results[4].as_ref().is_err());

    let no_text = temp_file(&dir, "no_text.csv", b"id,name\n1,x\n");
    let results = read(&no_text, None);
    assert_eq!(results.len(), 1, "one error for the file");
    assert!(results[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("no `title`, `body` or `text` column"));

    let not_utf8 = temp_file(&dir, "latin1.csv", b"title\nok\ncaf\xe9\n");
    let results = read(&not_utf8, None);
    assert!(results[0].is_ok());
    let e = results[1].as_ref().unwrap_err().to_string();
    assert!(e.contains(":3:") && e.contains("UTF-8"), "{e}");
}

#[test]
fn jsonl_broken_line_in_the_middle_is_one_error() {
    let results = read(JSONL, None);
    assert_eq!(results.len(), 5);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_err(), i == 2, "record {}", i + 1);
    }
    let e = results[2].as_ref().unwrap_err();
    assert_eq!(e.path(), JSONL);
    assert_eq!(e.record(), Some(3));
    assert_eq!(results[3].as_ref().unwrap().article.id, "j-4");
}

#[test]
fn a_feed_that_does_not_parse_is_one_error_for_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = temp_file(
        &dir,
        "broken.rss",
        b"<rss version=\"2.0\"><channel><item><title>A</title></item><item><tit",
    );
    let results = read(&broken, None);
    assert_eq!(results.len(), 1);
    let e = results[0].as_ref().unwrap_err();
    assert!(matches!(e, InputError::Parse { .. }), "{e}");
    assert!(e.to_string().starts_with(&broken), "{e}");

    let empty_entry = temp_file(
        &dir,
        "empty.xml",
        b"<rss version=\"2.0\"><channel><item><title>Kept</title></item><item><link>https://x.example/a</link></item></channel></rss>",
    );
    let results = read(&empty_entry, None);
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let e = results[1].as_ref().unwrap_err().to_string();
    assert!(e.contains(":2:") && e.contains("no text"), "{e}");
}

#[test]
fn input_format_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let feed = temp_file(&dir, "feed.txt", &std::fs::read(ATOM).unwrap());
    // A generic extension: the content decides; `--input-format` still overrides it.
    assert_eq!(ok(read(&feed, None)).len(), 2, "sniffed as a feed");
    assert_eq!(
        read(&feed, Some(InputFormat::Text)).len(),
        1,
        "plain text: one article"
    );
    assert_eq!(ok(read(&feed, Some(InputFormat::Feed))).len(), 2);
}

#[test]
fn score_accepts_every_input_kind_including_stdin() {
    let out = hypecheck()
        .args(["score", "-f", "jsonl", RSS, ATOM, HTML, CSV])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 3 + 2 + 1 + 3);
    assert_eq!(
        reports[0]["source"]["link"],
        "https://gazette.example/2031/pier-repairs"
    );
    let out = hypecheck()
        .args(["score", "-f", "jsonl", "--input-format", "feed", "-"])
        .write_stdin(std::fs::read(RSS).unwrap())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_lines(&out).len(), 3);
}

#[test]
fn a_directory_mixes_kinds_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    for path in [RSS, HTML, CSV] {
        let name = Path::new(path).file_name().unwrap().to_str().unwrap();
        temp_file(&dir, name, &std::fs::read(path).unwrap());
    }
    let records: Vec<_> = input::open_all(
        vec![dir.path().to_string_lossy().into_owned()],
        None,
        Default::default(),
    )
    .collect();
    assert_eq!(records.len(), 3 + 3 + 1);
    assert!(records.iter().all(Result::is_ok));
}

// ---- triage ----

fn triage_jsonl(args: &[&str]) -> (Vec<serde_json::Value>, String, i32) {
    let out = hypecheck()
        .arg("triage")
        .args(["--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    (
        json_lines(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn triage_ranks_most_sensational_first() {
    let (items, _, code) = triage_jsonl(&[RSS, ATOM, HTML, CSV]);
    assert_eq!(code, 0);
    assert_eq!(items.len(), 9);
    let scores: Vec<f64> = items
        .iter()
        .map(|i| i["scores"]["sensationalism"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["rank"], i + 1);
    }
    let top3: Vec<&str> = items[..3]
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    for loud in [
        "UNBELIEVABLE: This Bakery's Secret Will Make You CRY!!!",
        "SHOCKING: You Won't BELIEVE What Washed Up On Harbourview Beach!!!",
        "Insane Trick Doctors HATE: Millbrook Man Loses Everything Overnight?!",
    ] {
        assert!(top3.contains(&loud), "{loud} not in {top3:?}");
    }
}

#[test]
fn triage_by_quality_puts_least_reliable_first_and_unjudged_last() {
    let (items, _, _) = triage_jsonl(&["--by", "quality", RSS, HTML, CSV]);
    let quality: Vec<Option<f64>> = items
        .iter()
        .map(|i| i["scores"]["quality"].as_f64())
        .collect();
    let judged = quality.iter().take_while(|q| q.is_some()).count();
    assert_eq!(judged, 2, "{quality:?}");
    assert!(quality[judged..].iter().all(Option::is_none));
    assert!(quality[0] <= quality[1]);
    assert_eq!(items[0]["id"], "gazette-pier-0412");
}

#[test]
fn ties_keep_input_order() {
    let hc = Hypecheck::new().unwrap();
    let records = (0..6).map(|i| {
        let mut article = hypecheck::Article::new(
            format!("same-{i}"),
            Some("Council meets on Tuesday".into()),
            "",
        );
        article.source = hypecheck::Source::record("mem", i + 1);
        Ok(Record {
            article,
            label: None,
        })
    });
    for by in [RankBy::Sensationalism, RankBy::Quality] {
        for limit in [None, Some(4)] {
            let options = Options {
                by,
                limit,
                batch_size: 4,
                ..Options::default()
            };
            let result = triage::run(&hc, records.clone(), &options, |_| {}, |_| {});
            let ids: Vec<&str> = result.items.iter().map(|i| i.id.as_str()).collect();
            let expected: Vec<String> = (0..limit.unwrap_or(6))
                .map(|i| format!("same-{i}"))
                .collect();
            assert_eq!(ids, expected, "{by:?} {limit:?}");
        }
    }
}

#[test]
fn flags_follow_the_threshold_and_the_summary_counts_them() {
    let (items, stderr, code) = triage_jsonl(&["--flag-above", "0.5", RSS, ATOM, CSV]);
    assert_eq!(code, 0);
    let mut flagged = 0;
    for item in &items {
        let s = item["scores"]["sensationalism"].as_f64().unwrap();
        assert_eq!(item["flagged"].as_bool().unwrap(), s > 0.5, "{item}");
        flagged += usize::from(s > 0.5);
    }
    assert!(flagged >= 3);
    assert!(
        stderr.contains(&format!("{flagged} flagged (sensationalism above 0.5)")),
        "{stderr}"
    );
    // Nothing is above 1: nothing flagged.
    let (items, _, _) = triage_jsonl(&["--flag-above", "1", RSS]);
    assert!(items.iter().all(|i| i["flagged"] == false));
}

#[test]
fn limit_keeps_the_head_of_the_ranking_and_counts_everything() {
    let (all, _, _) = triage_jsonl(&[RSS, ATOM, CSV]);
    let (head, stderr, _) = triage_jsonl(&["--limit", "2", RSS, ATOM, CSV]);
    assert_eq!(head.len(), 2);
    assert_eq!(head[0]["id"], all[0]["id"]);
    assert_eq!(head[1]["id"], all[1]["id"]);
    assert!(
        stderr.starts_with("8 records: 8 scored, 0 errors"),
        "{stderr}"
    );
}

#[test]
fn exit_codes_0_1_2() {
    // 0: nothing above the bar.
    hypecheck()
        .args(["triage", "--fail-above", "0.9", HTML])
        .assert()
        .code(0);
    // 1: a sensational entry is above it.
    hypecheck()
        .args(["triage", "--fail-above", "0.5", RSS])
        .assert()
        .code(1);
    // 2: a broken record, which takes precedence over --fail-above; the good records are still
    // ranked.
    let out = hypecheck()
        .args(["triage", "--fail-above", "0.5", JSONL])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("5 records: 4 scored, 1 error"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{JSONL}:3:")), "{stderr}");
    // 2: an input that cannot be read at all.
    hypecheck()
        .args(["triage", RSS, "tests/fixtures/no-such-file.rss"])
        .assert()
        .code(2);
}

#[test]
fn errors_inline_are_records_in_the_stream() {
    let (lines, stderr, code) = triage_jsonl(&["--errors", "inline", JSONL]);
    assert_eq!(code, 2);
    assert_eq!(lines.len(), 5);
    let errors: Vec<_> = lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["source"]["path"], JSONL);
    assert_eq!(errors[0]["source"]["record"], 3);
    assert!(errors[0]["error"].as_str().unwrap().contains("JSON"));
    assert!(
        !stderr.contains("hypecheck: error"),
        "inline errors are not repeated on stderr: {stderr}"
    );
    // Inline errors need a format that can hold them.
    hypecheck()
        .args(["triage", "--errors", "inline", "--format", "csv", JSONL])
        .assert()
        .code(2);
}

#[test]
fn totals_add_up() {
    let hc = Hypecheck::new().unwrap();
    let paths = [RSS, ATOM, HTML, CSV, JSONL, "tests/fixtures/missing.csv"]
        .map(String::from)
        .to_vec();
    let mut errors = Vec::new();
    let result = triage::run(
        &hc,
        input::open_all(paths, None, Default::default()),
        &Options::default(),
        |e| errors.push(e),
        |_| {},
    );
    let s = &result.summary;
    assert_eq!(s.ok + s.errors, s.records);
    assert_eq!(s.records, 3 + 2 + 1 + 3 + 5 + 1);
    assert_eq!(s.errors, 2);
    assert_eq!(errors.len(), 2);
    assert_eq!(result.items.len(), s.ok);
    assert_eq!(s.sensationalism.values().sum::<usize>(), s.ok);
    assert_eq!(s.quality.values().sum::<usize>(), s.ok);
    assert_eq!(s.flagged, result.items.iter().filter(|i| i.flagged).count());
}

#[test]
fn machine_formats_put_the_summary_on_stderr_and_human_after_the_list() {
    let out = hypecheck()
        .args(["triage", "--format", "csv", RSS])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut rows = csv::Reader::from_reader(stdout.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
        ["rank", "id", "path"]
    );
    assert_eq!(rows.records().count(), 3);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("3 records: 3 scored"));

    let out = hypecheck()
        .args(["triage", "--format", "json", RSS])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 3);

    let out = hypecheck().args(["triage", RSS]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.find("3 records: 3 scored").expect("summary");
    let last_item = stdout.find("   3. ").expect("third item");
    assert!(summary > last_item);
    assert!(out.stderr.is_empty());
}

// ---- scale ----

/// A JSON Lines input of `n` small records, with a broken line every `broken_every`.
fn big_jsonl(n: usize, broken_every: usize) -> Vec<u8> {
    let mut s = String::new();
    for i in 1..=n {
        if i % broken_every == 0 {
            s.push_str("{\"id\": \"broken\", \n");
        } else {
            s.push_str(&format!(
                "{{\"id\": \"r{i}\", \"title\": \"Item {i}: council reviews plan number {i}\"}}\n"
            ));
        }
    }
    s.into_bytes()
}

#[test]
fn a_large_jsonl_input_is_scored_in_several_bounded_batches() {
    let hc = Hypecheck::new().unwrap();
    let batch_size = 16;
    let n = batch_size * 5 + 3;
    let bytes = big_jsonl(n, 10);
    let reader = input::JsonlReader::from_reader("big.jsonl", std::io::Cursor::new(bytes.clone()));
    let mut seen = Vec::new();
    let totals = batch::run(
        reader,
        batch_size,
        |r| hc.score(&r.article),
        |result| -> Result<(), std::convert::Infallible> {
            seen.push(result.map(|r| r.id).map_err(|e| e.record()));
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(totals.batches, 6, "{totals:?}");
    assert_eq!(totals.records, n);
    assert_eq!(totals.errors, n / 10);
    assert_eq!(totals.ok + totals.errors, totals.records);
    // Output order is input order, errors in place.
    for (i, r) in seen.iter().enumerate() {
        let line = i + 1;
        match r {
            Ok(id) => assert_eq!(id, &format!("r{line}")),
            Err(record) => assert_eq!(*record, Some(line)),
        }
    }

    // Triage goes through the same batches.
    let reader = input::JsonlReader::from_reader("big.jsonl", std::io::Cursor::new(bytes));
    let options = Options {
        batch_size,
        limit: Some(5),
        ..Options::default()
    };
    let result = triage::run(&hc, reader, &options, |_| {}, |_| {});
    assert_eq!(result.summary.batches, 6);
    assert_eq!(result.summary.records, n);
    assert_eq!(result.items.len(), 5);
}

#[test]
fn no_progress_bar_in_pipes() {
    let n = batch::DEFAULT_BATCH_SIZE + 50;
    let out = hypecheck()
        .args([
            "triage",
            "--format",
            "jsonl",
            "--input-format",
            "jsonl",
            "-",
        ])
        .write_stdin(big_jsonl(n, n + 1))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out.stdout).len(), n);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end().lines().count(),
        3,
        "only the summary on stderr: {stderr}"
    );
    assert!(!stderr.contains("records scored") && !stderr.contains('\r'));
}
