//! Sensationalism in three scores: the headline part, the body part (loaded language in the
//! author's own sentences, learned sentence by sentence) and the article's, composed exactly.

use hypecheck::features::Family;
use hypecheck::model::sigmoid;
use hypecheck::report::{Component, ExplanationReport, Report};
use hypecheck::{Article, Feature, Hypecheck, Target};

fn hc() -> Hypecheck {
    Hypecheck::new().unwrap()
}

const NEUTRAL_HEADLINE: &str = "City council reviews plans for the harbour district";

/// Sensational bodies of many kinds, written for this test, each under a neutral headline.
const LOUD_BODIES: [&str; 6] = [
    "This is an absolute DISGRACE!!! The spineless, corrupt clowns at city hall have betrayed every single family in this town, and they are laughing all the way to the bank. Their pathetic excuses are an insult to every hard-working taxpayer. Wake up, people, before these greedy crooks destroy everything we love!",
    "A terrifying toxin is quietly poisoning millions of our children, and the shameless elites who knew are desperately covering it up. This horrifying scandal is the worst betrayal in history. Parents are absolutely furious, and frankly who can blame them? The cowards responsible must pay!",
    "Fans are FURIOUS after the star's jaw-dropping meltdown 😱😱 in front of stunned crowds. The shocking, humiliating outburst left everyone totally speechless, and insiders say her career is completely finished. It was an utterly disgusting display from a spoiled diva who thinks she is above everyone!!!",
    "The radical extremists pushing this insane scheme want to wreck our great nation and trample on everything our heroes fought for. Their hateful, lying propaganda is a vicious assault on ordinary decent people. We will never surrender to these traitors!",
    "This stunning miracle breakthrough will change everything forever! Scientists are absolutely stunned by the mind-blowing discovery, which destroys decades of so-called expert nonsense. Big Pharma is terrified, and the cowardly establishment is desperate to bury the shocking truth!",
    "The arrogant, incompetent minister has once again slammed the door on desperate families, in a cruel and heartless betrayal that exposes her as a shameless liar. Her disastrous, catastrophic reign of chaos must end now!",
];

/// Sober bodies, written for this test.
const SOBER_BODIES: [&str; 3] = [
    "The city council voted 7 to 2 on Tuesday to approve a $4.2 million budget for road repairs, the city clerk said. The plan covers 38 streets in the eastern districts and is expected to be completed by October, according to the public works department. Council member Ana Ruiz, who voted against the plan, said she wanted more money set aside for bus routes.",
    "Rainfall in the region was 12 percent below the seasonal average in March, the national weather service said in its monthly report on Friday. Reservoir levels remained within the normal range, and the water authority said no restrictions were planned for the summer.",
    "The company reported revenue of 1.3 billion euros for the third quarter, up 4 percent from a year earlier, according to figures published on Thursday. Chief executive Marta Lind said demand in Asia had offset weaker sales in Europe. The shares closed 2 percent higher.",
];

/// The sum of an explanation's contributions from one component of a composed score.
fn component_sum(e: &ExplanationReport, component: Component) -> f64 {
    e.contributions
        .iter()
        .filter(|c| c.component == Some(component))
        .map(|c| c.contribution)
        .sum()
}

fn report(hc: &Hypecheck, title: Option<&str>, body: &str) -> Report {
    hc.explain(&Article::new("t", title.map(String::from), body))
}

