//! Criterion benchmarks of the scoring pipeline, stage by stage (issue 6).
//!
//! ```sh
//! cargo bench --bench pipeline                    # everything
//! cargo bench --bench pipeline -- 'score/'        # one group (a regex on the bench id)
//! cargo bench --bench pipeline -- --quick         # a rough pass in a few seconds a bench
//! ```
//!
//! Inputs are built from the hand-written examples only (never from the shared corpora):
//! - `headline`: the headline of `examples/tabloid.txt`, with no body;
//! - `short`: the headline of `examples/wire-report.txt` and the first ~300 words of its body
//!   (cut at a paragraph end);
//! - `long`: the same headline and the bodies of `wire-report.txt` and `tabloid.txt`
//!   alternated until the body holds ~3,000 words.
//!
//! Groups, each with byte throughput:
//! - `tokenize/*`: the tokenizer alone (`Tokenizer::tokenize`: the ASCII and typographic
//!   fast paths, `tokenizers` for the rest);
//! - `analyze/*`: `Analyzer::analyze` (tokens, shapes, sentences, quotes, lexicon matches);
//! - `features/<family>/*`: each hand-crafted family on a prepared `Document`
//!   (`features::FAMILIES`), `features/all/*` (`Analyzer::features`) and
//!   `features/lexical_<target>/*` (`Vocabulary::active`, the learned n-grams);
//! - `model/probability_<target>/*` and `model/explain_<target>/*` on prepared values;
//! - `score/*` and `explain/*`: end to end, `Hypecheck::score` / `Hypecheck::explain`;
//! - `render/jsonl/*`: serialising a report as one JSON line;
//! - `input/jsonl`: parsing JSON Lines records (`JsonlReader`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hypecheck::features::{FeatureValues, FAMILIES};
use hypecheck::input::JsonlReader;
use hypecheck::{Article, Hypecheck, Source, Target};
use std::hint::black_box;
use std::time::Duration;

const WIRE: &str = include_str!("../examples/wire-report.txt");
const TABLOID: &str = include_str!("../examples/tabloid.txt");

/// Words in the short article's body (at least; cut at the paragraph's end).
const SHORT_WORDS: usize = 300;
/// Words in the long article's body (at least).
const LONG_WORDS: usize = 3_000;

fn parse(text: &str, path: &str) -> Article {
    Article::from_plain_text(text, Source::file(path)).expect("example articles parse")
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The first paragraphs of `body` holding at least `min_words` words.
fn first_words(body: &str, min_words: usize) -> String {
    let mut out = String::new();
    for paragraph in body.split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
        if words(&out) >= min_words {
            break;
        }
    }
    out
}

/// The three benchmark articles: (name, article).
fn articles() -> Vec<(&'static str, Article)> {
    let wire = parse(WIRE, "examples/wire-report.txt");
    let tabloid = parse(TABLOID, "examples/tabloid.txt");
    let headline = Article::new("headline", tabloid.title.clone(), "");
    let short = Article::new(
        "short",
        wire.title.clone(),
        first_words(&wire.body, SHORT_WORDS),
    );
    let mut long_body = String::new();
    for i in 0.. {
        if words(&long_body) >= LONG_WORDS {
            break;
        }
        long_body.push_str(if i % 2 == 0 {
            &wire.body
        } else {
            &tabloid.body
        });
        long_body.push_str("\n\n");
    }
    let long = Article::new("long", wire.title.clone(), long_body);
    vec![("headline", headline), ("short", short), ("long", long)]
}

/// The text a stage analyses alone: the body, or the headline when there is no body.
fn main_text(article: &Article) -> &str {
    if article.body.is_empty() {
        article.title.as_deref().unwrap_or("")
    } else {
        &article.body
    }
}

fn text_stages(c: &mut Criterion, hc: &Hypecheck, articles: &[(&str, Article)]) {
    let analyzer = hc.analyzer();
    let mut group = c.benchmark_group("tokenize");
    for (name, article) in articles {
        let text = main_text(article);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut normalized = Vec::with_capacity(text.len() + 16);
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| {
                normalized.clear();
                let mut n = 0usize;
                analyzer
                    .tokenizer()
                    .tokenize(black_box(text), &mut normalized, |_, norm, _, _| {
                        n += norm.len()
                    });
                n
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("analyze");
    for (name, article) in articles {
        let text = main_text(article);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| analyzer.analyze(black_box(text)))
        });
    }
    group.finish();
}

