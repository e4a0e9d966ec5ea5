//! Articles as they arrive: headline detection, kickers and datelines, a missing headline,
//! bounded features and calibrated scores, on the editor's dev set and on made-up extremes.

use assert_cmd::Command;
use hypecheck::model::sigmoid;
use hypecheck::report::{Component, ExplanationReport};
use hypecheck::{Article, Feature, HeadlineMode, Hypecheck, Part, Source, Target};
use std::path::PathBuf;

fn hc() -> Hypecheck {
    Hypecheck::new().unwrap()
}

/// Every article of the editor's dev set, read as `score` reads it.
fn dev_set() -> Vec<(PathBuf, Article)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("devset")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 60,
        "the dev set has {} articles",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let a = Article::from_plain_text(&text, Source::file(p.display().to_string())).unwrap();
            (p, a)
        })
        .collect()
}

const SOBER_HEADLINE: &str = "Council approves budget after public hearing";
const LOUD_HEADLINE: &str = "SHOCKING: You Won't BELIEVE What They Found!!! 😱😱";

fn scores(hc: &Hypecheck, title: Option<&str>, body: &str) -> (f64, f64) {
    let r = hc.score(&Article::new("t", title.map(String::from), body));
    (r.scores.sensationalism, r.scores.quality.unwrap())
}

#[test]
fn a_missing_headline_is_neutral() {
    let hc = hc();
    for (path, article) in dev_set() {
        let body = &article.body;
        let (s_none, q_none) = scores(&hc, None, body);
        let (s_sober, q_sober) = scores(&hc, Some(SOBER_HEADLINE), body);
        let (s_loud, q_loud) = scores(&hc, Some(LOUD_HEADLINE), body);
        let p = path.display();
        assert!(
            s_sober <= s_none && s_none <= s_loud,
            "{p}: sensationalism {s_sober} (sober headline) ≤ {s_none} (none) ≤ {s_loud} (loud)"
        );
        assert!(
            q_loud <= q_none && q_none <= q_sober,
            "{p}: quality {q_loud} (loud headline) ≤ {q_none} (none) ≤ {q_sober} (sober)"
        );
    }
}

#[test]
fn a_missing_headline_contributes_nothing_and_is_said() {
    let hc = hc();
    let body =
        "The council voted 7 to 2 on Tuesday to approve the budget, said Mayor Ann Lee. ".repeat(4);
    let r = hc.explain(&Article::new("t", None, body.as_str()));
    assert_eq!(r.title, None);
    assert!(r.warnings.iter().any(|w| w.starts_with("no headline")));
    let e = r.explanations.unwrap();
    for c in e
        .sensationalism
        .contributions
        .iter()
        .chain(&e.quality.unwrap().contributions)
    {
        let headline_feature =
            Feature::from_name(&c.feature).is_some_and(|f| f.part() == Some(Part::Title));
        assert!(
            !headline_feature && !c.feature.starts_with("lex.title:"),
            "{} contributes",
            c.feature
        );
    }
}

/// Text far outside anything seen in training.
fn extremes() -> Vec<Article> {
    let caps = "HUGE ".repeat(40);
    let one_sentence = "the council met and ".repeat(2_000);
    vec![
        Article::new(
            "caps",
            Some(format!("{caps}NEWS")),
            "A short body of ten words for the test only.",
        ),
        Article::new(
            "emoji",
            Some("Wow 😱😱😱😱😱😱😱😱😱😱😱😱 look".into()),
            "😱 ".repeat(300),
        ),
        Article::new("long sentence", Some("Council meets".into()), one_sentence),
        Article::new("bangs", None, "Amazing!!!!!!!!!!!!!!! ".repeat(100)),
    ]
}

