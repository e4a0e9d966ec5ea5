//! Property tests: whatever the text, analysis, features and reports keep their invariants
//! (see `tests/common/invariants.rs`, which the fuzz targets in `fuzz/` check too).
//!
//! Few cases per property so the suite stays fast; `cargo fuzz` runs the same checks for as
//! long as one likes.

#[path = "common/invariants.rs"]
mod invariants;

use hypecheck::input::JsonlReader;
use hypecheck::{Article, Hypecheck};
use proptest::prelude::*;
use std::sync::LazyLock;

static HC: LazyLock<Hypecheck> = LazyLock::new(|| Hypecheck::new().unwrap());

/// Pieces of news copy and of the characters that have tripped text code before: quotes of
/// every kind, abbreviations, numbers and dates, shouting, emoji sequences, combining marks,
/// characters whose lower case is longer (`İ`), right-to-left and CJK text, blank lines.
const PIECES: &[&str] = &[
    "The",
    "council",
    "said",
    "SHOCKING",
    "you",
    "won't",
    "won’t",
    "believe",
    "reportedly",
    "Reuters",
    "spokeswoman",
    "Peggy",
    "Cifrino",
    "a senior official",
    "on condition of anonymity",
    "Dr.",
    "U.S.",
    "NATO",
    "J.",
    "May",
    "3",
    "2024",
    "$3.5",
    "million",
    "12%",
    "9/11",
    "17 Things",
    "this",
    "here's why",
    "I think",
    "imagine",
    "!!!",
    "?!",
    "‼",
    "…",
    ".",
    ",",
    "?",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "'",
    "’",
    "‘",
    "students'",
    "'90s",
    "By",
    "Sunday",
    ":",
    "NEW DELHI:",
    "PARIS (AFP) -",
    "(PTI)",
    "who",
    "added",
    "A Police Scotland spokesperson",
    "the mayor",
    "residents in",
    "at",
    "WATCH:",
    "6\"",
    "(",
    ")",
    "-",
    "•",
    "—",
    "😱",
    "👨‍👩‍👧",
    "🇺🇸",
    "☀️",
    "👍🏽",
    "🧑🏽‍💻",
    "1️⃣",
    "#⃣",
    "©️",
    "‼️",
    "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    "\u{FE0F}",
    "\u{20E3}",
    "\u{1F3FD}",
    "\u{1F1EB}",
    "İstanbul",
    "1İ",
    "ﬁ",
    "é",
    "e\u{301}\u{301}",
    "ß",
    "ǅ",
    "مرحبا",
    "你好。",
    "\u{200b}",
    "\u{feff}",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "  ",
];

/// News-like text assembled from [`PIECES`], joined by spaces or nothing.
fn newsy() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), any::<bool>()), 0..60).prop_map(|pieces| {
        let mut s = String::new();
        for (piece, space) in pieces {
            s.push_str(piece);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Any string, or news-like text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~\n]{0,200}", newsy()]
}

fn check(result: Result<(), String>) -> Result<(), TestCaseError> {
    result.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Spans on character boundaries inside their part, `text == part[start..end]`, scores
    /// finite in [0, 1], contributions that sum to the logit, and `score` agreeing with
    /// `explain` to the bit.
    #[test]
    fn reports_keep_their_invariants(title in text(), body in text()) {
        let article = Article::new("p", Some(title), body);
        check(invariants::check_article(&HC, &article))?;
    }

    /// Tokens are valid, ordered, non-overlapping and cover every character that is not white
    /// space; sentences are ordered, do not overlap, and partition the tokens.
    #[test]
    fn tokens_and_sentences_are_well_formed(s in text()) {
        check(invariants::check_analysis(&HC.analyzer().analyze(&s), "text"))?;
    }

    /// A JSON Lines file loses no record: one item per non-blank line, each a record or an
    /// error naming the file and that line.
    #[test]
    fn jsonl_yields_one_item_per_non_blank_line(
        lines in prop::collection::vec(
            prop_oneof![
                Just(r#"{"id": "a", "title": "Council approves budget"}"#.to_string()),
                Just(r#"{"id": 1, "body": "The council said so."}"#.to_string()),
                Just(r#"{"title": "cut off"#.to_string()),
                Just(r#"{"id": "x"}"#.to_string()),
                Just(String::new()),
                "[ -~]{0,40}",
            ],
            0..20,
        )
    ) {
        let text = lines.join("\n");
        let expected: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        let reader = JsonlReader::from_reader("in.jsonl", std::io::Cursor::new(text.into_bytes()));
        let mut got = Vec::new();
        for item in reader {
            match item {
                Ok(record) => got.push(record.article.source.record.unwrap()),
                Err(e) => {
                    prop_assert_eq!(e.path(), "in.jsonl");
                    let line = e.record().unwrap();
                    prop_assert!(e.to_string().starts_with(&format!("in.jsonl:{line}: ")), "{}", e);
                    got.push(line);
                }
            }
        }
        prop_assert_eq!(got, expected);
    }
}

/// Inputs the fuzz targets found crashing, kept as plain tests.
#[test]
fn regressions_found_by_fuzzing() {
    let cases: &[(&str, &str)] = &[
        // Lower case of `İ` is two characters; the tokenizer split between them and made two
        // overlapping tokens, and the sentence splitter sliced backwards.
        ("1İstanbul", ""),
        ("", "Score 1İ. Then İ."),
    ];
    for (title, body) in cases {
        let article = Article::new("r", Some(title.to_string()), *body);
        invariants::check_article(&HC, &article).unwrap();
    }
}
