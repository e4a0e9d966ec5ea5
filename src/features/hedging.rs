//! Hedging: hedges that soften a claim and boosters that overstate certainty, in the
//! author's own words.

use super::{
    matches_evidence, per_100_words, Document, Family, Feature, FeatureFamily, FeatureValues, Part,
    Voice,
};
use crate::lexicon::{LexiconKind, Lexicons};
use crate::text::{LexMatch, Shape, TextAnalysis};

/// The hedging family.
pub struct Hedging;

impl FeatureFamily for Hedging {
    fn family(&self) -> Family {
        Family::Hedging
    }

    fn extract(&self, doc: &Document, _lexicons: &Lexicons, out: &mut FeatureValues) {
        use Feature::*;
        for (kind, title_feature, body_feature) in [
            (LexiconKind::Hedges, TitleHedges, BodyHedges),
            (LexiconKind::Boosters, TitleBoosters, BodyBoosters),
        ] {
            for (text, part, feature) in [
                (&doc.title, Part::Title, title_feature),
                (&doc.body, Part::Body, body_feature),
            ] {
                // "May" the month is no hedge; a negated booster is no booster.
                let mut negation_ends: Vec<usize> = match kind {
                    LexiconKind::Boosters => text
                        .matches_of(LexiconKind::Negators)
                        .map(|n| n.end_token)
                        .collect(),
                    _ => Vec::new(),
                };
                negation_ends.sort_unstable();
                let kept = text.matches_of(kind).filter(|m| match kind {
                    LexiconKind::Hedges => !is_month(text, m),
                    _ => !is_negated(text, m, &negation_ends),
                });
                let n = matches_evidence(out, feature, part, kept, Voice::Author);
                let value = match part {
                    Part::Title => n as f64,
                    _ => per_100_words(n, text.author_words),
                };
                out.set(feature, value);
            }
        }
    }
}

/// Most words that may stand between a negation and the booster it negates.
const NEGATION_REACH: usize = 2;

/// True when a negation ([`LexiconKind::Negators`]) stands before the booster `m`, with at
/// most [`NEGATION_REACH`] words between and no punctuation: "nobody can say for sure", "did
/// not clearly explain". A negated booster says the certainty is missing. `negation_ends`:
/// one past the last token of each negation in the text, sorted. Only the nearest negation
/// before the booster is checked: any further one has the same tokens between, and more.
fn is_negated(text: &TextAnalysis, m: &LexMatch, negation_ends: &[usize]) -> bool {
    let before = negation_ends.partition_point(|&end| end <= m.first_token);
    before.checked_sub(1).is_some_and(|i| {
        let end = negation_ends[i];
        m.first_token - end <= NEGATION_REACH
            && text.tokens[end..m.first_token]
                .iter()
                .all(|t| t.shape.is_word())
    })
}

/// "May" with a capital inside a sentence is the month, not the hedge.
fn is_month(text: &TextAnalysis, m: &LexMatch) -> bool {
    let token = &text.tokens[m.first_token];
    let sentence_start = text
        .sentences
        .get(token.sentence as usize)
        .is_some_and(|s| s.first_token == m.first_token);
    text.token_norm(token) == "may" && token.shape == Shape::Title && !sentence_start
}
