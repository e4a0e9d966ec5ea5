//! Model files: `Model::from_json` on any string loads or fails with an error naming the
//! file, never panics; a model that loads scores a few articles with finite probabilities in
//! [0, 1] whose contributions add up to the logit.
#![no_main]

use hypecheck::{Article, Model};
use hypecheck_fuzz::{invariants, must, HYPECHECK};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

const PATH: &str = "fuzzed-model.json";

static ARTICLES: LazyLock<Vec<Article>> = LazyLock::new(|| {
    let article = |title: &str, body: &str| Article::new("a", Some(title.into()), body);
    vec![
        article("", ""),
        article("SHOCKING: You Won't Believe What Happened Next 😱!!!", ""),
        article(
            "Council approves budget",
            "The council approved the budget on Tuesday, spokeswoman Peggy Cifrino said. \
             \"We are pleased with the outcome,\" she said. Reuters reported 3% growth.",
        ),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = match Model::from_json(text, PATH) {
        Ok(model) => model,
        Err(e) => {
            assert!(
                e.to_string().starts_with(PATH),
                "error without the file: {e}"
            );
            return;
        }
    };
    let analyzer = HYPECHECK.analyzer();
    for article in ARTICLES.iter() {
        let doc = analyzer.document(article);
        let values = analyzer.features(&doc);
        let lexical = model.vocabulary().active(&doc);
        let columns = model.vocabulary().columns(&doc);
        let active: Vec<usize> = lexical.iter().map(|(c, _)| *c).collect();
        assert_eq!(columns, active, "scoring and explaining see other n-grams");
        let p = model.probability(&values, &columns);
        let e = model.explain(&values, lexical);
        must(invariants::check_explanation(&model, &e, PATH), &text);
        assert_eq!(
            p.to_bits(),
            e.probability.to_bits(),
            "score and explain disagree"
        );
    }
});
