//! Language detection: a warning when an article is not English, since hypecheck's lexicons
//! and models are English-only.
//!
//! Most input is English, and whatlang spends ~600,000 instructions on even a headline (it
//! scores trigrams against every language), which was most of the time spent scoring
//! headlines. So English is recognised first from the tokens already made: its function
//! words are a fifth to a half of any English text and rare in other languages' text. Only
//! what that does not settle goes to whatlang.

use crate::features::{Document, Part};
use crate::report::Language;
use crate::text::key;
use crate::Article;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Bytes of text given to whatlang: enough to be sure, cheap on long articles.
const SAMPLE_BYTES: usize = 2048;

/// Word tokens looked at for the English fast path.
const SAMPLE_WORDS: usize = 300;

/// Common English function words. Words that are also frequent in other Latin-script
/// languages ("a", "in", "is", "so", "die"...) are left out, so that French, German, Dutch,
/// Spanish or Italian text does not reach the share below.
const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "and", "are", "be", "been", "but", "by", "can", "could", "did", "do", "does",
    "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "into", "it", "its",
    "just", "my", "not", "of", "on", "or", "our", "she", "should", "than", "that", "the", "their",
    "them", "there", "they", "this", "to", "was", "we", "were", "what", "when", "which", "who",
    "why", "will", "with", "would", "you", "your",
];

/// [`FUNCTION_WORDS`] by their keys: a word is looked up by the key its token already
/// carries, and its text compared with the one word of that key.
static FUNCTION_WORD_KEYS: LazyLock<FxHashMap<u64, &str>> =
    LazyLock::new(|| FUNCTION_WORDS.iter().map(|&w| (key(w), w)).collect());

/// True for a function word with this key and (normalized) text.
fn is_function_word(word_key: u64, word: &str) -> bool {
    FUNCTION_WORD_KEYS.get(&word_key) == Some(&word)
}

/// Fewer words than this in Latin script are too few for whatlang: on bare headlines its
/// "reliable" verdicts were wrong (23 English headlines of the clickbait corpus called
/// French, Danish...), so such text is left undetermined, without a warning.
const MIN_LATIN_WORDS: usize = 15;

/// The language of an article: English when its function words say so; undetermined when it
/// is a few words of Latin script; else whatlang's guess, with a warning when whatlang is
/// confident it is not English.
pub fn detect(article: &Article, doc: &Document) -> (Language, Vec<String>) {
    let (words, function_words) = count_words(doc);
    if function_words >= 2 && function_words * 5 >= words {
        return (language("eng", true), Vec::new());
    }
    let title = article.title.as_deref().unwrap_or("");
    let latin = [title, &article.body[..sample_end(&article.body)]]
        .into_iter()
        .filter_map(script)
        .all(|script| script == whatlang::Script::Latin);
    if latin && words < MIN_LATIN_WORDS {
        return (language("und", false), Vec::new());
    }
    detect_by_whatlang(article, !latin)
}

/// The script of a text, as whatlang sees it; ASCII is Latin when it has a letter (whatlang
/// would say so, after looking at every character).
fn script(text: &str) -> Option<whatlang::Script> {
    if text.is_ascii() {
        text.bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some(whatlang::Script::Latin)
    } else {
        whatlang::detect_script(text)
    }
}

fn language(code: &str, reliable: bool) -> Language {
    Language {
        code: code.into(),
        reliable,
    }
}

/// Word tokens (up to [`SAMPLE_WORDS`]) and how many of them are English function words.
/// Counting stops once the function words are a fifth of the whole sample: the text is
/// English however the rest of the sample reads.
fn count_words(doc: &Document) -> (usize, usize) {
    let (mut words, mut function_words) = (0usize, 0usize);
    for part in [Part::Title, Part::Body] {
        let text = doc.part(part);
        for token in text.tokens.iter().filter(|t| t.shape.is_word()) {
            if words == SAMPLE_WORDS || function_words * 5 >= SAMPLE_WORDS {
                break;
            }
            words += 1;
            let word = &text.normalized[token.norm.start..token.norm.end];
            function_words += is_function_word(token.key, word) as usize;
        }
    }
    (words, function_words)
}

/// The end of the sample of a body given to detection, on a character boundary.
fn sample_end(body: &str) -> usize {
    let mut end = SAMPLE_BYTES.min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// whatlang's guess; `not_latin` text is not English whatever whatlang's confidence in which
/// language it is (it tells Russian from Bulgarian badly on a headline, but both are Cyrillic).
fn detect_by_whatlang(article: &Article, not_latin: bool) -> (Language, Vec<String>) {
    let mut sample = String::new();
    if let Some(t) = &article.title {
        sample.push_str(t);
        sample.push('\n');
    }
    sample.push_str(&article.body[..sample_end(&article.body)]);
    let Some(info) = whatlang::detect(&sample) else {
        return (language("und", false), Vec::new());
    };
    let code = info.lang().code().to_string();
    let mut warnings = Vec::new();
    if (info.is_reliable() || not_latin) && info.lang() != whatlang::Lang::Eng {
        warnings.push(format!(
            "the text looks like {} ({code}), not English: hypecheck's lexicons and models are English-only, so its scores are unreliable",
            info.lang().eng_name()
        ));
    }
    (language(&code, info.is_reliable()), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    #[test]
    fn function_words_are_english_only() {
        for word in ["the", "of", "and", "would", "your", "i"] {
            assert!(is_function_word(key(word), word), "{word}");
        }
        // Frequent in other Latin-script languages, or not function words at all.
        for word in [
            "a", "in", "is", "so", "die", "le", "de", "The", "", "stunning",
        ] {
            assert!(!is_function_word(key(word), word), "{word}");
        }
    }

    #[test]
    fn english_is_recognised_other_languages_warned_and_short_latin_left_undetermined() {
        let analyzer = Analyzer::new();
        let cases = [
            ("You won't believe what this dog did next", "", "eng", false),
            (
                "Council approves the budget for the new school",
                "",
                "eng",
                false,
            ),
            (
                "Cara Delevingne Looks Unrecognizable As Enchantress",
                "",
                "und",
                false,
            ),
            (
                "Le gouvernement annonce une réforme des retraites",
                "Le ministre a présenté mardi un projet de loi sur les retraites, qui sera \
                 débattu au parlement au mois de janvier prochain après une longue concertation.",
                "fra",
                true,
            ),
            (
                "Regierung kündigt Reform an",
                "Der Minister stellte am Dienstag einen Gesetzentwurf vor, der im Parlament \
                 im Januar nach einer langen Beratung mit den Verbänden beraten werden soll.",
                "deu",
                true,
            ),
            // A few words, but Cyrillic: not English, whichever Slavic language it is.
            ("Правительство объявило о реформе пенсий", "", "*", true),
        ];
        for (title, body, code, warned) in cases {
            let article = Article::new("t", Some(title.to_string()), body);
            let doc = analyzer.document(&article);
            let (language, warnings) = detect(&article, &doc);
            if code == "*" {
                assert_ne!(language.code, "eng", "{title}");
            } else {
                assert_eq!(language.code, code, "{title}");
            }
            assert_eq!(!warnings.is_empty(), warned, "{title}: {warnings:?}");
        }
    }
}
