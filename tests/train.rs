//! Training and evaluation on the project's own examples, and their error paths.

use assert_cmd::Command;
use hypecheck::train::solver::Solver;
use hypecheck::train::{self, TrainParams, TrainingData};
use hypecheck::{Analyzer, Article, Model, Target};
use predicates::prelude::*;

fn small_params() -> TrainParams {
    TrainParams {
        vocabulary_size: 300,
        folds: 3,
        ..TrainParams::default()
    }
}

fn fit(target: Target, path: &str) -> Model {
    let analyzer = Analyzer::new();
    let data = TrainingData::load(&analyzer, target, &[path.to_string()]).unwrap();
    let file = train::train(&data, &small_params()).unwrap();
    Model::from_file(file, "<test>", String::new()).unwrap()
}

fn probability(model: &Model, title: &str, body: &str) -> f64 {
    let analyzer = Analyzer::new();
    let article = Article::new("t", Some(title.to_string()), body);
    let doc = analyzer.document(&article);
    let values = analyzer.features(&doc);
    model.probability(&values, &model.vocabulary().columns(&doc))
}

#[test]
fn the_positive_class_is_the_sensational_one() {
    let model = fit(Target::Headline, "training_data/sensationalism.jsonl");
    let loud = probability(
        &model,
        "You Won't Believe These 12 Shocking Photos 😱!!!",
        "",
    );
    let plain = probability(&model, "Council approves road budget for 2027", "");
    assert!(loud > 0.5 && plain < 0.5, "loud {loud}, plain {plain}");
}

#[test]
fn hype_weights_never_lower_sensationalism_nor_raise_quality() {
    for (target, path, sign) in [
        (Target::Headline, "training_data/sensationalism.jsonl", 1.0),
        (Target::Quality, "training_data/quality.jsonl", -1.0),
    ] {
        let model = fit(target, path);
        for (name, w) in model.feature_names().iter().zip(model.weights()) {
            if name.starts_with("hype.") {
                assert!(w * sign >= 0.0, "{}: {name} has weight {w}", target.name());
            }
            // Hedges and anonymous sources never raise quality; named sources never lower it.
            if target == Target::Quality {
                if name.starts_with("hedging.") || name == "sourcing.anonymous_sources" {
                    assert!(*w <= 0.0, "{name} has weight {w}");
                }
                if name == "sourcing.named_sources" || name == "sourcing.named_source_share" {
                    assert!(*w >= 0.0, "{name} has weight {w}");
                }
            }
        }
    }
}

#[test]
fn training_is_reproducible_to_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &str| {
        Command::cargo_bin("hypecheck")
            .unwrap()
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .args([
                "train",
                "--target",
                "quality",
                "--data",
                "training_data/quality.jsonl",
                "--vocabulary-size",
                "200",
                "--folds",
                "3",
                "--out",
                out,
            ])
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let a = run(dir.path().join("a.json").to_str().unwrap());
    let b = run(dir.path().join("b.json").to_str().unwrap());
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.contains("\"date\": \"2026-09-21\""));
    // The model can be used in place of the shipped one.
    Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "score",
            "--format",
            "jsonl",
            "examples/wire-report.txt",
            "--model",
            dir.path().join("a.json").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"quality\":"));
}

#[test]
fn eval_prints_cross_validated_metrics() {
    let out = Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "eval",
            "--target",
            "quality",
            "--data",
            "training_data/quality.jsonl",
            "--vocabulary-size",
            "200",
            "--folds",
            "3",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let pooled = &v["cross_validation"]["pooled"];
    assert_eq!(pooled["n"], 60);
    let c = &pooled["confusion"];
    let total: u64 = [
        c[0][0].as_u64(),
        c[0][1].as_u64(),
        c[1][0].as_u64(),
        c[1][1].as_u64(),
    ]
    .iter()
    .map(|x| x.unwrap())
    .sum();
    assert_eq!(total, 60);
    assert!(pooled["accuracy"].as_f64().unwrap() > 0.7);
    assert_eq!(v["subsets"][0]["name"], "real vs fake");
}

fn train_on(lines: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.jsonl");
    std::fs::write(&path, lines).unwrap();
    let assert = Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "train",
            "--target",
            "headline",
            "--out",
            dir.path().join("m.json").to_str().unwrap(),
            "--data",
            path.to_str().unwrap(),
        ])
        .assert();
    drop(dir);
    assert
}

