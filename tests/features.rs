//! Feature table tests: text → expected value and evidence spans.

use hypecheck::{Analyzer, Article, Feature, Part};

struct Case {
    name: &'static str,
    title: &'static str,
    body: &'static str,
    feature: Feature,
    value: f64,
    evidence: &'static [&'static str],
}

fn check(case: &Case) {
    let analyzer = Analyzer::new();
    let article = Article::new("t", Some(case.title.to_string()), case.body);
    let doc = analyzer.document(&article);
    let values = analyzer.features(&doc);
    let got = values.get(case.feature);
    assert!(
        (got - case.value).abs() < 1e-6,
        "{}: {} = {got}, expected {}",
        case.name,
        case.feature.name(),
        case.value
    );
    let texts: Vec<&str> = values
        .evidence(case.feature)
        .iter()
        .map(|e| {
            let part = match e.part {
                Part::Title => case.title,
                Part::Body => case.body,
                Part::Kicker => "",
            };
            &part[e.span]
        })
        .collect();
    assert_eq!(
        texts,
        case.evidence,
        "{}: evidence of {}",
        case.name,
        case.feature.name()
    );
}

const SOBER_BODY: &str = "The council approved the budget on Tuesday after a long debate about roads and schools in the district.";

#[test]
fn hype_table() {
    use Feature::*;
    let cases = [
        Case {
            name: "a wire dateline is not shouting",
            title: "Port upgrade",
            body: "HARLOW POINT, March 3 — The port authority approved an UNPRECEDENTED upgrade on Tuesday.",
            feature: BodyCapsWords,
            value: 100.0 / 13.0,
            evidence: &["UNPRECEDENTED"],
        },
        Case {
            name: "a short everyday word in capitals is emphasis, a short unknown one an acronym",
            title: "Council",
            body: "That is NOT OK, and they KNEW it. The KRPL board met. The WHO and the US agreed.",
            feature: BodyCapsWords,
            value: 200.0 / 18.0,
            evidence: &["NOT", "KNEW"],
        },
        Case {
            name: "an acronym the article spells out in parentheses is a name",
            title: "ASEFR report",
            body: "The Alliance for Sahel Emergency Food Relief (ASEFR) said food ran short. ASEFR will report again.",
            feature: BodyCapsWords,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "an acronym whose initials a name spells is a name",
            title: "Data plan",
            body: "The KRDF programme starts soon. It is run by the Key Regional Data Framework team, not by PANICKING officials.",
            feature: BodyCapsWords,
            value: 100.0 / 19.0,
            evidence: &["PANICKING"],
        },
        Case {
            name: "a headline of acronyms the body spells out is no all-caps headline",
            title: "ASEFR, KRDF",
            body: "The Alliance for Sahel Emergency Food Relief (ASEFR) and the Key Regional Data Framework (KRDF) warned of hunger.",
            feature: TitleAllCaps,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a lead-in in capitals is house style, not shouting",
            title: "Soap star fined",
            body: "CORONATION Street star Jane Doe was fined on Monday. She called it OUTRAGEOUS.",
            feature: BodyCapsWords,
            value: 100.0 / 13.0,
            evidence: &["OUTRAGEOUS"],
        },
        Case { name: "all-caps headline", title: "STUNNING: LOCAL DOG SAVES TOWN", body: "", feature: TitleAllCaps, value: 1.0, evidence: &["STUNNING: LOCAL DOG SAVES TOWN"] },
        Case { name: "acronyms are not an all-caps headline", title: "NATO, EU", body: "", feature: TitleAllCaps, value: 0.0, evidence: &[] },
        Case { name: "shouted words, acronyms excluded", title: "NATO chief: this is SHOCKING", body: "", feature: TitleCapsWords, value: 1.0, evidence: &["SHOCKING"] },
        Case { name: "an all-caps headline is shouted once, by its flag", title: "STUNNING: LOCAL DOG SAVES TOWN", body: "", feature: TitleCapsWords, value: 0.0, evidence: &[] },
        Case { name: "short caps in a run shout", title: "YOU WON'T BELIEVE it", body: "", feature: TitleCapsWords, value: 3.0, evidence: &["YOU", "WON'T", "BELIEVE"] },
        Case { name: "emoji", title: "Dog saves town 😱🔥", body: "", feature: TitleEmoji, value: 2.0, evidence: &["😱", "🔥"] },
        Case { name: "a skin-toned emoji is one emoji", title: "Great job 👍🏽 team", body: "", feature: TitleEmoji, value: 1.0, evidence: &["👍🏽"] },
        Case { name: "a flag is one emoji", title: "Final tonight 🇫🇷🇦🇷", body: "", feature: TitleEmoji, value: 2.0, evidence: &["🇫🇷", "🇦🇷"] },
        Case { name: "a ZWJ sequence is one emoji", title: "Firefighter 👩‍🚒 hailed ❤️‍🔥", body: "", feature: TitleEmoji, value: 2.0, evidence: &["👩‍🚒", "❤️‍🔥"] },
        Case { name: "keycaps are emoji", title: "Tips 1️⃣ 2️⃣ #️⃣ 10", body: "", feature: TitleEmoji, value: 3.0, evidence: &["1️⃣", "2️⃣", "#️⃣"] },
        Case { name: "keycaps are no punctuation flood", title: "Tips 1️⃣ 2️⃣ #️⃣ 10", body: "", feature: TitlePunctFloods, value: 0.0, evidence: &[] },
        Case { name: "keycaps are no punctuation", title: "Tips 1️⃣ #️⃣ *️⃣", body: "", feature: TitleExclamations, value: 0.0, evidence: &[] },
        Case { name: "body emoji are clusters too", title: "Match", body: "Fans cheered 🇦🇷🇦🇷 and 👏🏿 all night long in the square.", feature: BodyEmoji, value: 300.0 / 9.0, evidence: &["🇦🇷", "🇦🇷", "👏🏿"] },
        Case { name: "the text symbol © is no emoji", title: "Photo © Reuters ™", body: "", feature: TitleEmoji, value: 0.0, evidence: &[] },
        Case { name: "exclamation runs count once", title: "Wow!!! Really?!", body: "", feature: TitleExclamations, value: 2.0, evidence: &["!!!", "?!"] },
        Case { name: "punctuation floods", title: "Wow!!! Really?! Fine!", body: "", feature: TitlePunctFloods, value: 2.0, evidence: &["!!!", "?!"] },
        Case { name: "hype words", title: "Shocking video shows jaw-dropping rescue", body: "", feature: TitleHypeWords, value: 2.0, evidence: &["Shocking", "jaw-dropping"] },
        Case { name: "superlatives", title: "The biggest storm ever", body: "", feature: TitleSuperlatives, value: 2.0, evidence: &["biggest", "ever"] },
        Case { name: "a lower bound is no superlative", title: "At least 12 injured as bus overturns", body: "", feature: TitleSuperlatives, value: 0.0, evidence: &[] },
        Case { name: "a quantity is no superlative", title: "Most of the town without power, almost all homes hit", body: "", feature: TitleSuperlatives, value: 0.0, evidence: &[] },
        Case { name: "a claimed superlative still counts", title: "The most dangerous storm at most 3 days away", body: "", feature: TitleSuperlatives, value: 1.0, evidence: &["most"] },
        Case {
            name: "a wire casualty report has no superlatives",
            title: "Bus crash",
            body: "At least 12 people were injured, two of them seriously injured, when a bus overturned. Most of the passengers were students, police said. At the very least, the road will stay closed until Friday at the earliest.",
            feature: BodySuperlatives,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a wire casualty report has no intensifiers",
            title: "Bus crash",
            body: "At least 12 people were injured, two of them seriously injured, when a bus overturned. At the very least, the road will stay closed.",
            feature: BodyIntensifiers,
            value: 0.0,
            evidence: &[],
        },
        Case { name: "intensifiers", title: "An extremely odd and totally new idea", body: "", feature: TitleIntensifiers, value: 2.0, evidence: &["extremely", "totally"] },
        Case { name: "clickbait phrase with curly apostrophe", title: "You won’t believe what happened next", body: "", feature: TitleClickbaitPhrases, value: 2.0, evidence: &["You won’t believe", "what happened next"] },
        Case { name: "listicle", title: "17 Things Every Cat Owner Knows", body: "", feature: TitleListicle, value: 1.0, evidence: &["17 Things"] },
        Case { name: "a year is not a listicle", title: "2026 budget approved", body: "", feature: TitleListicle, value: 0.0, evidence: &[] },
        Case { name: "second person", title: "Your kitchen is dirtier than you think", body: "", feature: TitleSecondPerson, value: 2.0, evidence: &["Your", "you"] },
        Case { name: "question headline", title: "Is this the end of cash?", body: "", feature: TitleQuestion, value: 1.0, evidence: &["?"] },
        Case { name: "forward reference, even inside a clickbait phrase", title: "This is why cats purr", body: "", feature: TitleForwardReference, value: 1.0, evidence: &["This is"] },
        Case { name: "hype in the body is a rate", title: "Town news", body: "It was a shocking day in the town hall for everyone involved there.", feature: BodyHypeWords, value: 100.0 / 13.0, evidence: &["shocking"] },
        Case { name: "quoted hype is not the author's", title: "Vote", body: "“This is an outrageous and shocking betrayal,” said council member Tom Reyes on Monday.", feature: BodyHypeWords, value: 0.0, evidence: &[] },
        Case { name: "promotional language counts inside quotes too", title: "Plant", body: "\u{201c}We are proud to announce a state-of-the-art plant,\u{201d} the chief executive said of the seamless new line.", feature: BodyPromotional, value: 300.0 / 17.0, evidence: &["proud to announce", "state-of-the-art", "seamless"] },
        Case { name: "literal business words are not promotional", title: "Plant", body: "The company said it would launch a new line and unveiled plans for a sustainable, leading plant.", feature: BodyPromotional, value: 0.0, evidence: &[] },
        Case { name: "rhetorical questions inside a paragraph", title: "Sky", body: "The council put monitors on every lamppost last spring. Monitors for what? Coincidence? We think not.", feature: BodyQuestions, value: 200.0 / 16.0, evidence: &["Monitors for what?", "Coincidence?"] },
        Case { name: "a question alone on its line is a subhead", title: "Bills", body: "Where does the money go?\nMost of it pays for new pipes, the regulator said on Tuesday.", feature: BodyQuestions, value: 0.0, evidence: &[] },
        Case { name: "a quoted question is someone else's", title: "Vote", body: "\u{201c}Why now?\u{201d} asked one resident at the meeting. The council said the plan was approved in May.", feature: BodyQuestions, value: 0.0, evidence: &[] },
        Case { name: "a question closing a paragraph counts", title: "Vote", body: "The mayor approved the plan without a vote. Who asked the residents?\n\nThe plan goes ahead in May.", feature: BodyQuestions, value: 100.0 / 18.0, evidence: &["Who asked the residents?"] },
        Case { name: "a clickbait phrase in running text is a teaser", title: "Town", body: "The council met on Monday, and you won't believe what happens next in the budget.", feature: BodyClickbaitPhrases, value: 200.0 / 15.0, evidence: &["you won't believe", "what happens next"] },
        Case { name: "a question subhead is no teaser", title: "Bills", body: "The regulator approved the rise on Tuesday.\n\nWhat happens next?\n\nThe new prices apply from April.", feature: BodyClickbaitPhrases, value: 0.0, evidence: &[] },
        Case { name: "quoted hype is reported apart", title: "Vote", body: "“This is an outrageous and shocking betrayal,” said council member Tom Reyes on Monday.", feature: QuotedHype, value: 200.0 / 15.0, evidence: &["outrageous", "shocking"] },
    ];
    cases.iter().for_each(check);
}

