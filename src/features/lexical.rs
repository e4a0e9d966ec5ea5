//! Lexical features: word unigrams and bigrams learned from training data, stored in a model.
//!
//! Tokens are lower-cased (so casing style cannot leak in), and each active n-gram keeps the
//! spans where it occurs, so an explanation can point at "you won't believe".

use super::{Document, Evidence, Part};
use crate::span::Span;
use crate::text::{join_keys, key, KeyFilter, TextAnalysis, Word16};
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

/// The longest n-gram hypecheck learns.
pub const MAX_NGRAM: usize = 2;

/// A vocabulary of n-grams per part, each mapped to a column.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    title: NgramTable,
    body: NgramTable,
    /// One past the largest column.
    columns_end: usize,
}

/// The n-grams of one part, looked up by the keys the tokens already carry (no string is
/// hashed while scoring), the n-gram's text compared on a hit.
#[derive(Clone, Debug, Default)]
struct NgramTable {
    by_key: HashMap<u64, (GramText, usize)>,
    /// The keys of `by_key`.
    filter: KeyFilter,
    /// Entries whose key another entry already holds: a 64-bit collision, practically never.
    collided: Vec<(u64, String, usize)>,
}

impl NgramTable {
    fn insert(&mut self, gram: String, column: usize) {
        let gram_key = join_keys(gram.split(' ').map(key));
        self.filter.insert(gram_key);
        match self.by_key.entry(gram_key) {
            Entry::Vacant(slot) => {
                slot.insert((GramText::new(gram), column));
            }
            Entry::Occupied(mut slot) if *slot.get().0.text == *gram => slot.get_mut().1 = column,
            Entry::Occupied(_) => self.collided.push((gram_key, gram, column)),
        }
    }

    /// The column of the n-gram with this key, whose text is `buffer[range]`. Callers ask
    /// [`NgramTable::filter`] first: most n-grams of a text are turned away there.
    fn get(&self, gram_key: u64, buffer: &[u8], range: Range<usize>) -> Option<usize> {
        let (text, column) = self.by_key.get(&gram_key)?;
        if text.is_at(buffer, range.clone()) {
            return Some(*column);
        }
        self.collided
            .iter()
            .find(|(k, text, _)| *k == gram_key && text.as_bytes() == &buffer[range.clone()])
            .map(|&(_, _, column)| column)
    }

    fn len(&self) -> usize {
        self.by_key.len() + self.collided.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An n-gram's text, with its first 16 bytes as one word: a hit is confirmed by comparing
/// the length and that word, and the rest of the text only for a longer n-gram.
#[derive(Clone, Debug)]
struct GramText {
    head: u128,
    text: Box<str>,
}

impl GramText {
    fn new(text: String) -> GramText {
        let len = text.len().min(16);
        GramText {
            head: Word16::load(text.as_bytes(), 0, len).get(),
            text: text.into(),
        }
    }

    /// True when `buffer[range]` is this text.
    fn is_at(&self, buffer: &[u8], range: Range<usize>) -> bool {
        let len = range.len();
        len == self.text.len()
            && Word16::load(buffer, range.start, len.min(16)).get() == self.head
            && (len <= 16 || *self.text.as_bytes() == buffer[range])
    }
}

/// Whether training may learn an n-gram: not one with a stray letter (`s`, `t`, `don t`),
/// which broken contractions and markup leave in some corpora and which teaches a model an
/// outlet's typography rather than its wording. `a` and `i` are words.
pub fn is_learnable(gram: &str) -> bool {
    !gram.split(' ').any(|t| {
        let mut chars = t.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic() && c != 'a' && c != 'i')
    })
}

/// The prefix of a lexical feature's name, by part.
pub fn prefix(part: Part) -> &'static str {
    match part {
        Part::Title => "lex.title:",
        Part::Body => "lex.body:",
        Part::Kicker => "lex.kicker:",
    }
}

/// Splits a lexical feature name into its part and n-gram.
pub fn parse_name(name: &str) -> Option<(Part, &str)> {
    [Part::Title, Part::Body]
        .into_iter()
        .find_map(|p| name.strip_prefix(prefix(p)).map(|g| (p, g)))
        .filter(|(_, g)| !g.is_empty())
}

