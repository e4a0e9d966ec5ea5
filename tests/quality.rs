//! The quality floors of issue 15, on articles written for this test (all people, places and
//! events invented): named sources beat anonymous ones, hedges never raise quality, an
//! unsourced first-person blog scores below a wire report.
//!
//! The shipped model is checked; set `HYPECHECK_TEST_QUALITY_MODEL=FILE` to check a candidate
//! model file before shipping it.

use hypecheck::{Article, Hypecheck, Model};

fn hc() -> Hypecheck {
    match std::env::var("HYPECHECK_TEST_QUALITY_MODEL") {
        Ok(path) if !path.is_empty() => Hypecheck::builder()
            .model(Model::load(&path).unwrap())
            .build()
            .unwrap(),
        _ => Hypecheck::new().unwrap(),
    }
}

fn quality(hc: &Hypecheck, title: &str, body: &str) -> f64 {
    let r = hc.score(&Article::new("t", Some(title.to_string()), body));
    r.scores.quality.expect("long enough to judge")
}

const TITLE: &str = "Province to close two rural clinics next spring";

/// A short report whose one source is `source`, said twice.
fn clinic_report(source: &str, again: &str) -> String {
    format!(
        "The provincial health department will close the clinics in Tarrow and Elm Ford next \
         spring and move their staff to the regional hospital, {source}. The two clinics saw \
         about 9,000 patients last year. Patients will be offered transport to the hospital, \
         which is 40 kilometres away, {again}. The change is meant to save money on buildings \
         and to fill gaps in the hospital's night shifts. Local councillors have asked for a \
         public meeting before the plan is final."
    )
}

#[test]
fn named_sources_score_higher_than_anonymous_ones() {
    let hc = hc();
    let pairs = [
        (
            ("Health Minister Ana Ruiz said on Monday", "Ruiz said"),
            (
                "a source close to the ministry said on Monday",
                "the source said",
            ),
        ),
        (
            ("Health Minister Ana Ruiz said", "said Ana Ruiz"),
            (
                "a source close to the ministry said",
                "said a source close to the ministry",
            ),
        ),
        (
            (
                "according to Health Minister Ana Ruiz",
                "said deputy minister Tom Okafor",
            ),
            (
                "according to a source close to the ministry",
                "said an official who asked not to be named",
            ),
        ),
    ];
    for ((named, named_again), (anonymous, anonymous_again)) in pairs {
        let q_named = quality(&hc, TITLE, &clinic_report(named, named_again));
        let q_anonymous = quality(&hc, TITLE, &clinic_report(anonymous, anonymous_again));
        assert!(
            q_named >= q_anonymous + 0.05,
            "named ({named}) {q_named:.3} vs anonymous ({anonymous}) {q_anonymous:.3}"
        );
    }
}

/// A plain report, sentence by sentence, so hedges can be slipped into any sentence.
const SENTENCES: &[&str] = &[
    "The city council of Harlow Bay voted 6 to 3 on Tuesday to raise parking fees in the centre.",
    "The new rate of 2.50 an hour takes effect on March 1, the council's finance officer, Lena Marsh, said.",
    "The money will pay for repairs to the harbour wall, which was damaged in a storm last winter.",
    "Shop owners on Quay Street opposed the rise at a hearing last month.",
    "Mayor Paul Iversen said the council would review the fees after a year.",
];

/// Each sentence's verb, and the verb hedged by "reportedly", "allegedly" and "is said to".
const VERBS: &[(&str, [&str; 3])] = &[
    (
        " voted",
        [
            " reportedly voted",
            " allegedly voted",
            " is said to have voted",
        ],
    ),
    (
        " takes",
        [" reportedly takes", " allegedly takes", " is said to take"],
    ),
    (
        " will pay",
        [
            " will reportedly pay",
            " will allegedly pay",
            " is said to pay",
        ],
    ),
    (
        " opposed",
        [
            " reportedly opposed",
            " allegedly opposed",
            " are said to have opposed",
        ],
    ),
    (
        " said the",
        [
            " reportedly said the",
            " allegedly said the",
            " is said to have told them the",
        ],
    ),
];

/// Sentence `i` with its verb hedged by hedge `h` (0 reportedly, 1 allegedly, 2 is said to).
fn hedged(i: usize, h: usize) -> String {
    let (verb, hedged) = VERBS[i];
    assert!(SENTENCES[i].contains(verb));
    SENTENCES[i].replacen(verb, hedged[h], 1)
}