#[test]
fn no_standardized_value_leaves_its_stored_range() {
    let hc = hc();
    let mut clipped = 0;
    let articles = extremes()
        .into_iter()
        .chain(dev_set().into_iter().map(|(_, a)| a));
    for article in articles {
        let r = hc.explain(&article);
        let e = r.explanations.unwrap();
        // The composed sensationalism holds the headline part's contributions (checked
        // against the headline model) and the article model's own.
        let article_own = ExplanationReport {
            contributions: e
                .sensationalism
                .contributions
                .iter()
                .filter(|c| c.component == Some(Component::Article))
                .cloned()
                .collect(),
            ..e.sensationalism.clone()
        };
        for (target, x) in [
            (Target::Sensationalism, Some(article_own)),
            (Target::Headline, e.headline),
            (Target::Quality, e.quality),
        ] {
            let Some(x) = x else { continue };
            let file = hc.model(target).file();
            for c in &x.contributions {
                let Some(f) = Feature::from_name(&c.feature) else {
                    continue;
                };
                let [low, high] = file.ranges[f as usize];
                let (low, high) = (
                    low.max(-hypecheck::model::MAX_Z),
                    high.min(hypecheck::model::MAX_Z),
                );
                assert!(
                    low <= c.standardized && c.standardized <= high,
                    "{}: {} standardized {} outside [{low}, {high}]",
                    article.id,
                    c.feature,
                    c.standardized
                );
                clipped += c.clipped as usize;
            }
        }
    }
    assert!(clipped > 0, "the extremes must be clipped");
}

#[test]
fn extremes_do_not_saturate_on_one_feature() {
    let hc = hc();
    for article in extremes() {
        let r = hc.explain(&article);
        let e = r.explanations.unwrap();
        for x in [Some(e.sensationalism), e.quality].into_iter().flatten() {
            let largest = x
                .contributions
                .first()
                .map_or(0.0, |c| c.contribution.abs());
            assert!(
                largest < 4.0,
                "{}: one feature moves the logit by {largest}",
                article.id
            );
        }
    }
}

/// `parts`: the composed model's parts' terms in its intercept (0 for a model with no parts).
fn check_exact(e: &ExplanationReport, model: &hypecheck::Model, parts: f64, what: &str) {
    let sum: f64 = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
    assert!(
        (sum - e.logit).abs() < 1e-9,
        "{what}: {sum} vs logit {}",
        e.logit
    );
    assert!((sigmoid(e.logit) - e.probability).abs() < 1e-12, "{what}");
    let c = model.calibration();
    let raw = model.file().intercept;
    assert!(
        (e.intercept - (c.slope * raw + c.offset + parts)).abs() < 1e-12,
        "{what}: calibrated intercept"
    );
    for x in &e.contributions {
        assert!(
            (x.contribution - x.weight * x.standardized).abs() < 1e-9,
            "{what}: {}",
            x.feature
        );
    }
}

#[test]
fn calibrated_probability_is_sigmoid_of_calibrated_intercept_plus_contributions() {
    let hc = hc();
    for (path, article) in dev_set() {
        let r = hc.explain(&article);
        let e = r.explanations.unwrap();
        let what = path.display().to_string();
        if let Some(h) = &e.headline {
            check_exact(h, hc.model(Target::Headline), 0.0, &what);
            assert_eq!(Some(h.probability), r.scores.headline);
        }
        // The composed score sums exactly; its intercept holds the parts' (tests/parts.rs).
        let s = &e.sensationalism;
        let sum = s.intercept + s.contributions.iter().map(|c| c.contribution).sum::<f64>();
        assert!((sum - s.logit).abs() < 1e-9, "{what}");
        assert_eq!(sigmoid(s.logit), r.scores.sensationalism);
        assert_eq!(e.sensationalism.probability, r.scores.sensationalism);
        if let Some(q) = &e.quality {
            // Quality takes the parts too: each present part's weight times its intercept's
            // distance from the part's mean is in quality's intercept.
            let model = hc.model(Target::Quality);
            let p = model.parts().expect("quality is composed");
            let term = |w: f64, mean: f64, part: &Option<ExplanationReport>| {
                part.as_ref()
                    .filter(|_| w != 0.0)
                    .map_or(0.0, |x| w * (x.intercept - mean))
            };
            let parts = term(p.headline.weight, p.headline.mean, &e.headline)
                + term(p.body.weight, p.body.mean, &e.body);
            check_exact(q, model, parts, &what);
            assert_eq!(Some(q.probability), r.scores.quality);
        }
    }
    for t in [Target::Sensationalism, Target::Quality, Target::Headline] {
        let c = hc.model(t).calibration();
        assert!(
            c.slope > 0.0 && c.slope.is_finite() && c.rows > 0,
            "{t:?} is calibrated: {c:?}"
        );
    }
}

