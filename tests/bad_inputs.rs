//! The bad-input catalogue: hostile or broken files of every kind hypecheck reads, each with
//! the exit code and the message it must give (the file, the line or record, what is wrong).
//! Good records around a bad one are still scored, and the totals add up.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

/// A file in `dir` with these bytes.
fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The reports printed as JSON Lines.
fn reports(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Scores `path` as JSON Lines: exit 2, every message on stderr, `scored` reports on stdout,
/// and the closing total.
fn score_fails(path: &Path, messages: &[&str], scored: usize, total: usize) {
    let mut assert = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(path)
        .assert()
        .code(2);
    for m in messages {
        assert = assert.stderr(predicate::str::contains(*m));
    }
    let failed = total - scored;
    let assert = assert.stderr(predicate::str::contains(format!(
        "hypecheck: {failed} of {total} inputs failed ({scored} scored)"
    )));
    assert_eq!(reports(&assert.get_output().stdout).len(), scored);
}

const GOOD: &str = r#"{"id": "good", "title": "Council approves budget", "body": "The council approved the budget on Tuesday."}"#;

// ---- bytes that are not text ----

#[test]
fn binary_bytes_are_called_binary_not_sent_to_another_encoding() {
    let dir = tempfile::tempdir().unwrap();
    // Not UTF-8, with NUL bytes in no UTF-16 pattern: binary, not koi8-r or windows-1251.
    let blob: Vec<u8> = (0..2048u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .chain([0xff, 0, 0, 0, 0x80, 0])
        .collect();
    let path = file(dir.path(), "blob.dat", blob.as_slice());
    score_fails(
        &path,
        &["blob.dat: binary data, not text (a NUL byte"],
        0,
        1,
    );
    // An executable: named as a program, as is, and read as the UTF-16 it was forced to (not
    // "try utf-16le" again). Its NUL bytes lie on both sides of each byte pair, as no UTF-16
    // text's do.
    let mut elf = [
        b"\x7fELF\x02\x01\x01".as_slice(),
        &[0u8; 9],
        &[0xd8, 0xd8, 0x3e, 0x00],
    ]
    .concat();
    elf.extend((0..4000u32).map(|i| {
        if i % 3 == 0 {
            0
        } else {
            (i % 251) as u8 | 0x80
        }
    }));
    let path = file(dir.path(), "elf.txt", elf.as_slice());
    for args in [&["score"][..], &["score", "--encoding", "utf-16le"]] {
        hypecheck()
            .args(args)
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "elf.txt: a program (an executable or library), not text",
            ))
            .stderr(predicate::str::contains("utf-16").not());
    }
    // A text opening with `MZ` (a Windows program's first bytes) is no program.
    let mz = file(
        dir.path(),
        "mz.txt",
        "MZ Bank posts record profit\n\nThe bank said.\n",
    );
    hypecheck().arg("score").arg(&mz).assert().success();
}

#[test]
fn invalid_utf8_names_the_file_and_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 owner wins award\nThe owner said.",
    );
    score_fails(
        &path,
        &["latin1.txt: not valid UTF-8 (first bad byte at offset 3)"],
        0,
        1,
    );
}

#[test]
fn invalid_utf8_in_one_jsonl_line_names_the_line_and_the_rest_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!("{GOOD}\n").into_bytes();
    bytes.extend_from_slice(b"{\"title\": \"Caf\xe9\"}\n");
    bytes.extend_from_slice(format!("{GOOD}\n").as_bytes());
    let path = file(dir.path(), "mixed.jsonl", bytes);
    score_fails(
        &path,
        &["mixed.jsonl:2: not valid UTF-8 (first bad byte at offset 14)"],
        2,
        3,
    );
}

#[test]
fn an_empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = file(dir.path(), "empty.txt", "");
    let blank = file(dir.path(), "blank.txt", " \n\t\n\n");
    score_fails(&empty, &["empty.txt: empty input: no text to score"], 0, 1);
    score_fails(&blank, &["blank.txt: empty input: no text to score"], 0, 1);
}