#[test]
fn hedges_never_raise_quality() {
    let hc = hc();
    let title = "Harlow Bay raises parking fees to pay for harbour repairs";
    let plain = SENTENCES.join(" ");
    let q_plain = quality(&hc, title, &plain);
    for (h, hedge) in ["reportedly", "allegedly", "is said to"]
        .into_iter()
        .enumerate()
    {
        // One sentence hedged at a time, then every sentence.
        let mut everywhere = Vec::new();
        for i in 0..SENTENCES.len() {
            let mut body: Vec<String> = SENTENCES.iter().map(|s| s.to_string()).collect();
            body[i] = hedged(i, h);
            let q = quality(&hc, title, &body.join(" "));
            assert!(
                q <= q_plain,
                "`{hedge}` in sentence {i}: {q:.4} > {q_plain:.4} unhedged"
            );
            everywhere.push(hedged(i, h));
        }
        let q_all = quality(&hc, title, &everywhere.join(" "));
        assert!(
            q_all <= q_plain,
            "`{hedge}` everywhere: {q_all:.4} > {q_plain:.4}"
        );
    }
}

const WIRE_TITLE: &str = "Rail strike halts freight across northern region";
const WIRE: &str = "KELSBY (AP) — Freight trains across the northern region stood still on \
Thursday after 4,200 rail workers walked out in a dispute over shift lengths, the national rail \
operator said. \"No freight is moving north of Kelsby today,\" said Marta Olsen, a spokeswoman for \
Nordrail. The Rail Workers' Union said in a statement that talks with the operator broke down \
on Wednesday night after the company refused to cap shifts at 10 hours. Union president Jonas \
Brekke told reporters the strike would last 48 hours. Transport Minister Elin Dahl said the \
government would not step in \"at this stage\" and urged both sides to return to talks. According \
to figures published by the operator in March, about 38 percent of the region's freight \
travels by rail. Passenger trains were running to a reduced timetable, the operator said.";

const BLOG_TITLE: &str = "Why I am done with the rail company";
const BLOG: &str = "I have had it. Honestly, I think this rail company is the worst thing that \
has happened to this town in my lifetime. Everyone knows they do not care about us. I waited \
for my train for what felt like forever this morning, and I am sure it is because the people \
in charge simply do not care. In my view the whole thing should be shut down and started again \
from scratch. My neighbour feels the same, and so does pretty much everyone I talk to. I am \
not an expert, but I know what I see every day, and what I see is a company that has given up. \
Frankly, I do not believe a word they say any more. If you ride these trains, you know exactly \
what I mean.";

#[test]
fn an_unsourced_first_person_blog_scores_below_a_wire_report() {
    let hc = hc();
    let wire = quality(&hc, WIRE_TITLE, WIRE);
    let blog = quality(&hc, BLOG_TITLE, BLOG);
    assert!(
        blog + 0.2 < wire,
        "blog {blog:.3} should be well below wire {wire:.3}"
    );
}

/// The same product story, reported or sold: the second adds the promotional language of a
/// press release, in the executive's quote and in the author's voice.
fn battery_story(promotional: bool) -> String {
    let (adjective, quote) = if promotional {
        (
            "a sleek, state-of-the-art",
            "\u{201c}We are proud to announce a cutting-edge, \
          best-in-class battery that will seamlessly transform your home,\u{201d}",
        )
    } else {
        (
            "a",
            "\u{201c}We expect the first units to reach customers in the spring,\u{201d}",
        )
    };
    format!(
        "Harrowgate Power unveiled {adjective} home battery on Tuesday that it says can store \
         12 kilowatt-hours. {quote} chief executive Lena Marsh said. The company did not \
         release test data, and an independent safety certification is not yet complete. The \
         battery will sell for $6,900 before installation, the company said."
    )
}

#[test]
fn promotional_language_lowers_quality() {
    let hc = hc();
    let title = "Harrowgate Power unveils home battery";
    let plain = quality(&hc, title, &battery_story(false));
    let sold = quality(&hc, title, &battery_story(true));
    assert!(
        sold < plain,
        "promotional {sold:.3} should be below plain {plain:.3}"
    );
}

/// A police appeal, the same under its headline set in capitals (some newsrooms' house style)
/// and in sentence case.
const APPEAL: &str = "Police in Carrow are asking for witnesses after a cyclist was injured in a \
     collision with a van on Mill Road at about 7.40am on Tuesday. The cyclist, a 34-year-old \
     man, was taken to Carrow General Hospital with injuries that are not thought to be life \
     threatening, a police spokesperson said. The van's driver stopped at the scene. Inspector \
     Dana Whitlow said officers would like to hear from anyone with dashcam footage of the road \
     between 7.30am and 7.45am. Mill Road was closed for two hours while officers examined \
     the scene.";

