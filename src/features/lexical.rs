//! Lexical features: word unigrams and bigrams, and (for headlines) character n-grams inside
//! words, learned from training data and stored in a model.
//!
//! Tokens are lower-cased (so casing style cannot leak in), and each active n-gram keeps the
//! spans where it occurs, so an explanation can point at "you won't believe". A character
//! n-gram is a substring of one whitespace-delimited word, so it too points at exact bytes.

use super::{Document, Evidence, Part};
use crate::span::Span;
use crate::text::{join_keys, key, short_word, KeyFilter, ShortWord, TextAnalysis, Word16};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest n-gram hypecheck learns.
pub const MAX_NGRAM: usize = 2;

/// The shortest and longest character n-grams learned, in characters, counting a word's
/// boundary (the space before and after it) as a character, as scikit-learn's `char_wb` does.
pub const CHAR_NGRAMS: (usize, usize) = (2, 5);

/// The prefix of a headline's character n-gram feature (`chr.title: you`: a word starting
/// with "you"; the spaces are the word's boundaries).
pub const CHAR_PREFIX: &str = "chr.title:";

/// The character n-gram of a feature name, when it is one.
pub fn parse_char_name(name: &str) -> Option<&str> {
    name.strip_prefix(CHAR_PREFIX).filter(|g| !g.is_empty())
}

/// A vocabulary of n-grams per part, each mapped to a column.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    title: NgramTable,
    body: NgramTable,
    /// The headline's character n-grams.
    title_chars: CharTable,
    /// One past the largest column.
    columns_end: usize,
    /// Whether body n-grams count only in the author's voice: one with a word inside a direct
    /// quote is passed over ([`Vocabulary::author_voice_body`]).
    author_voice_body: bool,
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

/// Character n-grams, looked up by their bytes: one of up to 7 bytes (every ASCII one) packed
/// into its key, so a hit needs no text comparison; longer ones by their bytes.
#[derive(Clone, Debug, Default)]
struct CharTable {
    packed: HashMap<u64, usize>,
    long: HashMap<Box<[u8]>, usize>,
    /// Tells this table's words apart from another's in [`CHAR_MEMO`]: a new number at each
    /// insertion (clones share it: they find alike).
    id: u64,
}

/// The next [`CharTable::id`].
static NEXT_CHAR_TABLE_ID: AtomicU64 = AtomicU64::new(1);

/// The columns a headline word's character n-grams hit, remembered per thread.
#[derive(Default)]
struct CharMemo {
    /// The [`CharTable::id`] they are of.
    table: u64,
    /// A lower-cased ASCII word of at most 15 bytes ([`short_word`]): where its columns are in
    /// `columns`.
    words: HashMap<ShortWord, (u32, u32)>,
    /// Each word's columns, in the order its grams were looked up.
    columns: Vec<u32>,
}

/// Most words, and most of their columns, [`CHAR_MEMO`] holds before it starts again.
const CHAR_MEMO_WORDS: usize = 1 << 15;
const CHAR_MEMO_COLUMNS: usize = 1 << 20;

thread_local! {
    /// Headline words already looked up by this thread, with the columns their character
    /// n-grams hit: headlines repeat their words, and each word's grams (about twenty) are
    /// then one lookup, not twenty. A word's columns are a function of the word, so
    /// remembering them changes no result.
    static CHAR_MEMO: RefCell<CharMemo> = RefCell::new(CharMemo::default());
}

/// The bytes of a gram of up to 7 bytes, and its length, as one number (distinct grams,
/// distinct numbers); `None` for a longer gram.
fn pack(gram: &[u8]) -> Option<u64> {
    (gram.len() <= 7).then(|| {
        gram.iter()
            .rev()
            .fold(gram.len() as u64, |packed, &b| (packed << 8) | b as u64)
    })
}

impl CharTable {
    fn insert(&mut self, gram: &str, column: usize) {
        match pack(gram.as_bytes()) {
            Some(k) => self.packed.insert(k, column),
            None => self.long.insert(gram.as_bytes().into(), column),
        };
        self.id = NEXT_CHAR_TABLE_ID.fetch_add(1, Ordering::Relaxed);
    }

    fn get(&self, gram: &[u8]) -> Option<usize> {
        match pack(gram) {
            Some(k) => self.packed.get(&k).copied(),
            None => self.long.get(gram).copied(),
        }
    }

