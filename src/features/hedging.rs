//! Hedging: hedges that soften a claim and boosters that overstate certainty, in the
//! author's own words.

use super::{
    matches_evidence, per_100_words, title_and_body_lexicon, Document, Family, Feature,
    FeatureFamily, FeatureValues, Part, Voice,
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
        for (text, part, feature) in [
            (&doc.title, Part::Title, Feature::TitleHedges),
            (&doc.body, Part::Body, Feature::BodyHedges),
        ] {
            let hedges = text
                .matches_of(LexiconKind::Hedges)
                .filter(|m| !is_month(text, m));
            let n = matches_evidence(out, feature, part, hedges, Voice::Author);
            let value = match part {
                Part::Title => n as f64,
                _ => per_100_words(n, text.author_words),
            };
            out.set(feature, value);
        }
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::Boosters,
            Feature::TitleBoosters,
            Feature::BodyBoosters,
        );
    }
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