#[test]
fn a_binary_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG header: named as an image, whatever the file is called.
    let png = file(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01",
    );
    score_fails(&png, &["image.txt: a PNG image, not text"], 0, 1);
    // Bytes that are not UTF-8: the error says which encoding to try.
    let latin = file(
        dir.path(),
        "latin.txt",
        b"Caf\xe9 owners cheer\n\nThey did.\n",
    );
    score_fails(
        &latin,
        &["latin.txt: not valid UTF-8 (first bad byte at offset 3); if it is in another encoding, name it: try `--encoding windows-1252`"],
        0,
        1,
    );
    // UTF-16 text is valid UTF-8 full of NUL bytes: binary, not text.
    let utf16: Vec<u8> = "Title\nBody text."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16 = file(dir.path(), "utf16.txt", utf16);
    score_fails(
        &utf16,
        &["utf16.txt: binary data, not text (a NUL byte at offset 1; UTF-16 text without a byte-order mark is read with `--encoding utf-16le`"],
        0,
        1,
    );
    let html = file(dir.path(), "page.html", b"<html>\0\0\0</html>");
    score_fails(
        &html,
        &["page.html: binary data, not text (a NUL byte at offset 6;"],
        0,
        1,
    );
}

// ---- sizes ----

/// The issue asks for a 100 MB article; 20 MB keeps the suite fast (a debug build scores it in
/// seconds) and shows the same thing: it completes, and memory grows only linearly (the
/// tokenizer works a 64 KiB piece at a time, and no feature is quadratic in the text).
#[test]
fn a_20_mb_single_article_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The council said on Tuesday that the STUNNING plan would cost $3 million, \
                    according to Reuters. \"We will not back down,\" a spokeswoman said. ";
    let mut text = String::from("Council publishes a very long report\n");
    while text.len() < 20_000_000 {
        text.push_str(sentence);
        if text.len() % 7 == 0 {
            text.push_str("\n\n");
        }
    }
    let path = file(dir.path(), "huge.txt", &text);
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r = reports(&out);
    assert_eq!(r.len(), 1);
    let s = r[0]["scores"]["sensationalism"].as_f64().unwrap();
    let q = r[0]["scores"]["quality"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s) && (0.0..=1.0).contains(&q));
    // log10(1 + words) of about three million words.
    let length = r[0]["features"]["style.body_length"].as_f64().unwrap();
    assert!(length > 6.0, "{length}");
}

#[test]
fn a_1_mb_line_without_spaces_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "wall.txt",
        format!("{}\n{}", "A".repeat(1_000_000), "x!".repeat(500_000)),
    );
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r = reports(&out);
    assert_eq!(r.len(), 1);
    assert!(r[0]["scores"]["sensationalism"].as_f64().is_some());
}

// ---- HTML and feeds ----

fn nested(depth: usize) -> String {
    format!(
        "<html><head><title>Deep page</title></head><body>{}<p>The council approved the budget on Tuesday.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

#[test]
fn deeply_nested_html_is_refused_at_once_not_a_stack_overflow_or_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let html = nested(10_000);
    let at = html.find("<div>").unwrap() + 512 * "<div>".len();
    let deep = file(dir.path(), "deep.html", &html);
    let start = std::time::Instant::now();
    score_fails(
        &deep,
        &[&format!("deep.html: not a valid HTML page: elements are nested more than 512 deep (at byte {at}): too deep to extract an article from")],
        0,
        1,
    );
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
    // As deep as browsers nest is fine.
    let ok = file(dir.path(), "ok.html", nested(500));
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(&ok)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(reports(&out)[0]["title"], "Deep page");
}

#[test]
fn a_feed_entry_with_deeply_nested_html_is_an_error_for_that_entry_only() {
    let dir = tempfile::tempdir().unwrap();
    let escaped = nested(1000).replace('<', "&lt;").replace('>', "&gt;");
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>
<item><title>Council approves budget</title><description>The council met.</description></item>
<item><title>Deep</title><description>{escaped}</description></item>
</channel></rss>"#
    );
    let path = file(dir.path(), "deep.rss", feed);
    score_fails(
        &path,
        &["deep.rss:2: entry 2: its summary: elements are nested more than 512 deep"],
        1,
        2,
    );
}

