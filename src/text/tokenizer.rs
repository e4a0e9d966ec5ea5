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
    pub fn for_each_token(&self, text: &str, mut each: impl FnMut(Span, &str)) {
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
                Some((span, norm)) if start < span.end => {
                    span.end = span.end.max(end);
                    norm.to_mut().push_str(normalized);
                }
                _ => {
                    if let Some((span, norm)) = pending.take() {
                        each(span, &norm);
                    }
                    pending = Some((Span::new(start, end), Cow::Borrowed(normalized)));
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
