//! Word tokens with byte offsets, from the Hugging Face `tokenizers` normalizer and pre-tokenizer.

use super::{key_of_bytes, key_of_chunk, Shape, Word16};
use crate::span::Span;
use std::borrow::Cow;
use tokenizers::normalizers::{Lowercase, NormalizerWrapper, Replace, Sequence};
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{
    Normalizer, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer,
    SplitDelimiterBehavior,
};
use unicode_segmentation::UnicodeSegmentation;

/// The pictograph blocks, kept together with their variation selectors and joiners by the
/// pre-tokenizer pattern. Emoji are cut out before the pattern runs ([`split_emoji`]), so
/// what reaches it from these blocks is not an emoji (`★`, `✓`) but for oddities such as an
/// emoji glued into the cluster of a prepended mark.
const EMOJI_CLASS: &str = r"\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{2B50}\x{2B55}\x{2B1B}\x{2B1C}\x{231A}\x{231B}\x{23E9}-\x{23FA}";

/// Bytes of text tokenized at a time (see [`Tokenizer::for_each_token`]).
pub const PIECE_BYTES: usize = 64 * 1024;

/// True for a character that is an emoji standing alone, by Unicode's emoji properties
/// (UTS #51, from `unicode-properties`): every character with `Emoji_Presentation` (😱, 🔥,
/// a regional indicator, a skin tone), and the other `Emoji` characters of the pictograph
/// blocks (U+2300–23FF, U+2600–27BF, U+2B00–2BFF, U+1F000–1FAFF: ❤, ☀, ✈, ✔), which writers
/// use bare as emoji though their default presentation is text. Not emoji alone: characters
/// without the `Emoji` property (★, ✓), ASCII (digits, `#`, `*`), and the text symbols `©`,
/// `®`, `™`, `‼`, `⁉`, arrows and geometric shapes (`↔`, `▶`), which are emoji only with
/// the emoji variation selector or in a sequence ([`is_emoji_sequence`]).
pub fn is_emoji(c: char) -> bool {
    use unicode_properties::{EmojiStatus as S, UnicodeEmoji};
    if c.is_ascii() {
        return false;
    }
    match c.emoji_status() {
        S::EmojiPresentation
        | S::EmojiPresentationAndModifierBase
        | S::EmojiPresentationAndEmojiComponent
        | S::EmojiPresentationAndModifierAndEmojiComponent => true,
        S::EmojiOther | S::EmojiModifierBase => matches!(
            c as u32,
            0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF
        ),
        _ => false,
    }
}

