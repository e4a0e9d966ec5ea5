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
        chars += text.token_text(t).chars().count();
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
fn moving_type_token_ratio(text: &TextAnalysis) -> f64 {
    let words: Vec<&str> = text
        .tokens
        .iter()
        .filter(|t| t.shape.is_word())
        .map(|t| text.token_norm(t))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let window = TTR_WINDOW.min(words.len());
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for w in &words[..window] {
        *counts.entry(w).or_default() += 1;
    }
    let mut total = counts.len() as f64;
    let mut windows = 1.0;
    for i in window..words.len() {
        *counts.entry(words[i]).or_default() += 1;
        let out = words[i - window];
        if let Some(c) = counts.get_mut(out) {
            *c -= 1;
            if *c == 0 {
                counts.remove(out);
            }
        }
        total += counts.len() as f64;
        windows += 1.0;
    }
    total / windows / window as f64
}

/// Flesch reading ease: 206.835 − 1.015·(words/sentence) − 84.6·(syllables/word).
/// 0 for a text with no words.
fn reading_ease(text: &TextAnalysis) -> f64 {
    let words: Vec<&str> = text
        .tokens
        .iter()
        .filter(|t| t.shape.is_alpha())
        .map(|t| text.token_norm(t))
        .collect();
    let sentences = text.sentences.len().max(1);
    if words.is_empty() {
        return 0.0;
    }
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let n = words.len() as f64;
    206.835 - 1.015 * (n / sentences as f64) - 84.6 * (syllables as f64 / n)
}

/// Syllables in an English word, estimated from vowel groups (silent final "e" dropped).
pub(crate) fn syllables(word: &str) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à'..='å' | 'è'..='ë' | 'ì'..='ï' | 'ò'..='ö' | 'ù'..='ü');
    let chars: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let mut groups = 0;
    let mut previous_vowel = false;
    for &c in &chars {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let silent_e = chars.len() > 2
        && chars.last() == Some(&'e')
        && !is_vowel(chars[chars.len() - 2])
        && (chars[chars.len() - 2] != 'l' || is_vowel(chars[chars.len() - 3]));
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}