#[test]
fn a_feed_that_is_not_xml_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = file(dir.path(), "news.rss", "Council approves budget\nIt did.\n");
    score_fails(
        &text,
        &["news.rss: not a valid RSS or Atom feed: not XML: a feed starts with `<`, this file starts with \"Council approves budget\\n\""],
        0,
        1,
    );
    // (An HTML page saved as `.xml` or `.rss` is read as the page it is: tests/feeds.rs.)
    let other = file(
        dir.path(),
        "other.rss",
        "<note><body>Not a feed</body></note>",
    );
    score_fails(
        &other,
        &["other.rss: not a valid RSS or Atom feed: no complete <rss>, <feed> or <rdf:RDF> element"],
        0,
        1,
    );
}

// ---- records ----

#[test]
fn jsonl_with_a_truncated_last_line_scores_the_rest_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "cut.jsonl",
        format!("{GOOD}\n\n{GOOD}\n{{\"id\": \"c\", \"title\": \"Council app"),
    );
    // Blank lines are not records; line numbers still count them.
    score_fails(
        &path,
        &["cut.jsonl:4: truncated JSON record (EOF while parsing a string"],
        2,
        3,
    );
    // Cut in the middle of the file: its string runs into the next line.
    let path = file(
        dir.path(),
        "cut-middle.jsonl",
        format!("{GOOD}\n{{\"id\": \"b\", \"title\": \"Council app\n{GOOD}\n"),
    );
    score_fails(
        &path,
        &["cut-middle.jsonl:2: truncated JSON record: a string is still open where the line ends \
           (one record per line; a line break inside a string is written `\\n`)\n"],
        2,
        3,
    );
}

/// The parser counts lines within a record; the message names the file's line, and within
/// it only the column, so the two never disagree.
#[test]
fn a_malformed_record_is_placed_by_its_line_in_the_file_and_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "columns.jsonl",
        format!("{GOOD}\n{GOOD}\n{{\"title\":\"c\" \"body\":\"x\"}}\n{{\"title\": 5}}\n"),
    );
    score_fails(
        &path,
        &[
            "columns.jsonl:3: malformed JSON (expected `,` or `}` at column 14)\n",
            "columns.jsonl:4: a field has the wrong type (`id`, `title`, `body`, `text` and `label` are strings) (invalid type: integer `5`, expected a string at column 11)\n",
        ],
        2,
        4,
    );
    hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(&path)
        .assert()
        .stderr(predicate::str::contains(" at line ").not());
}

#[test]
fn json_that_is_valid_but_has_no_text_names_the_line_and_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "notext.jsonl",
        format!(
            "{{\"id\": \"a\", \"headline\": \"x\", \"content\": \"y\"}}\n[\"a\", \"b\"]\n\"just a string\"\n{{\"title\": 5}}\n{GOOD}\n{{\"id\": \"b\", \"title\": \"\", \"body\": \" \"}}\n{{}}\n"
        ),
    );
    score_fails(
        &path,
        &[
            // Text under other names: the fields the record has are named.
            "notext.jsonl:1: the record has no `title`, `body` or `text` field (found: content, headline, id)",
            "notext.jsonl:6: record has no text: `title`, `body` and `text` are all missing or empty",
            "notext.jsonl:7: the record has no `title`, `body` or `text` field (found: no fields)",
            "notext.jsonl:2: a record must be a JSON object with `title`, `body` or `text`, not an array",
            "notext.jsonl:3: a record must be a JSON object with `title`, `body` or `text`, not a string",
            "notext.jsonl:4: a field has the wrong type (`id`, `title`, `body`, `text` and `label` are strings) (invalid type: integer `5`, expected a string",
        ],
        1,
        7,
    );
}

#[test]
fn csv_with_a_wrong_column_count_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "cols.csv",
        "id,title,body\n1,Council approves budget,The council met.\n2,Too few\n3,a,b,too many\n4,\"Multi\nline\",ok\n5,Parks plant trees,Volunteers did.\n",
    );
    score_fails(
        &path,
        &[
            "cols.csv:3: wrong number of fields: 2 where the header has 3",
            "cols.csv:4: wrong number of fields: 4 where the header has 3",
        ],
        3,
        5,
    );
}

