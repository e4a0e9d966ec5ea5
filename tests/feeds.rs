//! Every kind of feed, page and encoding a feed reader handles (issue 16, items 1–5): content
//! sniffing, decoding before parsing, parser panics caught, nothing lost without a word, and
//! text as a reader sees it. Every fixture is built here.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

struct Run {
    code: i32,
    reports: Vec<serde_json::Value>,
    stderr: String,
}

/// `score --format jsonl` with `args`, and `stdin` when given.
fn score(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = hypecheck();
    cmd.args(["score", "--format", "jsonl"]).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        reports: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn score_file(path: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&str> = extra.to_vec();
    args.push(path.to_str().unwrap());
    score(&args, None)
}

fn titles(run: &Run) -> Vec<String> {
    run.reports
        .iter()
        .map(|r| r["title"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Headlines as printed, a kicker set apart (`EXCLUSIVE`) put back in front.
fn headlines(run: &Run) -> Vec<String> {
    run.reports
        .iter()
        .map(|r| {
            let title = r["title"].as_str().unwrap_or("");
            match r["kicker"].as_str() {
                Some(kicker) => format!("{kicker}: {title}"),
                None => title.to_string(),
            }
        })
        .collect()
}

const RSS2: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Council approves bus lane plan</title><description>The council voted on Tuesday.</description><guid>a1</guid></item>
<item><title>Rain expected over the weekend</title><description>Forecasters said on Monday.</description><guid>a2</guid></item>
</channel></rss>"#;

const RSS1: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://example.org/"><title>Wire</title><link>http://example.org/</link><description>d</description></channel>
<item rdf:about="http://example.org/1"><title>Council approves bus lane plan</title><link>http://example.org/1</link><description>The council voted on Tuesday.</description></item>
<item rdf:about="http://example.org/2"><title>Rain expected over the weekend</title><link>http://example.org/2</link><description>Forecasters said on Monday.</description></item>
</rdf:RDF>"#;

const RSS090: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
<channel><title>Wire</title><link>http://example.org/</link><description>d</description></channel>
<item><title>Council approves bus lane plan</title><link>http://example.org/1</link></item>
<item><title>Rain expected over the weekend</title><link>http://example.org/2</link></item>
</rdf:RDF>"#;

const ATOM03: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>Wire</title><modified>2004-01-01T00:00:00Z</modified>
<entry><title>Council approves bus lane plan</title><id>tag:x,2004:1</id><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-01T00:00:00Z</modified><summary>The council voted on Tuesday.</summary></entry>
<entry><title>Rain expected over the weekend</title><id>tag:x,2004:2</id><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-01T00:00:00Z</modified><content type="text/html" mode="escaped">&lt;p&gt;Forecasters said on Monday.&lt;/p&gt;</content></entry>
</feed>"#;

const ATOM10: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>Council approves bus lane plan</title><id>1</id><updated>2024-01-01T00:00:00Z</updated><summary>The council voted on Tuesday.</summary></entry>
<entry><title>Rain expected over the weekend</title><id>2</id><updated>2024-01-01T00:00:00Z</updated><summary>Forecasters said on Monday.</summary></entry></feed>"#;

const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
 "items": [{"id": "1", "title": "Council approves bus lane plan", "content_text": "The council voted on Tuesday."},
           {"id": "2", "title": "Rain expected over the weekend", "content_text": "Forecasters said on Monday."}]}"#;

const TWO: [&str; 2] = [
    "Council approves bus lane plan",
    "Rain expected over the weekend",
];

#[test]
fn every_feed_dialect_yields_its_entries_under_any_name_and_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    for (dialect, doc) in [
        ("rss2", RSS2),
        ("rss1", RSS1),
        ("rss090", RSS090),
        ("atom03", ATOM03),
        ("atom10", ATOM10),
        ("jsonfeed", JSON_FEED),
    ] {
        for ext in ["xml", "rdf", "json", "txt", "", "html"] {
            let name = format!("{dialect}{}{ext}", if ext.is_empty() { "" } else { "." });
            let run = score_file(&file(dir.path(), &name, doc), &[]);
            assert_eq!(run.code, 0, "{name}: {}", run.stderr);
            assert_eq!(titles(&run), TWO, "{name}");
        }
        let run = score(&["-"], Some(doc.as_bytes()));
        assert_eq!(run.code, 0, "{dialect} on stdin: {}", run.stderr);
        assert_eq!(titles(&run), TWO, "{dialect} on stdin");
    }
}

#[test]
fn atom_03_escaped_content_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "old.xml", ATOM03);
    let out = hypecheck()
        .args(["explain", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["body"], "Forecasters said on Monday.");
}

#[test]
fn jsonl_html_and_csv_are_sniffed_on_stdin_and_under_generic_names() {
    let jsonl = "{\"id\": \"a\", \"title\": \"Council approves bus lane plan\", \"body\": \"The council voted.\"}\n{\"id\": \"b\", \"title\": \"Rain expected over the weekend\", \"body\": \"Forecasters said.\"}\n";
    let run = score(&["-"], Some(jsonl.as_bytes()));
    assert_eq!(titles(&run), TWO, "{}", run.stderr);
    let dir = tempfile::tempdir().unwrap();
    let run = score_file(&file(dir.path(), "records.json", jsonl), &[]);
    assert_eq!(titles(&run), TWO, "{}", run.stderr);

    let csv = "id,title,body\na,Council approves bus lane plan,The council voted.\nb,Rain expected over the weekend,Forecasters said.\n";
    let run = score(&["-"], Some(csv.as_bytes()));
    assert_eq!(titles(&run), TWO, "{}", run.stderr);

    let page = "<!DOCTYPE html>\n<html><head><title>Council approves bus lane plan</title></head><body><article><p>The council voted 7 to 2 on Tuesday, the clerk said.</p></article></body></html>";
    let run = score(&["-"], Some(page.as_bytes()));
    assert_eq!(
        titles(&run),
        ["Council approves bus lane plan"],
        "{}",
        run.stderr
    );

    // Plain text stays plain text, and `--input-format` still decides.
    let run = score(
        &["-"],
        Some(b"Council approves bus lane plan\n\nThe council voted.\n"),
    );
    assert_eq!(titles(&run), ["Council approves bus lane plan"]);
    let run = score(&["--input-format", "text", "-"], Some(RSS2.as_bytes()));
    assert_eq!(run.reports.len(), 1, "{}", run.stderr);
}

/// `text` encoded in `encoding`.
fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text} in {}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let text = if bom {
        format!("\u{feff}{text}")
    } else {
        text.to_string()
    };
    text.encode_utf16()
        .flat_map(|u| match big_endian {
            true => u.to_be_bytes(),
            false => u.to_le_bytes(),
        })
        .collect()
}

