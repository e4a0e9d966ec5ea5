//! The HTML report in a real browser: headless Chromium loads the page from a file, and the
//! test reads the DOM it built and takes a screenshot.
//!
//! A test harness of its own (`harness = false` in `Cargo.toml`), so that a missing Chromium is
//! visible: each test is reported `ignored, chromium is not installed` in cargo's summary, never
//! a silent "ok". Where the environment requires the browser (`HYPECHECK_REQUIRE_CHROMIUM=1`,
//! which `.ci/run` sets, or `CI=true`), a missing or broken Chromium fails the tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long one Chromium run may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium binary, or `None` when there is none.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(PathBuf::from)
}

/// True where Chromium must be there: CI.
fn chromium_required() -> bool {
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    set("HYPECHECK_REQUIRE_CHROMIUM") || set("CI")
}

/// A browser test, given the Chromium binary.
type BrowserTest = fn(&Path);

/// The tests, by name.
const TESTS: [(&str, BrowserTest); 2] = [
    (
        "the_tabloid_report_renders_with_its_evidence_marked",
        the_tabloid_report_renders_with_its_evidence_marked,
    ),
    (
        "a_script_in_an_article_is_shown_not_run",
        a_script_in_an_article_is_shown_not_run,
    ),
];

/// Runs the tests and reports them as libtest does: `ok`, `FAILED`, or `ignored` when Chromium
/// is missing and not required. Name filters and `--list` work; other options are accepted.
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let exact = args.iter().any(|a| a == "--exact");
    let selected = |name: &str| {
        filters.is_empty()
            || filters.iter().any(|f| {
                if exact {
                    name == *f
                } else {
                    name.contains(f.as_str())
                }
            })
    };
    if args.iter().any(|a| a == "--list") {
        for (name, _) in TESTS.iter().filter(|(n, _)| selected(n)) {
            println!("{name}: test");
        }
        return std::process::ExitCode::SUCCESS;
    }
    let chromium = chromium();
    let required = chromium_required();
    let run: Vec<_> = TESTS.iter().filter(|(n, _)| selected(n)).collect();
    let filtered = TESTS.len() - run.len();
    println!("\nrunning {} tests", run.len());
    let (mut passed, mut failed, mut ignored) = (0, 0, 0);
    for (name, test) in run {
        match &chromium {
            None if !required => {
                println!("test {name} ... ignored, chromium is not installed (apt-get install chromium runs it)");
                ignored += 1;
            }
            None => {
                println!("test {name} ... FAILED");
                eprintln!(
                    "{name}: chromium is not installed, and this environment requires it \
                     (HYPECHECK_REQUIRE_CHROMIUM or CI is set)"
                );
                failed += 1;
            }
            Some(chromium) => {
                let outcome = std::panic::catch_unwind(|| test(chromium));
                if outcome.is_ok() {
                    println!("test {name} ... ok");
                    passed += 1;
                } else {
                    println!("test {name} ... FAILED");
                    failed += 1;
                }
            }
        }
    }
    let result = if failed == 0 { "ok" } else { "FAILED" };
    println!(
        "\ntest result: {result}. {passed} passed; {failed} failed; {ignored} ignored; 0 measured; {filtered} filtered out\n"
    );
    if failed == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Writes `hypecheck explain --format html INPUT` to `page`.
fn write_report(input: &Path, page: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_hypecheck"))
        .args(["explain", "--format", "html"])
        .arg(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(page, out.stdout).unwrap();
}

/// Runs headless Chromium on `page` with `extra` arguments, with a fresh empty profile.
fn run_chromium(chromium: &Path, page: &Path, extra: &[String]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes on threads so a chatty browser cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).ok();
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).ok();
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium took longer than {TIMEOUT:?} on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = Output {
        status,
        stdout: out_thread.join().unwrap(),
        stderr: err_thread.join().unwrap(),
    };
    assert!(
        output.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The DOM Chromium built from `page`, serialised.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    let out = run_chromium(chromium, page, &["--dump-dom".to_string()]);
    String::from_utf8(out.stdout).unwrap()
}