impl Vocabulary {
    /// A vocabulary from `(part, n-gram, column)` entries.
    pub fn new(entries: impl IntoIterator<Item = (Part, String, usize)>) -> Vocabulary {
        let mut v = Vocabulary::default();
        for (part, gram, column) in entries {
            v.columns_end = v.columns_end.max(column + 1);
            v.table_mut(part).insert(gram, column);
        }
        v
    }

    fn table_mut(&mut self, part: Part) -> &mut NgramTable {
        match part {
            Part::Title | Part::Kicker => &mut self.title,
            Part::Body => &mut self.body,
        }
    }

    fn table(&self, part: Part) -> &NgramTable {
        match part {
            Part::Title | Part::Kicker => &self.title,
            Part::Body => &self.body,
        }
    }

    /// Number of n-grams.
    pub fn len(&self) -> usize {
        self.title.len() + self.body.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `each(column, evidence)` for every occurrence of a vocabulary n-gram in `doc`.
    fn for_each_hit(&self, doc: &Document, mut each: impl FnMut(usize, Evidence)) {
        for part in [Part::Title, Part::Body] {
            let text = doc.part(part);
            self.for_each_hit_in(part, text, |column, first, last| {
                let (first, last) = (&text.tokens[first], &text.tokens[last]);
                let span = first.span.cover(last.span);
                each(
                    column,
                    Evidence {
                        part,
                        span,
                        quoted: first.quoted,
                    },
                );
            });
        }
    }

    /// Calls `each(column, first_token, last_token)` for every occurrence in `text` of an
    /// n-gram of `part`'s table.
    pub fn for_each_hit_in(
        &self,
        part: Part,
        text: &TextAnalysis,
        mut each: impl FnMut(usize, usize, usize),
    ) {
        let table = self.table(part);
        if table.is_empty() {
            return;
        }
        let wanted = |key| table.filter.may_contain(key);
        for_each_ngram_at(text, wanted, |gram_key, first, last| {
            let range = text.tokens[first].norm.start..text.tokens[last].norm.end;
            if let Some(column) = table.get(gram_key, text.normalized.as_bytes(), range) {
                each(column, first, last);
            }
        });
    }

    /// The columns of the n-grams present in `doc`, sorted, each once: what scoring needs,
    /// without the evidence (no allocation per hit).
    pub fn columns(&self, doc: &Document) -> Vec<usize> {
        let mut present = ColumnSet::new(self.columns_end);
        self.for_each_hit(doc, |column, _| present.insert(column));
        present.into_sorted()
    }

    /// Every occurrence of the vocabulary's n-grams in `doc`, in text order, from one walk:
    /// the columns scoring needs ([`Hits::columns`], the same as [`Vocabulary::columns`]) and
    /// the evidence of the few an explanation names ([`Hits::evidence`]).
    pub fn hits(&self, doc: &Document) -> Hits {
        let mut hits = Vec::new();
        self.for_each_hit(doc, |column, evidence| hits.push((column, evidence)));
        Hits {
            hits,
            columns_end: self.columns_end,
        }
    }

    /// The columns of the n-grams present in `doc`, each with every place it occurs, sorted by
    /// column.
    pub fn active(&self, doc: &Document) -> Vec<(usize, Vec<Evidence>)> {
        let mut hits: HashMap<usize, Vec<Evidence>> = HashMap::default();
        self.for_each_hit(doc, |column, evidence| {
            hits.entry(column).or_default().push(evidence)
        });
        let mut out: Vec<_> = hits.into_iter().collect();
        out.sort_by_key(|(c, _)| *c);
        out
    }
}

/// Every occurrence of a vocabulary's n-grams in a document, in text order:
/// [`Vocabulary::hits`].
#[derive(Clone, Debug, Default)]
pub struct Hits {
    hits: Vec<(usize, Evidence)>,
    /// One past the vocabulary's largest column.
    columns_end: usize,
}

impl Hits {
    /// The columns present, sorted, each once: [`Vocabulary::columns`].
    pub fn columns(&self) -> Vec<usize> {
        let mut present = ColumnSet::new(self.columns_end);
        for &(column, _) in &self.hits {
            present.insert(column);
        }
        present.into_sorted()
    }