#[test]
fn kickers_and_datelines_are_evidence_that_slices_its_text() {
    let hc = hc();
    let text = "BREAKING NEWS\nMayor resigns after audit of city accounts\n\nDENVER (AP) — The mayor of Denver resigned on Monday, two weeks after an audit found $2 million missing, the city clerk said.";
    let article = Article::from_plain_text(text, Source::file("k.txt")).unwrap();
    assert_eq!(article.kicker.as_deref(), Some("BREAKING NEWS"));
    assert_eq!(
        article.title.as_deref(),
        Some("Mayor resigns after audit of city accounts")
    );
    let r = hc.explain(&article);
    let d = r.dateline.as_ref().unwrap();
    assert_eq!((d.part, d.text.as_str()), (Part::Body, "DENVER (AP) —"));
    assert_eq!(&article.body[d.start..d.end], "DENVER (AP) —");
    let values = hc.analyzer().features(&hc.analyzer().document(&article));
    for (feature, part, text) in [
        (Feature::KickerUrgent, Part::Kicker, "BREAKING NEWS"),
        (Feature::Dateline, Part::Body, "DENVER (AP) —"),
    ] {
        assert_eq!(values.get(feature), 1.0);
        let e = values.evidence(feature);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].part, &article.part(part)[e[0].span]), (part, text));
    }
    // DENVER is a dateline, not a shouted word.
    assert_eq!(values.get(Feature::BodyCapsWords), 0.0);
    // The JSON contract carries both, with their spans.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["kicker"], "BREAKING NEWS");
    assert_eq!(json["dateline"]["text"], "DENVER (AP) —");
    let opinion = Article::new(
        "o",
        Some("Opinion | The council got it wrong".into()),
        "I think so.",
    );
    let values = hc.analyzer().features(&hc.analyzer().document(&opinion));
    assert_eq!(values.get(Feature::KickerOpinion), 1.0);
    assert_eq!(opinion.title.as_deref(), Some("The council got it wrong"));
}

#[test]
fn a_newsletter_s_masthead_is_its_headline_not_a_dateline() {
    let hc = hc();
    let masthead = "THE FRONT LINE – Weekly Briefing from the Citizens for Honest Government PAC";
    let body = "Friends,\n\nThis week Senator Carla Devereaux voted for the spending bill again, \
                and Representative Tom Halvorsen cast the deciding vote.";
    // (name, text, headline, dateline)
    let cases = [
        (
            "a masthead, a blank line, then the letter",
            format!("{masthead}\n\n{body}"),
            Some(masthead),
            None,
        ),
        (
            "a dateline's paragraph wrapped by hand under a headline",
            "Storm sinks two boats\n\nPORT ELLERY — Fishermen returned to the harbour on Tuesday after\nthree days of storms, the harbour master said.".to_string(),
            Some("Storm sinks two boats"),
            Some("PORT ELLERY —"),
        ),
    ];
    for (name, text, headline, dateline) in cases {
        let article = Article::from_plain_text(&text, Source::file("n.txt")).unwrap();
        assert_eq!(article.title.as_deref(), headline, "{name}");
        let r = hc.explain(&article);
        assert_eq!(
            r.dateline.as_ref().map(|d| d.text.as_str()),
            dateline,
            "{name}"
        );
        let values = hc.analyzer().features(&hc.analyzer().document(&article));
        let expected = if dateline.is_some() { 1.0 } else { 0.0 };
        assert_eq!(values.get(Feature::Dateline), expected, "{name}");
    }
}

#[test]
fn a_dateline_or_kicker_line_is_not_a_shouted_headline() {
    let hc = hc();
    let body = "\n\nThe city council voted on Monday to approve a new budget for road repairs, officials said.";
    for first in [
        "DENVER (AP) —",
        "WASHINGTON (Reuters) -",
        "BREAKING NEWS",
        "JUST IN",
    ] {
        let a = Article::from_plain_text(&format!("{first}{body}"), Source::file("d.txt")).unwrap();
        assert_eq!(a.title, None, "{first}");
        let s = hc.score(&a).scores.sensationalism;
        let plain = hc
            .score(&Article::new("p", None, body))
            .scores
            .sensationalism;
        // Neither is a shouted headline: sober either way. A dateline changes nothing; a
        // kicker counts only as the kicker it is (`hype.kicker_urgent`).
        assert!(s < 0.5, "{first}: {s}");
        if a.kicker.is_none() {
            assert!(
                (s - plain).abs() < 0.02,
                "{first}: {s} vs {plain} without it"
            );
        }
    }
}

