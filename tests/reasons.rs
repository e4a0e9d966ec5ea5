//! `Hypecheck::score_with_reasons` (the Python package's Arrow reasons) against `explain`:
//! the same report as `score`, byte for byte, and the first contributions of `explain`, to
//! the bit, evidence included.

use hypecheck::input::JsonlReader;
use hypecheck::{Article, Hypecheck, Source};

fn articles() -> Vec<Article> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(
                Article::from_plain_text(&text, Source::file(path.display().to_string())).unwrap(),
            );
        }
    }
    for file in [
        "sensationalism.jsonl",
        "sensationalism-articles.jsonl",
        "quality-articles.jsonl",
    ] {
        let path = format!("{root}/training_data/{file}");
        out.extend(
            JsonlReader::open(&path)
                .unwrap()
                .map(|r| r.unwrap().article),
        );
    }
    out
}

#[test]
fn reasons_are_the_first_contributions_of_explain_and_the_report_is_scores() {
    let hc = Hypecheck::new().unwrap();
    let articles = articles();
    assert!(articles.len() > 400, "{}", articles.len());
    let (mut with_quality, mut with_headline_part, mut with_body_part) = (0, 0, 0);
    for article in &articles {
        let explained = hc.explain(article);
        let e = explained.explanations.as_ref().unwrap();
        for (top, min) in [(3, 0.01), (10, 0.0), (1, 0.5), (0, 0.0), (1000, 0.0)] {
            let (report, reasons) = hc.score_with_reasons(article, top, min);
            assert_eq!(
                serde_json::to_string(&report).unwrap(),
                serde_json::to_string(&hc.score(article)).unwrap(),
                "{}",
                article.id
            );
            let first = |c: &[hypecheck::report::ContributionReport]| {
                let kept: Vec<_> = c
                    .iter()
                    .filter(|c| c.contribution.abs() >= min)
                    .take(top)
                    .cloned()
                    .collect();
                serde_json::to_string(&kept).unwrap()
            };
            assert_eq!(
                serde_json::to_string(&reasons.sensationalism).unwrap(),
                first(&e.sensationalism.contributions),
                "{}",
                article.id
            );
            let quality = e
                .quality
                .as_ref()
                .map_or(String::from("[]"), |q| first(&q.contributions));
            assert_eq!(
                serde_json::to_string(&reasons.quality).unwrap(),
                quality,
                "{}",
                article.id
            );
            with_quality += usize::from(!reasons.quality.is_empty());
            let component = |c: &str| {
                reasons
                    .sensationalism
                    .iter()
                    .any(|r| serde_json::to_value(r.component).unwrap() == c)
            };
            with_headline_part += usize::from(component("headline"));
            with_body_part += usize::from(component("body"));
        }
    }
    // Every kind of reason was compared, not only the article model's.
    assert!(
        with_quality > 100 && with_headline_part > 100 && with_body_part > 100,
        "{with_quality} {with_headline_part} {with_body_part}"
    );
}

/// The reasons in words (what the Python package's Arrow columns hold) are the reasons of
/// `score_with_reasons` as the human view words them, with the same report.
#[test]
fn reason_texts_are_the_reasons_described() {
    let hc = Hypecheck::new().unwrap();
    let mut described = 0;
    for article in &articles() {
        for (top, min) in [(3, 0.01), (1000, 0.0)] {
            let (report, reasons) = hc.score_with_reasons(article, top, min);
            let (report_too, texts) = hc.score_with_reason_texts(article, top, min);
            assert_eq!(
                serde_json::to_string(&report_too).unwrap(),
                serde_json::to_string(&report).unwrap(),
                "{}",
                article.id
            );
            for (texts, reasons) in texts
                .iter()
                .zip([&reasons.sensationalism, &reasons.quality])
            {
                let want: Vec<_> = reasons
                    .iter()
                    .map(|c| {
                        (
                            c.feature.clone(),
                            c.contribution.to_bits(),
                            hypecheck::render::describe(c),
                        )
                    })
                    .collect();
                let got: Vec<_> = texts
                    .iter()
                    .map(|r| (r.feature.clone(), r.contribution.to_bits(), r.text.clone()))
                    .collect();
                assert_eq!(got, want, "{}", article.id);
                described += got.len();
            }
        }
    }
    assert!(described > 1000, "{described}");
}