// ---- model files ----

/// The shipped sensationalism model as JSON, to break.
fn model() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string("models/sensationalism.json").unwrap()).unwrap()
}

/// `score` with this model file fails before scoring anything, with this message.
fn model_fails(dir: &Path, name: &str, text: &str, message: &str) {
    let path = file(dir, name, text);
    hypecheck()
        .args([
            "score",
            "--format",
            "jsonl",
            "examples/headline.txt",
            "--model",
        ])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "hypecheck: error: {}: {message}",
            path.display()
        )));
}

#[test]
fn a_truncated_model_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = serde_json::to_string_pretty(&model()).unwrap();
    model_fails(
        dir.path(),
        "cut.json",
        &text[..text.len() / 2],
        "corrupt model file: truncated: the file ends before its JSON is complete (EOF while parsing",
    );
}

#[test]
fn a_model_of_an_unknown_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = model();
    m["format_version"] = 3.into();
    model_fails(
        dir.path(),
        "v3.json",
        &m.to_string(),
        "unknown model format version 3 (this hypecheck reads version 2)",
    );
    // Some other JSON (a report, a config): said to be no model file, and what one is.
    model_fails(
        dir.path(),
        "report.json",
        r#"{"scores": {"sensationalism": 0.5}}"#,
        "corrupt model file: no `format_version`: this JSON is not a hypecheck model file \
         (model files are written by `hypecheck train`)",
    );
}

#[test]
fn a_model_with_nan_or_out_of_range_weights_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    // JSON has no NaN: serde_json stops at the token, and the message says what it is.
    let mut m = model();
    m["weights"][3] = 123456.75.into();
    let text = serde_json::to_string_pretty(&m).unwrap();
    let line = 1 + text[..text.find("123456.75").unwrap()]
        .matches('\n')
        .count();
    model_fails(
        dir.path(),
        "nan.json",
        &text.replace("123456.75", "NaN"),
        &format!("corrupt model file: `NaN` at line {line} column 5: JSON has no NaN or infinity, and every number in a model must be finite"),
    );
    model_fails(
        dir.path(),
        "inf.json",
        &text.replace("123456.75", "-Infinity"),
        &format!("corrupt model file: `-Infinity` at line {line} column 6: JSON has no NaN"),
    );
    // 1e400 is valid JSON but no 64-bit float: serde_json calls it out of range.
    model_fails(
        dir.path(),
        "huge.json",
        &text.replace("123456.75", "1e400"),
        "corrupt model file: number out of range at line",
    );
    // Finite but absurd numbers would overflow a score to NaN: refused too.
    model_fails(
        dir.path(),
        "big.json",
        &text.replace("123456.75", "1e300"),
        "invalid number in `weights` at index 3: 1e300 (weights must be finite and at most 1e6 in magnitude)",
    );
    let mut m = model();
    m["scales"][0] = 5e-324.into();
    model_fails(
        dir.path(),
        "tiny.json",
        &m.to_string(),
        "invalid number in `scales` at index 0: 5e-324 (scales must be finite and at least 1e-9)",
    );
}

#[test]
fn a_model_built_for_other_features_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = model();
    m["features"][5] = "hype.renamed_feature".into();
    model_fails(
        dir.path(),
        "renamed.json",
        &m.to_string(),
        &format!(
            "model built for other features: feature 5 is `hype.renamed_feature`, this hypecheck expects `{}`",
            hypecheck::Feature::ALL[5].name()
        ),
    );
    let mut m = model();
    for field in ["features", "means", "scales", "weights"] {
        m[field].as_array_mut().unwrap().truncate(10);
    }
    model_fails(
        dir.path(),
        "short.json",
        &m.to_string(),
        "model built for other features: it lists 10 of the",
    );
}