#[test]
fn the_composed_explanation_sums_exactly_to_the_score() {
    let hc = hc();
    let doubled: Vec<String> = LOUD_BODIES
        .iter()
        .chain(&SOBER_BODIES)
        .map(|b| format!("{b}\n\n{b}"))
        .collect();
    let bodies = LOUD_BODIES
        .iter()
        .chain(&SOBER_BODIES)
        .copied()
        .chain(doubled.iter().map(String::as_str));
    for body in bodies {
        for title in [
            None,
            Some(NEUTRAL_HEADLINE),
            Some("SHOCKING: You Won't Believe This!!!"),
        ] {
            let r = report(&hc, title, body);
            let e = &r.explanations.as_ref().unwrap().sensationalism;
            let sum = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
            assert!((sum - e.logit).abs() < 1e-9, "{sum} vs {}", e.logit);
            assert_eq!(sigmoid(e.logit), r.scores.sensationalism);
            // Scoring without explaining gives the same number, to the bit.
            let plain = hc.score(&Article::new("t", title.map(String::from), body));
            assert_eq!(plain.scores.sensationalism, r.scores.sensationalism);
            assert_eq!(plain.scores.body, r.scores.body);
            assert_eq!(plain.scores.headline, r.scores.headline);
            // Quality is composed of its own model and the parts too, as exactly (a body
            // under 50 words is not judged for quality).
            let quality = r.explanations.as_ref().unwrap().quality.as_ref();
            assert_eq!(quality.is_some(), r.scores.quality.is_some());
            if let Some(q) = quality {
                let sum = q.intercept + q.contributions.iter().map(|c| c.contribution).sum::<f64>();
                assert!(
                    (sum - q.logit).abs() < 1e-9,
                    "quality: {sum} vs {}",
                    q.logit
                );
                assert_eq!(Some(sigmoid(q.logit)), r.scores.quality);
            }
            assert_eq!(plain.scores.quality, r.scores.quality);
            // Each part's explanation sums on its own scale too.
            let ex = r.explanations.as_ref().unwrap();
            for part in [&ex.headline, &ex.body].into_iter().flatten() {
                let sum = part.intercept
                    + part
                        .contributions
                        .iter()
                        .map(|c| c.contribution)
                        .sum::<f64>();
                assert!((sum - part.logit).abs() < 1e-9);
            }
        }
    }
}

#[test]
fn each_part_contributes_its_own_explanation_times_its_weight() {
    let hc = hc();
    let parts = hc.model(Target::Sensationalism).parts().unwrap();
    let r = report(
        &hc,
        Some("You Won't Believe What This Council Did"),
        LOUD_BODIES[0],
    );
    let ex = r.explanations.as_ref().unwrap();
    let composed = &ex.sensationalism;
    for (component, part, weight, mean, share) in [
        (
            Component::Headline,
            ex.headline.as_ref().unwrap(),
            parts.headline.weight,
            parts.headline.mean,
            r.part_shares.headline.unwrap(),
        ),
        (
            Component::Body,
            ex.body.as_ref().unwrap(),
            parts.body.weight,
            parts.body.mean,
            r.part_shares.body.unwrap(),
        ),
    ] {
        // The report's share of each part: its weight times its logit's distance from the
        // training mean.
        assert!(
            (share - weight * (part.logit - mean)).abs() < 1e-9,
            "{component:?}: share {share} vs {weight}·({} − {mean})",
            part.logit
        );
        let inside = component_sum(composed, component);
        let own: f64 = part.contributions.iter().map(|c| c.contribution).sum();
        assert!(
            (inside - weight * own).abs() < 1e-9,
            "{component:?}: {inside} vs {weight}·{own}"
        );
    }
}

#[test]
fn quality_takes_the_body_part_and_a_loaded_body_costs_it() {
    let hc = hc();
    let parts = hc
        .model(Target::Quality)
        .parts()
        .expect("quality is composed");
    // A more sensational part never raises quality.
    assert!(
        parts.body.weight < 0.0 && parts.headline.weight <= 0.0,
        "{parts:?}"
    );
    for body in LOUD_BODIES {
        // Twice over: quality judges a body of 50 words or more.
        let r = report(&hc, Some(NEUTRAL_HEADLINE), &format!("{body}\n\n{body}"));
        let ex = r.explanations.as_ref().unwrap();
        let (q, part) = (ex.quality.as_ref().unwrap(), ex.body.as_ref().unwrap());
        // The body part's lines in quality are its own, times quality's weight for it.
        let inside = component_sum(q, Component::Body);
        let own: f64 = part.contributions.iter().map(|c| c.contribution).sum();
        assert!((inside - parts.body.weight * own).abs() < 1e-9);
        // A loaded body lies above the training articles' mean body logit: it costs quality.
        let share = parts.body.weight * (part.logit - parts.body.mean);
        assert!(share < 0.0, "{body}: the body part adds {share} to quality");
    }
}

