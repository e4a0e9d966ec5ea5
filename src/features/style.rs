//! Style: length, word length, vocabulary variety, readability, first-person opinion and
//! direct appeals to the reader.

use super::{
    matches_evidence, per_100_words, Document, Family, Feature, FeatureFamily, FeatureValues, Part,
    Voice,
};
use crate::lexicon::{LexiconKind, Lexicons};
use crate::text::TextAnalysis;
use rustc_hash::FxHashMap as HashMap;

/// The style family.
pub struct Style;

/// Window of the moving-average type-token ratio: plain TTR falls as texts grow, MATTR does not.
const TTR_WINDOW: usize = 50;

impl FeatureFamily for Style {
    fn family(&self) -> Family {
        Family::Style
    }

    fn extract(&self, doc: &Document, _lexicons: &Lexicons, out: &mut FeatureValues) {
        let (title, body) = (&doc.title, &doc.body);

        if let (Some(first), Some(last)) = (title.tokens.first(), title.tokens.last()) {
            out.add_evidence(
                Feature::TitleWords,
                Part::Title,
                first.span.cover(last.span),
                false,
            );
        }
        out.set(Feature::TitleWords, title.words as f64);
        out.set(Feature::TitleWordLength, mean_word_length(title));

        out.set(Feature::BodyLength, (1.0 + body.words as f64).log10());
        let lengths: Vec<f64> = body
            .sentences
            .iter()
            .map(|s| {
                body.tokens[s.first_token..s.end_token]
                    .iter()
                    .filter(|t| t.shape.is_word())
                    .count() as f64
            })
            .filter(|&n| n > 0.0)
            .collect();
        if !lengths.is_empty() {
            let mean = lengths.iter().sum::<f64>() / lengths.len() as f64;
            let var =
                lengths.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lengths.len() as f64;
            out.set(Feature::SentenceLength, mean);
            out.set(Feature::SentenceLengthSpread, var.sqrt());
            let longest = body
                .sentences
                .iter()
                .max_by_key(|s| s.end_token - s.first_token);
            if let Some(s) = longest {
                out.add_evidence(Feature::SentenceLength, Part::Body, s.span, false);
            }
        }
        out.set(Feature::WordLength, mean_word_length(body));
        out.set(Feature::TypeTokenRatio, moving_type_token_ratio(body));
        out.set(Feature::ReadingEase, reading_ease(body));

        for (kind, feature) in [
            (LexiconKind::FirstPersonOpinion, Feature::FirstPersonOpinion),
            (LexiconKind::FirstPerson, Feature::FirstPerson),
            (LexiconKind::ReaderAppeals, Feature::ReaderAppeals),
        ] {
            let mut n = matches_evidence(
                out,
                feature,
                Part::Title,
                title.matches_of(kind),
                Voice::Author,
            );
            n += matches_evidence(
                out,
                feature,
                Part::Body,
                body.matches_of(kind),
                Voice::Author,
            );
            out.set(
                feature,
                per_100_words(n, title.author_words + body.author_words),
            );
        }
    }
}

fn mean_word_length(text: &TextAnalysis) -> f64 {
    let (mut chars, mut words) = (0usize, 0usize);
    for t in text.tokens.iter().filter(|t| t.shape.is_alpha()) {
        let word = text.token_text(t);
        chars += if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        words += 1;
    }
    if words == 0 {
        0.0
    } else {
        chars as f64 / words as f64
    }
}

/// Moving-average type-token ratio (Covington & McFall 2010) over lower-cased words; plain
/// TTR for texts shorter than the window; 0 for no words.
///
/// Words are told apart by their keys (a 64-bit hash; two different words of one text
/// sharing one is too unlikely to move the ratio), and the number of types in each window
/// is kept up to date from each word's previous and next occurrence, so one hash-map pass
/// serves every window.
fn moving_type_token_ratio(text: &TextAnalysis) -> f64 {
    let words: Vec<u64> = text
        .tokens
        .iter()
        .filter(|t| t.shape.is_word())
        .map(|t| t.key)
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    // previous[i] / next[i]: the position of the same word before / after i, if any.
    let mut previous = vec![usize::MAX; words.len()];
    let mut next = vec![usize::MAX; words.len()];
    let mut last_seen: HashMap<u64, usize> = HashMap::default();
    last_seen.reserve(words.len().min(4096));
    for (i, word) in words.iter().enumerate() {
        if let Some(p) = last_seen.insert(*word, i) {
            previous[i] = p;
            next[p] = i;
        }
    }
    let window = TTR_WINDOW.min(words.len());
    // Types in the window starting at `start`: positions whose previous occurrence is before it.
    let mut types = (0..window).filter(|&i| previous[i] == usize::MAX).count();
    let mut total = types as f64;
    let mut windows = 1.0;
    for start in 1..=words.len() - window {
        // Position start-1 leaves; the next occurrence of its word, if still inside, becomes
        // that word's first in the window; position start+window-1 enters.
        let gone = start - 1;
        let entering = start + window - 1;
        types -= 1;
        if next[gone] < entering {
            types += 1;
        }
        if previous[entering] == usize::MAX || previous[entering] < start {
            types += 1;
        }
        total += types as f64;
        windows += 1.0;
    }
    total / windows / window as f64
}

/// Flesch reading ease: 206.835 − 1.015·(words/sentence) − 84.6·(syllables/word).
/// 0 for a text with no words.
fn reading_ease(text: &TextAnalysis) -> f64 {
    let (mut words, mut syllable_count) = (0usize, 0usize);
    for t in text.tokens.iter().filter(|t| t.shape.is_alpha()) {
        words += 1;
        syllable_count += syllables(text.token_norm(t));
    }
    let sentences = text.sentences.len().max(1);
    if words == 0 {
        return 0.0;
    }
    let n = words as f64;
    206.835 - 1.015 * (n / sentences as f64) - 84.6 * (syllable_count as f64 / n)
}

/// Syllables in an English word, estimated from vowel groups (silent final "e" dropped).
pub(crate) fn syllables(word: &str) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à'..='å' | 'è'..='ë' | 'ì'..='ï' | 'ò'..='ö' | 'ù'..='ü');
    let (mut groups, mut previous_vowel) = (0, false);
    // The last three letters, newest last, for the silent "e".
    let (mut letters, mut tail) = (0usize, ['\0'; 3]);
    let mut each = |c: char| {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
        letters += 1;
        tail = [tail[1], tail[2], c];
    };
    if word.is_ascii() {
        word.bytes()
            .filter(u8::is_ascii_alphabetic)
            .for_each(|b| each(b as char));
    } else {
        word.chars().filter(|c| c.is_alphabetic()).for_each(each);
    }
    let [third, second, last] = tail;
    let silent_e =
        letters > 2 && last == 'e' && !is_vowel(second) && (second != 'l' || is_vowel(third));
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}
