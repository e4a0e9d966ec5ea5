//! Kinds of real-world feed the floor run over feedparser's test suite
//! (`scripts/feeds-floor.sh`) found refused although a feed reader reads them. Every fixture
//! is written here.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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

fn score(path: &Path) -> Run {
    let out = Command::cargo_bin("hypecheck")
        .unwrap()
        .args(["score", "--format", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        reports: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Each entry's body as read, from `explain --format json`.
fn bodies(path: &Path) -> Vec<String> {
    let out = Command::cargo_bin("hypecheck")
        .unwrap()
        .args(["explain", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap_or("").to_string())
        .collect()
}

fn titles(run: &Run) -> Vec<String> {
    run.reports
        .iter()
        .map(|r| r["title"].as_str().unwrap_or("").to_string())
        .collect()
}

fn rss(open: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n{open}\n<channel><title>Harbour news</title>\n\
         <item><title>Ferry timetable changes in March</title>\
         <description>The council said the early ferry moves to 6:40 from the first week.</description></item>\n\
         </channel>\n</rss>\n"
    )
}

#[test]
fn rss_without_a_version_or_with_one_the_parser_does_not_know_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, open) in [
        ("none.xml", "<rss>"),
        ("v093.xml", "<rss version=\"0.93\">"),
        ("v094.xml", "<rss version='0.94'>"),
        (
            "v201.xml",
            "<rss version=\"2.0.1\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
        ),
        ("v30.xml", "<rss\n  version=\"3.0\">"),
    ] {
        let run = score(&file(dir.path(), name, rss(open)));
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(titles(&run), ["Ferry timetable changes in March"], "{name}");
        assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
    }
    // A doctype with an internal subset before the root.
    let doctype = rss("<rss>").replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [ <!ENTITY port \"Harbour\"> ]>",
    );
    let run = score(&file(dir.path(), "doctype.xml", doctype));
    assert_eq!(
        titles(&run),
        ["Ferry timetable changes in March"],
        "{}",
        run.stderr
    );

    // An empty feed is still a warning, naming the dialect as the feed gives it.
    let empty = file(
        dir.path(),
        "empty094.rss",
        "<rss version=\"0.94\"><channel><title>x</title></channel></rss>",
    );
    let run = score(&empty);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("empty094.rss: the RSS 0.94 feed holds no entries"),
        "{}",
        run.stderr
    );
    let run = score(&file(dir.path(), "bare.rss", "<rss>\n</rss>\n"));
    assert!(
        run.stderr
            .contains("bare.rss: the RSS feed (no version given) holds no entries"),
        "{}",
        run.stderr
    );
}

#[test]
fn items_straight_under_rss_without_a_channel_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let feed = "<rss version=\"2.0\">\n<item><title>Bridge reopens after repairs</title>\
                <description>Traffic returned on Monday.</description></item>\n</rss>";
    let run = score(&file(dir.path(), "nochannel.xml", feed));
    assert_eq!(
        titles(&run),
        ["Bridge reopens after repairs"],
        "{}",
        run.stderr
    );
}

#[test]
fn atom_text_types_the_parser_refuses_are_mapped_and_binary_content_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let atom10 = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text/plain">Valley gazette</title>
  <entry>
    <title type="text/plain">Library extends its opening hours</title>
    <id>urn:x:1</id>
    <summary type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">The library opens <b>until nine</b> on weekdays.</div></summary>
  </entry>
  <entry>
    <title>School roof repaired</title>
    <id>urn:x:2</id>
    <content type="application/octet-stream">AAECAwQFBgc=</content>
    <summary type="">Work finished a week early.</summary>
  </entry>
  <entry>
    <title type="">Market moves to the square</title>
    <id>urn:x:3</id>
    <content type="text/plain">Stalls open on Saturdays from spring.</content>
  </entry>
</feed>"#;
    let path = file(dir.path(), "types.atom", atom10);
    let run = score(&path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        titles(&run),
        [
            "Library extends its opening hours",
            "School roof repaired",
            "Market moves to the square"
        ]
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        bodies(&path),
        [
            "The library opens until nine on weekdays.",
            "Work finished a week early.",
            "Stalls open on Saturdays from spring."
        ]
    );

    // Atom 0.3: escaped XHTML, and base64 content beside a summary.
    let atom03 = r#"<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old style</title>
  <tagline type="text/plain">Local notes</tagline>
  <entry>
    <title type="text/plain" mode="escaped">Council approves &lt;i&gt;new&lt;/i&gt; park</title>
    <id>urn:y:1</id>
    <issued>2004-01-01T00:00:00Z</issued>
    <content type="application/xhtml+xml" mode="escaped">&lt;p&gt;Planting starts in &lt;b&gt;April&lt;/b&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Pool closes for cleaning</title>
    <id>urn:y:2</id>
    <content type="image/png" mode="base64">iVBORw0KGgo=</content>
    <summary>Closed for two days.</summary>
  </entry>
</feed>"#;
    let path = file(dir.path(), "old.xml", atom03);
    let run = score(&path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        titles(&run),
        ["Council approves new park", "Pool closes for cleaning"]
    );
    assert_eq!(
        bodies(&path),
        ["Planting starts in April.", "Closed for two days."]
    );
}

const FEED: &str = "<?xml version=\"1.0\" encoding=\"utf-32\"?>\n<rss version=\"2.0\"><channel><title>t</title>\
<item><title>Zürich trams run late — again</title><description>Delays of ten minutes 🚋.</description></item>\
</channel></rss>";