#[test]
fn hedging_table() {
    use Feature::*;
    let cases = [
        Case {
            name: "May the month is no hedge",
            title: "Budget vote set for May",
            body: "",
            feature: TitleHedges,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "hedges",
            title: "Minister reportedly may resign",
            body: "",
            feature: TitleHedges,
            value: 2.0,
            evidence: &["reportedly", "may"],
        },
        Case {
            name: "a comparison of measured odds is no hedge",
            title: "Walkers",
            body: "Walkers were 14% less likely to die. Women were twice as likely to walk, and smokers 40% more likely to stop. The plan will likely fail.",
            feature: BodyHedges,
            value: 100.0 / 26.0,
            evidence: &["likely"],
        },
        Case {
            name: "may is not mayor",
            title: "Mayor opens bridge",
            body: "",
            feature: TitleHedges,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "boosters",
            title: "Clearly the plan will undoubtedly fail",
            body: "",
            feature: TitleBoosters,
            value: 2.0,
            evidence: &["Clearly", "undoubtedly"],
        },
        // A negation just before a booster says the certainty is missing.
        Case {
            name: "negated boosters are no boosters",
            title: "Nobody can say for sure, and officials did not clearly explain it",
            body: "",
            feature: TitleBoosters,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a contraction negates",
            title: "We can't know for certain who won",
            body: "",
            feature: TitleBoosters,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a negation three words back, behind a comma or after is no negation",
            title: "Not that the board knew it for sure. It is not, of course, over. Of course not",
            body: "",
            feature: TitleBoosters,
            value: 3.0,
            evidence: &["for sure", "of course", "Of course"],
        },
        Case {
            name: "a booster holding its own negation stays one",
            title: "There is no doubt the plan will fail, and nobody can deny it",
            body: "",
            feature: TitleBoosters,
            value: 2.0,
            evidence: &["There is no doubt", "nobody can deny"],
        },
        Case {
            name: "negated boosters in the body",
            title: "Council weighs new budget",
            body: "No one knows for certain what the plan costs. The mayor said it would clearly pass.",
            feature: BodyBoosters,
            value: 100.0 / 16.0, // 16 author words
            evidence: &["clearly"],
        },
    ];
    cases.iter().for_each(check);
}

