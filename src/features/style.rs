//! Style: length, word length, vocabulary variety, readability, first-person opinion and
//! direct appeals to the reader.

use super::{
    matches_evidence, per_100_words, Document, Family, Feature, FeatureFamily, FeatureValues, Part,
    Voice,
};
use crate::article::lede::KickerKind;
use crate::lexicon::{LexiconKind, Lexicons};
use crate::text::TextAnalysis;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

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

        let opinion = doc.kicker_kind == Some(KickerKind::Opinion);
        if opinion {
            let span = crate::span::Span::new(0, doc.kicker.text.len());
            out.add_evidence(Feature::KickerOpinion, Part::Kicker, span, false);
        }
        out.set(Feature::KickerOpinion, opinion as u8 as f64);

        if let (Some(first), Some(last)) = (title.tokens.first(), title.tokens.last()) {
            out.add_evidence(
                Feature::TitleWords,
                Part::Title,
                first.span.cover(last.span),
                false,
            );
        }
        out.set(Feature::TitleWords, title.words as f64);
        out.set(
            Feature::TitleWordLength,
            WordStats::of(title).mean_word_length(),
        );

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
        let stats = WordStats::of(body);
        out.set(Feature::WordLength, stats.mean_word_length());
        out.set(
            Feature::TypeTokenRatio,
            stats.occurrences.moving_type_token_ratio(),
        );
        out.set(
            Feature::ReadingEase,
            stats.reading_ease(body.sentences.len()),
        );

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

/// What style needs of a text's words, gathered in one pass over its tokens.
struct WordStats {
    /// Words of letters only (not numbers).
    letter_words: usize,
    /// Their characters.
    letters: usize,
    /// Their syllables.
    syllables: usize,
    /// Where each word (numbers included) occurs before and after.
    occurrences: Occurrences,
}

impl WordStats {
    fn of(text: &TextAnalysis) -> WordStats {
        let mut stats = WordStats {
            letter_words: 0,
            letters: 0,
            syllables: 0,
            occurrences: Occurrences::new(text.words),
        };
        // Each distinct word's latest position and syllables, by key: a repeated word
        // ("the", "said") is looked up once for both, and its syllables counted once. Sized
        // for a typical article's vocabulary, not for a huge text's word count.
        let mut seen: HashMap<u64, (u32, u32)> = HashMap::default();
        seen.reserve(text.words.min(2048));
        let normalized = text.normalized.as_bytes();
        for (position, t) in text.tokens.iter().filter(|t| t.shape.is_word()).enumerate() {
            let position = position as u32;
            let alpha = t.shape.is_alpha();
            let syllables = match seen.entry(t.key) {
                Entry::Occupied(mut seen) => {
                    let (previous, syllables) = *seen.get();
                    stats.occurrences.link(position, previous);
                    seen.get_mut().0 = position;
                    syllables
                }
                Entry::Vacant(slot) => {
                    let syllables = match (alpha, t.ascii) {
                        (false, _) => 0,
                        (true, true) => ascii_syllables(&normalized[t.norm.range()]),
                        (true, false) => syllables(text.token_norm(t)),
                    };
                    slot.insert((position, syllables as u32));
                    syllables as u32
                }
            };
            if alpha {
                stats.letter_words += 1;
                stats.syllables += syllables as usize;
                stats.letters += match t.ascii {
                    true => t.norm.len(),
                    false => text.token_text(t).chars().count(),
                };
            }
        }
        stats
    }

    /// Mean characters per word of letters; 0 for none.
    fn mean_word_length(&self) -> f64 {
        if self.letter_words == 0 {
            0.0
        } else {
            self.letters as f64 / self.letter_words as f64
        }
    }

    /// Flesch reading ease: 206.835 − 1.015·(words/sentence) − 84.6·(syllables/word), over
    /// words of letters. 0 for a text with no such word.
    fn reading_ease(&self, sentences: usize) -> f64 {
        if self.letter_words == 0 {
            return 0.0;
        }
        let n = self.letter_words as f64;
        206.835 - 1.015 * (n / sentences.max(1) as f64) - 84.6 * (self.syllables as f64 / n)
    }
}

