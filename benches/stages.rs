//! Where the scoring time goes, stage by stage, on a whole JSON Lines file (issue 6).
//!
//! ```sh
//! cargo bench --bench stages -- FILE.jsonl
//! ```
//!
//! One thread, every record in turn: each stage is timed on its own over all records, then
//! `Hypecheck::score` as a whole. A stage's time includes its share of cache misses that the
//! whole run would pay once, so the stages add up to a little more than `score`. Criterion
//! (`benches/pipeline.rs`) times the same stages on the bundled examples; this one runs on
//! real corpora, which hold what the examples lack (mis-decoded characters, long articles).

use hypecheck::features::FAMILIES;
use hypecheck::{FeatureValues, Hypecheck, Target};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; the file is the first other argument.
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench stages -- FILE.jsonl");
        return Ok(());
    };
    let hc = Hypecheck::new()?;
    let analyzer = hc.analyzer();

    let started = Instant::now();
    let articles: Vec<_> = hypecheck::input::open(&path, None)?
        .filter_map(|record| record.ok().map(|r| r.article))
        .collect();
    let reading = started.elapsed();

    let mut times: Vec<(&str, Duration)> = Vec::new();
    let mut time = |name: &'static str, work: &mut dyn FnMut()| {
        let started = Instant::now();
        work();
        match times.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += started.elapsed(),
            None => times.push((name, started.elapsed())),
        }
    };
    let mut normalized = Vec::new();
    let mut kept = 0usize;
    for article in &articles {
        time("tokenizing", &mut || {
            for text in [article.title.as_deref().unwrap_or(""), &article.body] {
                normalized.clear();
                analyzer
                    .tokenizer()
                    .tokenize(text, &mut normalized, |_, _, _, _| kept += 1);
            }
        });
        let mut doc = None;
        time("text analysis (tokenizing included)", &mut || {
            doc = Some(analyzer.document(article))
        });
        let doc = doc.expect("analysed");
        for family in FAMILIES {
            let name = match family.family() {
                hypecheck::features::Family::Hype => "features: hype",
                hypecheck::features::Family::Hedging => "features: hedging",
                hypecheck::features::Family::Sourcing => "features: sourcing",
                hypecheck::features::Family::Style => "features: style",
                hypecheck::features::Family::Lexical => "features: lexical",
            };
            time(name, &mut || {
                let mut values = FeatureValues::default();
                family.extract(&doc, analyzer.lexicons(), &mut values);
                kept += values.values().len();
            });
        }
        time("learned n-grams (both models)", &mut || {
            for target in Target::ALL {
                kept += hc.model(target).vocabulary().columns(&doc).len();
            }
        });
        time("language", &mut || {
            kept += hypecheck::language::detect(article, &doc).0.code.len()
        });
        let mut report = None;
        time("score, whole", &mut || report = Some(hc.score(article)));
        let report = report.expect("scored");
        time("score with 3 reasons (the Python default)", &mut || {
            let (report, reasons) = hc.score_with_reasons(article, 3, 0.01);
            kept += report.features.0.len() + reasons.sensationalism.len();
        });
        time("JSON line", &mut || {
            kept += hypecheck::render::json_line(&report).map_or(0, |line| line.len())
        });
    }

    let bytes: usize = articles
        .iter()
        .map(|a| a.title.as_deref().map_or(0, str::len) + a.body.len())
        .sum();
    println!(
        "{} records, {:.1} MB of text, one thread ({kept} items kept from the optimiser)",
        articles.len(),
        bytes as f64 / 1e6
    );
    println!("{:<38} {:>8} {:>10}", "stage", "seconds", "MB/s");
    let row = |name: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!("{name:<38} {s:>8.3} {:>10.1}", bytes as f64 / 1e6 / s);
    };
    row("reading JSON Lines", reading);
    for (name, d) in &times {
        row(name, *d);
    }
    Ok(())
}