#[test]
fn a_kicker_heading_the_headline_and_a_release_label_are_read_as_such() {
    /// (name, text, headline, kicker, first words of the body)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, &'a str);
    let cases: &[Case] = &[
        (
            "a format kicker before the headline on its line, an embed's placeholder below",
            "WATCH: Water main break floods downtown intersection\n\n[Video: Aerial footage of the flooding]\n\nROCKFORD, Ill. (WREX) — Crews are working to repair a broken water main, the city said.",
            Some("Water main break floods downtown intersection"),
            Some("WATCH"),
            "ROCKFORD, Ill. (WREX)",
        ),
        (
            "a press release's label on its own line",
            "PRESS RELEASE\nHealth minister launches campaign against measles\n\nThe campaign will reach 30 million children, the ministry said.",
            Some("Health minister launches campaign against measles"),
            Some("PRESS RELEASE"),
            "The campaign",
        ),
        (
            "a release's label with its number, under the issuer's letterhead in capitals",
            "MINISTRY OF AGRICULTURE AND RURAL AFFAIRS\nPRESS RELEASE No. 118/2024\n\nMinistry announces support for livestock farmers hit by drought\n\nThe ministry informs the public that a package of measures has been approved.",
            Some("Ministry announces support for livestock farmers hit by drought"),
            Some("PRESS RELEASE"),
            "The ministry informs",
        ),
        (
            "a letterhead of two lines, a dated label and a date line before the headline",
            "Northfield Water Company\nCommunications Office\n\nMedia release – 3 March 2026\nMarch 3, 2026\n\nNorthfield Water to replace 40 miles of lead pipes\n\nThe company said on Monday the work would take two years.",
            Some("Northfield Water to replace 40 miles of lead pipes"),
            Some("Media release"),
            "The company said",
        ),
        (
            "a release's title above its label, a dateline's paragraph below: the title stays",
            "Acme Corp opens plant in Ohio\nFOR IMMEDIATE RELEASE\n\nCOLUMBUS, Ohio, March 3, 2026 -- Acme Corp said on Monday it would open a plant.",
            Some("Acme Corp opens plant in Ohio"),
            Some("FOR IMMEDIATE RELEASE"),
            "COLUMBUS, Ohio",
        ),
        (
            "a label with its number alone above the headline",
            "PRESS RELEASE No. 7/2026\n\nCity opens three new cooling centres\n\nThe centres open at 9 a.m., the city said.",
            Some("City opens three new cooling centres"),
            Some("PRESS RELEASE"),
            "The centres open",
        ),
        (
            "a headline opening on the words of a label is a headline",
            "Press release from council sparks row over bins\n\nThe council's statement on Monday angered residents, the mayor said.",
            Some("Press release from council sparks row over bins"),
            None,
            "The council's statement",
        ),
        (
            "a link's label further down is still furniture",
            "Council approves new bus lanes\n\nThe council voted 7 to 2 on Tuesday, the mayor said.\n\nWATCH: The mayor explains the vote\n\nWork starts in May.",
            Some("Council approves new bus lanes"),
            None,
            "The council voted",
        ),
    ];
    for &(name, text, headline, kicker, body) in cases {
        let a = Article::from_plain_text(text, Source::file("k.txt")).unwrap();
        assert_eq!(a.title.as_deref(), headline, "{name}");
        assert_eq!(a.kicker.as_deref(), kicker, "{name}");
        assert!(
            a.body.trim_start().starts_with(body),
            "{name}: body {:?}",
            a.body
        );
        assert!(
            !a.body.contains("WATCH")
                && !a.body.contains("[Video")
                && !a.body.contains("RELEASE")
                && !a.body.contains("release –"),
            "{name}: {:?}",
            a.body
        );
    }
}

#[test]
fn headline_mode_decides_the_first_line() {
    let text = "The mayor resigned on Monday. She had served six years.\n\nThe council will meet on Friday.";
    let read = |mode| Article::from_plain_text_with(text, Source::file("m.txt"), mode).unwrap();
    assert_eq!(read(HeadlineMode::Auto).title, None);
    assert_eq!(read(HeadlineMode::Auto).body, text);
    assert_eq!(
        read(HeadlineMode::FirstLine).title.as_deref(),
        Some("The mayor resigned on Monday. She had served six years.")
    );
    let none = read(HeadlineMode::None);
    assert_eq!((none.title, none.body.as_str()), (None, text));
}

