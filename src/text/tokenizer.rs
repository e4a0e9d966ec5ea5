//! Word tokens with byte offsets, from the Hugging Face `tokenizers` normalizer and pre-tokenizer.

use crate::span::Span;
use std::borrow::Cow;
use tokenizers::normalizers::{Lowercase, NormalizerWrapper, Replace, Sequence};
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{
    Normalizer, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer,
    SplitDelimiterBehavior,
};

/// Emoji code point ranges, shared by the pre-tokenizer pattern and [`is_emoji`].
const EMOJI_CLASS: &str = r"\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{2B50}\x{2B55}\x{2B1B}\x{2B1C}\x{231A}\x{231B}\x{23E9}-\x{23FA}";

/// Bytes of text tokenized at a time (see [`Tokenizer::for_each_token`]).
pub const PIECE_BYTES: usize = 64 * 1024;

/// True for a code point hypecheck counts as an emoji.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55 | 0x2B1B | 0x2B1C | 0x231A | 0x231B | 0x23E9..=0x23FA)
}

/// The pre-tokenizer's pattern, one alternative per kind of token, tried in order:
/// dotted acronyms (`U.S.`), numbers with their separators (`3.5`, `1,200`, `9/11`),
/// words with inner apostrophes and hyphens (`won't`, `jaw-dropping`), emoji sequences,
/// runs of `!`/`?`, and any other single non-space character.
fn pattern() -> String {
    format!(
        r"(?:\p{{L}}\.){{2,}}|\p{{Nd}}+(?:[.,:/]\p{{Nd}}+)*\p{{L}}*|[\p{{L}}\p{{M}}\p{{N}}_]+(?:['\-][\p{{L}}\p{{M}}\p{{N}}_]+)*|[{e}](?:\x{{FE0F}}|\x{{200D}}[{e}])*|[!?‼⁉]+|\S",
        e = EMOJI_CLASS
    )
}