/// True when `cluster`, one extended grapheme cluster (as `unicode-segmentation` cuts
/// text), is one emoji: a keycap (`1️⃣`, `#️⃣`: a digit, `#` or `*`, the variation selector
/// or not, then U+20E3), a cluster that opens with an emoji ([`is_emoji`]; a flag's two
/// regional indicators, a skin-toned emoji and a ZWJ sequence such as 👩‍🚒 are one cluster
/// each), or another `Emoji` character made emoji by what follows it in the cluster: the
/// emoji variation selector U+FE0F (`©️`, `‼️`, `↔️`), a skin tone, a zero-width joiner or
/// tag characters.
pub fn is_emoji_sequence(cluster: &str) -> bool {
    use unicode_properties::UnicodeEmoji;
    let mut chars = cluster.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    if matches!(first, '0'..='9' | '#' | '*') {
        return rest
            .strip_prefix('\u{FE0F}')
            .unwrap_or(rest)
            .starts_with('\u{20E3}');
    }
    is_emoji(first)
        || (!first.is_ascii()
            && first.is_emoji_char()
            && rest.chars().any(|c| {
                matches!(c, '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
            }))
}

/// False for a character that no emoji cluster ([`is_emoji_sequence`]) holds outside ASCII:
/// a run without one is not cut into grapheme clusters. The ranges are checked first, so
/// letters of most scripts (below U+203C, Hangul, CJK ideographs) cost no table look-up.
fn may_be_in_emoji(c: char) -> bool {
    use unicode_properties::UnicodeEmoji;
    matches!(c, '\u{A9}' | '\u{AE}' | '\u{203C}'..='\u{3299}' | '\u{1F000}'..)
        && (c == '\u{20E3}' || c.is_emoji_char())
}

/// Cuts `text` into emoji clusters ([`is_emoji_sequence`]) and the stretches between them:
/// calls `each(start, end, emoji)` for each, in text order, in byte offsets of `text`.
fn split_emoji(text: &str, mut each: impl FnMut(usize, usize, bool)) {
    let mut from = 0;
    for (at, cluster) in text.grapheme_indices(true) {
        if is_emoji_sequence(cluster) {
            if from < at {
                each(from, at, false);
            }
            each(at, at + cluster.len(), true);
            from = at + cluster.len();
        }
    }
    if from < text.len() {
        each(from, text.len(), false);
    }
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
/// with `pattern`. `tokenizers` keeps the alignment between normalized and original text,
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
    /// A convenience over [`Tokenizer::tokenize`] for callers that want each token's
    /// normalized text on its own.
    pub fn for_each_token(&self, text: &str, mut each: impl FnMut(Span, &str)) {
        let mut normalized = Vec::new();
        let mut tokens = Vec::new();
        self.tokenize(text, &mut normalized, |span, norm, _, _| {
            tokens.push((span, norm))
        });
        for (span, norm) in tokens {
            // Only whole UTF-8 strings are ever appended, so every token's slice is valid.
            each(
                span,
                std::str::from_utf8(&normalized[norm.range()]).unwrap_or_default(),
            );
        }
    }

    /// Tokenizes `text`, appending each token's normalized form to `normalized` (a space
    /// between tokens), and calls `each(span, norm, key, known)`: where the token is in
    /// `text`, where its normalized form is in `normalized`, the [`key`](super::key) of that
    /// form, and its shape when the fast paths worked it out on the way ([`Known`]; `None`
    /// from `tokenizers`).
    ///
    /// No token holds white space, so the text is cut into runs between white space. Runs of
    /// ASCII, nearly all of English news, are tokenized by `ascii_tokens` in one pass over the
    /// stretch of text before the next character outside ASCII, white space and all; each
    /// token is lower-cased, shaped and hashed a machine word at a time. A run with another
    /// character is tokenized on its own: a run of ASCII and typographic punctuation (curly
    /// quotes and apostrophes, dashes, `…`, `�`) by `typographic_tokens`, the same scanner
    /// over one class byte per character; any other by `tokenizers`, which spends most of its
    /// time keeping alignment bookkeeping the fast paths never need. A property test holds
    /// the paths to the same tokens.
    ///
    /// A long non-ASCII run is given to `tokenizers` a piece of about `PIECE_BYTES` at a
    /// time: it keeps several words of bookkeeping per byte, and that should not grow with
    /// the article. Only a run of more than `PIECE_BYTES` (no word is that long) is cut.
    ///
    /// Emoji are grapheme clusters, not code points: a run with a character that an emoji
    /// may hold (`may_be_in_emoji`: none of ASCII, typographic punctuation or the letters of
    /// most scripts) is cut into clusters by `unicode-segmentation`, each emoji cluster
    /// ([`is_emoji_sequence`]: a flag, a skin-toned or ZWJ sequence, a keycap) is one token
    /// of shape [`Shape::Emoji`], and the stretches between go to `tokenizers`.
    pub fn tokenize(
        &self,
        text: &str,
        normalized: &mut Vec<u8>,
        mut each: impl FnMut(Span, Span, u64, Option<Known>),
    ) {
        let mut scratch = Scratch::default();
        let mut out = Appender {
            normalized,
            each: &mut each,
        };
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            // Every run that ends before the run holding the next character outside ASCII
            // is ASCII.
            let other = next_non_ascii(bytes, pos);
            let ascii_end = match other {
                None => bytes.len(),
                Some(at) => bytes[pos..at]
                    .iter()
                    .rposition(|&b| BYTE_CLASS[b as usize] & SPACE != 0)
                    .map_or(pos, |space| pos + space + 1),
            };
            ascii_tokens(&bytes[pos..ascii_end], pos, &mut out);
            if other.is_none() {
                break;
            }
            pos = self.mixed_run(text, ascii_end, &mut scratch, &mut out);
        }
    }

    /// Tokenizes the first run at or after `from` (white space skipped), a run that may hold
    /// characters outside ASCII, by the path its characters call for; returns where it ends.
    fn mixed_run<F: FnMut(Span, Span, u64, Option<Known>)>(
        &self,
        text: &str,
        from: usize,
        scratch: &mut Scratch,
        out: &mut Appender<F>,
    ) -> usize {
        let Some(skipped) = text[from..].find(|c: char| !c.is_whitespace()) else {
            return text.len();
        };
        let start = from + skipped;
        let (mut kind, mut emoji) = (RunKind::Ascii, false);
        let mut end = text.len();
        for (at, c) in text[start..].char_indices() {
            if c.is_whitespace() {
                end = start + at;
                break;
            }
            let of = RunKind::of(c);
            emoji |= of != RunKind::Ascii && may_be_in_emoji(c);
            kind = kind.max(of);
        }
        let run = &text[start..end];
        match kind {
            RunKind::Ascii => ascii_tokens(run.as_bytes(), start, out),
            RunKind::Typographic => typographic_tokens(run, start, scratch, out),
            RunKind::Other if emoji => split_emoji(run, |from, to, emoji| {
                let span = Span::new(start + from, start + to);
                if emoji {
                    out.push_emoji(span, &run[from..to]);
                } else {
                    self.for_each_token_in_pieces(
                        &run[from..to],
                        start + from,
                        PIECE_BYTES,
                        &mut |span, norm: &str| out.push_str(span, norm),
                    );
                }
            }),
            RunKind::Other => {
                self.for_each_token_in_pieces(run, start, PIECE_BYTES, &mut |span, norm: &str| {
                    out.push_str(span, norm)
                })
            }
        }
        end
    }

    /// The definition the fast paths are tested against: each run between white space cut
    /// into emoji clusters ([`split_emoji`]; a cluster never spans white space), each one
    /// token (its own normalized form), and the stretches between them tokenized by
    /// `tokenizers` alone.
    #[cfg(test)]
    fn reference_tokens(&self, text: &str) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        let mut run_start = None;
        let ends = text.char_indices().chain([(text.len(), ' ')]);
        for (at, c) in ends {
            match (c.is_whitespace(), run_start) {
                (false, None) => run_start = Some(at),
                (true, Some(start)) => {
                    run_start = None;
                    let run = &text[start..at];
                    split_emoji(run, |from, to, emoji| {
                        let span = Span::new(start + from, start + to);
                        if emoji {
                            out.push((span, run[from..to].to_string()));
                        } else {
                            self.tokens_of_piece(
                                &run[from..to],
                                start + from,
                                &mut |span, norm: &str| out.push((span, norm.to_string())),
                            );
                        }
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// The tokens of `text`, which starts at byte `offset`, by `tokenizers`, `piece_bytes`
    /// at a time.
    fn for_each_token_in_pieces(
        &self,
        text: &str,
        offset: usize,
        piece_bytes: usize,
        each: &mut impl FnMut(Span, &str),
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
            self.tokens_of_piece(&text[start..end], offset + start, each);
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

/// What a run between white space holds, which decides who tokenizes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum RunKind {
    /// ASCII only.
    Ascii,
    /// ASCII and typographic punctuation ([`typographic_class`]).
    Typographic,
    /// Anything else: letters outside ASCII, emoji, marks...
    Other,
}

impl RunKind {
    fn of(c: char) -> RunKind {
        if c.is_ascii() {
            RunKind::Ascii
        } else if typographic_class(c).is_some() {
            RunKind::Typographic
        } else {
            RunKind::Other
        }
    }
}

/// Stands for a typographic character that is a token on its own in [`scan`].
const LONE: u8 = 0xFF;

/// The byte that stands for a typographic character in [`scan`]: the curly apostrophe is an
/// apostrophe (the normalizer folds it to `'`); Latin-1 punctuation and symbols, the General
/// Punctuation block (quotes, dashes, ellipsis, bullets) and the replacement character `�`
/// (mis-decoded text is full of it) are each a token on their own, as `\S` makes them in
/// [`pattern`]. Letters, marks, numbers (`ª`, `µ`, `²`, `½`), format characters (soft hyphen)
/// and `‼`/`⁉` (runs with `!`/`?`) are left out. `None` for any other character.
fn typographic_class(c: char) -> Option<u8> {
    match c {
        '\u{2019}' => Some(b'\''),
        '\u{AA}'
        | '\u{AD}'
        | '\u{B2}'
        | '\u{B3}'
        | '\u{B5}'
        | '\u{B9}'
        | '\u{BA}'
        | '\u{BC}'..='\u{BE}'
        | '\u{203C}'
        | '\u{2049}' => None,
        '\u{A1}'..='\u{BF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{FFFD}' => {
            Some(LONE)
        }
        _ => None,
    }
}

/// Reused buffers of the typographic path.
#[derive(Default)]
struct Scratch {
    classes: Vec<u8>,
    starts: Vec<usize>,
}

/// [`BYTE_CLASS`] bits: ASCII letters, digits, word characters (both, and `_`), and ASCII
/// white space (as `char::is_whitespace` has it).
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const WORD: u8 = 4;
const SPACE: u8 = 8;

/// The class of every byte, looked up once per byte by [`scan`].
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let word = if byte.is_ascii_alphabetic() {
            LETTER | WORD
        } else if byte.is_ascii_digit() {
            DIGIT | WORD
        } else if byte == b'_' {
            WORD
        } else {
            0
        };
        let space = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
        table[b] = word | if space { SPACE } else { 0 };
        b += 1;
    }
    table
};

/// The token boundaries in `b`, one byte per character (ASCII as itself, others as
/// [`typographic_class`] gives), white space skipped. Calls `each(start, end)` in indices of
/// `b`.
fn scan(b: &[u8], mut each: impl FnMut(usize, usize)) {
    let mut i = 0;
    while i < b.len() {
        if BYTE_CLASS[b[i] as usize] & SPACE != 0 {
            // Between runs: no token holds white space.
            i += 1;
            continue;
        }
        let end = token_end(b, i);
        each(i, end);
        i = end;
    }
}

/// Where the token that starts at `start` (not white space) ends: the alternatives of
/// [`pattern`] tried in order, as the regex would.
fn token_end(b: &[u8], start: usize) -> usize {
    let class = |i: usize| b.get(i).map_or(0, |&byte| BYTE_CLASS[byte as usize]);
    let is_word = |i: usize| class(i) & WORD != 0;
    let is_digit = |i: usize| class(i) & DIGIT != 0;
    let is_letter = |i: usize| class(i) & LETTER != 0;
    let mut i = start;
    // Dotted acronym: two or more "letter." pairs.
    let mut pairs = 0;
    while is_letter(i + 2 * pairs) && b.get(i + 2 * pairs + 1) == Some(&b'.') {
        pairs += 1;
    }
    if pairs >= 2 {
        i += 2 * pairs;
    } else if is_digit(i) {
        // A number with separators, and letters after it ("3rd").
        while is_digit(i) {
            i += 1;
        }
        while i + 1 < b.len() && b".,:/".contains(&b[i]) && is_digit(i + 1) {
            i += 1;
            while is_digit(i) {
                i += 1;
            }
        }
        while is_letter(i) {
            i += 1;
        }
    } else if is_word(i) {
        // A word, with inner apostrophes and hyphens.
        i = word_end(b, i);
        while is_continued(b, i) {
            i = word_end(b, i + 1);
        }
    } else if b[i] == b'!' || b[i] == b'?' {
        while i < b.len() && (b[i] == b'!' || b[i] == b'?') {
            i += 1;
        }
    } else {
        i += 1;
    }
    i
}

/// True when a word that reached `i` goes on past an inner apostrophe or hyphen.
fn is_continued(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), Some(b'\'' | b'-'))
        && b.get(i + 1)
            .is_some_and(|&c| BYTE_CLASS[c as usize] & WORD != 0)
}

/// A token's shape and whether its text is ASCII, as the fast paths see them while scanning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    /// Its shape.
    pub shape: Shape,
    /// True when its text is ASCII.
    pub ascii: bool,
}

/// Where tokens go: their normalized forms appended to one buffer, a space between them, and
/// each token handed on.
struct Appender<'a, F> {
    normalized: &'a mut Vec<u8>,
    each: &'a mut F,
}