#[test]
fn sourcing_table() {
    use Feature::*;
    let named = "Zelensky said the talks would resume. The deal is close, said William Taylor. Spokeswoman Peggy Cifrino said the ministry agreed.";
    let anonymous = "A senior official said on condition of anonymity that talks stalled. One European defense expert said little would change.";
    let cases = [
        Case {
            name: "a body citing no one and nothing",
            title: "Tips",
            body: "In today's fast-paced world, choosing the right garden hose is more important than ever.",
            feature: Unsourced,
            value: 1.0,
            evidence: &["In today's fast-paced world, choosing the right garden hose is more important than ever."],
        },
        Case {
            name: "one attribution is a source",
            title: "Tips",
            body: "Choosing the right garden hose matters, the gardener said.",
            feature: Unsourced,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "one cited report is a source",
            title: "Tips",
            body: "Choosing the right garden hose matters, according to a new report by the water board.",
            feature: Unsourced,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "named sources",
            title: "Talks",
            body: named,
            feature: NamedSources,
            value: 300.0 / 20.0,
            evidence: &[
                "Zelensky said",
                "said William Taylor",
                "Spokeswoman Peggy Cifrino said",
            ],
        },
        Case {
            name: "distinct named sources",
            title: "Talks",
            body: named,
            feature: DistinctNamedSources,
            value: 3.0,
            evidence: &[
                "Zelensky said",
                "said William Taylor",
                "Spokeswoman Peggy Cifrino said",
            ],
        },
        Case {
            name: "one source quoted again is one source",
            title: "Plant",
            body: "Chief executive Martin Oakes said the plant would open. Oakes said hiring starts soon. The plan is sound, said Oakes. Brightwell said it had the money.",
            feature: DistinctNamedSources,
            value: 2.0,
            evidence: &["Chief executive Martin Oakes said", "Brightwell said"],
        },
        Case {
            name: "an index's gain is no source speaking",
            title: "Markets",
            body: "The Nasdaq Composite added 1.2% and the Dow added 150 points. The rally added to the pressure on bonds, analyst Jane Roe said.",
            feature: DistinctNamedSources,
            value: 1.0,
            evidence: &["analyst Jane Roe said"],
        },
        Case {
            name: "people described are no source until something is attributed to them",
            title: "Campaign",
            body: "Senior officials and a family friend were present on the occasion. Sources close to the ministry were upbeat. A senior official said the plan would work.",
            feature: AnonymousSources,
            value: 200.0 / 26.0,
            evidence: &["A senior official said", "Sources close to"],
        },
        Case {
            name: "anonymous sources are no named ones",
            title: "Talks",
            body: anonymous,
            feature: DistinctNamedSources,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "anonymous sources",
            title: "Talks",
            body: anonymous,
            feature: AnonymousSources,
            value: 200.0 / 19.0,
            evidence: &[
                "A senior official said on condition of anonymity",
                "One European defense expert said",
            ],
        },
        Case {
            name: "gossip's unnamed insiders and friends",
            title: "Feud",
            body: "One source close to the star claims they fight. Another insider whispered that it was over. A friend of the couple told us nothing.",
            feature: AnonymousSources,
            value: 300.0 / 24.0,
            // A phrase no attribution verb reaches counts alone ("claims" is no verb here:
            // "$650,000 for claims" is too common).
            evidence: &[
                "Another insider whispered",
                "A friend of the couple told",
                "One source",
            ],
        },
        Case {
            // The source is the subject before the verb; what follows it is what was said.
            name: "a subject that is no person is not an unnamed source",
            title: "Bridges",
            body: "The state transportation department said the bridges would reopen soon after crews checked them.",
            feature: AnonymousSources,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a name set off by commas after the verb's role",
            title: "Flood",
            body: "Nothing has been built, said her neighbour, Tom Price. It rained, added a spokesman, who declined to be named.",
            feature: NamedSources,
            value: 100.0 / 19.0,
            evidence: &["said her neighbour, Tom Price"],
        },
        Case {
            name: "a role set off by commas after the verb, with no name",
            title: "Flood",
            body: "Nothing has been built, said her neighbour, Tom Price. It rained, added a spokesman, who declined to be named.",
            feature: AnonymousSources,
            value: 100.0 / 19.0,
            evidence: &["added a spokesman, who declined to be named"],
        },
        Case {
            name: "a name set off by a long description with its clause",
            title: "Study",
            body: "Professor Robert Howard, a psychiatrist at University College London who was not involved in the work, said the effect was small.",
            feature: DistinctNamedSources,
            value: 1.0,
            evidence: &["Professor Robert Howard, a psychiatrist at University College London who was not involved in the work, said"],
        },
        Case {
            name: "a name and its role set off by commas before the verb",
            title: "Flood",
            body: "A council spokesman, John Smith, said work starts soon. Tom Price, her neighbour, said nothing was built. The official, a senior aide, said it would rain.",
            feature: NamedSources,
            value: 200.0 / 26.0,
            evidence: &[
                "A council spokesman, John Smith, said",
                "Tom Price, her neighbour, said",
            ],
        },
        Case {
            name: "a name before an age, a description or a clause set off by commas",
            title: "Flood",
            body: "Carla Munoz, 43, said the water rose fast. Tom Reed, a farmer, said the fields were lost. Jane Smith, who lives nearby, said nobody came. Helen Carver, a former medical director at the trust, said it was avoidable.",
            feature: NamedSources,
            value: 400.0 / 38.0,
            evidence: &[
                "Carla Munoz, 43, said",
                "Tom Reed, a farmer, said",
                "Jane Smith, who lives nearby, said",
                "Helen Carver, a former medical director at the trust, said",
            ],
        },
        Case {
            name: "a role set off by commas before the verb, with no name",
            title: "Flood",
            body: "A council spokesman, John Smith, said work starts soon. Tom Price, her neighbour, said nothing was built. The official, a senior aide, said it would rain.",
            feature: AnonymousSources,
            value: 100.0 / 26.0,
            evidence: &["The official, a senior aide, said"],
        },
        Case {
            name: "named share",
            title: "Talks",
            body: named,
            feature: NamedSourceShare,
            value: 1.0,
            evidence: &[
                "Zelensky said",
                "said William Taylor",
                "Spokeswoman Peggy Cifrino said",
            ],
        },
        Case {
            name: "quotes and attribution",
            title: "Vote",
            body: "“We will rebuild every home,” the mayor said. Nobody knows when.",
            feature: AttributedQuoteShare,
            value: 1.0,
            evidence: &["“We will rebuild every home,”"],
        },
        Case {
            name: "a quote after an attributed one goes on in its speaker's words",
            title: "Vote",
            body: "“We will fight this,” said Tom Reed. “Nobody asked us.” The vote is in May. Nobody knows when. “It is over.”",
            feature: AttributedQuoteShare,
            value: 2.0 / 3.0,
            evidence: &["“We will fight this,”", "“Nobody asked us.”"],
        },
        Case {
            name: "outlets are case-sensitive",
            title: "Talks",
            body: "He told Sky News and the sky news was grey.",
            feature: Outlets,
            value: 10.0,
            evidence: &["Sky News"],
        },
        Case {
            name: "an organisation's spokesperson and an office are on the record",
            title: "Road",
            body: "A Police Scotland spokesperson said the road was shut. The mayor said it would reopen. A Downing Street source said nothing. It rained, added the minister. Analysts at Barclays said so.",
            feature: NamedSources,
            value: 400.0 / 31.0,
            evidence: &[
                "A Police Scotland spokesperson said",
                "The mayor said",
                "added the minister",
                "Analysts at Barclays said",
            ],
        },
        Case {
            name: "a source stays unnamed whoever it speaks for",
            title: "Road",
            body: "A Police Scotland spokesperson said the road was shut. The mayor said it would reopen. A Downing Street source said nothing. It rained, added the minister.",
            feature: AnonymousSources,
            value: 100.0 / 26.0,
            evidence: &["A Downing Street source said"],
        },
        Case {
            name: "vague groups are unnamed, where they are is no name",
            title: "Flood",
            body: "Critics say the plan is flawed. Residents in Duke Street said the water rose. A senior official said little.",
            feature: AnonymousSources,
            value: 300.0 / 19.0,
            evidence: &[
                "Critics say",
                "Residents in Duke Street said",
                "A senior official said",
            ],
        },
        Case {
            name: "what a source reports is no source of its own",
            title: "Flood",
            body: "Mayor Jane Smith said residents had complained for years. Police said witnesses reported a blast. An official who spoke on condition of anonymity said the cost had risen since it was announced. Zelensky said the talks would resume, a senior official added.",
            feature: AnonymousSources,
            value: 200.0 / 42.0,
            evidence: &[
                "spoke on condition of anonymity said",
                "a senior official added",
            ],
        },
        Case {
            name: "the wire's own name is no outlet cited",
            title: "Talks",
            body: "PARIS (AFP) - The minister told AFP the talks would resume, as Reuters reported.",
            feature: Outlets,
            value: 100.0 / 13.0,
            evidence: &["Reuters"],
        },
        Case {
            name: "a paper speaking for its own unnamed sources is an anonymous source, not an outlet cited",
            title: "Split",
            body: "The star has split from her husband, The Sun can reveal. The Sun understands lawyers are ready, and we have learned the house is sold.",
            feature: AnonymousSources,
            value: 300.0 / 25.0,
            evidence: &["The Sun can reveal", "The Sun understands", "we have learned"],
        },
        Case {
            name: "the paper's own name is no outlet cited",
            title: "Split",
            body: "The star has split from her husband, The Sun can reveal. The Sun understands lawyers are ready, as the Daily Mail reported.",
            feature: Outlets,
            value: 100.0 / 22.0,
            evidence: &["Daily Mail"],
        },
        Case {
            name: "a title's abbreviation goes on with the name",
            title: "Bill",
            body: "\"This matters,\" said Sen. Elizabeth Warren on Tuesday. \"We will act,\" said Rep. Jim Jordan.",
            feature: DistinctNamedSources,
            value: 2.0,
            evidence: &["said Sen. Elizabeth Warren", "said Rep. Jim Jordan"],
        },
        Case {
            name: "told to do something is an instruction, not a source",
            title: "Fire",
            body: "A fire broke out, with residents told to keep windows closed. Drivers were told to avoid the area.",
            feature: AnonymousSources,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a pronoun is the source named before it",
            title: "Derby",
            body: "Gateshead boss Rob Elliot was less happy. \"We have thrown that away,\" he said. Owner Dave Price, 58, later said the shop had struggled.",
            feature: NamedSources,
            value: 200.0 / 24.0,
            evidence: &["he said", "Owner Dave Price, 58, later said"],
        },
        Case {
            name: "a pronoun after an unnamed source is that source",
            title: "Split",
            body: "A source close to the couple said the split was amicable. She said the house would be sold.",
            feature: AnonymousSources,
            value: 200.0 / 18.0,
            evidence: &["A source close to the couple said", "She said"],
        },
        Case {
            name: "a spokesperson speaks for the organisation on the record; an office after a possessive is its holder",
            title: "Library",
            body: "A spokesman for the council said the decision was hard. A council spokesperson said it was final. The region's mayor has confirmed the plan.",
            feature: NamedSources,
            value: 300.0 / 24.0,
            evidence: &["spokesman for the council said", "A council spokesperson said", "mayor has confirmed"],
        },
        Case {
            name: "an organisation the story introduced speaks on the record",
            title: "Library",
            body: "The library will close, the council said. The firm said it would appeal, said the company in a statement. A company said nothing. The city's police said two men were held.",
            feature: NamedSources,
            value: 400.0 / 31.0,
            evidence: &["the council said", "The firm said", "said the company", "The city's police said"],
        },
        Case {
            name: "an interview's answers are the interviewee's attributed words",
            title: "Interview",
            body: "Dr Obi is an MP.\n\nQ: Why did you stand?\nA: Because nobody else would.",
            feature: AttributedQuoteShare,
            value: 1.0,
            evidence: &["A: Because nobody else would."],
        },
        Case {
            name: "a newsroom's dateline is a sourcing signal",
            title: "Plant",
            body: "LEEDS, March 3 (Reuters) - Greenvale Foods will open a plant, its chief executive said.",
            feature: Dateline,
            value: 1.0,
            evidence: &["LEEDS, March 3 (Reuters) -"],
        },
        Case {
            name: "a press-release wire's dateline is none",
            title: "Plant",
            body: "WAKEFIELD, England, 3 March 2026 /PRNewswire/ -- Greenvale Foods today announced a plant.",
            feature: Dateline,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a business wire's dateline is none",
            title: "Plant",
            body: "BOSTON--(BUSINESS WIRE)--Harbor Labs today said it would hire 40 people.",
            feature: Dateline,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "a document whose publisher is named is a named source",
            title: "Walkers",
            body: "The risk fell by a third, according to a study published in The Lancet. It rose, according to officials in Washington.",
            feature: NamedSources,
            value: 100.0 / 21.0,
            evidence: &["according to a study published in The Lancet"],
        },
        Case {
            name: "people described, not named, are unnamed sources",
            title: "Pub",
            body: "One devastated regular told us the pub was loved. Pals say she is heartbroken.",
            feature: AnonymousSources,
            value: 200.0 / 14.0,
            evidence: &["One devastated regular told", "Pals say"],
        },
        Case {
            name: "a name set off by a clause with a possessive apostrophe is the source",
            title: "Wall",
            body: "Rosalind Teague, who chairs the Eastquay Residents' Association, said residents had raised concerns.",
            feature: NamedSources,
            value: 100.0 / 13.0,
            evidence: &["Rosalind Teague, who chairs the Eastquay Residents' Association, said"],
        },
        Case {
            name: "the subject of a reported clause is not a source",
            title: "Wall",
            body: "The chairwoman, who lives nearby, said residents had raised concerns. It said police were investigating. A judge said Biden would testify.",
            feature: AnonymousSources,
            value: 100.0 / 21.0,
            evidence: &["A judge said"],
        },
        Case {
            name: "an inverted attribution's source ends its phrase",
            title: "Wall",
            body: "The wall will hold, said residents. It will not, said a senior official who asked not to be named. Repairs are due, said people familiar with the plan.",
            feature: AnonymousSources,
            value: 300.0 / 28.0,
            evidence: &["said residents", "said a senior official who asked not to be named", "said people familiar with"],
        },
        Case {
            name: "documents and records cited",
            title: "Wall",
            body: "According to the report, the wall is weak. Court filings and a new study agree, and records show repairs. Study hard, she said, and report to work.",
            feature: Documents,
            value: 400.0 / 27.0,
            evidence: &["the report", "Court filings", "a new study", "records show"],
        },
        Case {
            name: "figures",
            title: "Budget",
            body: "The city spent $4.2 million, up 3.5% from 120 days.",
            feature: Figures,
            value: 300.0 / 10.0,
            evidence: &["$4.2 million", "3.5%", "120"],
        },
        Case {
            name: "dates",
            title: "Budget",
            body: "On Tuesday, March 3, 2026 the council met. It met again on May 5.",
            feature: Dates,
            value: 400.0 / 14.0,
            evidence: &["Tuesday", "March 3", "2026", "May 5"],
        },
    ];
    cases.iter().for_each(check);
}

