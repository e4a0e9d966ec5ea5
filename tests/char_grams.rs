//! The headline model's character n-grams inside words: each points at the exact bytes of
//! the headline it stands for, and the explanation still sums to the score exactly.

use hypecheck::features::lexical::{parse_char_name, CHAR_PREFIX};
use hypecheck::model::sigmoid;
use hypecheck::report::Component;
use hypecheck::{Article, Hypecheck};

const HEADLINES: [&str; 5] = [
    "17 Celebrities Who Totally Nailed Their Halloween Costumes",
    "Parliament approves a $4.2 billion budget for road repairs",
    "You Won’t Believe What This Café Did With Its Leftovers",
    "SHOCKING: Millionaire’s Secret Revealed!!!",
    "Here's Why Everyone Is Talking About This Dog",
];

#[test]
fn char_gram_evidence_slices_the_headline_and_the_explanation_sums_exactly() {
    let hc = Hypecheck::new().unwrap();
    for headline in HEADLINES {
        let article = Article::new("t", Some(headline.to_string()), "");
        let r = hc.explain(&article);
        let ex = r.explanations.as_ref().unwrap();
        let e = ex.headline.as_ref().expect("a headline part");
        let chars: Vec<_> = e
            .contributions
            .iter()
            .filter(|c| c.feature.starts_with(CHAR_PREFIX))
            .collect();
        assert!(!chars.is_empty(), "{headline}: no character n-gram");
        for c in &chars {
            let gram = parse_char_name(&c.feature).unwrap();
            assert!(!c.evidence.is_empty(), "{}", c.feature);
            for ev in &c.evidence {
                let text = &headline[ev.start..ev.end];
                assert_eq!(ev.text, text);
                // The gram is the span lower-cased (curly apostrophe folded), with a space
                // for each word boundary it reaches.
                let lowered = text.to_lowercase().replace('’', "'");
                assert_eq!(gram.trim(), lowered, "{headline}: {}", c.feature);
                // A boundary it holds is one in the headline.
                let before = headline[..ev.start].chars().next_back();
                let after = headline[ev.end..].chars().next();
                if gram.starts_with(' ') {
                    assert!(before.is_none_or(char::is_whitespace), "{}", c.feature);
                }
                if gram.ends_with(' ') {
                    assert!(after.is_none_or(char::is_whitespace), "{}", c.feature);
                }
            }
        }
        let sum = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
        assert!(
            (sum - e.logit).abs() < 1e-9,
            "{headline}: {sum} vs {}",
            e.logit
        );
        // The article's score holds the headline's contributions, scaled, and sums too.
        let s = &ex.sensationalism;
        assert!(s.contributions.iter().any(
            |c| c.component == Some(Component::Headline) && c.feature.starts_with(CHAR_PREFIX)
        ));
        let sum = s.intercept + s.contributions.iter().map(|c| c.contribution).sum::<f64>();
        assert!((sum - s.logit).abs() < 1e-9);
        assert_eq!(sigmoid(s.logit), r.scores.sensationalism);
        // Scoring without evidence gives the same numbers, to the bit.
        let plain = hc.score(&article);
        assert_eq!(plain.scores.headline, r.scores.headline);
        assert_eq!(plain.scores.sensationalism, r.scores.sensationalism);
    }
}

#[test]
fn casing_does_not_change_the_headline_score() {
    let hc = Hypecheck::new().unwrap();
    // Same words, casing apart, and no capitals-only word: every n-gram is lower-cased, so
    // only the hand-crafted casing features (none of them fire here) could tell them apart.
    let score = |h: &str| {
        hc.score(&Article::new("t", Some(h.to_string()), ""))
            .scores
            .headline
    };
    assert_eq!(
        score("Here's Why Everyone Is Talking About This Dog"),
        score("Here's why everyone is talking about this dog")
    );
}