impl<F: FnMut(Span, Span, u64, Option<Known>)> Appender<'_, F> {
    /// Starts a token's normalized form; returns where it starts.
    fn open(&mut self) -> usize {
        if !self.normalized.is_empty() {
            self.normalized.push(b' ');
        }
        self.normalized.len()
    }

    /// Hands on the token whose normalized form runs from `norm_start` to the buffer's end.
    fn close(&mut self, span: Span, norm_start: usize, known: Option<Known>) {
        let norm = Span::new(norm_start, self.normalized.len());
        let key = key_of_bytes(&self.normalized[norm_start..]);
        (self.each)(span, norm, key, known);
    }

    /// A token at `span` whose normalized form is `word` (up to 16 bytes of ASCII)
    /// lower-cased: lower-cased, shaped and hashed from that word. `ascii` says whether the
    /// token's own text is ASCII (it is not when a curly apostrophe was folded).
    fn push_short(&mut self, span: Span, word: Word16, ascii: bool) {
        let shape = Shape::of_ascii_counts(
            word.first_byte(),
            word.capitals_up_to_2(),
            word.lower_case_up_to_2(),
        );
        self.push_word(span, word.len(), word.lowered(), Known { shape, ascii });
    }

    /// A token of one typographic character, `word` its bytes: its own normalized form, and
    /// punctuation.
    fn push_raw(&mut self, span: Span, word: Word16) {
        let known = Known {
            shape: Shape::Punct,
            ascii: false,
        };
        self.push_word(span, word.len(), word.get(), known);
    }

    /// A token whose normalized form is the first `len` (at most 16) bytes of `form`: all 16
    /// written at once, the buffer cut back to `len`, the key taken from the same word.
    fn push_word(&mut self, span: Span, len: usize, form: u128, known: Known) {
        let norm_start = self.open();
        self.normalized.extend_from_slice(&form.to_le_bytes());
        self.normalized.truncate(norm_start + len);
        let norm = Span::new(norm_start, norm_start + len);
        (self.each)(span, norm, key_of_chunk(len, form), Some(known));
    }

    /// A token at `span` whose normalized form is `token` (ASCII, more than 16 bytes)
    /// lower-cased byte by byte.
    fn push_long(&mut self, span: Span, token: &[u8], ascii: bool) {
        let norm_start = self.open();
        let (mut upper, mut lower) = (0usize, 0usize);
        self.normalized.extend(token.iter().map(|&b| {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
            b.to_ascii_lowercase()
        }));
        let shape = Shape::of_ascii_counts(token[0], upper, lower);
        self.close(span, norm_start, Some(Known { shape, ascii }));
    }

    /// A token whose normalized form is given whole.
    fn push_str(&mut self, span: Span, norm: &str) {
        let start = self.open();
        self.normalized.extend_from_slice(norm.as_bytes());
        self.close(span, start, None);
    }

    /// An emoji cluster ([`is_emoji_sequence`]): its own normalized form (lower-casing and
    /// the apostrophe fold leave emoji as they are).
    fn push_emoji(&mut self, span: Span, cluster: &str) {
        let start = self.open();
        self.normalized.extend_from_slice(cluster.as_bytes());
        let known = Known {
            shape: Shape::Emoji,
            ascii: false,
        };
        self.close(span, start, Some(known));
    }
}