#[test]
fn with_no_headline_the_article_score_is_the_body_path() {
    let hc = hc();
    let article_model = hc.model(Target::Sensationalism);
    let parts = article_model.parts().unwrap();
    for body in LOUD_BODIES.iter().chain(&SOBER_BODIES) {
        let r = report(&hc, None, body);
        assert_eq!(r.scores.headline, None);
        let ex = r.explanations.as_ref().unwrap();
        assert!(ex.headline.is_none());
        let e = &ex.sensationalism;
        assert!(!e
            .contributions
            .iter()
            .any(|c| c.component == Some(Component::Headline)));
        // The article's own features plus the body part, and nothing else.
        let article = component_sum(e, Component::Article);
        let body_logit = hc.part_logits(&Article::new("t", None, *body))[1].unwrap();
        let expected = article_model.intercept()
            + article
            + parts.body.weight * (body_logit - parts.body.mean);
        assert!(
            (expected - e.logit).abs() < 1e-9,
            "{expected} vs {}",
            e.logit
        );
    }
}

#[test]
fn sentence_evidence_slices_its_text() {
    let hc = hc();
    for body in LOUD_BODIES {
        let r = report(&hc, None, body);
        let b = r.explanations.as_ref().unwrap().body.as_ref().unwrap();
        assert!(!b.sentences.is_empty(), "no loaded sentence in {body}");
        for s in &b.sentences {
            assert_eq!(&body[s.start..s.end], s.text);
            assert!(s.probability > sigmoid(hc.body_model().intercept()));
            for w in &s.words {
                assert!(w.weight > 0.0);
                assert_eq!(&body[w.evidence.start..w.evidence.end], w.evidence.text);
                assert!(s.start <= w.evidence.start && w.evidence.end <= s.end);
            }
        }
        for c in &b.contributions {
            let piece = c.feature.strip_prefix("vec.sentence:");
            assert!(
                piece.is_some() || c.feature.starts_with("lex.sentence:"),
                "{}",
                c.feature
            );
            assert!(!c.evidence.is_empty(), "{}", c.feature);
            for e in &c.evidence {
                assert_eq!(&body[e.start..e.end], e.text);
                assert!(!e.quoted);
                // A piece's evidence is a word that holds it.
                if let Some(piece) = piece.filter(|p| *p != "[UNK]") {
                    let piece = piece.trim_start_matches("##");
                    assert!(
                        e.text.to_lowercase().contains(piece),
                        "{piece} in {}",
                        e.text
                    );
                }
            }
        }
    }
}

#[test]
fn a_sensational_body_under_a_neutral_headline_is_flagged() {
    let hc = hc();
    for body in LOUD_BODIES {
        let r = hc.score(&Article::new("t", Some(NEUTRAL_HEADLINE.into()), body));
        assert_eq!(
            r.labels.sensationalism, "sensational",
            "{:.3} for {body}",
            r.scores.sensationalism
        );
    }
    for body in SOBER_BODIES {
        let r = hc.score(&Article::new("t", Some(NEUTRAL_HEADLINE.into()), body));
        assert_eq!(
            r.labels.sensationalism, "sober",
            "{:.3} for {body}",
            r.scores.sensationalism
        );
    }
}

