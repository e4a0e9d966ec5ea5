//! Text analysis: tokens, shapes, sentences and quotes, with valid byte spans.

use hypecheck::text::Shape;
use hypecheck::Analyzer;

fn tokens(text: &str) -> Vec<(String, Shape)> {
    let analyzer = Analyzer::new();
    let a = analyzer.analyze(text);
    a.tokens
        .iter()
        .map(|t| (a.token_text(t).to_string(), t.shape))
        .collect()
}

#[test]
fn tokens_keep_offsets_through_curly_quotes_emoji_and_other_scripts() {
    let text = "“Wow” — 😱🔥 U.S. officials won’t visit 東京 or Київ, 3.5% say!!!";
    let got = tokens(text);
    let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        words,
        [
            "“",
            "Wow",
            "”",
            "—",
            "😱",
            "🔥",
            "U.S.",
            "officials",
            "won’t",
            "visit",
            "東京",
            "or",
            "Київ",
            ",",
            "3.5",
            "%",
            "say",
            "!!!"
        ]
    );
    let shape = |w: &str| got.iter().find(|(t, _)| t == w).unwrap().1;
    assert_eq!(shape("😱"), Shape::Emoji);
    assert_eq!(shape("U.S."), Shape::AllCaps);
    assert_eq!(shape("Wow"), Shape::Title);
    assert_eq!(shape("3.5"), Shape::Number);
    assert_eq!(shape("!!!"), Shape::Punct);
    assert_eq!(shape("won’t"), Shape::Lower);
}

#[test]
fn normalized_tokens_are_lower_case_with_straight_apostrophes() {
    let analyzer = Analyzer::new();
    let a = analyzer.analyze("You WON’T Believe");
    assert_eq!(a.normalized, "you won't believe");
    for t in &a.tokens {
        assert!(a.text.is_char_boundary(t.span.start) && a.text.is_char_boundary(t.span.end));
    }
}

fn sentences(text: &str) -> Vec<String> {
    let analyzer = Analyzer::new();
    let a = analyzer.analyze(text);
    a.sentences
        .iter()
        .map(|s| text[s.span].to_string())
        .collect()
}

#[test]
fn sentence_table() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "abbreviations and initials",
            "Dr. Amara Singh met J. Smith. They talked.",
            &["Dr. Amara Singh met J. Smith.", "They talked."],
        ),
        (
            "dotted acronym mid-sentence",
            "The U.S. Navy said so. Others agreed.",
            &["The U.S. Navy said so.", "Others agreed."],
        ),
        (
            "decimals",
            "Rates rose 3.5 percent. Markets fell.",
            &["Rates rose 3.5 percent.", "Markets fell."],
        ),
        (
            "missing space",
            "It ended.Then it rained.",
            &["It ended.", "Then it rained."],
        ),
        (
            "blank lines without punctuation",
            "Breaking news\n\nThe mayor resigned",
            &["Breaking news", "The mayor resigned"],
        ),
        (
            "exclamation floods",
            "Wow!!! Is this real?! Yes.",
            &["Wow!!!", "Is this real?!", "Yes."],
        ),
        (
            "closing quote stays with its sentence",
            "He said, “We won.” Then he left.",
            &["He said, “We won.”", "Then he left."],
        ),
        (
            "lower-case after period is no break",
            "Use e.g. salt. Fine.",
            &["Use e.g. salt.", "Fine."],
        ),
    ];
    for (name, text, expected) in cases {
        assert_eq!(sentences(text), *expected, "case: {name}");
    }
}

#[test]
fn quotes_need_three_words_and_mark_their_tokens() {
    let analyzer = Analyzer::new();
    let text =
        "“This is an outrageous betrayal,” said Tom Reyes. The so-called \"fake news\" spread.";
    let a = analyzer.analyze(text);
    assert_eq!(
        a.quotes.len(),
        1,
        "scare quotes of two words that nothing attributes are not a quote"
    );
    assert_eq!(&text[a.quotes[0].span], "“This is an outrageous betrayal,”");
    let outrageous = a
        .tokens
        .iter()
        .find(|t| a.token_text(t) == "outrageous")
        .unwrap();
    assert!(outrageous.quoted);
    let said = a.tokens.iter().find(|t| a.token_text(t) == "said").unwrap();
    assert!(!said.quoted);
    assert_eq!(a.words - a.author_words, 5);
}