/// Where the next character outside ASCII at or after `from` starts, if any: whole blocks of
/// bytes are checked at once.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut at = from;
    for block in bytes[from..].chunks(BLOCK) {
        if !block.is_ascii() {
            return block.iter().position(|b| !b.is_ascii()).map(|i| at + i);
        }
        at += block.len();
    }
    None
}

/// The end of the run of word characters (ASCII letters, digits, `_`) that starts at `i`:
/// 16 bytes at a time while they are ASCII, so the loop's exit is not a guess per byte.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while let Some(window) = b.get(i..i + 16) {
        let Some(word) = Word16::ascii(window) else {
            break;
        };
        let others = word.non_word_bytes();
        if others != 0 {
            return i + others.trailing_zeros() as usize / 8;
        }
        i += 16;
    }
    while b
        .get(i)
        .is_some_and(|&c| BYTE_CLASS[c as usize] & WORD != 0)
    {
        i += 1;
    }
    i
}

/// The tokens of a stretch of ASCII that starts at byte `offset`, white space and all.
///
/// A token of up to 16 bytes (nearly all) is read as one 128-bit word: capitals are found,
/// counted and lower-cased for all its bytes at once, and its key computed from that word;
/// no loop runs over its bytes but the scanner's. Longer tokens go byte by byte.
fn ascii_tokens<F: FnMut(Span, Span, u64, Option<Known>)>(
    run: &[u8],
    offset: usize,
    out: &mut Appender<F>,
) {
    let mut i = 0;
    while i < run.len() {
        let class = BYTE_CLASS[run[i] as usize];
        if class & SPACE != 0 {
            i += 1;
            continue;
        }
        // Most tokens are a plain word of up to 15 bytes: its end, case and lower-cased form
        // come from the one 16-byte word read at its start. Anything else (a dotted acronym,
        // an inner apostrophe or hyphen, a number, a mark, a long word, the last bytes of the
        // run) takes the general path.
        if class & LETTER != 0 {
            if let Some(window) = run.get(i..i + 16).and_then(Word16::ascii) {
                let len = window.non_word_bytes().trailing_zeros() as usize / 8;
                let acronym = len == 1 && run[i + 1] == b'.';
                if len < 16 && !acronym && !is_continued(run, i + len) {
                    let span = Span::new(offset + i, offset + i + len);
                    out.push_short(span, window.first(len), true);
                    i += len;
                    continue;
                }
            }
        }
        let end = token_end(run, i);
        let span = Span::new(offset + i, offset + end);
        if end - i > 16 {
            out.push_long(span, &run[i..end], true);
        } else {
            out.push_short(span, Word16::load(run, i, end - i), true);
        }
        i = end;
    }
}