fn feature_stages(c: &mut Criterion, hc: &Hypecheck, articles: &[(&str, Article)]) {
    let analyzer = hc.analyzer();
    let mut group = c.benchmark_group("features");
    for (name, article) in articles {
        let doc = analyzer.document(article);
        group.throughput(Throughput::Bytes(article.text_len() as u64));
        for family in FAMILIES {
            group.bench_function(BenchmarkId::new(family.family().name(), name), |b| {
                b.iter(|| {
                    let mut out = FeatureValues::default();
                    family.extract(black_box(&doc), analyzer.lexicons(), &mut out);
                    out
                })
            });
        }
        group.bench_function(BenchmarkId::new("all", name), |b| {
            b.iter(|| analyzer.features(black_box(&doc)))
        });
        for target in Target::ALL {
            let vocabulary = hc.model(target).vocabulary();
            group.bench_function(
                BenchmarkId::new(format!("lexical_{}", target.name()), name),
                |b| b.iter(|| vocabulary.active(black_box(&doc))),
            );
        }
    }
    group.finish();
}

fn model_stages(c: &mut Criterion, hc: &Hypecheck, articles: &[(&str, Article)]) {
    let analyzer = hc.analyzer();
    let mut group = c.benchmark_group("model");
    for (name, article) in articles {
        let doc = analyzer.document(article);
        let values = analyzer.features(&doc);
        for target in Target::ALL {
            let model = hc.model(target);
            let lexical = model.vocabulary().active(&doc);
            let columns = model.vocabulary().columns(&doc);
            group.bench_function(
                BenchmarkId::new(format!("probability_{}", target.name()), name),
                |b| b.iter(|| model.probability(black_box(&values), black_box(&columns))),
            );
            group.bench_function(
                BenchmarkId::new(format!("explain_{}", target.name()), name),
                |b| b.iter(|| model.explain(black_box(&values), lexical.clone())),
            );
        }
    }
    group.finish();
}

fn end_to_end(c: &mut Criterion, hc: &Hypecheck, articles: &[(&str, Article)]) {
    for (group_name, explain) in [("score", false), ("explain", true)] {
        let mut group = c.benchmark_group(group_name);
        for (name, article) in articles {
            group.throughput(Throughput::Bytes(article.text_len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(name), article, |b, article| {
                b.iter(|| {
                    if explain {
                        hc.explain(black_box(article))
                    } else {
                        hc.score(black_box(article))
                    }
                })
            });
        }
        group.finish();
    }

    let mut group = c.benchmark_group("render");
    for (name, article) in articles {
        let report = hc.score(article);
        let mut buf = Vec::with_capacity(1 << 16);
        group.throughput(Throughput::Bytes(article.text_len() as u64));
        group.bench_function(BenchmarkId::new("jsonl", name), |b| {
            b.iter(|| {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(&report)).expect("serialises");
                buf.push(b'\n');
                buf.len()
            })
        });
    }
    group.finish();
}

fn input_stage(c: &mut Criterion, articles: &[(&str, Article)]) {
    let mut jsonl = String::new();
    for (name, article) in articles {
        let record = serde_json::json!({"id": name, "title": article.title, "body": article.body});
        jsonl.push_str(&record.to_string());
        jsonl.push('\n');
    }
    let mut group = c.benchmark_group("input");
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    group.bench_function("jsonl", |b| {
        b.iter(|| {
            let reader =
                JsonlReader::from_reader("bench.jsonl", std::io::Cursor::new(jsonl.clone()));
            reader.filter(Result::is_ok).count()
        })
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let hc = Hypecheck::new().expect("shipped models load");
    let articles = articles();
    text_stages(c, &hc, &articles);
    feature_stages(c, &hc, &articles);
    model_stages(c, &hc, &articles);
    end_to_end(c, &hc, &articles);
    input_stage(c, &articles);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = pipeline
}
criterion_main!(benches);
