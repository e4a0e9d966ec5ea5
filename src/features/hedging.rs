//! Hedging: hedges that soften a claim and boosters that overstate certainty, in the
//! author's own words.

use super::{title_and_body_lexicon, Document, Family, Feature, FeatureFamily, FeatureValues};
use crate::lexicon::{LexiconKind, Lexicons};

/// The hedging family.
pub struct Hedging;

impl FeatureFamily for Hedging {
    fn family(&self) -> Family {
        Family::Hedging
    }

    fn extract(&self, doc: &Document, _lexicons: &Lexicons, out: &mut FeatureValues) {
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::Hedges,
            Feature::TitleHedges,
            Feature::BodyHedges,
        );
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::Boosters,
            Feature::TitleBoosters,
            Feature::BodyBoosters,
        );
    }
}