/// The tokens of a run of ASCII and typographic punctuation that starts at byte `offset`:
/// [`scan`] over one class byte per character, spans mapped back to bytes of `run`.
fn typographic_tokens<F: FnMut(Span, Span, u64, Option<Known>)>(
    run: &str,
    offset: usize,
    scratch: &mut Scratch,
    out: &mut Appender<F>,
) {
    let Scratch { classes, starts } = scratch;
    classes.clear();
    starts.clear();
    for (i, c) in run.char_indices() {
        classes.push(if c.is_ascii() {
            c as u8
        } else {
            typographic_class(c).unwrap_or(LONE)
        });
        starts.push(i);
    }
    starts.push(run.len());
    scan(classes, |start, end| {
        let (from, to) = (starts[start], starts[end]);
        let span = Span::new(offset + from, offset + to);
        if classes[start] == LONE {
            // Every typographic character is punctuation or a symbol: none is a letter,
            // number or emoji (see `typographic_class`).
            out.push_raw(span, Word16::load(run.as_bytes(), from, to - from));
        } else {
            // A token that is not a lone character is ASCII, the curly apostrophe folded to
            // `'` (neither capital nor lower case, as the apostrophe it stands for).
            let ascii = end - start == to - from;
            match end - start {
                len @ ..=16 => out.push_short(span, Word16::load(classes, start, len), ascii),
                _ => out.push_long(span, &classes[start..end], ascii),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(t: &Tokenizer, text: &str, piece_bytes: usize) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        t.for_each_token_in_pieces(text, 0, piece_bytes, &mut |span, norm: &str| {
            out.push((span, norm.to_string()))
        });
        out
    }

    fn fast_tokens(t: &Tokenizer, text: &str) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        t.for_each_token(text, |span, norm| out.push((span, norm.to_string())));
        out
    }

    #[test]
    fn the_ascii_scanner_follows_the_pattern() {
        let t = Tokenizer::new();
        for text in [
            "U.S. e.g. a.b A.B.C",
            "3.5 1,200 9/11 3rd 3_x 10:30pm 1. 2,",
            "won't jaw-dropping x- -y a''b it's' rock'n'roll",
            "WOW!!! What?! ?? !",
            "$5 #tag @you (a) [b] {c} ~ ` ^ * & = + | < > ; \\",
            "MiXeD CaSe_Word __init__ A1B2",
            "won’t “Quoted,” she said—twice… ‘IT’S’ «x» „y“ •z· U.S.’s 3’4 A’B’C’",
        ] {
            assert_eq!(fast_tokens(&t, text), t.reference_tokens(text), "{text}");
        }
    }

    /// Tokens and shapes of `text` as text analysis sees them.
    fn shaped(text: &str) -> Vec<(&str, Shape)> {
        let t = Tokenizer::new();
        let mut out = Vec::new();
        t.tokenize(text, &mut Vec::new(), |span, _, _, known| {
            let shape = known.map_or_else(|| Shape::of(&text[span]).0, |k| k.shape);
            out.push((&text[span], shape));
        });
        out
    }

    #[test]
    fn an_emoji_is_a_grapheme_cluster() {
        use Shape::{Emoji, Number, Punct};
        let cases: &[(&str, &[(&str, Shape)])] = &[
            ("👍🏽", &[("👍🏽", Emoji)]),
            ("🏽", &[("🏽", Emoji)]),
            ("🇫🇷🇺🇸", &[("🇫🇷", Emoji), ("🇺🇸", Emoji)]),
            ("🇫", &[("🇫", Emoji)]),
            ("👩‍🚒👨‍👩‍👧‍👦", &[("👩‍🚒", Emoji), ("👨‍👩‍👧‍👦", Emoji)]),
            ("🧑🏽‍💻", &[("🧑🏽‍💻", Emoji)]),
            ("❤️‍🔥 ❤ ❤️", &[("❤️‍🔥", Emoji), ("❤", Emoji), ("❤️", Emoji)]),
            ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", &[("🏴󠁧󠁢󠁳󠁣󠁴󠁿", Emoji)]),
            (
                "1️⃣ #️⃣ *️⃣ 1⃣",
                &[("1️⃣", Emoji), ("#️⃣", Emoji), ("*️⃣", Emoji), ("1⃣", Emoji)],
            ),
            ("11️⃣", &[("1", Number), ("1️⃣", Emoji)]),
            (
                "Step1️⃣:",
                &[("Step", Shape::Title), ("1️⃣", Emoji), (":", Punct)],
            ),
            (
                "©️ © ‼️ ‼",
                &[("©️", Emoji), ("©", Punct), ("‼️", Emoji), ("‼", Punct)],
            ),
            (
                "★ ✓ ↔ ↔️",
                &[("★", Punct), ("✓", Punct), ("↔", Punct), ("↔️", Emoji)],
            ),
            (
                "wow😱!! “🔥”",
                &[
                    ("wow", Shape::Lower),
                    ("😱", Emoji),
                    ("!!", Punct),
                    ("“", Punct),
                    ("🔥", Emoji),
                    ("”", Punct),
                ],
            ),
            ("Київ🇺🇦", &[("Київ", Shape::Title), ("🇺🇦", Emoji)]),
        ];
        for (text, want) in cases {
            assert_eq!(shaped(text), *want, "{text}");
            assert_eq!(
                fast_tokens(&Tokenizer::new(), text),
                Tokenizer::new().reference_tokens(text)
            );
        }
    }

    /// The fast path gives the tokens of `tokenizers` alone, and what it says of each token
    /// agrees with what the token's text says ([`check_known`]).
    fn check_fast_path(text: &str) -> Result<(), TestCaseError> {
        let t = Tokenizer::new();
        prop_assert_eq!(fast_tokens(&t, text), t.reference_tokens(text));
        check_known(&t, text)
    }

    /// What the fast paths say of each token agrees with what its text says: its shape,
    /// whether it is ASCII, and the key of its normalized form.
    fn check_known(t: &Tokenizer, text: &str) -> Result<(), TestCaseError> {
        let mut normalized = Vec::new();
        let mut tokens = Vec::new();
        t.tokenize(text, &mut normalized, |span, norm, key, known| {
            tokens.push((span, norm, key, known))
        });
        for (span, norm, token_key, known) in tokens {
            let form = std::str::from_utf8(&normalized[norm.range()]).expect("UTF-8");
            prop_assert_eq!(token_key, super::super::key(form), "{:?}", form);
            if let Some(Known { shape, ascii }) = known {
                prop_assert_eq!((shape, ascii), Shape::of(&text[span]), "{:?}", &text[span]);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Long runs of plain ASCII words (where whole 16-byte words are read) with now and
        /// then a curly apostrophe, a dash or a replacement character: the fast path still
        /// gives the tokens of `tokenizers`, and shapes and keys its text agrees with.
        #[test]
        fn the_word_at_a_time_path_equals_tokenizers(
            text in "([a-zA-Z]{1,20}|[0-9]{1,6}|[ .,'\\-!?\"()_]|U\\.S\\.|[’—�é]){0,50}",
        ) {
            check_fast_path(&text)?;
        }

        /// The fast path gives the tokens of `tokenizers` alone, on ASCII-heavy text with
        /// some of everything else mixed in.
        #[test]
        fn the_fast_path_equals_tokenizers(
            text in "([a-zA-Z0-9.,:/!?'_\\-\"$#()]|[ \n\t\u{a0}]|[’‘“”„«»–—…•·\u{a1}-\u{bf}\u{2010}-\u{2060}\u{fffd}]|[İéß😱\u{200d}\u{301}ǅ‼]|.){0,60}",
        ) {
            check_fast_path(&text)?;
        }

        /// Emoji sequences of every kind among words, digits and marks: the fast path still
        /// gives the reference's tokens, and emoji clusters are never split.
        #[test]
        fn emoji_clusters_equal_the_reference(
            text in "([a-zA-Z0-9#*!?.,' ]|[😱👍🔥❤©‼★👩🚒🇫🇷🇺🇸🏴é]|[\u{fe0f}\u{20e3}\u{200d}\u{1F3FB}-\u{1F3FF}\u{E0067}\u{E0062}\u{E007F}\u{301}]|[ \n\u{a0}]){0,40}",
        ) {
            check_fast_path(&text)?;
        }

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