#[test]
fn two_sentences_above_a_byline_are_a_headline() {
    let lines = "I moved back to my hometown. Nobody warned me about the silence";
    let body = "The shop where I bought sweets as a child is a phone repair stand now.";
    // (name, text, headline)
    let cases = [
        (
            "above a byline",
            format!("{lines}\nBy Colm Ardery\n\n{body}"),
            Some(lines),
        ),
        (
            "above a byline after a blank line",
            format!("{lines}\n\nBy Colm Ardery, Staff Writer\n\n{body}"),
            Some(lines),
        ),
        ("above the body", format!("{lines}\n\n{body}"), None),
        (
            "a paragraph's two sentences, full stop and all",
            format!("{lines}.\nBy Colm Ardery\n\n{body}"),
            None,
        ),
    ];
    for (name, text, headline) in cases {
        let article =
            Article::from_plain_text_with(&text, Source::file("c.txt"), HeadlineMode::Auto)
                .unwrap();
        assert_eq!(article.title.as_deref(), headline, "{name}");
        assert!(
            !article.body.contains("By Colm"),
            "{name}: {}",
            article.body
        );
    }
}

#[test]
fn a_site_s_menu_and_a_letters_page_s_label_are_not_the_headline() {
    let body = "The library will reopen in May after a refurbishment costing 1.2 million pounds, \
                the council said on Tuesday.";
    let read = |text: &str| {
        Article::from_plain_text_with(text, Source::file("p.txt"), HeadlineMode::Auto).unwrap()
    };
    // A menu, one section a line, with a kicker's word among them and sign-in links after.
    let menu = "Home\nNews\nLocal\nBusiness\nSport\nOpinion\nSubscribe\nLog in\n\n\
                Advertisement\n\nKelsby library to reopen after refurbishment\n\nBy Tom Oduya\n\n";
    let page = read(&format!("{menu}{body}"));
    assert_eq!(
        page.title.as_deref(),
        Some("Kelsby library to reopen after refurbishment")
    );
    assert_eq!(
        page.kicker, None,
        "a menu's `Opinion` is a link, not the kicker"
    );
    assert_eq!(page.body.trim(), body);
    // The same kicker alone above the headline is the article's.
    let column = read(&format!(
        "Opinion\n\nKelsby library to reopen after refurbishment\n\n{body}"
    ));
    assert_eq!(column.kicker.as_deref(), Some("Opinion"));
    // A letters page's label is a kicker of opinion, and the letter's headline follows.
    let letter = read(&format!(
        "Letters to the editor\n\nThe bus timetable is not a minor matter\n\n{body}"
    ));
    assert_eq!(letter.kicker.as_deref(), Some("Letters to the editor"));
    assert_eq!(
        letter.title.as_deref(),
        Some("The bus timetable is not a minor matter")
    );
}

fn hypecheck_cmd() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