#[test]
fn an_unclosed_quote_ends_at_the_paragraph() {
    let analyzer = Analyzer::new();
    let text = "\"We will rebuild every home,\n\nThe council met on Monday to vote.";
    let a = analyzer.analyze(text);
    assert_eq!(a.quotes.len(), 1);
    let council = a
        .tokens
        .iter()
        .find(|t| a.token_text(t) == "council")
        .unwrap();
    assert!(!council.quoted);
}

#[test]
fn an_emoji_token_spans_its_whole_grapheme_cluster() {
    let analyzer = Analyzer::new();
    // Flag (8 bytes), skin tone (8), keycap (7), ZWJ sequence (11), emoji-style © (5).
    let text = "Go 🇫🇷 👍🏽 1️⃣ 👩‍🚒 ©️ end";
    let a = analyzer.analyze(text);
    let emoji: Vec<(usize, usize)> = a
        .tokens
        .iter()
        .filter(|t| t.shape == Shape::Emoji)
        .map(|t| (t.span.start, t.span.end))
        .collect();
    assert_eq!(emoji, [(3, 11), (12, 20), (21, 28), (29, 40), (41, 46)]);
    for &(start, end) in &emoji {
        let cluster = &text[start..end];
        assert!(hypecheck::text::is_emoji_sequence(cluster), "{cluster}");
    }
    // The words around are still words; no mark is left over from a cluster.
    assert_eq!(a.words, 2);
    assert!(a.tokens.iter().all(|t| t.shape != Shape::Punct));
}

#[test]
fn single_quotes_are_quotes_and_apostrophes_are_not() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "british speech",
            "'It is a shocking disgrace,' she added.",
            &["'It is a shocking disgrace,'"],
        ),
        (
            "curly single quotes",
            "‘We will not back down,’ the minister said.",
            &["‘We will not back down,’"],
        ),
        (
            "a plural possessive inside a quote",
            "'The students' union is furious,' she said.",
            &["'The students' union is furious,'"],
        ),
        (
            "a plural possessive alone",
            "The students' union met on Monday to discuss the fees.",
            &[],
        ),
        (
            "a curly plural possessive alone",
            "The nurses’ union said it would strike on Friday.",
            &[],
        ),
        (
            "a quote ending on an s",
            "She praised the 'tireless work of the nurses' and left.",
            &["'tireless work of the nurses'"],
        ),
        (
            "scare quotes of two words",
            "The so-called 'experts' were wrong again on Monday.",
            &[],
        ),
        (
            "a label the author relays",
            "He called the report 'fake news' again on Monday.",
            &[],
        ),
        (
            "a short quote its sentence attributes by speech",
            "\"I'm furious,\" she said. Campaigners said the findings were \"shocking\".",
            &["\"I'm furious,\"", "\"shocking\""],
        ),
        (
            "a title nothing attributes",
            "He has seen the \"Jaws\" films many times since he was a boy.",
            &[],
        ),
        (
            "an inch mark opens no quote",
            "A 6\" water main burst on Monday and \"we are all very wet now,\" said Ann.",
            &["\"we are all very wet now,\""],
        ),
        (
            "elided years and possessives",
            "In the '90s the town's mills closed and the workers' homes emptied.",
            &[],
        ),
        (
            "elided letters",
            "He loved rock 'n' roll all his life. Let 'em talk, he said.",
            &[],
        ),
        (
            "a single quote inside a double one",
            "\"He told me 'never come back here again' and left,\" she said.",
            &["\"He told me 'never come back here again' and left,\""],
        ),
        (
            "a quote running on to the next paragraph",
            "'We rebuilt every home on this street.\n\n'Then the water came back,' he said.",
            &[
                "'We rebuilt every home on this street.",
                "'Then the water came back,'",
            ],
        ),
        (
            "an unpaired mark inside a paragraph",
            "Officials said the 'plan was sound all along.\n\nThe council met on Monday.",
            &[],
        ),
        (
            "a possessive closing a quote another one follows",
            "'Our members' pay has fallen,' she said, 'and nobody in power listens.'",
            &[
                "'Our members' pay has fallen,'",
                "'and nobody in power listens.'",
            ],
        ),
        (
            "a quote after a dash",
            "The verdict was plain —'this was a cover-up from the start' — and final.",
            &["'this was a cover-up from the start'"],
        ),
    ];
    let analyzer = Analyzer::new();
    for (name, text, expected) in cases {
        let a = analyzer.analyze(text);
        let got: Vec<&str> = a.quotes.iter().map(|q| &text[q.span]).collect();
        assert_eq!(got, *expected, "case: {name}");
        let quoted_words = a
            .tokens
            .iter()
            .filter(|t| t.quoted && t.shape.is_word())
            .count();
        assert_eq!(
            a.words - a.author_words,
            quoted_words,
            "case: {name}: author words"
        );
        let in_quotes: usize = a.quotes.iter().map(|q| q.words).sum();
        assert_eq!(quoted_words, in_quotes, "case: {name}: words in quotes");
    }
}