/// A model file written before a hand-crafted feature existed lists one feature fewer: it
/// loads, and scores as it did (the missing feature weighs nothing).
#[test]
fn a_model_written_before_a_feature_existed_loads_and_scores_as_it_did() {
    use hypecheck::Feature;
    let dir = tempfile::tempdir().unwrap();
    let mut full: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("models/quality.json").unwrap()).unwrap();
    let j = Feature::ALL
        .iter()
        .position(|&f| f == Feature::NamedSources)
        .unwrap();
    // The same model with that feature weighing nothing, and without it at all.
    full["weights"][j] = 0.0.into();
    let mut older = full.clone();
    for field in [
        "features",
        "means",
        "scales",
        "weights",
        "transforms",
        "ranges",
    ] {
        older[field].as_array_mut().unwrap().remove(j);
    }
    let scores = |name: &str, m: &serde_json::Value| -> serde_json::Value {
        let path = file(dir.path(), name, m.to_string());
        let wire = ["score", "--format", "jsonl", "examples/wire-report.txt"];
        let run = hypecheck().args(wire).arg("--model").arg(&path).assert();
        let report: serde_json::Value =
            serde_json::from_slice(&run.success().get_output().stdout).unwrap();
        report["scores"].clone()
    };
    let (a, b) = (scores("full.json", &full), scores("older.json", &older));
    assert!(a["quality"].as_f64().is_some(), "{a}");
    assert_eq!(a, b);
    // Names out of order are no older file: refused as before.
    let mut swapped = full.clone();
    swapped["features"].as_array_mut().unwrap().swap(j, j + 1);
    swapped["features"].as_array_mut().unwrap().remove(j + 2);
    for field in ["means", "scales", "weights", "transforms", "ranges"] {
        swapped[field].as_array_mut().unwrap().remove(j + 2);
    }
    model_fails(
        dir.path(),
        "swapped.json",
        &swapped.to_string(),
        "model built for other features",
    );
}

// ---- lexicons ----

#[test]
fn a_lexicon_file_with_an_invalid_line_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = file(
        dir.path(),
        "hype_words.txt",
        "# my hype words\nstunning\nbad\tentry\n",
    );
    lexicons_refused(
        dir.path(),
        &format!(
            "{}:3: invalid lexicon entry: control characters (tabs included) are not allowed",
            lexicon.display()
        ),
    );
    std::fs::write(&lexicon, format!("stunning\n{}\n", "very ".repeat(50))).unwrap();
    lexicons_refused(
        dir.path(),
        "hype_words.txt:2: invalid lexicon entry: entry longer than 200 bytes",
    );
    std::fs::write(&lexicon, b"stunning\n\xff\n").unwrap();
    lexicons_refused(
        dir.path(),
        "hype_words.txt:2: invalid lexicon entry: not valid UTF-8",
    );
}

/// `score` with `--lexicons dir` is refused: exit code 2, nothing on stdout, `message` on
/// stderr.
fn lexicons_refused(dir: &Path, message: &str) {
    hypecheck()
        .args(["score", "examples/headline.txt", "--lexicons"])
        .arg(dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(message));
}

