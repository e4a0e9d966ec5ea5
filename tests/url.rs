//! URLs as inputs, fetched from a tiny HTTP server on 127.0.0.1 started by each test (no
//! network beyond loopback): redirects, the Content-Type charset, timeouts, HTTP errors, the
//! size limit, the User-Agent, and feeds by URL.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn hypecheck() -> Command {
    let mut cmd = Command::cargo_bin("hypecheck").unwrap();
    // Loopback only: no proxy from the environment.
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A page in windows-1252 (`é` is 0xE9, `’` 0x92), which is not valid UTF-8, with no
/// `<meta charset>`: only the Content-Type says how to read it.
const PAGE: &[u8] =
    b"<!DOCTYPE html><html><head><title>Caf\xe9 owners welcome council\x92s plan</title></head>\
<body><article><h1>Caf\xe9 owners welcome council\x92s plan</h1>\
<p>The city council approved the plan on Tuesday by a vote of 7 to 2, the clerk said. \
Owners of the caf\xe9s on Main Street said the new bus lane would bring more customers.</p>\
<p>\x93We have waited a long time for this,\x94 said Ana Ruiz, who runs a bakery on the street. \
The works start in March and will take about six weeks, according to the council.</p>\
</article></body></html>";

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local news</title><link>https://example.com/</link>
<item><title>Council approves bus lane plan</title><link>https://example.com/1</link>
<description>The council voted 7 to 2 on Tuesday, the clerk said.</description></item>
<item><title>SHOCKING: You Won't Believe What Happened Next!!!</title><link>https://example.com/2</link>
<description>This is the most incredible story ever.</description></item>
</channel></rss>"#;

/// A server on 127.0.0.1 answering each route, and the request heads it received.
struct Server {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // The client may hang up early (a timeout, a size limit): not the test's concern here.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn handle(mut stream: TcpStream, requests: Arc<Mutex<Vec<String>>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    requests.lock().unwrap().push(head);
    match path.as_str() {
        "/old" => respond(
            &mut stream,
            "301 Moved Permanently",
            &[("Location", "/redirect")],
            b"",
        ),
        "/redirect" => respond(&mut stream, "302 Found", &[("Location", "/page")], b""),
        "/page" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/html; charset=windows-1252")],
            PAGE,
        ),
        "/bom" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/plain; charset=iso-8859-1")],
            "\u{feff}Caf\u{e9} owners welcome the plan\n\nThe council voted on Tuesday.\n"
                .as_bytes(),
        ),
        "/news" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "application/rss+xml")],
            FEED.as_bytes(),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain")],
                b"Too late\n\nNobody waited.\n",
            );
        }
        "/big" => {
            let body = vec![b'a'; 20 * 1024 * 1024 + 1];
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain")],
                &body,
            );
        }
        _ => respond(
            &mut stream,
            "404 Not Found",
            &[("Content-Type", "text/plain")],
            b"no such page",
        ),
    }
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = seen.clone();
            std::thread::spawn(move || handle(stream, seen));
        }
    });
    Server { base, requests }
}

#[test]
fn a_page_behind_redirects_is_fetched_and_decoded_from_its_content_type_charset() {
    let server = serve();
    let url = format!("{}/old", server.base);
    let out = hypecheck()
        .args(["score", "--format", "jsonl", &url])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        report["title"],
        "Caf\u{e9} owners welcome council\u{2019}s plan"
    );
    assert_eq!(report["source"]["path"], url.as_str());
    assert_eq!(report["source"]["encoding"], "windows-1252");
    // Two redirects followed, and every request said who it is.
    let requests = server.requests.lock().unwrap();
    let paths: Vec<&str> = requests
        .iter()
        .map(|r| r.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(paths, ["/old", "/redirect", "/page"]);
    for request in requests.iter() {
        let agent = request
            .lines()
            .find_map(|l| {
                l.strip_prefix("user-agent: ")
                    .or(l.strip_prefix("User-Agent: "))
            })
            .unwrap_or_default();
        assert_eq!(
            agent,
            concat!("hypecheck/", env!("CARGO_PKG_VERSION")),
            "{request}"
        );
    }
}

#[test]
fn encoding_overrides_the_content_type_charset() {
    let server = serve();
    // Read as windows-1251 instead, `é` (0xE9) is `й`: the flag wins over the header.
    let out = hypecheck()
        .args(["score", "--format", "jsonl", "--encoding", "windows-1251"])
        .arg(format!("{}/page", server.base))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(
        report["title"].as_str().unwrap().starts_with("Caf\u{439}"),
        "{}",
        report["title"]
    );
}

#[test]
fn a_byte_order_mark_outranks_the_content_type_charset() {
    let server = serve();
    let out = hypecheck()
        .args(["score", "--format", "jsonl"])
        .arg(format!("{}/bom", server.base))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["title"], "Caf\u{e9} owners welcome the plan");
    assert!(
        report["source"].get("encoding").is_none(),
        "{}",
        report["source"]
    );
}

#[test]
fn a_feed_by_url_is_read_entry_by_entry() {
    let server = serve();
    let url = format!("{}/news", server.base);
    let out = hypecheck()
        .args(["triage", "--format", "jsonl", &url])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let items: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(items.len(), 2);
    assert!(items[0]["title"].as_str().unwrap().starts_with("SHOCKING"));
    assert_eq!(items[0]["source"]["path"], url.as_str());
    assert_eq!(items[0]["source"]["record"], 2);
}

#[test]
fn a_slow_server_times_out_with_an_error_naming_the_url() {
    let server = serve();
    let url = format!("{}/slow", server.base);
    let started = Instant::now();
    let out = hypecheck()
        .args(["score", "--timeout", "0.5", &url, "examples/headline.txt"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{url}: cannot fetch: timed out after 0.5 s")),
        "{stderr}"
    );
    assert!(stderr.contains("--timeout"), "{stderr}");
    // The other input was still scored.
    assert!(String::from_utf8_lossy(&out.stdout).contains("examples/headline.txt"));
    assert!(
        stderr.contains("1 of 2 inputs failed (1 scored)"),
        "{stderr}"
    );
}

#[test]
fn http_errors_and_oversized_bodies_are_errors_naming_the_url() {
    let server = serve();
    let missing = format!("{}/missing", server.base);
    hypecheck()
        .args(["score", &missing])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{missing}: cannot fetch: the server answered HTTP 404 Not Found"
        )));
    let big = format!("{}/big", server.base);
    hypecheck()
        .args(["score", &big])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{big}: cannot fetch: the response is larger than 20 MiB"
        )));
}

#[test]
fn an_unreachable_server_is_an_error_not_a_missing_file() {
    // A port nobody listens on: bind one, then free it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/story");
    let out = hypecheck()
        .args(["score", &url])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.contains(&format!("{url}: cannot fetch:")),
        "{stderr}"
    );
    assert!(!stderr.contains("No such file"), "{stderr}");
}