#[test]
fn quoted_fury_is_not_the_authors_voice() {
    let hc = hc();
    let own = "The plan is a disgusting, shameful betrayal by corrupt, lying cowards, and everyone knows it. The council will vote on it next week.";
    let quoted = "\"The plan is a disgusting, shameful betrayal by corrupt, lying cowards,\" said Ana Ruiz, a resident. The council will vote on it next week.";
    let body = |text: &str| {
        hc.score(&Article::new("t", None, text))
            .scores
            .body
            .unwrap()
    };
    assert!(
        body(own) > body(quoted) + 0.05,
        "{} vs {}",
        body(own),
        body(quoted)
    );
    // Quoted as British copy quotes, in single marks, straight or curly: the same.
    for single in [
        quoted.replace('"', "'"),
        quoted.replace('"', "’").replacen('’', "‘", 1),
    ] {
        assert!(
            (body(&single) - body(quoted)).abs() < 1e-9,
            "{} vs {} for {single}",
            body(&single),
            body(quoted)
        );
    }
}

#[test]
fn hype_never_lowers_sensationalism() {
    let hc = hc();
    for target in [Target::Sensationalism, Target::Headline] {
        let m = hc.model(target);
        for (f, w) in Feature::ALL.iter().zip(m.weights()) {
            if f.family() == Family::Hype {
                assert!(*w >= 0.0, "{}: {} has weight {w}", target.name(), f.name());
            }
        }
    }
    let parts = hc.model(Target::Sensationalism).parts().unwrap();
    assert!(
        parts.headline.weight > 0.0 && parts.body.weight > 0.0,
        "{parts:?}"
    );
}

/// A library with the shipped models but a body model of `fields` (its `grams`, `weights`,
/// and any others), intercept -2, written to `body.json` in the returned folder.
fn with_body_model(fields: serde_json::Value) -> (tempfile::TempDir, Hypecheck) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("body.json");
    let mut file = serde_json::json!({
        "format_version": 1, "target": "body", "intercept": -2.0,
        "calibration": {"method": "temperature", "slope": 1.0, "offset": 0.0, "fitted_on": "test", "rows": 0},
        "training": {}
    });
    for (k, v) in fields.as_object().unwrap() {
        file[k] = v.clone();
    }
    std::fs::write(&path, file.to_string()).unwrap();
    let hc = Hypecheck::builder()
        .model_file(path.to_str().unwrap())
        .unwrap()
        .build()
        .unwrap();
    (dir, hc)
}

#[test]
fn a_retrained_body_model_replaces_the_shipped_one() {
    // A body model whose only n-gram is "harbour", weighing +3 in a sentence.
    let (dir, hc) = with_body_model(serde_json::json!({"grams": ["harbour"], "weights": [3.0]}));
    let path = dir.path().join("body.json");
    // Two author sentences, one holding the n-gram: -2 + 3/2.
    let body = "The harbour was quiet on Monday. Ships left at noon.";
    let p = hc
        .score(&Article::new("t", None, body))
        .scores
        .body
        .unwrap();
    assert!((p - sigmoid(-0.5)).abs() < 1e-12, "{p}");
    let out = assert_cmd::Command::cargo_bin("hypecheck")
        .unwrap()
        .args([
            "score",
            "--format",
            "jsonl",
            "--headline",
            "none",
            "--model",
            path.to_str().unwrap(),
            "-",
        ])
        .write_stdin(body)
        .assert()
        .success();
    let line: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!((line["scores"]["body"].as_f64().unwrap() - sigmoid(-0.5)).abs() < 1e-12);
}

