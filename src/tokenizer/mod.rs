//! The bottom of the pipeline: the tokenizer, token shapes and the 64-bit keys that lexicons,
//! text analysis and learned vocabularies look tokens up by. It depends on nothing above it.

mod tokenize;
mod word16;

pub use tokenize::{is_emoji, is_emoji_sequence, Known, Tokenizer};
pub(crate) use word16::{short_word, ShortWord, Word16};

use crate::span::Span;

/// A 64-bit hash of a normalized token: lexicons and learned vocabularies are looked up by
/// it, so each token is hashed once, however many tables look at it. Tables compare the text
/// on a hit, so a collision can never produce a false match.
pub fn key(normalized: &str) -> u64 {
    key_of_bytes(normalized.as_bytes())
}

/// [`key`] of a normalized form given as bytes: its length, then each 16 bytes (the last
/// zero-padded) as one little-endian word folded in. A token of up to 16 bytes is one word,
/// which the tokenizer already holds in a register ([`key_of_chunk`]).
fn key_of_bytes(normalized: &[u8]) -> u64 {
    let mut chunks = normalized.chunks(16);
    let Some(first) = chunks.next() else {
        return 0;
    };
    let word = |chunk: &[u8]| Word16::load(chunk, 0, chunk.len()).get();
    chunks.fold(key_of_chunk(normalized.len(), word(first)), |key, chunk| {
        let word = word(chunk);
        fold_multiply(key ^ word as u64, (word >> 64) as u64 ^ KEY_SEED)
    })
}

/// The key of a form of `len` bytes whose first 16 bytes (zero-padded) are `word`.
fn key_of_chunk(len: usize, word: u128) -> u64 {
    let low = word as u64 ^ (len as u64).wrapping_mul(KEY_SEED);
    fold_multiply(low, (word >> 64) as u64 ^ KEY_SEED)
}

/// An odd constant with well-mixed bits (the golden ratio's fraction).
const KEY_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// The full 128-bit product of `a` and `b`, its halves folded together: every input bit
/// reaches the middle bits of the result.
fn fold_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    product as u64 ^ (product >> 64) as u64
}

/// A set of keys that answers "certainly not in it" from one bit, before a hash table is
/// probed: most tokens of a text start no lexicon phrase and no learned n-gram.
#[derive(Clone, Debug)]
pub(crate) struct KeyFilter {
    bits: Box<[u64]>,
}

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter {
            bits: vec![0; KeyFilter::WORDS].into_boxed_slice(),
        }
    }
}

impl KeyFilter {
    /// 2^16 bits (8 KiB): a few thousand keys leave most bits clear.
    const WORDS: usize = 1 << 10;

    fn bit(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    /// Adds a key.
    pub(crate) fn insert(&mut self, key: u64) {
        let bit = KeyFilter::bit(key);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// False when `key` was certainly never inserted.
    pub(crate) fn may_contain(&self, key: u64) -> bool {
        let bit = KeyFilter::bit(key);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The key of a sequence of tokens, from their keys: [`key`] of the first, then one step per
/// following token.
pub fn join_keys(keys: impl IntoIterator<Item = u64>) -> u64 {
    keys.into_iter()
        .reduce(|joined, next| joined.rotate_left(23) ^ next.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .unwrap_or(0)
}

/// The typographic shape of a token, judged on the original (not lower-cased) text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// All letters lower case: `stunning`.
    Lower,
    /// Capital first letter, not all caps: `Zelensky`, `I`.
    Title,
    /// Two or more letters, all capitals: `STUNNING`, `NATO`, `U.S.`.
    AllCaps,
    /// Other mixes of case: `iPhone`.
    Mixed,
    /// Starts with a digit: `3.5`, `2026`, `10th`.
    Number,
    /// One emoji: a whole grapheme cluster, skin tone, flag, keycap or ZWJ sequence
    /// included (`👍🏽`, `🇫🇷`, `1️⃣`, `👩‍🚒`).
    Emoji,
    /// Punctuation or a symbol: `!!!`, `“`, `$`.
    Punct,
}

impl Shape {
    /// Words and numbers count towards an article's length; punctuation and emoji do not.
    pub fn is_word(self) -> bool {
        !matches!(self, Shape::Emoji | Shape::Punct)
    }

    /// Letters only (not numbers).
    pub fn is_alpha(self) -> bool {
        matches!(
            self,
            Shape::Lower | Shape::Title | Shape::AllCaps | Shape::Mixed
        )
    }

    /// The shape of a token's text, and whether that text is ASCII.
    pub(crate) fn of(text: &str) -> (Shape, bool) {
        match Shape::of_ascii(text.as_bytes()) {
            Some(shape) => (shape, true),
            None => (Shape::of_unicode(text), false),
        }
    }

    fn of_unicode(text: &str) -> Shape {
        let mut chars = text.chars();
        let Some(first) = chars.next() else {
            return Shape::Punct;
        };
        // Before numbers: a keycap (`1️⃣`) starts with a digit.
        if is_emoji_sequence(text) {
            return Shape::Emoji;
        }
        if first.is_numeric() {
            return Shape::Number;
        }
        if !first.is_alphanumeric() {
            return Shape::Punct;
        }
        let (mut upper, mut lower) = (0, 0);
        for c in text.chars() {
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
        Shape::of_letters(first.is_uppercase(), upper, lower)
    }

    /// The shape of ASCII text, in one pass over the bytes; `None` for other text.
    fn of_ascii(text: &[u8]) -> Option<Shape> {
        let (mut upper, mut lower, mut other) = (0usize, 0usize, 0u8);
        for &b in text {
            upper += b.is_ascii_uppercase() as usize;
            lower += b.is_ascii_lowercase() as usize;
            other |= b & 0x80;
        }
        if other != 0 {
            return None;
        }
        Some(Shape::of_ascii_counts(*text.first()?, upper, lower))
    }

    /// The shape of ASCII text from its first byte and its numbers of capital and lower-case
    /// letters.
    fn of_ascii_counts(first: u8, upper: usize, lower: usize) -> Shape {
        if first.is_ascii_digit() {
            Shape::Number
        } else if !first.is_ascii_alphanumeric() {
            Shape::Punct
        } else {
            Shape::of_letters(first.is_ascii_uppercase(), upper, lower)
        }
    }

    /// The shape of a word from its letters' cases.
    fn of_letters(first_upper: bool, upper: usize, lower: usize) -> Shape {
        match (upper, lower) {
            (0, _) => Shape::Lower,
            (u, 0) if u >= 2 => Shape::AllCaps,
            _ if first_upper && upper == 1 => Shape::Title,
            _ if first_upper && lower == 0 => Shape::Title,
            _ => Shape::Mixed,
        }
    }
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the original text.
    pub span: Span,
    /// Where its normalized form is in the normalized text (all tokens, space-joined).
    pub norm: Span,
    /// The [`key`] of its normalized form.
    pub key: u64,
    /// Its shape.
    pub shape: Shape,
    /// True when its text is ASCII (then its normalized form is as long, lower-cased byte
    /// for byte).
    pub ascii: bool,
    /// Index of its sentence in the text analysis's sentences (set by text analysis).
    pub sentence: u32,
    /// True inside a direct quote: the words are someone else's, not the author's.
    pub quoted: bool,
}

/// The normalized text of tokens `first..end` of a text whose normalized tokens are joined in
/// `normalized`.
pub(crate) fn normalized_range<'n>(
    tokens: &[Token],
    normalized: &'n str,
    first: usize,
    end: usize,
) -> &'n str {
    &normalized[tokens[first].norm.start..tokens[end - 1].norm.end]
}