/// For each word of a text, by position among its words, the position of the same word
/// before and after it, [`Occurrences::NONE`] if none (u32: a text of 4 billion words is not
/// an article; the vectors stay small).
///
/// Words are told apart by their keys (a 64-bit hash; two different words of one text
/// sharing one is too unlikely to move the figures).
struct Occurrences {
    previous: Vec<u32>,
    next: Vec<u32>,
}

impl Occurrences {
    const NONE: u32 = u32::MAX;

    fn new(words: usize) -> Occurrences {
        Occurrences {
            previous: vec![Occurrences::NONE; words],
            next: vec![Occurrences::NONE; words],
        }
    }

    /// Word `position` repeats the word at `previous`.
    fn link(&mut self, position: u32, previous: u32) {
        self.previous[position as usize] = previous;
        self.next[previous as usize] = position;
    }

    /// Moving-average type-token ratio (Covington & McFall 2010); plain TTR for texts
    /// shorter than the window; 0 for no words.
    ///
    /// The number of types in each window is kept up to date from each word's previous and
    /// next occurrence, so one pass serves every window.
    fn moving_type_token_ratio(&self) -> f64 {
        let words = self.previous.len();
        if words == 0 {
            return 0.0;
        }
        let previous = |i: usize| self.previous[i] as usize;
        let next = |i: usize| self.next[i] as usize;
        const NONE: usize = Occurrences::NONE as usize;
        let window = TTR_WINDOW.min(words);
        // Types in the window starting at `start`: positions whose previous occurrence is
        // before it.
        let mut types = (0..window).filter(|&i| previous(i) == NONE).count();
        // Summed as integers (exact, as the f64 sum of these integers is), without a branch.
        let mut total = types;
        for start in 1..=words - window {
            // Position start-1 leaves; the next occurrence of its word, if still inside,
            // becomes that word's first in the window; position start+window-1 enters.
            let gone = start - 1;
            let entering = start + window - 1;
            types -= 1;
            types += usize::from(next(gone) < entering);
            types += usize::from((previous(entering) == NONE) | (previous(entering) < start));
            total += types;
        }
        let windows = words - window + 1;
        total as f64 / windows as f64 / window as f64
    }
}

/// Syllables in an English word, estimated from vowel groups (silent final "e" dropped).
pub(crate) fn syllables(word: &str) -> usize {
    if word.is_ascii() {
        ascii_syllables(word.as_bytes())
    } else {
        count_syllables(word.chars().filter(|c| c.is_alphabetic()))
    }
}

fn is_vowel(c: char) -> bool {
    if c.is_ascii() {
        // a, e, i, o, u, y as bits of (letter - 'a'): no branch on the letter.
        const VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;
        let i = (c as u32).wrapping_sub('a' as u32);
        i < 26 && VOWELS >> i & 1 == 1
    } else {
        matches!(c, 'à'..='å' | 'è'..='ë' | 'ì'..='ï' | 'ò'..='ö' | 'ù'..='ü')
    }
}