#[test]
fn feeds_in_every_encoding_are_decoded_and_the_encoding_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 8] = [
        (
            "windows-1252",
            "windows-1252",
            "Café owners cheer new bus lane",
        ),
        ("iso-8859-2", "ISO-8859-2", "Łódź council approves bus lane"),
        ("koi8-r", "KOI8-R", "Совет одобрил новую полосу"),
        ("windows-1251", "windows-1251", "Совет одобрил новую полосу"),
        ("shift_jis", "Shift_JIS", "市議会がバス専用レーンを承認"),
        ("euc-kr", "EUC-KR", "시의회 버스 전용차로 승인"),
        ("gb18030", "gb18030", "市议会批准公交专用道"),
        (
            "iso-8859-1",
            "windows-1252",
            "Café owners cheer new bus lane",
        ),
    ];
    for (label, name, title) in cases {
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"{label}\"?>\n<rss version=\"2.0\"><channel><title>t</title><item><title>{title}</title><description>{title}.</description></item></channel></rss>"
        );
        let bytes = encode(
            &doc,
            encoding_rs::Encoding::for_label(label.as_bytes()).unwrap(),
        );
        let run = score_file(&file(dir.path(), &format!("{label}.xml"), bytes), &[]);
        assert_eq!(run.code, 0, "{label}: {}", run.stderr);
        assert_eq!(titles(&run), [title], "{label}");
        assert_eq!(run.reports[0]["source"]["encoding"], name, "{label}");
    }
    // UTF-16 with a byte-order mark, or declared without one: the quick-xml panic of issue 16.
    let doc = RSS2.replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    );
    for (name, bytes, encoding) in [
        ("le-bom.rss", utf16(&doc, false, true), "UTF-16LE"),
        ("be-bom.rss", utf16(&doc, true, true), "UTF-16BE"),
        ("le.rss", utf16(&doc, false, false), "UTF-16LE"),
        ("be.xml", utf16(&doc, true, false), "UTF-16BE"),
    ] {
        let run = score_file(&file(dir.path(), name, bytes), &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(titles(&run), TWO, "{name}");
        assert_eq!(run.reports[0]["source"]["encoding"], encoding, "{name}");
    }
    // A UTF-8 feed that says UTF-16 (a common mislabel) is read as UTF-8.
    let run = score_file(&file(dir.path(), "mislabel.rss", &doc), &[]);
    assert_eq!(titles(&run), TWO, "{}", run.stderr);
    assert!(run.reports[0]["source"].get("encoding").is_none());
}