#[test]
fn bad_training_data_names_the_file_and_line() {
    let good = r#"{"label": "clickbait", "title": "You will not believe this"}"#;
    train_on(&format!("{good}\n{{\"title\": \"No label here\"}}\n"))
        .code(2)
        .stderr(predicate::str::is_match(r"data\.jsonl:2: record has no `label`").unwrap());
    train_on(&format!(
        "{good}\n{{\"label\": \"maybe\", \"title\": \"x\"}}\n"
    ))
    .code(2)
    .stderr(predicate::str::contains(":2: label `maybe` is not one of"));
    train_on(&format!("{good}\n{good}\n"))
        .code(2)
        .stderr(predicate::str::contains("exactly two classes"));
    train_on("").code(2).stderr(predicate::str::contains(
        "data.jsonl: the JSON Lines file holds no records",
    ));
    train_on(&format!(
        "{good}\n{{\"label\": \"clickbait\", \"title\": \"\", \"body\": \"\"}}\n"
    ))
    .code(2)
    .stderr(predicate::str::contains(
        "1 record(s) with no text skipped: ",
    ))
    .stderr(predicate::str::contains("data.jsonl:2)"));
}

#[test]
fn the_sparse_solver_and_linfa_logistic_fit_the_same_model() {
    let analyzer = Analyzer::new();
    let path = "training_data/sensationalism.jsonl".to_string();
    let data = TrainingData::load(&analyzer, Target::Headline, &[path]).unwrap();
    let fit_with = |solver| {
        let params = TrainParams {
            solver,
            gradient_tolerance: 1e-6,
            log_count_ratio: true,
            ..small_params()
        };
        train::fit_model(&data, &params, None).unwrap()
    };
    let sparse = fit_with(Solver::Sparse);
    let linfa = fit_with(Solver::Linfa);
    assert_eq!(sparse.features, linfa.features);
    // linfa-logistic fits in f32, so the two agree to its precision, not to the bit.
    let close = |a: f64, b: f64| (a - b).abs() < 0.02 * (1.0 + b.abs());
    assert!(
        close(sparse.intercept, linfa.intercept),
        "{} vs {}",
        sparse.intercept,
        linfa.intercept
    );
    for ((name, a), b) in sparse
        .features
        .iter()
        .zip(&sparse.weights)
        .zip(&linfa.weights)
    {
        assert!(close(*a, *b), "{name}: sparse {a}, linfa {b}");
    }
}

#[test]
fn eval_of_a_model_skips_what_training_skips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.jsonl");
    let body = "The council voted 7 to 2 on Tuesday to approve the budget, said Mayor Ann Lee, after a debate of three hours. ";
    let mut lines = String::new();
    for (i, label) in [
        "mostly true",
        "mostly false",
        "no factual content",
        "real",
        "fake",
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            "{{\"id\": \"{i}\", \"label\": \"{label}\", \"title\": \"Budget vote\", \"body\": \"{}\"}}\n",
            body.repeat(3)
        ));
    }
    lines.push_str("{\"id\": \"empty\", \"label\": \"mostly true\", \"body\": \"\"}\n");
    std::fs::write(&path, lines).unwrap();
    let out = Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "eval",
            "--target",
            "quality",
            "--model",
            "models/quality.json",
            "--format",
            "json",
            "--data",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Four records are judged: `no factual content` and the empty record are skipped.
    assert_eq!(report["held_out"]["n"], 4);
}

