//! WordPiece segmentation of a word: the pieces the body model's word vectors are kept for.
//!
//! As BERT's uncased tokenizer reads a lower-cased word (Devlin et al., NAACL 2019; Wu et al.,
//! 2016): the word is split into runs of letters and digits and single other characters (`'`,
//! `-`, `.`), and each run into the longest pieces of the vocabulary from its start, a piece
//! after the first written with `##` (`unbelievably` → `un`, `##bel`, `##ie`, `##va`,
//! `##bly`). A run no pieces spell is the unknown piece as a whole. Accents are stripped
//! first (`wójcik` is read as `wojcik`).
//!
//! ```
//! use hypecheck::features::word_pieces::WordPieces;
//!
//! let pieces = WordPieces::new(["[UNK]", "un", "##believ", "##able", "'", "s"]);
//! let mut seen = Vec::new();
//! pieces.for_each_piece("unbelievable's", |p| seen.push(pieces.piece(p)));
//! assert_eq!(seen, ["un", "##believ", "##able", "'", "s"]);
//! ```

use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The unknown piece's spelling.
pub const UNKNOWN: &str = "[UNK]";

/// Longest run segmented piece by piece (BERT's `max_input_chars_per_word`); a longer run is
/// the unknown piece.
const MAX_RUN_CHARS: usize = 100;

/// Most pieces of one run; a run of more is the unknown piece.
const MAX_RUN_PIECES: usize = 32;

/// A WordPiece vocabulary: pieces by index.
#[derive(Clone, Debug, Default)]
pub struct WordPieces {
    pieces: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
    /// Pieces that continue a word (`##ing`), by their text after `##`: looked up by slices
    /// of the word, nothing built.
    continuations: HashMap<Box<str>, u32>,
    /// The longest piece's length in bytes (after `##`): no longer slice is looked up.
    longest: usize,
    /// Pieces that are whole words, by the [`crate::tokenizer::key`] of their text: a word
    /// token found here is that one piece, with no segmentation.
    whole: HashMap<u64, u32>,
    unknown: Option<u32>,
}

impl WordPieces {
    /// A vocabulary of `pieces`, in index order; a repeated piece keeps its first index.
    pub fn new<S: AsRef<str>>(pieces: impl IntoIterator<Item = S>) -> WordPieces {
        let mut out = WordPieces::default();
        for piece in pieces {
            let piece: Box<str> = piece.as_ref().into();
            let i = out.pieces.len() as u32;
            if piece.chars().all(char::is_alphanumeric) && !piece.is_empty() {
                out.whole.entry(crate::tokenizer::key(&piece)).or_insert(i);
            }
            out.index.entry(piece.clone()).or_insert(i);
            let text = piece.strip_prefix("##").unwrap_or(&piece);
            out.longest = out.longest.max(text.len());
            if let Some(rest) = piece.strip_prefix("##") {
                out.continuations.entry(rest.into()).or_insert(i);
            }
            out.pieces.push(piece);
        }
        out.unknown = out.index.get(UNKNOWN).copied();
        out
    }

    /// How many pieces.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The piece at `index`.
    pub fn piece(&self, index: u32) -> &str {
        &self.pieces[index as usize]
    }

    /// The index of `piece`, if it is in the vocabulary.
    pub fn get(&self, piece: &str) -> Option<u32> {
        self.index.get(piece).copied()
    }