#[test]
fn pages_declaring_a_charset_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        "<p>The café owners said on Tuesday that the council had voted 7 to 2 for the plan.</p>";
    for (meta, label, title) in [
        (
            "<meta charset=\"windows-1252\">",
            "windows-1252",
            "Café owners cheer the bus lane",
        ),
        (
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">",
            "KOI8-R",
            "Совет одобрил новую полосу",
        ),
        (
            "<meta charset='shift_jis'>",
            "Shift_JIS",
            "市議会がバス専用レーンを承認",
        ),
    ] {
        let page = format!(
            "<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body><article>{body}</article></body></html>"
        );
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, _) = encoding.encode(&page);
        let run = score_file(&file(dir.path(), &format!("{label}.html"), bytes), &[]);
        assert_eq!(run.code, 0, "{label}: {}", run.stderr);
        assert_eq!(titles(&run), [title], "{label}");
        assert_eq!(run.reports[0]["source"]["encoding"], label);
    }
    let page = format!("<html><head><title>Headline here</title></head><body>{body}</body></html>");
    let run = score_file(
        &file(dir.path(), "bom16.html", utf16(&page, false, true)),
        &[],
    );
    assert_eq!(titles(&run), ["Headline here"], "{}", run.stderr);
}

#[test]
fn text_encodings_and_binary_formats_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let article = "Café owners cheer the new bus lane\n\nThe owners said on Tuesday that the council voted.\n";
    // UTF-16 with a byte-order mark is decoded; so is a UTF-8 byte-order mark stripped.
    for (name, bytes, encoding) in [
        ("le.txt", utf16(article, false, true), Some("UTF-16LE")),
        ("be.txt", utf16(article, true, true), Some("UTF-16BE")),
        (
            "bom8.txt",
            [b"\xef\xbb\xbf".as_slice(), article.as_bytes()].concat(),
            None,
        ),
    ] {
        let run = score_file(&file(dir.path(), name, bytes), &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(
            titles(&run),
            ["Café owners cheer the new bus lane"],
            "{name}"
        );
        assert_eq!(run.reports[0]["source"]["encoding"].as_str(), encoding);
    }
    // Legacy encodings: the error names the encoding to try, and `--encoding` reads it.
    for (label, text) in [
        ("windows-1252", article.to_string()),
        ("koi8-r", "Совет одобрил новую полосу движения\n\nСовет проголосовал во вторник, сказал секретарь.\n".to_string()),
        ("shift_jis", "市議会がバス専用レーンを承認した\n\nひらがなとカタカナのニュースです。\n".to_string()),
    ] {
        let bytes = encode(&text, encoding_rs::Encoding::for_label(label.as_bytes()).unwrap());
        let path = file(dir.path(), &format!("{label}.txt"), bytes);
        let run = score_file(&path, &[]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains(&format!("{}: not valid UTF-8", path.display()))
                && run.stderr.contains(&format!("try `--encoding {label}`")),
            "{label}: {}",
            run.stderr
        );
        let run = score_file(&path, &["--encoding", label, "--headline", "first-line"]);
        assert_eq!(run.code, 0, "{label}: {}", run.stderr);
        assert_eq!(titles(&run), [text.lines().next().unwrap()]);
    }
    // UTF-16 without a byte-order mark.
    let path = file(dir.path(), "nobom.txt", utf16(article, false, false));
    let run = score_file(&path, &[]);
    assert!(run.stderr.contains("--encoding utf-16le"), "{}", run.stderr);
    assert_eq!(score_file(&path, &["--encoding", "utf-16le"]).code, 0);
    // JSON Lines in UTF-16 with a mark, and in a legacy encoding named on the command line.
    let jsonl = "{\"title\": \"Café owners cheer\", \"body\": \"The owners said so.\"}\n";
    let run = score_file(
        &file(dir.path(), "u16.jsonl", utf16(jsonl, false, true)),
        &[],
    );
    assert_eq!(titles(&run), ["Café owners cheer"], "{}", run.stderr);
    let path = file(
        dir.path(),
        "latin.jsonl",
        encode(jsonl, encoding_rs::WINDOWS_1252),
    );
    let run = score_file(&path, &["--encoding", "latin1"]);
    assert_eq!(titles(&run), ["Café owners cheer"], "{}", run.stderr);
    assert_eq!(run.reports[0]["source"]["encoding"], "windows-1252");
    // JSON Lines and CSV in UTF-32 with a mark (whose LE mark begins with UTF-16LE's).
    let csv = "title,body\n\"Café owners cheer\",\"The owners said so.\"\n";
    for (name, text, big_endian) in [
        ("u32le.jsonl", jsonl, false),
        ("u32be.jsonl", jsonl, true),
        ("u32le.csv", csv, false),
    ] {
        let bytes: Vec<u8> = std::iter::once('\u{feff}')
            .chain(text.chars())
            .flat_map(|c| match big_endian {
                true => (c as u32).to_be_bytes(),
                false => (c as u32).to_le_bytes(),
            })
            .collect();
        let run = score_file(&file(dir.path(), name, bytes), &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(titles(&run), ["Café owners cheer"], "{name}");
        let wanted = if big_endian { "UTF-32BE" } else { "UTF-32LE" };
        assert_eq!(run.reports[0]["source"]["encoding"], wanted, "{name}");
    }
    // `--encoding utf-32le` says UTF-32 needs no option, and how to convert unmarked text.
    let run = score_file(&path, &["--encoding", "utf-32le"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("UTF-32 is read from its byte-order mark")
            && run.stderr.contains("iconv -f UTF-32LE -t UTF-8"),
        "{}",
        run.stderr
    );
    // Binary formats are named, with what to do.
    for (name, bytes, what) in [
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "a PDF document, not text: extract its text first",
        ),
        (
            "story.docx",
            b"PK\x03\x04\x14\x00\x06\x00".to_vec(),
            "a zip archive (an Office document",
        ),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00".to_vec(),
            "an old Office document",
        ),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00".to_vec(),
            "a PNG image, not text",
        ),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF".to_vec(),
            "a JPEG image, not text",
        ),
        (
            "anim.gif",
            b"GIF89a\x01\x00".to_vec(),
            "a GIF image, not text",
        ),
        ("feed.rss", b"%PDF-1.4\n".to_vec(), "a PDF document"),
        (
            "data.jsonl",
            b"PK\x03\x04\x14\x00".to_vec(),
            "a zip archive",
        ),
    ] {
        let path = file(dir.path(), name, bytes);
        let run = score_file(&path, &[]);
        assert_eq!(run.code, 2, "{name}");
        assert!(
            run.stderr.contains(&format!("{}: {what}", path.display())),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_parser_failure_is_that_files_error_and_the_batch_goes_on() {
    // The UTF-16 feeds that panicked inside quick-xml are read (above); whatever else a
    // parser panics on ends as `FILE: feed parser failed: …` (see the unit test of
    // `input::guarded`). Here: a batch of broken and good feeds never loses the good ones.
    let dir = tempfile::tempdir().unwrap();
    let doc = RSS2.replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    );
    file(dir.path(), "a.rss", utf16(&doc, false, true));
    file(dir.path(), "b.rss", "<rss><channel><item><title>cut");
    file(dir.path(), "c.rss", utf16(&doc, true, false));
    file(dir.path(), "d.rss", RSS2);
    let run = score(&[dir.path().to_str().unwrap()], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.reports.len(), 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("b.rss: not a valid RSS or Atom feed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 of 7 inputs failed (6 scored)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn nothing_is_lost_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let empty = file(
        dir.path(),
        "empty.rss",
        "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
    );
    let run = score_file(&empty, &[]);
    assert_eq!(run.code, 0);
    assert!(run.reports.is_empty());
    assert!(
        run.stderr.contains(&format!(
            "warning: {}: the RSS 2.0 feed holds no entries",
            empty.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 input with nothing to score"),
        "{}",
        run.stderr
    );
    let atom = file(
        dir.path(),
        "empty.atom",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>q</title></feed>",
    );
    let out = hypecheck()
        .args(["triage", "--format", "jsonl"])
        .arg(&atom)
        .arg(&empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("empty.atom: the Atom feed holds no entries"),
        "{stderr}"
    );
    assert!(stderr.contains("2 warnings"), "{stderr}");

    // An entry with no text is an error naming the entry; the others are scored.
    let feed = file(
        dir.path(),
        "holes.rss",
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><title>Council approves bus lane plan</title></item>\
         <item><guid>urn:x:2</guid><title> </title><description></description></item>\
         <item><title>Rain expected over the weekend</title></item></channel></rss>",
    );
    let run = score_file(&feed, &[]);
    assert_eq!(run.code, 2);
    assert_eq!(titles(&run), TWO);
    assert!(
        run.stderr.contains(&format!(
            "{}:2: entry 2 (urn:x:2) has no text",
            feed.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 of 3 inputs failed (2 scored)"),
        "{}",
        run.stderr
    );
}

#[test]
fn feed_titles_and_summaries_read_as_a_feed_reader_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let feed = file(
        dir.path(),
        "marked.rss",
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><title>&lt;b&gt;Council&lt;/b&gt; approves bus &amp;amp; tram plan</title>\
         <description>The council &amp;amp; the mayor &lt;i&gt;agreed&lt;/i&gt; on Tuesday.</description></item>\
         <item><title><![CDATA[Rain &amp; wind <em>expected</em>]]></title><description>Plain AT&amp;T text, 3 &lt; 4.</description></item>\
         </channel></rss>",
    );
    let out = hypecheck()
        .args(["explain", "--format", "json"])
        .arg(&feed)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["title"], "Council approves bus & tram plan");
    assert_eq!(v[0]["body"], "The council & the mayor agreed on Tuesday.");
    assert_eq!(v[1]["title"], "Rain & wind expected");
    assert_eq!(v[1]["body"], "Plain AT&T text, 3 < 4.");
}

#[test]
fn an_html_page_keeps_its_whole_headline() {
    let dir = tempfile::tempdir().unwrap();
    let body = "<p>The mayor said on Tuesday that the council had voted 7 to 2 for the plan, according to the clerk.</p>";
    let page = |head: &str, h1: &str| {
        format!("<!DOCTYPE html><html><head>{head}</head><body><nav>Home | News</nav><article>{h1}{body}{body}</article></body></html>")
    };
    for (name, html, want) in [
        ("shock", page("<title>SHOCKING: Mayor caught on tape</title>", ""), "SHOCKING: Mayor caught on tape"),
        ("led", page("<title>LED : lamps to line the new bus lane</title>", ""), "LED : lamps to line the new bus lane"),
        (
            "site",
            page("<title>SHOCKING: Mayor caught on tape | The Daily Bugle</title><meta property=\"og:site_name\" content=\"The Daily Bugle\">", ""),
            "SHOCKING: Mayor caught on tape",
        ),
        (
            "host",
            page("<title>Bugle - BREAKING: Mayor resigns - Bugle.com</title><link rel=\"canonical\" href=\"https://www.bugle.com/a/1\">", ""),
            "Bugle - BREAKING: Mayor resigns",
        ),
        (
            "not-site",
            page("<title>Mayor resigns - What happens next</title>", ""),
            "Mayor resigns - What happens next",
        ),
        (
            "og",
            page("<meta property=\"og:title\" content=\"EXCLUSIVE: The mayor's secret deal\"><title>Deal | Bugle</title>", "<h1>Other</h1>"),
            "EXCLUSIVE: The mayor's secret deal",
        ),
        (
            "h1",
            page("<title>Bugle</title>", "<h1>WATCH: Mayor's tirade at council</h1>"),
            "WATCH: Mayor's tirade at council",
        ),
    ] {
        let run = score_file(&file(dir.path(), &format!("{name}.html"), html), &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(headlines(&run), [want], "{name}");
    }
}