fn utf32(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let text = if bom {
        format!("\u{feff}{text}")
    } else {
        text.to_string()
    };
    for c in text.chars() {
        let c = c as u32;
        out.extend(if big_endian {
            c.to_be_bytes()
        } else {
            c.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf32_with_or_without_a_byte_order_mark_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    for (name, big_endian, bom, label) in [
        ("le-bom.xml", false, true, "UTF-32LE"),
        ("be-bom.xml", true, true, "UTF-32BE"),
        ("le.xml", false, false, "UTF-32LE"),
        ("be.rss", true, false, "UTF-32BE"),
    ] {
        let run = score(&file(dir.path(), name, utf32(FEED, big_endian, bom)));
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(titles(&run), ["Zürich trams run late — again"], "{name}");
        assert_eq!(run.reports[0]["source"]["encoding"], label, "{name}");
    }
    // A plain-text article with a byte-order mark.
    let run = score(&file(
        dir.path(),
        "article.txt",
        utf32("Tram delays\n\nThe tram ran late on Tuesday.", false, true),
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(titles(&run), ["Tram delays"]);
    assert_eq!(run.reports[0]["source"]["encoding"], "UTF-32LE");

    // A code point beyond Unicode: an error naming the file and the offset.
    let mut bad = utf32(FEED, false, true);
    bad[40..44].copy_from_slice(&0x0011_0000u32.to_le_bytes());
    let run = score(&file(dir.path(), "bad32.xml", bad));
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("bad32.xml: not valid UTF-32LE (first bad byte at offset 40)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("binary data"), "{}", run.stderr);
}

#[test]
fn an_encoding_no_decoder_knows_is_named_with_how_to_convert_it() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |label: &str, title: &[u8]| {
        let mut bytes = format!(
            "<?xml version=\"1.0\" encoding=\"{label}\"?>\n<rss version=\"2.0\"><channel><item><title>"
        )
        .into_bytes();
        bytes.extend_from_slice(title);
        bytes.extend_from_slice(b"</title><description>Body.</description></item></channel></rss>");
        bytes
    };
    // cp437's 0x81 is ü.
    for (name, label, iconv) in [
        ("dos.xml", "cp437", "CP437"),
        ("num.xml", "850", "CP850"),
        ("ukr.xml", "cp1125", "CP1125"),
    ] {
        let run = score(&file(dir.path(), name, feed(label, b"M\x81nchen votes")));
        assert_ne!(run.code, 0, "{name}");
        assert!(
            run.stderr.contains(&format!(
                "{name}: declares the encoding `{label}`, which hypecheck cannot decode"
            )) && run
                .stderr
                .contains(&format!("iconv -f {iconv} -t UTF-8 FILE > out.xml")),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("windows-1252"), "{}", run.stderr);
    }
    // The same label on a file that is ASCII anyway is read.
    let run = score(&file(
        dir.path(),
        "ascii.xml",
        feed("cp437", b"Munich votes"),
    ));
    assert_eq!(titles(&run), ["Munich votes"], "{}", run.stderr);

    // EBCDIC, recognised by its declaration's bytes.
    let ebcdic = b"\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95";
    let run = score(&file(dir.path(), "mainframe.xml", ebcdic));
    assert!(
        run.stderr
            .contains("mainframe.xml: declares the encoding `EBCDIC`")
            && run.stderr.contains("iconv -f IBM037"),
        "{}",
        run.stderr
    );

    // Spellings of known encodings outside the WHATWG list are decoded.
    for (name, label, bytes, title) in [
        (
            "under.xml",
            "windows_1252",
            &b"caf\xe9 opens"[..],
            "café opens",
        ),
        ("ms.xml", "ms-ansi", &b"caf\xe9 opens"[..], "café opens"),
        ("mac.xml", "maccyrillic", &b"\x8c\xe8\xf0"[..], "Мир"),
    ] {
        let run = score(&file(dir.path(), name, feed(label, bytes)));
        assert_eq!(titles(&run), [title], "{name}: {}", run.stderr);
    }
}

#[test]
fn a_cdf_channel_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let cdf = "<?xml version=\"1.0\"?>\n<CHANNEL HREF=\"http://example.org/\">\n<ITEM><TITLE>x</TITLE></ITEM>\n</CHANNEL>";
    let run = score(&file(dir.path(), "old.cdf.xml", cdf));
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("old.cdf.xml: not a valid RSS or Atom feed: a CDF channel"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_feed_whose_last_end_tag_lacks_its_bracket_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\n\
                <entry><id>urn:z:1</id><title>Lighthouse repainted</title></entry>\n</feed\r\n";
    let run = score(&file(dir.path(), "cut.atom", atom));
    assert_eq!(titles(&run), ["Lighthouse repainted"], "{}", run.stderr);
    // Cut short elsewhere: still an error naming the file.
    let run = score(&file(dir.path(), "short.atom", &atom[..60]));
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("short.atom: "), "{}", run.stderr);
}

#[test]
fn dublin_core_and_media_descriptions_stand_in_for_missing_text() {
    let dir = tempfile::tempdir().unwrap();
    let rss = "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title>\
               <item><dc:title>Canal dredging begins</dc:title>\
               <dc:description>Boats are diverted until May.</dc:description></item></channel></rss>";
    let path = file(dir.path(), "dc.rss", rss);
    let run = score(&path);
    assert_eq!(titles(&run), ["Canal dredging begins"], "{}", run.stderr);
    assert_eq!(bodies(&path), ["Boats are diverted until May."]);

    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\">\
                <title>t</title><entry><id>urn:v:1</id><title>Choir rehearsal, week 3</title>\
                <media:group><media:title>Choir rehearsal, week 3</media:title>\
                <media:content url=\"http://example.org/v.mp4\" type=\"video/mp4\"/>\
                <media:description>The choir practises the spring programme.</media:description>\
                </media:group></entry></feed>";
    let path = file(dir.path(), "video.atom", atom);
    let run = score(&path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(bodies(&path), ["The choir practises the spring programme."]);
}