/// Splits text into word tokens and gives each its lower-cased, apostrophe-folded form.
///
/// The normalizer lower-cases and folds curly apostrophes to `'`; the pre-tokenizer splits
/// with [`pattern`]. `tokenizers` keeps the alignment between normalized and original text,
/// so every token's [`Span`] points into the original, whatever the normalization changed.
pub struct Tokenizer {
    normalizer: NormalizerWrapper,
    pre_tokenizer: Split,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Tokenizer {
    /// The tokenizer hypecheck uses everywhere (analysis, lexicons, learned vocabularies).
    pub fn new() -> Tokenizer {
        let fold_apostrophe = Replace::new("\u{2019}", "'").expect("static pattern");
        let normalizer = NormalizerWrapper::Sequence(Sequence::new(vec![
            NormalizerWrapper::Replace(fold_apostrophe),
            NormalizerWrapper::Lowercase(Lowercase),
        ]));
        let pre_tokenizer = Split::new(
            SplitPattern::Regex(pattern()),
            SplitDelimiterBehavior::Isolated,
            false,
        )
        .expect("static pattern");
        Tokenizer {
            normalizer,
            pre_tokenizer,
        }
    }

    /// Calls `each(span, normalized)` for every token of `text`, in order.
    ///
    /// A long text is tokenized a piece of about [`PIECE_BYTES`] at a time, cut after white
    /// space: `tokenizers` keeps several words of bookkeeping per byte of what it is given,
    /// and that should not grow with the article. No token holds white space, so the tokens
    /// are the same as in one pass; only a run of more than [`PIECE_BYTES`] without white
    /// space (no word is that long) is cut, where a piece ends.
    pub fn for_each_token(&self, text: &str, each: impl FnMut(Span, &str)) {
        self.for_each_token_in_pieces(text, PIECE_BYTES, each);
    }

    /// [`Tokenizer::for_each_token`], `piece_bytes` at a time.
    fn for_each_token_in_pieces(
        &self,
        text: &str,
        piece_bytes: usize,
        mut each: impl FnMut(Span, &str),
    ) {
        let mut start = 0;
        while start < text.len() {
            let mut end = (start + piece_bytes).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if end < text.len() {
                // On to the next white space, within `piece_bytes` more.
                let mut limit = (end + piece_bytes).min(text.len());
                while !text.is_char_boundary(limit) {
                    limit -= 1;
                }
                end = match text[end..limit].find(char::is_whitespace) {
                    Some(i) => end + i,
                    None => limit,
                };
            }
            self.tokens_of_piece(&text[start..end], start, &mut each);
            start = end;
        }
    }

    /// [`Tokenizer::for_each_token`] for one piece of a text that starts at byte `offset`.
    fn tokens_of_piece(&self, text: &str, offset: usize, each: &mut impl FnMut(Span, &str)) {
        let mut pre = PreTokenizedString::from(text);
        // Neither step can fail on a valid &str with static patterns; on the impossible
        // error we fall back to no tokens rather than panic.
        if pre.normalize(|n| self.normalizer.normalize(n)).is_err()
            || self.pre_tokenizer.pre_tokenize(&mut pre).is_err()
        {
            return;
        }
        // Lower-casing can turn one character into several (`İ` → `i̇`) and the pattern can
        // split between them ("1İ" → `1i`, `̇`); every piece then maps back to the whole
        // original character, so two tokens would overlap. A piece that starts inside the
        // token before it is joined to that token: tokens never overlap.
        let mut pending: Option<(Span, Cow<str>)> = None;
        for (normalized, (start, end), _) in
            pre.get_splits(OffsetReferential::Original, OffsetType::Byte)
        {
            if normalized.trim().is_empty() {
                continue;
            }
            match &mut pending {
                Some((span, norm)) if offset + start < span.end => {
                    span.end = span.end.max(offset + end);
                    norm.to_mut().push_str(normalized);
                }
                _ => {
                    if let Some((span, norm)) = pending.take() {
                        each(span, &norm);
                    }
                    let span = Span::new(offset + start, offset + end);
                    pending = Some((span, Cow::Borrowed(normalized)));
                }
            }
        }
        if let Some((span, norm)) = pending {
            each(span, &norm);
        }
    }

    /// The normalized tokens of `text` joined by single spaces: how lexicon entries and
    /// learned n-grams are keyed.
    pub fn normalize_phrase(&self, text: &str) -> String {
        let mut out = String::new();
        self.for_each_token(text, |_, norm| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(norm);
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(t: &Tokenizer, text: &str, piece_bytes: usize) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        t.for_each_token_in_pieces(text, piece_bytes, |span, norm| {
            out.push((span, norm.to_string()))
        });
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Cut after white space, pieces give the very tokens of one pass.
        #[test]
        fn pieces_give_the_same_tokens(
            words in prop::collection::vec(
                ("[a-zA-Z0-9.,!?'’\"“”İé😱\u{200d}-]{1,8}", "[ \n\t\u{a0}\u{3000}]{1,3}"),
                0..40,
            ),
            piece_bytes in 1usize..48,
        ) {
            let text: String = words.iter().map(|(w, s)| format!("{w}{s}")).collect();
            let t = Tokenizer::new();
            // A piece reaches on to the next white space within `piece_bytes` more, so runs
            // of up to 8 characters (32 bytes) are never cut when pieces are that long.
            let whole = tokens(&t, &text, usize::MAX / 4);
            if piece_bytes >= 32 {
                prop_assert_eq!(tokens(&t, &text, piece_bytes), whole.clone());
            }
            // Shorter pieces may cut a long run, but spans stay valid and in order.
            let mut end = 0;
            for (span, _) in tokens(&t, &text, piece_bytes) {
                prop_assert!(span.start >= end && span.end > span.start);
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                end = span.end;
            }
        }
    }
}
