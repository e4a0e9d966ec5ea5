//! Golden output: the features and evidence of one example article, checked in.
//! Regenerate after a deliberate change with `UPDATE_GOLDEN=1 cargo test --test golden`.

use hypecheck::{Analyzer, Article, Feature, Part, Source};

#[test]
fn wire_report_features_and_evidence_match_the_golden_file() {
    let path = "examples/wire-report.txt";
    let text = std::fs::read_to_string(path).unwrap();
    let article = Article::from_plain_text(&text, Source::file(path)).unwrap();
    let analyzer = Analyzer::new();
    let doc = analyzer.document(&article);
    let values = analyzer.features(&doc);
    let mut out = serde_json::Map::new();
    for f in Feature::ALL {
        let evidence: Vec<serde_json::Value> = values
            .evidence(*f)
            .iter()
            .map(|e| {
                let part = article.part(e.part);
                serde_json::json!([
                    match e.part {
                        Part::Title => "title",
                        Part::Body => "body",
                        Part::Kicker => "kicker",
                    },
                    e.span.start,
                    e.span.end,
                    &part[e.span]
                ])
            })
            .collect();
        out.insert(
            f.name().to_string(),
            serde_json::json!({"value": values.get(*f), "evidence": evidence}),
        );
    }
    let got = serde_json::to_string_pretty(&out).unwrap() + "\n";
    let golden = "tests/golden/wire-report.features.json";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, &got).unwrap();
    }
    let want =
        std::fs::read_to_string(golden).expect("golden file missing: run with UPDATE_GOLDEN=1");
    assert!(got == want, "features of {path} differ from {golden}; if the change is deliberate, rerun with UPDATE_GOLDEN=1");
}
