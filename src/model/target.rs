//! What a model predicts, and which labels in training data mean what.

use serde::{Deserialize, Serialize};

/// A scoring target: each has its own model.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// How sensational the whole article is: its headline and body parts combined, fitted on
    /// article-level labels. Positive: sensational.
    Sensationalism,
    /// How reliable the sourcing and language are. Positive: reliable (like real news).
    Quality,
    /// How clickbait-like the headline alone is (the headline part of sensationalism).
    /// Positive: clickbait.
    Headline,
    /// How loaded the author's own sentences are (the body part of sensationalism), learned
    /// sentence by sentence. Positive: loaded.
    Body,
}

impl Target {
    /// Every target: the two article scores first, then the parts of sensationalism.
    pub const ALL: [Target; 4] = [
        Target::Sensationalism,
        Target::Quality,
        Target::Headline,
        Target::Body,
    ];

    /// Its name, as in model files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Target::Sensationalism => "sensationalism",
            Target::Quality => "quality",
            Target::Headline => "headline",
            Target::Body => "body",
        }
    }

    /// The other article score: labels of one, turned round, serve the other.
    pub fn other(self) -> Target {
        match self {
            Target::Quality => Target::Sensationalism,
            _ => Target::Quality,
        }
    }

    /// The sign a composed model's part weights must have: a more sensational headline or
    /// body raises sensationalism and lowers quality.
    pub fn part_sign(self) -> f64 {
        match self {
            Target::Quality => -1.0,
            _ => 1.0,
        }
    }

    /// Parses a name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Training labels meaning the positive class (the first is the canonical one).
    pub fn positive_labels(self) -> &'static [&'static str] {
        match self {
            Target::Sensationalism => &[
                "sensational",
                "fake",
                "satire",
                "hyperpartisan",
                "1",
                "true",
            ],
            Target::Headline => &["clickbait", "sensational", "1", "true"],
            Target::Body => &["loaded", "biased"],
            Target::Quality => &["real", "reliable", "1", "true", "mostly true"],
        }
    }

    /// Training labels meaning the negative class (the first are canonical).
    pub fn negative_labels(self) -> &'static [&'static str] {
        match self {
            Target::Sensationalism => &["sober", "real", "not-hyperpartisan", "0", "false"],
            Target::Headline => &["not_clickbait", "sober", "0", "false"],
            Target::Body => &["neutral", "non-biased"],
            Target::Quality => &[
                "fake",
                "satire",
                "unreliable",
                "0",
                "false",
                "mostly false",
                "mixture of true and false",
            ],
        }
    }

    /// Labels training skips: BuzzFeed-Webis's `no factual content` (opinion and satire with
    /// no claim to check says nothing about how a report is sourced).
    pub fn skipped_labels(self) -> &'static [&'static str] {
        match self {
            Target::Quality => &["no factual content"],
            _ => &[],
        }
    }

    /// The negative labels written into a model file: the corpora's own names.
    pub fn canonical_negative_labels(self) -> &'static [&'static str] {
        match self {
            Target::Sensationalism => &["sober", "real", "not-hyperpartisan"],
            Target::Headline => &["not_clickbait"],
            Target::Body => &["neutral"],
            Target::Quality => &["fake", "satire"],
        }
    }

    /// `Some(true)` for a positive label, `Some(false)` for a negative one, `None` if unknown.
    pub fn class_of(self, label: &str) -> Option<bool> {
        let label = label.trim();
        if self
            .positive_labels()
            .iter()
            .any(|l| l.eq_ignore_ascii_case(label))
        {
            Some(true)
        } else if self
            .negative_labels()
            .iter()
            .any(|l| l.eq_ignore_ascii_case(label))
        {
            Some(false)
        } else {
            None
        }
    }

    /// The label printed for a probability at or above the threshold, and below it.
    pub fn output_labels(self) -> (&'static str, &'static str) {
        match self {
            Target::Sensationalism | Target::Headline | Target::Body => ("sensational", "sober"),
            Target::Quality => ("reliable", "unreliable"),
        }
    }

    /// Fewest body words this target needs to say anything (quality judges sourcing, which a
    /// bare headline does not have).
    pub fn min_body_words(self) -> usize {
        match self {
            Target::Quality => 50,
            _ => 0,
        }
    }
}
