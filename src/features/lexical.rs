//! Lexical features: word unigrams and bigrams learned from training data, stored in a model.
//!
//! Tokens are lower-cased (so casing style cannot leak in), and each active n-gram keeps the
//! spans where it occurs, so an explanation can point at "you won't believe".

use super::{Document, Evidence, Part};
use crate::span::Span;
use crate::text::TextAnalysis;
use rustc_hash::FxHashMap as HashMap;

/// The longest n-gram hypecheck learns.
pub const MAX_NGRAM: usize = 2;

/// A vocabulary of n-grams per part, each mapped to a column.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    title: HashMap<String, usize>,
    body: HashMap<String, usize>,
}

/// The prefix of a lexical feature's name, by part.
pub fn prefix(part: Part) -> &'static str {
    match part {
        Part::Title => "lex.title:",
        Part::Body => "lex.body:",
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
            v.map_mut(part).insert(gram, column);
        }
        v
    }

    fn map_mut(&mut self, part: Part) -> &mut HashMap<String, usize> {
        match part {
            Part::Title => &mut self.title,
            Part::Body => &mut self.body,
        }
    }

    fn map(&self, part: Part) -> &HashMap<String, usize> {
        match part {
            Part::Title => &self.title,
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
            let map = self.map(part);
            if map.is_empty() {
                continue;
            }
            for_each_ngram(doc.part(part), |gram, span, quoted| {
                if let Some(&column) = map.get(gram) {
                    each(column, Evidence { part, span, quoted });
                }
            });
        }
    }

    /// The columns of the n-grams present in `doc`, sorted, each once: what scoring needs,
    /// without the evidence (no allocation per hit).
    pub fn columns(&self, doc: &Document) -> Vec<usize> {
        let mut columns = Vec::new();
        self.for_each_hit(doc, |column, _| columns.push(column));
        columns.sort_unstable();
        columns.dedup();
        columns
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

/// Calls `each(ngram, span, quoted)` for every word unigram and bigram of a text, within
/// sentences. Punctuation and emoji are left to the hand-crafted features. N-grams are slices
/// of the normalized buffer, so none is allocated.
pub fn for_each_ngram(text: &TextAnalysis, mut each: impl FnMut(&str, Span, bool)) {
    let tokens = &text.tokens;
    for i in 0..tokens.len() {
        if !tokens[i].shape.is_word() {
            continue;
        }
        for n in 1..=MAX_NGRAM {
            let Some(last) = tokens.get(i + n - 1) else {
                break;
            };
            if last.sentence != tokens[i].sentence || !last.shape.is_word() {
                break;
            }
            let gram = &text.normalized[tokens[i].norm.start..last.norm.end];
            each(gram, tokens[i].span.cover(last.span), tokens[i].quoted);
        }
    }
}