#[test]
fn the_shipped_lexicon_directory_is_accepted_and_a_changed_fixed_list_is_refused() {
    // A copy of models/lexicons, kickers.txt included, is a valid `--lexicons` directory.
    hypecheck()
        .args([
            "score",
            "examples/tabloid.txt",
            "--lexicons",
            "models/lexicons",
        ])
        .assert()
        .success();
    // A changed kicker or page-furniture list is refused: both are read when an article is
    // split, before lexicons apply.
    for (name, text) in [
        ("kickers.txt", "breaking\turgent\n"),
        ("page_furniture.txt", "line advertisement\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let changed = file(dir.path(), name, text);
        lexicons_refused(
            dir.path(),
            &format!(
                "{}: this list is read when an article is split",
                changed.display()
            ),
        );
    }
}

// ---- directories and batches ----

#[test]
fn a_directory_with_an_unreadable_file_scores_the_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    file(
        dir.path(),
        "a.txt",
        "Council approves budget\nThe council met.",
    );
    let locked = file(dir.path(), "b.txt", "Parks plant trees\nVolunteers did.");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // root reads a file whatever its mode: nothing to test here.
        eprintln!("skipped: running as root, so a chmod 000 file is still readable");
        return;
    }
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: cannot read: Permission denied",
            locked.display()
        )))
        .stderr(predicate::str::contains(
            "hypecheck: 1 of 2 inputs failed (1 scored)",
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(reports(&out).len(), 1);
}

/// One run over many bad inputs and a few good ones: every good record is scored, every bad
/// one named, and `score`'s and `triage`'s totals add up.
#[test]
fn in_a_batch_good_records_are_scored_and_the_totals_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(d, "a-good.txt", "Council approves budget\nThe council met.");
    file(d, "b-empty.txt", "");
    file(d, "c-latin1.txt", b"Caf\xe9\n");
    file(
        d,
        "d-records.jsonl",
        format!("{GOOD}\n[1]\n{GOOD}\n{{\"title\": \"cut"),
    );
    file(
        d,
        "e-cols.csv",
        "title,body\nParks plant trees,Volunteers did.\nshort\n",
    );
    file(d, "f-feed.rss", "not a feed");
    file(d, "g-deep.html", nested(600));
    // 1 + 2 + 1 good; 1 + 1 + 2 + 1 + 1 + 1 bad.
    let (good, bad) = (4, 7);
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(d)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "hypecheck: {bad} of {} inputs failed ({good} scored)",
            good + bad
        )))
        .get_output()
        .clone();
    assert_eq!(reports(&out.stdout).len(), good);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors = stderr
        .lines()
        .filter(|l| l.starts_with("hypecheck: error: "))
        .count();
    assert_eq!(errors, bad, "{stderr}");
    for name in [
        "b-empty.txt: empty input",
        "c-latin1.txt: not valid UTF-8",
        "d-records.jsonl:2: a record must be a JSON object",
        "d-records.jsonl:4: truncated JSON record",
        "e-cols.csv:3: wrong number of fields",
        "f-feed.rss: not a valid RSS or Atom feed: not XML",
        "g-deep.html: not a valid HTML page: elements are nested more than 512 deep",
    ] {
        assert!(stderr.contains(name), "missing {name:?} in {stderr}");
    }

    // triage counts the same, and says so in its summary on stderr.
    let out = hypecheck()
        .args(["triage", "--format", "jsonl", "--errors", "inline"])
        .arg(d)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{} records: {good} scored, {bad} errors",
            good + bad
        )))
        .get_output()
        .stdout
        .clone();
    let lines = reports(&out);
    assert_eq!(lines.len(), good + bad);
    let inline = lines.iter().filter(|l| l.get("error").is_some()).count();
    assert_eq!(inline, bad);
}

/// A batch file that holds no records is a warning naming it, as a feed with no entries is:
/// never a silent success. (name, file, its bytes, the warning)
#[test]
fn a_batch_file_with_no_records_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let table: &[(&str, &str, &[u8], &str)] = &[
        (
            "empty JSON Lines",
            "empty.jsonl",
            b"",
            "empty.jsonl: the JSON Lines file holds no records",
        ),
        (
            "blank lines",
            "blank.jsonl",
            b"\n  \n\t\n",
            "blank.jsonl: the JSON Lines file holds no records",
        ),
        (
            "a CSV header alone",
            "header.csv",
            b"id,title,body\n",
            "header.csv: the CSV file holds no records",
        ),
        (
            "an empty CSV",
            "empty.csv",
            b"",
            "empty.csv: the CSV file holds no records",
        ),
    ];
    for (name, file_name, bytes, warning) in table {
        let path = file(dir.path(), file_name, bytes);
        let out = hypecheck()
            .args(["score", "--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}");
        assert!(
            stderr.contains("hypecheck: warning: ") && stderr.contains(warning),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains("1 input with nothing to score"),
            "{name}: {stderr}"
        );
    }
    // Beside a good file, the good file is still scored.
    let good = file(
        dir.path(),
        "good.jsonl",
        "{\"id\":\"a\",\"title\":\"Council approves budget\",\"body\":\"The council met.\"}\n",
    );
    let empty = dir.path().join("empty.jsonl");
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(&empty)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(reports(&out.stdout).len(), 1);
}