/// Words quality has learned, in a rant: the same paragraph in the author's voice, then quoted
/// from a named resident.
const RANT: &str = "I think the council has lost its mind. I'm telling you, that's the worst plan \
     we have seen in years, and my neighbours think so too.";

#[test]
fn quality_reads_learned_words_in_the_author_s_voice_only() {
    let hc = hc();
    let learned = |body: &str| -> Vec<(String, bool)> {
        let report = hc.explain(&Article::new("t", Some(TITLE.to_string()), body));
        let quality = report
            .explanations
            .unwrap()
            .quality
            .expect("long enough to judge");
        quality
            .contributions
            .iter()
            .filter(|c| c.feature.starts_with("lex.body:"))
            .flat_map(|c| c.evidence.iter().map(|e| (c.feature.clone(), e.quoted)))
            .collect()
    };
    let own = format!("{RANT} {}", clinic_report("the department said", "it said"));
    let quoted = format!(
        "\"{RANT}\" said Mara Lind, who lives in Tarrow. {}",
        clinic_report("the department said", "it said")
    );
    let own = learned(&own);
    let quoted = learned(&quoted);
    // The rant's words count in the author's voice: the model has learned some of them.
    assert!(
        own.iter()
            .any(|(f, _)| f == "lex.body:think" || f == "lex.body:i"),
        "the author's `I think` weighs nothing: {own:?}"
    );
    // Inside a quote they are Mara Lind's, and none counts.
    assert!(
        quoted.iter().all(|(_, q)| !q),
        "quoted words counted: {quoted:?}"
    );
    assert!(
        !quoted.iter().any(|(f, _)| f == "lex.body:think"),
        "{quoted:?}"
    );
}

#[test]
fn an_all_caps_headline_costs_a_sourced_report_little_quality() {
    let hc = hc();
    let calm = quality(
        &hc,
        "Appeal for witnesses after cyclist injured on Mill Road",
        APPEAL,
    );
    let caps = quality(
        &hc,
        "APPEAL FOR WITNESSES AFTER CYCLIST INJURED ON MILL ROAD",
        APPEAL,
    );
    // Shouting never raises quality, but a house style is no unreliable source: before the
    // capitals were counted once and held near a small prior, they cost 0.3 here.
    assert!(
        caps <= calm && calm - caps < 0.1,
        "all caps {caps:.3} against sentence case {calm:.3}"
    );
}

#[test]
#[ignore = "prints the floor articles' scores: cargo test --test quality -- --ignored --nocapture"]
fn print_scores() {
    let hc = hc();
    println!("wire {:.3}", quality(&hc, WIRE_TITLE, WIRE));
    println!("blog {:.3}", quality(&hc, BLOG_TITLE, BLOG));
    let named = clinic_report("Health Minister Ana Ruiz said on Monday", "Ruiz said");
    let anonymous = clinic_report(
        "a source close to the ministry said on Monday",
        "the source said",
    );
    println!("named {:.3}", quality(&hc, TITLE, &named));
    println!("anonymous {:.3}", quality(&hc, TITLE, &anonymous));
    let title = "Harlow Bay raises parking fees to pay for harbour repairs";
    println!("plain {:.3}", quality(&hc, title, &SENTENCES.join(" ")));
    for h in 0..3 {
        let all: Vec<String> = (0..SENTENCES.len()).map(|i| hedged(i, h)).collect();
        println!("hedged {h} {:.3}", quality(&hc, title, &all.join(" ")));
    }
}

#[test]
fn quality_learns_no_n_gram_of_function_words_alone() {
    use hypecheck::train::is_function_words;
    for (gram, expected) in [
        ("on", true),
        ("of the", true),
        ("it's", true),
        ("said", false),
        ("according to", false),
        ("on condition", false),
    ] {
        assert_eq!(is_function_words(gram), expected, "{gram}");
    }
    let model = match std::env::var("HYPECHECK_TEST_QUALITY_MODEL") {
        Ok(path) if !path.is_empty() => Model::load(&path).unwrap(),
        _ => Model::from_json(
            include_str!("../models/quality.json"),
            "models/quality.json",
        )
        .unwrap(),
    };
    let grams: Vec<&str> = model
        .feature_names()
        .iter()
        .filter_map(|n| n.strip_prefix("lex.body:").or(n.strip_prefix("lex.title:")))
        .collect();
    assert!(grams.len() > 1000, "{} learned n-grams", grams.len());
    let style: Vec<&&str> = grams.iter().filter(|g| is_function_words(g)).collect();
    assert!(
        style.is_empty(),
        "n-grams of function words alone: {style:?}"
    );
}