#[test]
fn a_word_scores_the_mean_of_its_pieces_and_a_sentence_the_mean_of_its_words() {
    // Only word pieces: `harbour` +3, `ship` +2, `##s` and the unknown piece 0.
    let (_dir, hc) = with_body_model(serde_json::json!({
        "grams": [], "weights": [],
        "pieces": ["[UNK]", "harbour", "ship", "##s"], "piece_weights": [0.0, 3.0, 2.0, 0.0],
    }));
    // Sentence 1: `harbour` among 6 words, 3/6. Sentence 2: `ships` is `ship ##s`, (2 + 0)/2,
    // among 4 words: 1/4. Sentence 3: its author words are `she said`, 0 (quoted words are
    // someone else's). The body: -2 + (1/2 + 1/4 + 0)/3.
    let body = "The harbour was quiet on Monday. Ships left at noon. \"Harbour harbour harbour,\" she said.";
    let r = hc.explain(&Article::new("t", None, body));
    let logit = -2.0 + (0.5 + 0.25 + 0.0) / 3.0;
    assert!((r.scores.body.unwrap() - sigmoid(logit)).abs() < 1e-12);
    let b = r.explanations.as_ref().unwrap().body.as_ref().unwrap();
    let of = |name: &str| b.contributions.iter().find(|c| c.feature == name).unwrap();
    assert!((of("vec.sentence:harbour").contribution - 3.0 / 6.0 / 3.0).abs() < 1e-12);
    assert!((of("vec.sentence:ship").contribution - 2.0 / 8.0 / 3.0).abs() < 1e-12);
    let texts: Vec<&str> = of("vec.sentence:harbour")
        .evidence
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(texts, ["harbour"]);
    assert_eq!(of("vec.sentence:ship").evidence[0].text, "Ships");
    let sum = b.intercept + b.contributions.iter().map(|c| c.contribution).sum::<f64>();
    assert!((sum - b.logit).abs() < 1e-12);
}

#[test]
fn accented_words_are_read_without_accents_and_unknown_pieces_weigh_nothing() {
    let hc = hc();
    let file = hc.body_model().file();
    let unknown = file.pieces.iter().position(|p| p == "[UNK]").unwrap();
    assert_eq!(file.piece_weights[unknown], 0.0);
    let body = "Mayor Agnieszka Wójcik-Nakamura and councillor Çağlayan Öztürk met José Núñez on Tuesday, the council said.";
    let r = hc.explain(&Article::new("t", None, body));
    let b = r.explanations.as_ref().unwrap().body.as_ref().unwrap();
    let names: Vec<&str> = b.contributions.iter().map(|c| c.feature.as_str()).collect();
    assert!(!names.contains(&"vec.sentence:[UNK]"), "{names:?}");
    // `Wójcik` is read as `wojcik`: its pieces' evidence is the accented word.
    let wojcik = b
        .contributions
        .iter()
        .filter(|c| c.feature.starts_with("vec.sentence:"))
        .flat_map(|c| &c.evidence)
        .any(|e| e.text.starts_with("Wójcik"));
    assert!(wojcik, "{names:?}");
}

#[test]
fn a_dateline_is_not_the_authors_wording() {
    let hc = hc();
    let body = "The city council voted on Monday to approve a new budget for road repairs, officials said. Work starts in May.";
    let plain = hc
        .score(&Article::new("t", None, body))
        .scores
        .body
        .unwrap();
    for dateline in [
        "DENVER (AP) — ",
        "LYON, France, March 4 — ",
        "PORT ELLERY — ",
    ] {
        let text = format!("{dateline}{body}");
        let r = hc.explain(&Article::new("t", None, text.as_str()));
        assert_eq!(r.dateline.as_ref().unwrap().text, dateline.trim_end());
        assert_eq!(r.scores.body.unwrap(), plain, "{dateline}");
        let b = r.explanations.as_ref().unwrap().body.as_ref().unwrap();
        // The most loaded sentences are the author's: the dateline is not part of them.
        let loud = format!("{dateline}{}", LOUD_BODIES[0]);
        let r_loud = hc.explain(&Article::new("t", None, loud.as_str()));
        let sentences = &r_loud
            .explanations
            .as_ref()
            .unwrap()
            .body
            .as_ref()
            .unwrap()
            .sentences;
        assert!(!sentences.is_empty());
        for s in sentences {
            assert!(s.start >= dateline.len(), "{dateline}: {}", s.text);
            assert_eq!(&loud[s.start..s.end], s.text);
        }
        for c in &b.contributions {
            for e in &c.evidence {
                assert!(
                    e.start >= dateline.trim_end().len(),
                    "{}: {}",
                    c.feature,
                    e.text
                );
            }
        }
    }
}