#[test]
fn style_table() {
    use Feature::*;
    let cases = [
        Case {
            name: "headline words",
            title: "Council approves budget",
            body: "",
            feature: TitleWords,
            value: 3.0,
            evidence: &["Council approves budget"],
        },
        Case {
            name: "first-person opinion",
            title: "Plan",
            body: "I think this is wrong. Honestly, in my view it fails.",
            feature: FirstPersonOpinion,
            value: 300.0 / 12.0,
            evidence: &["I think", "Honestly", "in my view"],
        },
        Case {
            name: "reader appeals",
            title: "Plan",
            body: "Imagine a city without cars. Let that sink in.",
            feature: ReaderAppeals,
            value: 200.0 / 10.0,
            evidence: &["Imagine", "Let that sink in"],
        },
        Case {
            name: "a conspiracy post's calls to action",
            title: "Sky",
            body: "Wake up, people. Do your own research and share this before it gets taken down.",
            feature: ReaderAppeals,
            value: 300.0 / 16.0,
            evidence: &["Wake up, people", "Do your own research", "share this before"],
        },
        Case {
            name: "waking up is not a call to action",
            title: "Flood",
            body: "Residents woke up to flooded streets, and many will wake up to more rain on Friday.",
            feature: ReaderAppeals,
            value: 0.0,
            evidence: &[],
        },
        Case {
            name: "sentence length",
            title: "T",
            body: SOBER_BODY,
            feature: SentenceLength,
            value: 18.0,
            evidence: &[SOBER_BODY],
        },
    ];
    cases.iter().for_each(check);
}