#[test]
fn an_interviews_answers_are_quotes() {
    // (name, text, the quotes, how many of them are answers)
    let cases: &[(&str, &str, &[&str], usize)] = &[
        (
            "answers to questions",
            "Dr Obi is an MP.\n\nQ: Why did you stand?\nA: Because nobody else would.\n\nQ: Again?\nA: Ask me in a year.",
            &["A: Because nobody else would.", "A: Ask me in a year."],
            2,
        ),
        (
            "a quote inside an answer is part of it",
            "Q: Why?\nA: They said they were \"looking at it\" for years.",
            &["A: They said they were \"looking at it\" for years."],
            1,
        ),
        (
            "spelled out",
            "Question: What next?\nAnswer: A long rest, I hope.",
            &["Answer: A long rest, I hope."],
            1,
        ),
        (
            "without a question, A: is a list item",
            "Options:\nA: keep the ward open\nB: close it",
            &[],
            0,
        ),
        (
            "a transcript's turns, speakers named in capitals or not",
            "The council met.\nMAYOR ADA OKAFOR: We will \"fix this\" by June.\nDr. Lee: Not by June.\nOKAFOR: By July, then.",
            &["MAYOR ADA OKAFOR: We will \"fix this\" by June.", "Dr. Lee: Not by June.", "OKAFOR: By July, then."],
            3,
        ),
        (
            "one speaker's labelled lines, or a fact-check's, are no transcript",
            "Claim: Taxes rose.\nVerdict: False.\nRating: Low.\nOKAFOR: Yes.\nOKAFOR: No.\nOKAFOR: Maybe.",
            &[],
            0,
        ),
        (
            "a quote beside the form stays as it was",
            "\"We will fight this,\" said Tom Reed.\nQ: Will you?\nA: Yes.",
            &["\"We will fight this,\"", "A: Yes."],
            1,
        ),
    ];
    let analyzer = Analyzer::new();
    for (name, text, expected, answers) in cases {
        let a = analyzer.analyze(text);
        let got: Vec<&str> = a.quotes.iter().map(|q| &text[q.span]).collect();
        assert_eq!(got, *expected, "case: {name}");
        assert_eq!(
            a.quotes.iter().filter(|q| q.answer).count(),
            *answers,
            "case: {name}: answers"
        );
        let quoted_words = a
            .tokens
            .iter()
            .filter(|t| t.quoted && t.shape.is_word())
            .count();
        assert_eq!(a.words - a.author_words, quoted_words, "case: {name}");
    }
}
