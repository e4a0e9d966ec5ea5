//! The figures behind the headline rule (`docs/methodology.md`): the corpora's headlines
//! against the first paragraphs of their articles, and how the rule reads each.
//!
//! `cargo bench --bench headline_rule` (from the repository root, `../shared/data` beside it).

use hypecheck::article::lede::headline_problem;
use std::io::BufRead;

const DATA: &str = "../shared/data/";
/// Corpora with headlines (`title`) and article bodies; PTC's body repeats its title first.
const CORPORA: [&str; 6] = [
    "chakraborty2016-clickbait-headlines.jsonl",
    "horne2017-political-news.jsonl",
    "kiesel2019-hyperpartisan-byarticle.jsonl",
    "potthast2018-buzzfeed-webis-factchecked.jsonl",
    "fan2019-basil-bias-spans.jsonl",
    "dasanmartino2019-ptc-propaganda-spans.jsonl",
];

struct Lines {
    words: Vec<usize>,
    full_stop: usize,
    read_as_headline: usize,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            words: Vec::new(),
            full_stop: 0,
            read_as_headline: 0,
        }
    }

    fn add(&mut self, line: &str) {
        let line = line.trim();
        self.words.push(line.split_whitespace().count());
        let core = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
        self.full_stop += (core.ends_with('.') && !core.ends_with("..")) as usize;
        self.read_as_headline += headline_problem(line).is_none() as usize;
    }

    fn print(&mut self, what: &str) {
        self.words.sort_unstable();
        let n = self.words.len();
        let q = |p: f64| self.words[((n - 1) as f64 * p) as usize];
        println!(
            "{what}: {n}; words median {}, 99th percentile {}, 99.9th {}; ending in a full stop {:.1}%; read as a headline {} ({:.2}%)",
            q(0.5),
            q(0.99),
            q(0.999),
            100.0 * self.full_stop as f64 / n as f64,
            self.read_as_headline,
            100.0 * self.read_as_headline as f64 / n as f64,
        );
    }
}

fn main() {
    let (mut headlines, mut paragraphs) = (Lines::new(), Lines::new());
    for corpus in CORPORA {
        let path = format!("{DATA}{corpus}");
        let Ok(file) = std::fs::File::open(&path) else {
            eprintln!("{path}: not found; run from the repository root with ../shared beside it");
            std::process::exit(2);
        };
        let ptc = corpus.starts_with("dasanmartino");
        for line in std::io::BufReader::new(file).lines() {
            let record: serde_json::Value =
                serde_json::from_str(&line.expect("readable")).expect("JSON");
            let title = record["title"].as_str().unwrap_or("");
            if !ptc && !title.trim().is_empty() && title != "None" {
                headlines.add(title);
            }
            let body = record["body"].as_str().unwrap_or("");
            let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
            if ptc {
                lines.next(); // the title line
            }
            if let Some(first) = lines.next() {
                paragraphs.add(first);
            }
        }
    }
    headlines.print("headlines");
    paragraphs.print("first paragraphs");
}