#[test]
fn every_positive_count_has_evidence_and_every_span_is_valid() {
    let analyzer = Analyzer::new();
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let article =
            Article::from_plain_text(&text, hypecheck::Source::file(path.display().to_string()))
                .unwrap();
        let doc = analyzer.document(&article);
        let values = analyzer.features(&doc);
        for f in Feature::ALL {
            let counted = matches!(
                f.unit(),
                hypecheck::features::Unit::Count
                    | hypecheck::features::Unit::Per100Words
                    | hypecheck::features::Unit::Flag
            );
            if counted && values.get(*f) > 0.0 {
                assert!(
                    !values.evidence(*f).is_empty(),
                    "{}: {} > 0 without evidence",
                    path.display(),
                    f.name()
                );
            }
            for e in values.evidence(*f) {
                let part = article.part(e.part);
                assert!(
                    part.get(e.span.range()).is_some(),
                    "{}: {} span {:?} invalid",
                    path.display(),
                    f.name(),
                    e.span
                );
                assert!(!e.span.is_empty());
            }
        }
    }
}

#[test]
fn names_are_unique_dotted_and_prefixed_by_their_family() {
    let mut seen = std::collections::HashSet::new();
    for f in Feature::ALL {
        assert!(seen.insert(f.name()), "duplicate {}", f.name());
        assert!(
            f.name().starts_with(&format!("{}.", f.family().name())),
            "{}",
            f.name()
        );
        assert_eq!(Feature::from_name(f.name()), Some(*f));
        assert!(!f.doc().is_empty());
    }
}