    /// Calls `each(column)` for every character n-gram of `text` ([`for_each_char_gram`])
    /// that the table holds, as [`CharTable::get`] finds them, without their spans: what
    /// scoring needs. An ASCII text's grams are packed as they grow, a byte at a time, rather
    /// than each packed from its bytes.
    fn for_each_column(&self, text: &str, mut each: impl FnMut(usize)) {
        if !text.is_ascii() {
            for_each_char_gram(text, |gram, _| {
                if let Some(column) = self.get(gram) {
                    each(column)
                }
            });
            return;
        }
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        let mut buf: Vec<u8> = Vec::with_capacity(32);
        CHAR_MEMO.with_borrow_mut(|memo| {
            for word in text.as_bytes().split(space).filter(|w| !w.is_empty()) {
                // Another table's words, or a full memo (a huge headline fills it too): start
                // again.
                if memo.table != self.id
                    || memo.words.len() >= CHAR_MEMO_WORDS
                    || memo.columns.len() >= CHAR_MEMO_COLUMNS
                {
                    memo.words.clear();
                    memo.columns.clear();
                    memo.table = self.id;
                }
                buf.clear();
                buf.push(b' ');
                buf.extend(word.iter().map(u8::to_ascii_lowercase));
                buf.push(b' ');
                let Some(short) = short_word(&buf, 1, word.len()) else {
                    self.word_columns(&buf, &mut each);
                    continue;
                };
                if let Some(&(start, len)) = memo.words.get(&short) {
                    let (start, len) = (start as usize, len as usize);
                    memo.columns[start..start + len]
                        .iter()
                        .for_each(|&c| each(c as usize));
                    continue;
                }
                let start = memo.columns.len();
                let mut fits = true;
                self.word_columns(&buf, |column| {
                    each(column);
                    match u32::try_from(column) {
                        Ok(column) => memo.columns.push(column),
                        Err(_) => fits = false,
                    }
                });
                let len = memo.columns.len() - start;
                match fits {
                    true => {
                        memo.words.insert(short, (start as u32, len as u32));
                    }
                    false => memo.columns.truncate(start),
                }
            }
        });
    }

    /// Calls `each(column)` for the grams of `word`, an ASCII word lower-cased between its
    /// boundaries (` word `), in order: each gram packed as it grows, a byte at a time, as
    /// [`pack`] packs it.
    fn word_columns(&self, word: &[u8], mut each: impl FnMut(usize)) {
        let (min, max) = CHAR_NGRAMS;
        for a in 0..word.len() {
            let mut bytes = 0u64;
            for n in 1..=max.min(word.len() - a) {
                bytes |= (word[a + n - 1] as u64) << (8 * (n - 1));
                if n >= min {
                    if let Some(&column) = self.packed.get(&(bytes | (n as u64) << (8 * n))) {
                        each(column)
                    }
                }
            }
        }
    }

    fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Calls `each(gram, span)` for every character n-gram of `text` inside its words, with the
/// span of `text` it covers. Words are the runs of non-whitespace, lower-cased character by
/// character (the curly apostrophe folded to `'`, as word n-grams fold it), each with a space
/// before and after as its boundaries, as scikit-learn's `char_wb` analyzer makes them: the
/// n-grams of "Won't" are " w", "wo", ..., " won't", "won't " cut to 2 to 5 characters. A
/// boundary is no text, so the span of " won" is the bytes of "Won". A word is not split at
/// punctuation (`"(photos)"`): the words are the reader's.
pub fn for_each_char_gram(text: &str, mut each: impl FnMut(&[u8], Span)) {
    let (min, max) = CHAR_NGRAMS;
    if text.is_ascii() {
        // Most headlines: a byte is a character, its span found by arithmetic.
        let bytes = text.as_bytes();
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        let mut buf: Vec<u8> = Vec::with_capacity(32);
        let mut i = 0;
        while i < bytes.len() {
            if space(&bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !space(&bytes[i]) {
                i += 1;
            }
            buf.clear();
            buf.push(b' ');
            buf.extend(bytes[start..i].iter().map(u8::to_ascii_lowercase));
            buf.push(b' ');
            let len = buf.len();
            for a in 0..len {
                for n in min..=max.min(len - a) {
                    // Buffer position p is text byte start + p − 1; the boundaries are none.
                    let first = if a == 0 { start } else { start + a - 1 };
                    let last = if a + n == len { i } else { start + a + n - 1 };
                    each(&buf[a..a + n], Span::new(first, last));
                }
            }
        }
        return;
    }
    // The lower-cased word between its boundaries, and where each character of it starts
    // there and in `text` (`units`: the boundaries are units of no text).
    let mut buf: Vec<u8> = Vec::with_capacity(32);
    let mut units: Vec<(usize, usize, usize)> = Vec::with_capacity(32);
    let mut chars = text.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        buf.clear();
        units.clear();
        buf.push(b' ');
        units.push((0, start, start));
        let mut end = start;
        while let Some((at, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
            end = at + c.len_utf8();
            units.push((buf.len(), at, end));
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase() as u8);
            } else if c == '\u{2019}' {
                buf.push(b'\'');
            } else {
                let mut utf8 = [0u8; 4];
                for lower in c.to_lowercase() {
                    buf.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        units.push((buf.len(), end, end));
        buf.push(b' ');
        let n_units = units.len();
        for a in 0..n_units {
            for n in min..=max.min(n_units - a) {
                let last = a + n - 1;
                let gram_end = units.get(last + 1).map_or(buf.len(), |u| u.0);
                each(
                    &buf[units[a].0..gram_end],
                    Span::new(units[a].1, units[last].2),
                );
            }
        }
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

    /// Adds a headline character n-gram ([`for_each_char_gram`]) at `column`.
    pub fn insert_char_gram(&mut self, gram: &str, column: usize) {
        self.columns_end = self.columns_end.max(column + 1);
        self.title_chars.insert(gram, column);
    }

    /// This vocabulary, with body n-grams counted only outside direct quotes (an n-gram with a
    /// quoted word is passed over): the words of the people a report quotes are theirs, not
    /// the author's. The quality model's body n-grams are read so; headline n-grams are
    /// always all counted.
    pub fn author_voice_body(mut self) -> Vocabulary {
        self.author_voice_body = true;
        self
    }

    /// Whether the n-gram of `part` made of the tokens `first..=last` of `text` is passed
    /// over: a body n-gram with a quoted word, when this vocabulary reads the author's voice.
    fn passes_over(&self, part: Part, text: &TextAnalysis, first: usize, last: usize) -> bool {
        self.author_voice_body && part == Part::Body && has_quoted_word(text, first, last)
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
        self.title.len() + self.body.len() + self.title_chars.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `each(column, evidence)` for every occurrence of a vocabulary n-gram in `doc`.
    fn for_each_hit(&self, doc: &Document, mut each: impl FnMut(usize, Evidence)) {
        if !self.title_chars.is_empty() {
            let text = doc.part(Part::Title);
            for_each_char_gram(text.text, |gram, span| {
                if let Some(column) = self.title_chars.get(gram) {
                    let quoted = quoted_at(text, span);
                    let part = Part::Title;
                    each(column, Evidence { part, span, quoted });
                }
            });
        }
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
            if self.passes_over(part, text, first, last) {
                return;
            }
            let range = text.tokens[first].norm.start..text.tokens[last].norm.end;
            if let Some(column) = table.get(gram_key, text.normalized.as_bytes(), range) {
                each(column, first, last);
            }
        });
    }

    /// The column of the n-gram of `part`'s table made of the tokens `first..=last` of `text`,
    /// whose key is `gram_key` (the token's own for a unigram, [`join_keys`] of the two for a
    /// bigram): one lookup of what [`Vocabulary::for_each_hit_in`] finds by walking.
    pub fn column_at(
        &self,
        part: Part,
        text: &TextAnalysis,
        gram_key: u64,
        first: usize,
        last: usize,
    ) -> Option<usize> {
        let table = self.table(part);
        if !table.filter.may_contain(gram_key) || self.passes_over(part, text, first, last) {
            return None;
        }
        let range = text.tokens[first].norm.start..text.tokens[last].norm.end;
        table.get(gram_key, text.normalized.as_bytes(), range)
    }

    /// The columns of the n-grams present in `doc`, sorted, each once: what scoring needs,
    /// without the evidence (no allocation per hit).
    pub fn columns(&self, doc: &Document) -> Vec<usize> {
        let mut present = ColumnSet::new(self.columns_end);
        if !self.title_chars.is_empty() {
            let title = doc.part(Part::Title).text;
            self.title_chars
                .for_each_column(title, |column| present.insert(column));
        }
        for part in [Part::Title, Part::Body] {
            self.for_each_hit_in(part, doc.part(part), |column, _, _| present.insert(column));
        }
        present.into_sorted()
    }

    /// Every place the n-gram of the lexical feature `name` (`lex.title:…`, `lex.body:…` or
    /// `chr.title:…`, one of this vocabulary's) occurs in `doc`, in text order: its evidence
    /// in [`Vocabulary::active`], found by comparing that one n-gram's key and text with the
    /// document's rather than looking every n-gram of it up. Empty for any other name.
    pub fn evidence_of(&self, doc: &Document, name: &str) -> Vec<Evidence> {
        let mut out = Vec::new();
        if let Some(gram) = parse_char_name(name) {
            let text = doc.part(Part::Title);
            for_each_char_gram(text.text, |g, span| {
                if g == gram.as_bytes() {
                    let quoted = quoted_at(text, span);
                    out.push(Evidence {
                        part: Part::Title,
                        span,
                        quoted,
                    });
                }
            });
        } else if let Some((part, gram)) = parse_name(name) {
            let text = doc.part(part);
            for_each_occurrence(text, gram, |first, last| {
                if self.passes_over(part, text, first, last) {
                    return;
                }
                let (first, last) = (&text.tokens[first], &text.tokens[last]);
                out.push(Evidence {
                    part,
                    span: first.span.cover(last.span),
                    quoted: first.quoted,
                });
            });
        }
        out
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

/// Whether the word n-gram of the tokens `first..=last` of `text` (a unigram or a bigram) has
/// a word inside a direct quote: what an author's-voice vocabulary passes over, in training
/// and in scoring alike.
pub fn has_quoted_word(text: &TextAnalysis, first: usize, last: usize) -> bool {
    text.tokens[first].quoted || text.tokens[last].quoted
}

/// Whether the character n-gram at `span` of `text` lies inside a direct quote: the word
/// holding it is a quoted token.
fn quoted_at(text: &TextAnalysis, span: Span) -> bool {
    let t = text.tokens.partition_point(|t| t.span.end <= span.start);
    text.tokens
        .get(t)
        .is_some_and(|t| t.quoted && t.span.start <= span.start)
}

/// Calls `each(first_token, last_token)` for every occurrence in `text` of the word n-gram
/// `gram` (normalised words joined by a space), as [`Vocabulary::for_each_hit_in`] finds it
/// when `gram` is in its table: the same walk, its key compared instead of looked up, the
/// text confirmed on a match.
pub fn for_each_occurrence(text: &TextAnalysis, gram: &str, mut each: impl FnMut(usize, usize)) {
    let wanted = join_keys(gram.split(' ').map(key));
    for_each_ngram_at(
        text,
        |k| k == wanted,
        |_, first, last| {
            let range = text.tokens[first].norm.start..text.tokens[last].norm.end;
            if text.normalized.as_bytes()[range] == *gram.as_bytes() {
                each(first, last);
            }
        },
    );
}

/// A set of columns below a bound: marked in a bit set and read back in order, rather than
/// sorted. A second bit set marks the words of the first that hold a column, so reading back
/// visits only those: a large vocabulary (the headline's character n-grams, tens of thousands
/// of columns) costs a headline the few words its hits touch, not a walk over all of them.
///
/// Reading back clears what it reads, and the set goes back to its thread for the next one of
/// its size: a headline model's set is 5 KiB, which zeroing anew for every article would cost
/// more than the headline's lookups. Each record asks for the headline model's set, then the
/// article model's and the quality model's, so the thread keeps one set per size
/// ([`SPARE_COLUMN_SETS`]): with a single spare, each record shortened the headline's set to
/// the article model's and zeroed it again (6% of a headline run's instructions in `memset`).
#[derive(Default)]
struct ColumnSet {
    bits: Vec<u64>,
    /// Bit `w` is set when `bits[w]` is not zero.
    touched: Vec<u64>,
}

thread_local! {
    /// This thread's spare [`ColumnSet`]s, one of each size, all clear.
    static SPARE_COLUMN_SETS: RefCell<Vec<ColumnSet>> = const { RefCell::new(Vec::new()) };
}

/// The most sets [`SPARE_COLUMN_SETS`] keeps.
const MAX_SPARE_COLUMN_SETS: usize = 4;

impl ColumnSet {
    fn new(columns_end: usize) -> ColumnSet {
        let words = columns_end.div_ceil(64);
        let mut set = SPARE_COLUMN_SETS
            .with_borrow_mut(|spares| {
                let same = spares.iter().position(|s| s.bits.len() == words);
                same.map(|i| spares.swap_remove(i))
            })
            .unwrap_or_default();
        // All clear: a new set made to the size with zeros.
        set.bits.resize(words, 0);
        set.touched.resize(words.div_ceil(64), 0);
        set
    }

    fn insert(&mut self, column: usize) {
        let word = column / 64;
        if let (Some(bits), Some(touched)) =
            (self.bits.get_mut(word), self.touched.get_mut(word / 64))
        {
            *bits |= 1 << (column % 64);
            *touched |= 1 << (word % 64);
        }
    }

    /// The columns, sorted; the set, cleared, goes back to the thread.
    fn into_sorted(mut self) -> Vec<usize> {
        let mut columns = Vec::new();
        for t in 0..self.touched.len() {
            let mut touched = std::mem::take(&mut self.touched[t]);
            while touched != 0 {
                let word = 64 * t + touched.trailing_zeros() as usize;
                touched &= touched - 1;
                let mut bits = self.bits.get_mut(word).map_or(0, std::mem::take);
                while bits != 0 {
                    columns.push(64 * word + bits.trailing_zeros() as usize);
                    bits &= bits - 1;
                }
            }
        }
        SPARE_COLUMN_SETS.with_borrow_mut(|spares| {
            // Three models ask; a fourth size (a model loaded beside them) is kept too.
            if spares.len() == MAX_SPARE_COLUMN_SETS {
                spares.remove(0);
            }
            spares.push(self)
        });
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

    /// Every character n-gram of `text` as `(gram, the text its span slices)`.
    fn char_grams(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for_each_char_gram(text, |gram, span| {
            out.push((
                String::from_utf8(gram.to_vec()).unwrap(),
                text[span.range()].to_string(),
            ))
        });
        out
    }

    #[test]
    fn char_gram_spans_slice_their_text() {
        // (name, input, some expected (gram, the text its span slices)).
        type Case = (
            &'static str,
            &'static str,
            &'static [(&'static str, &'static str)],
        );
        let table: &[Case] = &[
            (
                "a word's boundaries are no text",
                "Won't",
                &[
                    (" w", "W"),
                    ("wo", "Wo"),
                    (" won'", "Won'"),
                    ("n't ", "n't"),
                    ("'t ", "'t"),
                ],
            ),
            (
                "lower-cased, each word apart",
                "BIG  News!",
                &[
                    (" big ", "BIG"),
                    (" ne", "Ne"),
                    ("ws! ", "ws!"),
                    ("s!", "s!"),
                ],
            ),
            (
                "a two-letter word is one 4-gram, no longer",
                "Go",
                &[(" go ", "Go"), (" go", "Go"), ("go ", "Go")],
            ),
            (
                "non-ASCII letters are characters, the curly apostrophe folded",
                "Café’s",
                &[
                    ("fé", "fé"),
                    ("é's", "é’s"),
                    (" caf", "Caf"),
                    ("é's ", "é’s"),
                ],
            ),
            (
                "a one-letter word",
                "a",
                &[(" a", "a"), ("a ", "a"), (" a ", "a")],
            ),
        ];
        for (name, input, expected) in table {
            let grams = char_grams(input);
            for (gram, text) in &grams {
                let n = gram.chars().count();
                assert!((2..=5).contains(&n), "{name}: {gram:?} has {n} characters");
                assert_eq!(
                    gram.trim().chars().count(),
                    text.chars().count(),
                    "{name}: {gram:?} spans {text:?}"
                );
            }
            for (gram, text) in *expected {
                assert!(
                    grams.iter().any(|(g, t)| g == gram && t == text),
                    "{name}: no {gram:?} spanning {text:?} in {grams:?}"
                );
            }
        }
        // "go" padded is " go ": 3 bigrams, 2 trigrams, 1 four-gram; nothing longer.
        assert_eq!(char_grams("Go").len(), 6);
        assert!(char_grams(" \t\n").is_empty());
    }

    #[test]
    fn char_grams_are_found_by_their_text_alone() {
        let mut table = CharTable::default();
        table.insert(" you", 3);
        table.insert("llion", 4);
        // Longer than 7 bytes: looked up by its bytes.
        table.insert("éçàü", 5);
        assert_eq!(table.get(b" you"), Some(3));
        assert_eq!(table.get(b"you"), None);
        assert_eq!(table.get(b" you "), None);
        assert_eq!(table.get(b"llion"), Some(4));
        assert_eq!(table.get("éçàü".as_bytes()), Some(5));
        assert_eq!(table.get("éçàa".as_bytes()), None);
        assert_eq!(table.len(), 3);
    }

    /// Scoring's walk finds exactly the columns that looking every gram up finds, each as
    /// often: ASCII texts (packed as they grow) and others, every kind of whitespace.
    #[test]
    fn scoring_finds_the_char_grams_that_looking_each_up_finds() {
        let texts = [
            "You Won't Believe What Happened Next",
            "  tabs\tand\nnew\x0blines\x0c\r  ",
            "a I x",
            "Supercalifragilistic words (photos) 100% \"quoted\"",
            "Café owners’ ÉLAN: 50 ways",
            "",
        ];
        let mut table = CharTable::default();
        // Every third gram of the texts, and some of no text: hits and misses.
        for (i, text) in texts.iter().enumerate() {
            let mut k = 0;
            for_each_char_gram(text, |gram, _| {
                k += 1;
                if k % 3 == i % 3 {
                    table.insert(std::str::from_utf8(gram).unwrap(), 7 * k + i);
                }
            });
        }
        table.insert(" zzz", 1);
        // Another table, whose words this thread also remembers: each finds its own columns.
        let mut other = CharTable::default();
        other.insert("wo", 3);
        other.insert("you ", 5);
        // Twice: the second time, from the words remembered.
        for (table, text) in [&table, &other, &table, &other]
            .into_iter()
            .flat_map(|t| texts.iter().map(move |text| (t, text)))
        {
            let mut looked_up = Vec::new();
            for_each_char_gram(text, |gram, _| looked_up.extend(table.get(gram)));
            let mut walked = Vec::new();
            table.for_each_column(text, |column| walked.push(column));
            looked_up.sort_unstable();
            walked.sort_unstable();
            assert_eq!(walked, looked_up, "{text:?}");
        }
        for text in texts {
            let mut looked_up = Vec::new();
            for_each_char_gram(text, |gram, _| looked_up.extend(table.get(gram)));
            assert!(!looked_up.is_empty() || text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_headline_of_more_new_words_than_the_memo_holds_finds_alike_and_keeps_it_bounded() {
        let mut table = CharTable::default();
        table.insert(" q", 1);
        table.insert("qa", 2);
        table.insert("b ", 3);
        let word = |mut i: usize| {
            let mut w = String::from("q");
            while i > 0 {
                w.push((b'a' + (i % 26) as u8) as char);
                i /= 26;
            }
            w
        };
        let text: Vec<String> = (0..CHAR_MEMO_WORDS + 3000).map(word).collect();
        let text = text.join(" ");
        let mut looked_up = Vec::new();
        for_each_char_gram(&text, |gram, _| looked_up.extend(table.get(gram)));
        let mut walked = Vec::new();
        table.for_each_column(&text, |column| walked.push(column));
        looked_up.sort_unstable();
        walked.sort_unstable();
        assert_eq!(walked, looked_up);
        let held = CHAR_MEMO.with_borrow(|memo| (memo.words.len(), memo.columns.len()));
        assert!(
            held.0 <= CHAR_MEMO_WORDS && held.1 <= CHAR_MEMO_COLUMNS + 64,
            "{held:?}"
        );
    }

    #[test]
    fn a_column_set_reads_back_sorted_and_once() {
        for end in [1, 63, 64, 65, 4096, 4097, 40_055] {
            let mut set = ColumnSet::new(end);
            let mut expected: Vec<usize> = [end - 1, 0, end / 2, end - 1, end / 3, 0]
                .into_iter()
                .collect();
            for &c in &expected {
                set.insert(c);
            }
            // Past the set's words: ignored, never a panic.
            set.insert(64 * end.div_ceil(64));
            set.insert(usize::MAX);
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(set.into_sorted(), expected, "{end}");
            // The thread's next set, of any size, starts empty.
            for next in [end, end / 2, 2 * end] {
                assert!(
                    ColumnSet::new(next).into_sorted().is_empty(),
                    "{end} {next}"
                );
            }
        }
        assert!(ColumnSet::new(0).into_sorted().is_empty());
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