/// What [`ascii_syllables`] sees in a byte: not a letter, a consonant or a vowel (lower case
/// only, as [`is_vowel`]; capitals count as consonants there too).
const OTHER: u8 = 0;
const CONSONANT: u8 = 1;
const VOWEL: u8 = 2;
const LETTER_KINDS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = match byte {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => VOWEL,
            _ if byte.is_ascii_alphabetic() => CONSONANT,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// [`syllables`] of an ASCII word, from a table per byte: the same count as
/// [`count_syllables`] over its letters, without decoding characters.
fn ascii_syllables(word: &[u8]) -> usize {
    let (mut groups, mut previous_vowel) = (0, false);
    // How many letters, and the last three, newest in the low byte, for the silent "e".
    let (mut count, mut tail) = (0usize, 0u32);
    for &b in word {
        let kind = LETTER_KINDS[b as usize];
        if kind == OTHER {
            continue;
        }
        let vowel = kind == VOWEL;
        groups += usize::from(vowel & !previous_vowel);
        previous_vowel = vowel;
        count += 1;
        tail = tail << 8 | u32::from(b);
    }
    let letter = |shift: u32| (tail >> shift) as u8;
    let is_vowel = |b: u8| LETTER_KINDS[b as usize] == VOWEL;
    let (third, second, last) = (letter(16), letter(8), letter(0));
    let silent_e =
        count > 2 && last == b'e' && !is_vowel(second) && (second != b'l' || is_vowel(third));
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

/// [`syllables`] of a word given as its letters.
fn count_syllables(letters: impl Iterator<Item = char>) -> usize {
    let (mut groups, mut previous_vowel) = (0, false);
    // How many letters, and the last three, newest last, for the silent "e".
    let (mut count, mut tail) = (0usize, ['\0'; 3]);
    for c in letters {
        // Vowels and consonants alternate unpredictably: count without a branch.
        let vowel = is_vowel(c);
        groups += usize::from(vowel & !previous_vowel);
        previous_vowel = vowel;
        count += 1;
        tail = [tail[1], tail[2], c];
    }
    let [third, second, last] = tail;
    let silent_e =
        count > 2 && last == 'e' && !is_vowel(second) && (second != 'l' || is_vowel(third));
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MATTR through [`Occurrences`], from word keys.
    fn moving_type_token_ratio(words: &[u64]) -> f64 {
        let mut occurrences = Occurrences::new(words.len());
        let mut last_seen: HashMap<u64, u32> = HashMap::default();
        for (i, word) in words.iter().enumerate() {
            if let Some(previous) = last_seen.insert(*word, i as u32) {
                occurrences.link(i as u32, previous);
            }
        }
        occurrences.moving_type_token_ratio()
    }

    /// MATTR by its definition: distinct words in every window, averaged.
    fn mattr_by_definition(words: &[u64]) -> f64 {
        let window = TTR_WINDOW.min(words.len());
        let windows: Vec<f64> = words
            .windows(window)
            .map(|w| {
                let mut distinct = w.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                distinct.len() as f64
            })
            .collect();
        windows.iter().sum::<f64>() / windows.len() as f64 / window as f64
    }

    #[test]
    fn moving_type_token_ratio_follows_its_definition() {
        assert_eq!(moving_type_token_ratio(&[]), 0.0);
        assert_eq!(moving_type_token_ratio(&[7, 7, 8]), 2.0 / 3.0);
        // Vocabularies from 1 word (all repeats) to 400 (almost no repeats), lengths around
        // the window, from a fixed pseudo-random sequence.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for (length, vocabulary) in [
            (49, 5),
            (50, 1),
            (51, 30),
            (120, 12),
            (300, 400),
            (1000, 60),
        ] {
            let words: Vec<u64> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state % vocabulary
                })
                .collect();
            let (fast, slow) = (moving_type_token_ratio(&words), mattr_by_definition(&words));
            assert!(
                (fast - slow).abs() < 1e-12,
                "{length}/{vocabulary}: {fast} vs {slow}"
            );
        }
    }

    #[test]
    fn the_ascii_syllable_count_is_the_letter_count() {
        for word in [
            "cat",
            "make",
            "table",
            "bottle",
            "queue",
            "reportedly",
            "won't",
            "rhythm",
            "e",
            "be",
            "ble",
            "lle",
            "covid-19",
            "ABLE",
            "Table",
            "x_y",
            "'e'",
            "",
            "--",
            "ye",
            "aye",
        ] {
            let letters = word.bytes().filter(u8::is_ascii_alphabetic).map(char::from);
            assert_eq!(
                ascii_syllables(word.as_bytes()),
                count_syllables(letters),
                "{word}"
            );
        }
    }

    #[test]
    fn syllables_are_vowel_groups_without_a_silent_e() {
        for (word, expected) in [
            ("cat", 1),
            ("stunning", 2),
            ("make", 1),
            ("table", 2),
            ("bottle", 2),
            ("queue", 1),
            ("reportedly", 4),
            ("won't", 1),
            ("rhythm", 1),
            ("café", 2),
            ("résumé", 3),
            ("e", 1),
            ("be", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }
}