/// Records of four invented outlets, two reliable and two not, each given by `outlet` (a
/// field) or by `url` alone.
fn outlet_records(by_field: bool) -> String {
    let mut lines = String::new();
    for (k, outlet) in ["north", "south", "east", "west"].iter().enumerate() {
        let label = if k < 2 { "reliable" } else { "unreliable" };
        for i in 0..6 {
            let body = if k < 2 {
                format!("The {outlet} council voted {i} to 2 on Tuesday, clerk Ana Berg said in a statement.")
            } else {
                format!("Sources say the {outlet} council may reportedly be hiding {i} secrets!!! Unbelievable.")
            };
            let where_ = if by_field {
                format!(r#""portal": "{outlet}", "url": "https://site{i}.example/{outlet}""#)
            } else {
                format!(r#""url": "https://www.{outlet}.example/story/{i}""#)
            };
            lines.push_str(&format!(
                r#"{{"id": "{outlet}-{i}", "label": "{label}", "title": "Council story {i}", "body": "{body}", {where_}}}"#
            ));
            lines.push('\n');
        }
    }
    lines
}

#[test]
fn quality_folds_are_grouped_by_outlet_and_each_corpus_says_how() {
    for (by_field, wanted) in [
        (true, "grouped by outlet (4 outlets)"),
        (false, "grouped by web site (4 sites)"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outlets.jsonl");
        std::fs::write(&path, outlet_records(by_field)).unwrap();
        let out = Command::cargo_bin("hypecheck")
            .unwrap()
            .args([
                "eval", "--target", "quality", "--folds", "2", "--format", "json",
            ])
            .args(["--data", path.to_str().unwrap()])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["held_out"][0]["grouping"], wanted, "{}", v["held_out"]);
        assert_eq!(v["held_out"][0]["rows"], 24);
    }
}

#[test]
fn a_quality_model_records_its_priors() {
    let analyzer = Analyzer::new();
    let path = "training_data/quality-articles.jsonl".to_string();
    let data = TrainingData::load(&analyzer, Target::Quality, &[path]).unwrap();
    let file = train::fit_model(&data, &small_params(), None).unwrap();
    let priors = file.training["priors"].as_array().unwrap();
    let named = priors
        .iter()
        .find(|p| p["feature"] == "sourcing.named_sources")
        .unwrap();
    let (prior, fitted, moved) = (
        named["prior"].as_f64().unwrap(),
        named["fitted"].as_f64().unwrap(),
        named["moved"].as_f64().unwrap(),
    );
    assert!(prior > 0.0 && fitted >= 0.0);
    assert!((fitted - prior - moved).abs() < 1e-12);
    assert!(!named["reason"].as_str().unwrap().is_empty());
}

/// Trains a body model on `records` (JSON Lines) with the marked-word column at `scale` and
/// no word vectors.
fn body_model(records: &str, scale: f64) -> hypecheck::model::body::BodyModelFile {
    use hypecheck::train::body::{self, BodyParams, SentenceData};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sentences.jsonl");
    std::fs::write(&path, records).unwrap();
    let data = SentenceData::load(&Analyzer::new(), &[path.to_str().unwrap().to_string()]).unwrap();
    let params = BodyParams {
        alpha: 4.0,
        folds: 2,
        marked_word_scale: scale,
        word_vector_scale: 0.0,
        ..BodyParams::default()
    };
    body::train(&data, &params).unwrap().0
}

#[test]
fn a_word_annotators_mark_weighs_more_than_its_unmarked_twin() {
    // Every loaded sentence holds both `vile` and `orange`, so their sentence labels cannot
    // tell them apart; only `vile` lies in the annotators' span. The marked-word column
    // learns the difference, and folds it into the pieces' weights.
    let places = [
        "Leeds", "Bristol", "Derby", "Exeter", "Bath", "Truro", "Hull", "Wells",
    ];
    let days = ["Monday", "Tuesday", "Friday"];
    let mut records = String::new();
    for (i, (place, day)) in places
        .iter()
        .flat_map(|p| days.iter().map(move |d| (p, d)))
        .enumerate()
    {
        let loaded = format!("The council backed the vile orange scheme in {place} on {day}.");
        let start = loaded.find("vile").unwrap();
        records.push_str(&format!(
            "{{\"id\": \"l{i}\", \"body\": \"{loaded}\", \"spans\": [{{\"label\": \"lexical_bias\", \"start_byte\": {start}, \"end_byte\": {}}}]}}\n",
            start + "vile".len()
        ));
        records.push_str(&format!(
            "{{\"id\": \"n{i}\", \"body\": \"The council backed the new scheme in {place} on {day}.\", \"spans\": []}}\n"
        ));
    }
    let gap = |scale: f64| {
        let model = body_model(&records, scale);
        // No word vectors and no marked-word column: no piece weighs anything.
        let weight = |word: &str| match model.pieces.iter().position(|p| p == word) {
            Some(i) => model.piece_weights[i],
            None => 0.0,
        };
        weight("vile") - weight("orange")
    };
    let (without, with) = (gap(0.0), gap(1.0));
    assert!(
        with > without + 0.05,
        "vile − orange: {without:.4} without the marked-word column, {with:.4} with it"
    );
}