/// The words that make an unnamed-source phrase a source with no verb near it are a lexicon
/// (`sourcing_cues.txt`): a `--lexicons` directory's list replaces the shipped one.
#[test]
fn sourcing_cues_are_a_lexicon_a_directory_can_replace() {
    let body = "People familiar with the talks expect a deal by Friday. The two sides met for \
                six hours on Tuesday.";
    let article = Article::new("t", Some("Talks".to_string()), body);
    let anonymous = |analyzer: &Analyzer| {
        let doc = analyzer.document(&article);
        let values = analyzer.features(&doc);
        let evidence: Vec<&str> = values
            .evidence(Feature::AnonymousSources)
            .iter()
            .map(|e| &body[e.span])
            .collect();
        (values.get(Feature::AnonymousSources), evidence)
    };
    // Shipped: `familiar` (and `people`) make the phrase a source.
    let (value, evidence) = anonymous(&Analyzer::new());
    assert!(value > 0.0, "{evidence:?}");
    assert_eq!(evidence, ["People familiar with"]);
    // A list without them: the phrase describes people and cites nobody.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sourcing_cues.txt"), "insider\ninsiders\n").unwrap();
    let (value, evidence) = anonymous(&Analyzer::with_lexicons_dir(dir.path()).unwrap());
    assert_eq!((value, evidence.len()), (0.0, 0), "{evidence:?}");
}