#[test]
fn cli_reads_pasted_text_without_a_headline() {
    let text = "The city council voted on Tuesday to approve a $4.2 million budget for the new water treatment plant, which officials said would serve about 40,000 residents when it opens in 2028. The vote was 7 to 2.\n";
    let out = hypecheck_cmd()
        .args(["score", "--format", "jsonl", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["title"].is_null());
    assert!(r["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("no headline"));
    let out = hypecheck_cmd()
        .args([
            "score",
            "--format",
            "jsonl",
            "--headline",
            "first-line",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["title"]
        .as_str()
        .unwrap()
        .starts_with("The city council voted"));
}

/// `hypecheck score --format jsonl ARGS PATH`, each record parsed.
fn score_jsonl(path: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = hypecheck_cmd()
        .args(["score", "--format", "jsonl"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_record_without_a_title_field_has_its_headline_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id": "a", "text": "Mayor resigns after audit\n\nThe mayor resigned on Monday."}"#,
            "\n",
            r#"{"id": "b", "text": "The mayor resigned on Monday. The council meets on Friday."}"#,
            "\n",
            r#"{"id": "c", "title": "", "body": "Mayor resigns after audit\n\nThe mayor resigned."}"#,
            "\n"
        ),
    )
    .unwrap();
    let titles: Vec<serde_json::Value> = score_jsonl(&path, &[])
        .into_iter()
        .map(|r| r["title"].clone())
        .collect();
    assert_eq!(
        titles,
        vec![
            serde_json::json!("Mayor resigns after audit"),
            serde_json::Value::Null,
            serde_json::Value::Null
        ]
    );
}

#[test]
fn eval_judgments_reports_each_score() {
    let out = hypecheck_cmd()
        .args([
            "eval",
            "--judgments",
            "devset/judgments.csv",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["rows"].as_u64().unwrap() >= 60);
    for s in r["scores"].as_array().unwrap() {
        let rho = s["spearman"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&rho));
        assert_eq!(s["worst"].as_array().unwrap().len(), 5);
        assert!(s["saturated"].as_u64().unwrap() <= s["articles"].as_u64().unwrap());
    }
}

#[test]
fn headline_mode_applies_to_records_without_a_title_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id": "a", "text": "Mayor resigns after audit\n\nThe mayor resigned on Monday."}"#,
            "\n",
            r#"{"id": "b", "title": "Given title", "text": "Mayor resigns after audit\n\nThe mayor resigned."}"#,
            "\n",
            r#"{"id": "c", "text": "BREAKING NEWS\nThe mayor resigned on Monday. The council meets on Friday."}"#,
            "\n"
        ),
    )
    .unwrap();
    let run = |mode: &str| -> Vec<(serde_json::Value, serde_json::Value)> {
        score_jsonl(&path, &["--headline", mode])
            .into_iter()
            .map(|v| (v["title"].clone(), v["kicker"].clone()))
            .collect()
    };
    let j = |s: &str| serde_json::json!(s);
    let null = serde_json::Value::Null;
    // A title field is always the headline; without one, the mode decides; a kicker line is
    // never body, whatever the mode.
    assert_eq!(
        run("none"),
        vec![
            (null.clone(), null.clone()),
            (j("Given title"), null.clone()),
            (null.clone(), j("BREAKING NEWS"))
        ]
    );
    assert_eq!(
        run("first-line"),
        vec![
            (j("Mayor resigns after audit"), null.clone()),
            (j("Given title"), null.clone()),
            (
                j("The mayor resigned on Monday. The council meets on Friday."),
                j("BREAKING NEWS")
            )
        ]
    );
}

const FURNITURE_HEADLINE: &str = "Harwick council approves bus lanes on Mill Road";
const FURNITURE_BODY: &str = "HARWICK (AP) — The city council voted 7 to 2 on Tuesday to add bus lanes to Mill Road, a change that transit officials said would cut journey times by about four minutes at rush hour.

Transit director Kevin Osei said construction would begin in May and finish by the end of October, according to a schedule released by the department.

Council member Rosa Linde, who voted against the plan, said shop owners on the road had not been consulted. \"We heard from the drivers and not from the people who work there,\" she said.

The city will pay for most of the work with a state transportation grant awarded last year.";

/// Page furniture above the headline, between headline and dateline, and in the body:
/// `(name, text before the headline, text between headline and body, text inside the body,
/// text at the end)`.
const FURNITURE: &[(&str, &str, &str, &str, &str)] = &[
    ("caps section label", "LOCAL NEWS\n", "", "", ""),
    ("byline and date above", "By Jane Doe\nMarch 3, 2026\n", "", "", ""),
    ("byline with a pipe above", "By JANE DOE and JOHN ROE | Associated Press\n", "", "", ""),
    ("reading time and listening", "Politics\n5 min read\nListen to this article 6:12\n", "", "", ""),
    ("section label on the headline's line", "Politics | ", "", "", ""),
    ("byline and time stamp before the dateline", "", "By Jane Doe, Staff Writer\nUpdated 3:45 PM EST, Tue March 3, 2026\n", "", ""),
    ("caption with its credit before the dateline", "", "A bus on Mill Road on Monday, March 2, 2026, in Harwick. (AP Photo/John Roe)\n", "", ""),
    ("advertisement and share prompts", "", "", "ADVERTISEMENT\n\nShare this article\n\n📘 Facebook 🐦 Twitter ✉️ Email 🔗 Copy link\n\n", ""),
    ("a list of other stories", "", "", "MOST READ\n\n1. SHOCKING video shows what happens at the mall after dark\n\n2. You won't believe this chef's secret ingredient!!!\n\n", ""),
    ("newsletter and related links", "", "", "Sign up for our newsletter to get the latest local news delivered to your inbox every morning.\n\nRelated: Council delays vote on parking fees\n\n", ""),
    ("copyright and comments at the end", "", "", "", "\n\n142 Comments\n\nCopyright 2026 The Associated Press. All rights reserved."),
];

#[test]
fn page_furniture_is_set_apart_and_moves_no_score() {
    let hc = hc();
    let paragraphs: Vec<&str> = FURNITURE_BODY.split("\n\n").collect();
    let clean = format!("{FURNITURE_HEADLINE}\n\n{FURNITURE_BODY}\n");
    let clean = Article::from_plain_text(&clean, Source::file("clean.txt")).unwrap();
    let base = hc.score(&clean);
    assert_eq!(clean.title.as_deref(), Some(FURNITURE_HEADLINE));
    assert!(
        base.dateline.is_some(),
        "the clean body opens on its dateline"
    );
    for (name, above, between, inside, end) in FURNITURE {
        let text = format!(
            "{above}{FURNITURE_HEADLINE}\n\n{between}{}\n\n{inside}{}{end}\n",
            paragraphs[..2].join("\n\n"),
            paragraphs[2..].join("\n\n"),
        );
        let a = Article::from_plain_text(&text, Source::file("f.txt")).unwrap();
        assert_eq!(
            a.title.as_deref(),
            Some(FURNITURE_HEADLINE),
            "{name}: headline"
        );
        assert!(!a.furniture.is_empty(), "{name}: nothing set apart");
        let r = hc.score(&a);
        assert_eq!(
            r.dateline.as_ref().map(|d| d.text.as_str()),
            Some("HARWICK (AP) —"),
            "{name}: dateline"
        );
        assert!(
            r.warnings.iter().any(|w| w.contains("page furniture")),
            "{name}: no warning in {:?}",
            r.warnings
        );
        let (ds, dq) = (
            r.scores.sensationalism - base.scores.sensationalism,
            r.scores.quality.unwrap() - base.scores.quality.unwrap(),
        );
        assert!(
            ds.abs() < 0.01 && dq.abs() < 0.01,
            "{name}: sensationalism {ds:+.3}, quality {dq:+.3} against the clean article"
        );
    }
}

#[test]
fn a_missing_headline_s_warning_says_why_the_first_line_is_not_one() {
    let hc = hc();
    let body =
        "The mayor resigned on Monday after an audit of the city's accounts, officials said. \
                She had served six years.";
    let long = "The council voted on Tuesday to approve the budget after a long debate that ran \
                past midnight, with several members saying they had not had time to read the plan \
                before it came to a vote";
    // (name, text, what the warning says after "no headline"; None: no reason given)
    let cases: [(&str, String, Option<&str>); 6] = [
        (
            "a sentence",
            format!("{body}\n\nMore follows."),
            Some("it ends like a sentence"),
        ),
        (
            "a paragraph without its full stop",
            format!("{long}\n\n{body}"),
            Some("longer than any headline"),
        ),
        (
            "two sentences on the first line",
            format!(
                "Mayor quits. Council members say they were told nothing until the vote\n\n{body}"
            ),
            Some("more than one sentence"),
        ),
        (
            "a dateline",
            format!("DENVER (AP) — {body}"),
            Some("it opens with a dateline"),
        ),
        (
            "a headline the caller asked to read as none",
            format!("Mayor resigns after audit\n\n{body}"),
            None,
        ),
        (
            // No line was looked at for a headline, so none was turned away.
            "a sentence the caller asked to read as no headline",
            format!("{body}\n\nMore follows."),
            None,
        ),
    ];
    for (name, text, reason) in cases {
        let mode = if reason.is_none() {
            HeadlineMode::None
        } else {
            HeadlineMode::Auto
        };
        let article = Article::from_plain_text_with(&text, Source::file("t.txt"), mode).unwrap();
        assert_eq!(article.title, None, "{name}");
        let r = hc.score(&article);
        let warning = r
            .warnings
            .iter()
            .find(|w| w.starts_with("no headline"))
            .unwrap_or_else(|| panic!("{name}: no warning in {:?}", r.warnings));
        match reason {
            Some(reason) => assert!(
                warning.contains(reason) && warning.contains("--headline first-line"),
                "{name}: {warning}"
            ),
            None => assert!(!warning.contains("first line"), "{name}: {warning}"),
        }
    }
}