    /// The pieces, in index order.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().map(|p| &**p)
    }

    /// [`WordPieces::for_each_piece`] of a word token: `key` is its
    /// [`crate::tokenizer::key`], `word` its normalized (lower-cased) text. A word that is a
    /// piece is found by its key alone.
    pub fn for_each_piece_of_token(&self, key: u64, word: &str, mut each: impl FnMut(u32)) {
        match self.whole.get(&key) {
            Some(&i) if &*self.pieces[i as usize] == word => each(i),
            _ => self.for_each_piece(word, each),
        }
    }

    /// Calls `each(piece)` for the pieces of `word` (already lower-cased), in order. Accents
    /// are stripped first, as BERT's uncased tokenizer does (`wójcik` is `wojcik`).
    pub fn for_each_piece(&self, word: &str, each: impl FnMut(u32)) {
        if word.is_ascii() {
            return self.for_each_piece_unaccented(word, each);
        }
        let stripped: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
        self.for_each_piece_unaccented(&stripped, each)
    }

    /// [`WordPieces::for_each_piece`] of a word without accents.
    fn for_each_piece_unaccented(&self, word: &str, mut each: impl FnMut(u32)) {
        let mut rest = word;
        while let Some(c) = rest.chars().next() {
            let end = if c.is_alphanumeric() {
                rest.find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len())
            } else {
                c.len_utf8()
            };
            let (run, after) = rest.split_at(end);
            self.run_pieces(run, &mut each);
            rest = after;
        }
    }

    /// The pieces of one run (letters and digits, or one other character).
    fn run_pieces(&self, run: &str, each: &mut impl FnMut(u32)) {
        if let Some(i) = self.get(run) {
            return each(i);
        }
        // Greedy longest match, collected first: an unspellable run is one unknown piece.
        let mut found = [0u32; MAX_RUN_PIECES];
        let mut count = 0;
        let mut start = 0;
        let spelled = run.chars().count() <= MAX_RUN_CHARS
            && loop {
                if start == run.len() {
                    break true;
                }
                let table = if start == 0 {
                    &self.index
                } else {
                    &self.continuations
                };
                let mut end = run.len().min(start + self.longest);
                if start == 0 && end == run.len() {
                    end -= 1; // the whole run was looked up above
                }
                let piece = loop {
                    if end <= start {
                        break None;
                    }
                    if run.is_char_boundary(end) {
                        if let Some(&i) = table.get(&run[start..end]) {
                            break Some(i);
                        }
                    }
                    end -= 1;
                };
                match piece {
                    Some(i) if count < MAX_RUN_PIECES => {
                        found[count] = i;
                        count += 1;
                        start = end;
                    }
                    _ => break false,
                }
            };
        if spelled {
            found[..count].iter().for_each(|&i| each(i));
        } else if let Some(u) = self.unknown {
            each(u);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_into_the_longest_pieces() {
        let vocab = WordPieces::new([
            "[UNK]", "shock", "##ing", "##ingly", "un", "##believ", "##able", "'", "-", "s",
            "well", "known", "cafe",
        ]);
        // (name, word, expected pieces)
        let table: &[(&str, &str, &[&str])] = &[
            ("a whole piece", "shock", &["shock"]),
            ("longest continuation", "shockingly", &["shock", "##ingly"]),
            ("shorter continuation", "shocking", &["shock", "##ing"]),
            (
                "three pieces",
                "unbelievable",
                &["un", "##believ", "##able"],
            ),
            (
                "apostrophe splits",
                "unbelievable's",
                &["un", "##believ", "##able", "'", "s"],
            ),
            ("hyphen splits", "well-known", &["well", "-", "known"]),
            ("unspellable run is one unknown", "shockx", &["[UNK]"]),
            (
                "only that run is unknown",
                "zzz-known",
                &["[UNK]", "-", "known"],
            ),
            ("an unknown sign", "cafe+", &["cafe", "[UNK]"]),
            ("accents stripped", "café", &["cafe"]),
            (
                "accents stripped inside a run",
                "wéll-knówn",
                &["well", "-", "known"],
            ),
            ("empty", "", &[]),
        ];
        for (name, word, expected) in table {
            let mut got = Vec::new();
            vocab.for_each_piece(word, |p| got.push(vocab.piece(p).to_string()));
            assert_eq!(&got, expected, "{name}: {word}");
        }
    }

    #[test]
    fn a_token_that_is_a_piece_is_found_by_its_key() {
        let vocab = WordPieces::new(["[UNK]", "shock", "##ing"]);
        let analyzer = crate::Analyzer::new();
        let text = analyzer.analyze("Shock shocking shockx");
        let mut got = Vec::new();
        for t in text.tokens.iter().filter(|t| t.shape.is_word()) {
            let word = &text.normalized[t.norm.range()];
            let mut pieces = Vec::new();
            vocab.for_each_piece_of_token(t.key, word, |p| pieces.push(vocab.piece(p)));
            let mut slow = Vec::new();
            vocab.for_each_piece(word, |p| slow.push(vocab.piece(p)));
            assert_eq!(pieces, slow, "{word}");
            got.push(pieces.join(" "));
        }
        assert_eq!(got, ["shock", "shock ##ing", "[UNK]"]);
    }

    #[test]
    fn a_run_of_too_many_pieces_is_unknown() {
        let vocab = WordPieces::new(["[UNK]", "a", "##a"]);
        let count = |word: &str| {
            let mut pieces = Vec::new();
            vocab.for_each_piece(word, |p| pieces.push(vocab.piece(p)));
            pieces
        };
        assert_eq!(count(&"a".repeat(MAX_RUN_PIECES)).len(), MAX_RUN_PIECES);
        assert_eq!(count(&"a".repeat(MAX_RUN_PIECES + 1)), ["[UNK]"]);
    }

    #[test]
    fn without_an_unknown_piece_unspellable_runs_give_nothing() {
        let vocab = WordPieces::new(["a"]);
        let mut got = Vec::new();
        vocab.for_each_piece("ab", |p| got.push(p));
        assert!(got.is_empty());
        let long = "a".repeat(MAX_RUN_CHARS + 1);
        vocab.for_each_piece(&long, |p| got.push(p));
        assert!(got.is_empty());
    }
}