/// A dateline is a newsroom's sign of reporting from a place, unless the text is a press
/// release: under a release's kicker, as on a release wire, the place is the issuer's.
#[test]
fn a_dateline_under_a_press_release_s_kicker_is_not_a_newsroom_s() {
    let body = "SELBOURNE — Harlow Systems today announced a new battery plant that will employ \
                400 people, the company said in a statement.";
    let analyzer = Analyzer::new();
    // (name, text, sourcing.dateline)
    let cases = [
        (
            "a report",
            format!("Harlow Systems to open battery plant\n\n{body}"),
            1.0,
        ),
        (
            "a release's kicker on its own line",
            format!("FOR IMMEDIATE RELEASE\nHarlow Systems to open battery plant\n\n{body}"),
            0.0,
        ),
        (
            "a release's kicker before the headline",
            format!("PRESS RELEASE: Harlow Systems to open battery plant\n\n{body}"),
            0.0,
        ),
        (
            "a release's label below the headline",
            format!("Harlow Systems to open battery plant\n\nFOR IMMEDIATE RELEASE\n\n{body}"),
            0.0,
        ),
        (
            "an urgent kicker is still news",
            format!("BREAKING: Harlow Systems to open battery plant\n\n{body}"),
            1.0,
        ),
    ];
    for (name, text, expected) in cases {
        let article = Article::from_text(&text);
        assert!(article.kicker.is_some() || name == "a report", "{name}");
        let doc = analyzer.document(&article);
        let values = analyzer.features(&doc);
        assert_eq!(values.get(Feature::Dateline), expected, "{name}");
        // The dateline is still read as one (and left out of the author's wording).
        assert!(doc.dateline.is_some(), "{name}");
    }
}

