//! The HTML report from the command line: escaping, the summary table and its links.

use std::process::{Command, Output};

fn hypecheck(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_hypecheck"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hypecheck {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `html` with its `<mark>` tags taken out, so text split into several marks reads whole.
fn unmarked(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<mark") {
        out.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out.replace("</mark>", "")
}

fn html(args: &[&str]) -> String {
    String::from_utf8(hypecheck(args).stdout).unwrap()
}

#[test]
fn an_article_with_a_script_shows_it_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xss.txt");
    let body = "The council met on Monday to discuss the budget, officials said. ".repeat(12);
    std::fs::write(
        &path,
        format!(
            "SHOCKING <script>alert(1)</script> headline!!!\n\n{body}\n\
             Then <script>alert(1)</script> and <img src=x onerror=alert(2)> and \"quotes\" & 'apostrophes'.\n"
        ),
    )
    .unwrap();
    let page = html(&["explain", "--format", "html", path.to_str().unwrap()]);
    assert!(!page.contains("<script"), "a script element leaked");
    // The headline is marked: the hype word in it is evidence.
    assert!(page.contains(">SHOCKING</mark>"));
    let page = unmarked(&page);
    assert!(!page.contains("<img"), "an img element leaked");
    // At least in the page's title, the headline and the body (hover texts may quote it too).
    assert!(
        page.matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count()
            >= 3
    );
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(page.contains("&quot;quotes&quot; &amp; &#39;apostrophes&#39;"));
    // Defence in depth: the page forbids scripts and every outside resource.
    assert!(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
}

#[test]
fn one_report_is_a_whole_page_without_a_summary() {
    let page = html(&["explain", "--format", "html", "examples/tabloid.txt"]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(!page.contains("<table class=\"summary\""));
    assert!(page.contains("<section class=\"report\" id=\"item-1\">"));
    // Scores as gauges, contributions as bars, the evidence as marks.
    assert_eq!(page.matches("<div class=\"gauge ").count(), 2);
    assert_eq!(page.matches("<figure class=\"chart\">").count(), 2);
    assert!(page.matches("<div class=\"row\"").count() >= 10);
    assert!(page.contains("<mark class=\"hype warn"));
    assert!(page.contains("hype.body_hype_words: sensationalism +"));
    // Nothing is fetched: no links to other resources, no external URLs.
    for outside in ["http://", "https://", "<link", "<script", "src="] {
        assert!(!page.contains(outside), "found {outside}");
    }
}

#[test]
fn several_reports_get_a_summary_linking_to_each() {
    let page = html(&[
        "explain",
        "--format",
        "html",
        "examples/wire-report.txt",
        "examples/tabloid.txt",
        "examples/headline.txt",
    ]);
    let table = page
        .find("<table class=\"summary\"")
        .expect("a summary table");
    let rows = &page[table..page.find("</table>").unwrap()];
    assert_eq!(rows.matches("<tr>").count(), 4, "a header and three rows");
    // Rows and sections in print order, each row linking to its section.
    let mut last = 0;
    for (n, path) in [
        "examples/wire-report.txt",
        "examples/tabloid.txt",
        "examples/headline.txt",
    ]
    .iter()
    .enumerate()
    {
        let n = n + 1;
        let link = rows.find(&format!("<a href=\"#item-{n}\">")).unwrap();
        assert!(link >= last);
        last = link;
        assert!(rows.contains(path));
        let section = page
            .find(&format!("<section class=\"report\" id=\"item-{n}\">"))
            .unwrap();
        assert!(page[section..].contains(path));
    }
    // A bare headline has no quality score: the row and the gauge say so.
    assert!(rows.contains("<td class=\"score na\">n/a</td>"));
    assert!(page.contains("judging sourcing needs at least"));
}

#[test]
fn score_html_has_the_evidence_too() {
    let page = html(&["score", "--format", "html", "examples/tabloid.txt"]);
    assert!(page.contains("<mark class=\"hype warn"));
    assert!(page.contains("<figure class=\"chart\">"));
}

#[test]
fn no_reports_is_still_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hypecheck"))
        .args(["explain", "--format", "html", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("No articles were scored."));
}

#[test]
fn triage_html_is_one_ranked_page_linking_to_each_item() {
    let out = assert_cmd::Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "triage",
            "--format",
            "html",
            "examples/wire-report.txt",
            "examples/tabloid.txt",
            "examples/headline.txt",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(out).unwrap();
    assert_eq!(page.matches("<html").count(), 1);
    let tabloid = page.find("tabloid.txt").unwrap();
    let wire = page.find("wire-report.txt").unwrap();
    assert!(tabloid < wire, "the most sensational item comes first");
    assert!(page.contains("href=\"#item-"));
    assert!(page.contains("<mark"));
}

/// The features named in the hover texts of a page's marks.
fn marked_features(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("<mark class=\"") {
        rest = &rest[i + 1..];
        let tag = &rest[..rest.find('>').unwrap()];
        // Marks of the article carry a hover text; the legend's do not, and the most loaded
        // sentences' (class `loaded`) mark each sentence's own strongest words.
        if tag.starts_with("mark class=\"loaded\"") {
            continue;
        }
        let Some(t) = tag.find("title=\"") else {
            continue;
        };
        let title = &tag[t + 7..];
        let title = title[..title.find('"').unwrap()]
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        for line in title.split('\n') {
            let feature = line.split_once(": ").map_or(line, |(f, _)| f).to_string();
            if !out.contains(&feature) {
                out.push(feature);
            }
        }
    }
    out
}

#[test]
fn only_the_evidence_of_the_reasons_shown_is_marked() {
    for example in [
        "examples/tabloid.txt",
        "examples/wire-report.txt",
        "examples/opinion.txt",
    ] {
        let page = html(&["explain", "--format", "html", example]);
        let json = std::process::Command::new(env!("CARGO_BIN_EXE_hypecheck"))
            .args(["explain", "--format", "json", example])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let r = &v[0];
        // The features of the reasons the human view lists (a line of learned wording names
        // its first five n-grams), and every feature with evidence.
        let mut listed: Vec<String> = Vec::new();
        let mut with_evidence = 0;
        for score in ["sensationalism", "quality"] {
            for reason in r["summary"][score]["reasons"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let take = if reason["kind"] == "wording" {
                    5
                } else {
                    usize::MAX
                };
                for f in reason["features"].as_array().unwrap().iter().take(take) {
                    listed.push(f.as_str().unwrap().to_string());
                }
            }
            for c in r["explanations"][score]["contributions"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if !c["evidence"].as_array().unwrap().is_empty() {
                    with_evidence += 1;
                }
            }
        }
        let marked = marked_features(&page);
        assert!(!marked.is_empty(), "{example}: nothing marked");
        for f in &marked {
            assert!(
                listed.contains(f),
                "{example}: {f} is marked but is not a reason shown"
            );
        }
        // The many small contributions are not marked.
        assert!(
            marked.len() * 3 < with_evidence,
            "{example}: {} of {with_evidence} features marked",
            marked.len()
        );
    }
}