    /// Every place the n-gram of `column` occurs, in text order: its evidence in
    /// [`Vocabulary::active`].
    pub fn evidence(&self, column: usize) -> Vec<Evidence> {
        self.hits
            .iter()
            .filter(|(c, _)| *c == column)
            .map(|(_, e)| *e)
            .collect()
    }
}

/// A set of columns below a bound: marked in a bit set and read back in order, rather than
/// sorted.
struct ColumnSet(Vec<u64>);

impl ColumnSet {
    fn new(columns_end: usize) -> ColumnSet {
        ColumnSet(vec![0u64; columns_end.div_ceil(64)])
    }

    fn insert(&mut self, column: usize) {
        self.0[column / 64] |= 1 << (column % 64);
    }

    fn into_sorted(self) -> Vec<usize> {
        let mut columns = Vec::new();
        for (i, &bits) in self.0.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                columns.push(64 * i + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        columns
    }
}

/// Calls `each(ngram, key, span, quoted)` for every word unigram and bigram of a text, within
/// sentences, with the n-gram's key (its tokens' keys joined by [`join_keys`]). Punctuation
/// and emoji are left to the hand-crafted features. N-grams are slices of the normalized
/// buffer, so none is allocated.
pub fn for_each_ngram(text: &TextAnalysis, mut each: impl FnMut(&str, u64, Span, bool)) {
    for_each_ngram_at(
        text,
        |_| true,
        |gram_key, first, last| {
            let (first_token, last_token) = (&text.tokens[first], &text.tokens[last]);
            each(
                text.normalized_range(first, last + 1),
                gram_key,
                first_token.span.cover(last_token.span),
                first_token.quoted,
            )
        },
    );
}

/// Calls `each(ngram, first_token, last_token)` for every word unigram and bigram of a text,
/// within sentences: training reads the sentence and quote of each n-gram off its tokens.
pub fn for_each_ngram_tokens(text: &TextAnalysis, mut each: impl FnMut(&str, usize, usize)) {
    for_each_ngram_at(
        text,
        |_| true,
        |_, first, last| each(text.normalized_range(first, last + 1), first, last),
    );
}

/// [`for_each_ngram`] by token indices: `each(key, first, last)` for every n-gram whose key
/// passes `wanted`, nothing sliced.
///
/// Words and marks alternate unpredictably, so whether a token starts an n-gram and whether
/// its key is wanted are worked out together, with one branch on the answer.
fn for_each_ngram_at(
    text: &TextAnalysis,
    wanted: impl Fn(u64) -> bool,
    mut each: impl FnMut(u64, usize, usize),
) {
    const _: () = assert!(MAX_NGRAM == 2, "the walk below makes unigrams and bigrams");
    let tokens = &text.tokens;
    for (i, token) in tokens.iter().enumerate() {
        let word = token.shape.is_word();
        if word & wanted(token.key) {
            each(token.key, i, i);
        }
        if let Some(next) = tokens.get(i + 1) {
            let key = join_keys([token.key, next.key]);
            let pair = word & next.shape.is_word() & (next.sentence == token.sentence);
            if pair & wanted(key) {
                each(key, i, i + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngram_keys_are_the_joined_keys_of_their_tokens() {
        let analyzer = crate::Analyzer::new();
        let text = analyzer.analyze("You won't believe it. Shocking!");
        let mut grams = Vec::new();
        for_each_ngram(&text, |gram, gram_key, _, _| {
            assert_eq!(gram_key, join_keys(gram.split(' ').map(key)), "{gram}");
            grams.push(gram.to_string());
        });
        // Within sentences only, punctuation left out.
        let expected = [
            "you",
            "you won't",
            "won't",
            "won't believe",
            "believe",
            "believe it",
            "it",
            "shocking",
        ];
        assert_eq!(grams, expected);
    }

    #[test]
    fn a_key_collision_never_gives_a_wrong_column() {
        let mut table = NgramTable::default();
        table.insert("stunning".into(), 1);
        let stunning = key("stunning");
        // Another n-gram that happens to share the key (forced: a real one is a 1 in 2^64 event).
        table.filter.insert(stunning);
        table.collided.push((stunning, "shocking".into(), 7));
        let get = |gram_key, text: &str| table.get(gram_key, text.as_bytes(), 0..text.len());
        assert_eq!(get(stunning, "stunning"), Some(1));
        assert_eq!(get(stunning, "shocking"), Some(7));
        assert_eq!(get(stunning, "other"), None);
        assert_eq!(get(key("other"), "other"), None);
        assert_eq!(table.len(), 2);
    }
}