#[test]
fn an_explainer_s_question_headline_is_its_subject_not_a_teaser() {
    let body = "Households will pay an average of 512 pounds a year for water from April, up from \
                461 pounds, after the regulator approved an increase of 11 per cent.";
    let analyzer = Analyzer::new();
    // (name, text, hype.title_question)
    let cases = [
        ("a bare question", "Why are water bills going up 11%?", 1.0),
        (
            "under an explainer's kicker",
            "Explainer: Why are water bills going up 11%?",
            0.0,
        ),
        (
            "under a Q&A kicker",
            "Q&A: What does the rise mean for you?",
            0.0,
        ),
        (
            "under a fact check's kicker",
            "FACT CHECK: Did bills rise 40%?",
            0.0,
        ),
        (
            "under a video kicker it still teases",
            "WATCH: Is this the end of cheap water?",
            1.0,
        ),
        (
            "under an urgent kicker it still teases",
            "BREAKING: Are bills about to double?",
            1.0,
        ),
    ];
    for (name, headline, expected) in cases {
        let article = Article::from_text(&format!("{headline}\n\n{body}"));
        assert!(article.title.is_some(), "{name}: no headline");
        let doc = analyzer.document(&article);
        let values = analyzer.features(&doc);
        assert_eq!(values.get(Feature::TitleQuestion), expected, "{name}");
        assert_eq!(
            values.evidence(Feature::TitleQuestion).len(),
            expected as usize,
            "{name}"
        );
    }
}