/// Every `<mark>` of a serialised DOM: (class, title, inner HTML).
fn marks(dom: &str) -> Vec<(String, String, String)> {
    let attribute = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<mark") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap();
        let tag = &rest[..open_end];
        let close = rest.find("</mark>").unwrap();
        out.push((
            attribute(tag, "class").unwrap_or_default(),
            attribute(tag, "title").unwrap_or_default(),
            rest[open_end + 1..close].to_string(),
        ));
        rest = &rest[close..];
    }
    out
}

/// A serialised DOM with its `<mark>` tags taken out, so text split into marks reads whole.
fn unmarked(dom: &str) -> String {
    let mut out = String::with_capacity(dom.len());
    let mut rest = dom;
    while let Some(i) = rest.find("<mark") {
        out.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out.replace("</mark>", "")
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24, "not a PNG");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

fn the_tabloid_report_renders_with_its_evidence_marked(chromium: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    write_report(Path::new("examples/tabloid.txt"), &page);

    let dom = dump_dom(chromium, &page);
    assert!(
        dom.contains("<section class=\"report\" id=\"item-1\">"),
        "{dom}"
    );
    let marks = marks(&dom);
    assert!(marks.len() > 20, "only {} marks", marks.len());
    // The shouting headline: a hype mark pushing towards unreliable, whose hover text names
    // the feature and its contribution.
    let stunning = marks
        .iter()
        .find(|(_, _, text)| text.contains("STUNNING"))
        .expect("a mark containing STUNNING");
    let classes: Vec<&str> = stunning.0.split_whitespace().collect();
    assert!(classes.contains(&"hype"), "{stunning:?}");
    assert!(classes.contains(&"warn"), "{stunning:?}");
    // Which scores' lines name it depends on how high it ranks among each score's reasons.
    assert!(
        stunning.1.contains("hype.title_all_caps: sensationalism +"),
        "{stunning:?}"
    );
    // Body evidence too, and emoji survive intact.
    assert!(marks
        .iter()
        .any(|(class, _, text)| text == "INSANE" && class.starts_with("hype ")));
    assert!(marks.iter().any(|(_, _, text)| text.contains('😱')));
    // Hedges are coloured as hedging.
    assert!(marks
        .iter()
        .any(|(class, title, _)| class.starts_with("hedging ")
            && title.contains("hedging.body_hedges")));
    // Gauges and bar charts were rendered as elements.
    assert_eq!(dom.matches("<svg").count(), 2);
    assert_eq!(dom.matches("<figure class=\"chart\">").count(), 2);
    // The charts show the reasons, learned wording as one bar per direction and part.
    assert!(dom.contains("<span class=\"feature\">hype.body_hype_words</span>"));
    assert!(dom.contains("<span class=\"feature\">learned wording, body</span>"));

    let png = dir.path().join("report.png");
    run_chromium(
        chromium,
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,1600".to_string(),
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(png_size(&bytes), (1200, 1600));
    // A blank page compresses to a few kilobytes; this one has text, colour and charts.
    assert!(bytes.len() > 50_000, "screenshot of {} bytes", bytes.len());
}

fn a_script_in_an_article_is_shown_not_run(chromium: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("xss.txt");
    let body = "The council met on Monday to discuss the budget, officials said. ".repeat(12);
    std::fs::write(
        &article,
        format!(
            "SHOCKING news <script>document.title='pwned'</script>\n\n{body}\n\
             <img src=x onerror=\"document.title='pwned'\"> <b>bold</b> &amp; more.\n"
        ),
    )
    .unwrap();
    let page = dir.path().join("xss.html");
    write_report(&article, &page);
    let dom = unmarked(&dump_dom(chromium, &page));
    assert!(!dom.contains("<script"), "a script element was built");
    assert!(!dom.contains("<img"), "an img element was built");
    assert!(!dom.contains("<b>bold"), "a b element was built");
    assert!(!dom.contains("<title>pwned</title>"), "the script ran");
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(dom.contains("&lt;b&gt;bold&lt;/b&gt; &amp;amp; more."));
}
