//! Invariants every analysis, feature value and report must hold, whatever the input.
//!
//! Shared by the property tests (`tests/properties.rs`) and the fuzz targets (`fuzz/`), which
//! include this file by path. Each check returns a description of the first violation.

#![allow(dead_code)]

use hypecheck::model::{sigmoid, Explanation, Model};
use hypecheck::report::{
    EvidenceReport, ExplanationReport, Summaries, Summary, SummaryOptions, COVERAGE,
};
use hypecheck::text::TextAnalysis;
use hypecheck::{Article, Evidence, Feature, FeatureValues, Hypecheck, Part, Report, Span};

/// How far `intercept + Σ contribution` may drift from the logit, relative to the size of the
/// terms summed: the logit adds them in column order, the check in contribution order.
pub const SUM_TOLERANCE: f64 = 1e-9;

type Check = Result<(), String>;

fn ensure(ok: bool, message: impl FnOnce() -> String) -> Check {
    if ok {
        Ok(())
    } else {
        Err(message())
    }
}

/// `span` lies inside `text` and starts and ends on character boundaries.
pub fn check_span(text: &str, span: Span, what: &str) -> Check {
    ensure(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        || {
            format!(
                "{what}: span {}..{} is not a valid slice of a {}-byte text",
                span.start,
                span.end,
                text.len()
            )
        },
    )
}

/// A probability: finite and in [0, 1].
pub fn check_probability(p: f64, what: &str) -> Check {
    ensure(p.is_finite() && (0.0..=1.0).contains(&p), || {
        format!("{what}: probability {p} is not finite in [0, 1]")
    })
}

/// `intercept + Σ contributions == logit` (to [`SUM_TOLERANCE`], relative to the terms),
/// every term finite, and `probability == sigmoid(logit)` in [0, 1].
pub fn check_sum(
    intercept: f64,
    contributions: impl IntoIterator<Item = f64>,
    logit: f64,
    probability: f64,
    what: &str,
) -> Check {
    let (mut sum, mut magnitude) = (intercept, intercept.abs());
    for c in contributions {
        ensure(c.is_finite(), || format!("{what}: contribution {c}"))?;
        sum += c;
        magnitude += c.abs();
    }
    ensure(logit.is_finite(), || format!("{what}: logit {logit}"))?;
    let tolerance = SUM_TOLERANCE * magnitude.max(1.0);
    ensure((sum - logit).abs() <= tolerance, || {
        format!("{what}: intercept + contributions = {sum}, logit = {logit}")
    })?;
    check_probability(probability, what)?;
    ensure(probability == sigmoid(logit), || {
        format!("{what}: probability {probability} != sigmoid({logit})")
    })
}

/// Tokens, sentences, quotes and lexicon matches of one analysed text.
///
/// - every token is a non-empty, non-blank slice of the text on character boundaries, its
///   normalized form a valid slice of the normalized buffer;
/// - tokens are in order and do not overlap, and together they cover every character that is
///   not white space;
/// - sentences are in order, do not overlap, and partition the tokens; each token knows its
///   sentence;
/// - quotes and matches are valid slices over valid token ranges;
/// - word counts agree with the tokens.
pub fn check_analysis(a: &TextAnalysis, what: &str) -> Check {
    let text = a.text;
    let mut covered_to = 0;
    for (i, t) in a.tokens.iter().enumerate() {
        let here = || format!("{what}: token {i}");
        check_span(text, t.span, &here())?;
        check_span(&a.normalized, t.norm, &format!("{} (normalized)", here()))?;
        let s = &text[t.span];
        ensure(!s.trim().is_empty(), || {
            format!("{}: {s:?} is empty or blank", here())
        })?;
        ensure(t.span.start >= covered_to, || {
            format!(
                "{}: {:?} at {}..{} overlaps the previous token (which ends at {covered_to})",
                here(),
                s,
                t.span.start,
                t.span.end
            )
        })?;
        let gap = &text[covered_to..t.span.start];
        ensure(gap.trim().is_empty(), || {
            format!("{}: {gap:?} before it is in no token", here())
        })?;
        covered_to = t.span.end;
        ensure((t.sentence as usize) < a.sentences.len(), || {
            format!("{}: sentence {} does not exist", here(), t.sentence)
        })?;
    }
    let tail = &text[covered_to..];
    ensure(tail.trim().is_empty(), || {
        format!("{what}: {tail:?} at the end is in no token")
    })?;

    let mut next_token = 0;
    let mut end = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        let here = format!("{what}: sentence {i}");
        check_span(text, s.span, &here)?;
        ensure(
            s.first_token == next_token && s.first_token < s.end_token,
            || {
                format!(
                    "{here}: tokens {}..{} do not follow on from {next_token}",
                    s.first_token, s.end_token
                )
            },
        )?;
        ensure(s.end_token <= a.tokens.len(), || {
            format!(
                "{here}: ends at token {} of {}",
                s.end_token,
                a.tokens.len()
            )
        })?;
        ensure(s.span.start >= end, || {
            format!(
                "{here}: starts at {} before the previous ends at {end}",
                s.span.start
            )
        })?;
        let (first, last) = (&a.tokens[s.first_token], &a.tokens[s.end_token - 1]);
        ensure(s.span == Span::new(first.span.start, last.span.end), || {
            format!("{here}: span does not run from its first to its last token")
        })?;
        for t in &a.tokens[s.first_token..s.end_token] {
            ensure(t.sentence as usize == i, || {
                format!("{here}: holds a token of sentence {}", t.sentence)
            })?;
        }
        next_token = s.end_token;
        end = s.span.end;
    }
    ensure(next_token == a.tokens.len(), || {
        format!(
            "{what}: sentences cover {next_token} of {} tokens",
            a.tokens.len()
        )
    })?;

    for (i, q) in a.quotes.iter().enumerate() {
        let here = format!("{what}: quote {i}");
        check_span(text, q.span, &here)?;
        ensure(
            q.first_token < q.end_token && q.end_token <= a.tokens.len(),
            || format!("{here}: tokens {}..{}", q.first_token, q.end_token),
        )?;
    }
    for (i, m) in a.matches.iter().enumerate() {
        let here = format!("{what}: match {i} ({:?})", m.kind);
        check_span(text, m.span, &here)?;
        ensure(
            m.first_token < m.end_token && m.end_token <= a.tokens.len(),
            || format!("{here}: tokens {}..{}", m.first_token, m.end_token),
        )?;
    }

    let words = a.tokens.iter().filter(|t| t.shape.is_word()).count();
    let author = a
        .tokens
        .iter()
        .filter(|t| t.shape.is_word() && !t.quoted)
        .count();
    ensure(a.words == words && a.author_words == author, || {
        format!(
            "{what}: {} words and {} author words counted, tokens say {words} and {author}",
            a.words, a.author_words
        )
    })
}

fn part_text(article: &Article, part: Part) -> &str {
    article.part(part)
}

/// A span of evidence points at characters of its part.
pub fn check_evidence(article: &Article, e: &Evidence, what: &str) -> Check {
    check_span(part_text(article, e.part), e.span, what)
}

/// Every feature value is finite, and every span of evidence valid.
pub fn check_features(article: &Article, values: &FeatureValues) -> Check {
    for &f in Feature::ALL {
        let v = values.get(f);
        ensure(v.is_finite(), || format!("{}: value {v}", f.name()))?;
        for e in values.evidence(f) {
            check_evidence(article, e, f.name())?;
        }
    }
    Ok(())
}

/// A model's explanation: contributions sum to the logit, the probability is its sigmoid.
pub fn check_explanation(model: &Model, e: &Explanation, what: &str) -> Check {
    check_sum(
        e.intercept,
        e.contributions.iter().map(|c| c.contribution),
        e.logit,
        e.probability,
        what,
    )?;
    for c in &e.contributions {
        ensure(c.column < model.feature_names().len(), || {
            format!("{what}: contribution of column {}", c.column)
        })?;
    }
    Ok(())
}

/// Evidence as reported: a valid span whose `text` is exactly `part[start..end]`.
pub fn check_evidence_report(article: &Article, e: &EvidenceReport, what: &str) -> Check {
    let part = part_text(article, e.part);
    check_span(part, Span::new(e.start, e.end), what)?;
    ensure(e.end >= e.start, || format!("{what}: inverted span"))?;
    ensure(part.get(e.start..e.end) == Some(e.text.as_str()), || {
        format!(
            "{what}: text {:?} is not {:?}[{}..{}]",
            e.text, e.part, e.start, e.end
        )
    })
}

fn check_explanation_report(article: &Article, e: &ExplanationReport, what: &str) -> Check {
    check_sum(
        e.intercept,
        e.contributions.iter().map(|c| c.contribution),
        e.logit,
        e.probability,
        what,
    )?;
    for c in &e.contributions {
        let here = format!("{what}: {}", c.feature);
        for ev in &c.evidence {
            check_evidence_report(article, ev, &here)?;
        }
    }
    Ok(())
}

/// An explained report: scores in [0, 1], labels, explanations that add up, evidence that
/// resolves, features finite.
pub fn check_report(article: &Article, report: &Report) -> Check {
    check_probability(report.scores.sensationalism, "sensationalism")?;
    if let Some(q) = report.scores.quality {
        check_probability(q, "quality")?;
    }
    for (name, v) in &report.features.0 {
        ensure(v.is_finite(), || format!("{name}: value {v}"))?;
    }
    let Some(explanations) = &report.explanations else {
        return Err("no explanations in an explained report".into());
    };
    let s = &explanations.sensationalism;
    check_explanation_report(article, s, "sensationalism")?;
    ensure(s.probability == report.scores.sensationalism, || {
        "sensationalism: explanation and score differ".into()
    })?;
    ensure(
        report.summary.as_ref() == Some(&Summaries::new(explanations, SummaryOptions::default())),
        || "the report's summary is not its explanations' default summary".into(),
    )?;
    check_summary("sensationalism", s)?;
    if let Some(q) = &explanations.quality {
        check_summary("quality", q)?;
    }
    match (&explanations.quality, report.scores.quality) {
        (Some(q), Some(p)) => {
            check_explanation_report(article, q, "quality")?;
            ensure(q.probability == p, || {
                "quality: explanation and score differ".into()
            })
        }
        (None, None) => ensure(report.unscored.contains_key("quality"), || {
            "quality: neither scored nor said why".into()
        }),
        _ => Err("quality: a score without an explanation, or the reverse".into()),
    }
}

/// A score's summary (the human view's lines), with the least and the most reasons asked:
/// `baseline + reasons + absent + rest == logit`; no reason is an absent feature (raw value 0)
/// and no absent feature is present; every contribution is on exactly one line; the lines
/// other than the rest account for at least [`COVERAGE`] of the distance from the baseline.
pub fn check_summary(score: &'static str, e: &ExplanationReport) -> Check {
    for min_reasons in [0, 5] {
        for group_wording in [true, false] {
            let options = SummaryOptions {
                min_reasons,
                group_wording,
            };
            let s = Summary::new(score, e, options);
            let what = format!("{score} summary ({options:?})");
            let reasons: f64 = s.reasons.iter().map(|r| r.contribution).sum();
            let total = s.baseline + reasons + s.absent.contribution + s.rest.contribution;
            let scale = 1.0
                + e.contributions
                    .iter()
                    .map(|c| c.contribution.abs())
                    .sum::<f64>();
            ensure((total - e.logit).abs() <= SUM_TOLERANCE * scale, || {
                format!("{what}: lines sum to {total}, logit {}", e.logit)
            })?;
            ensure(s.baseline == e.intercept, || format!("{what}: baseline"))?;
            let distance = e.logit - e.intercept;
            ensure(
                s.rest.contribution.abs() <= (1.0 - COVERAGE) * distance.abs() + 1e-9 * scale,
                || {
                    format!(
                        "{what}: rest {} of a distance {distance}",
                        s.rest.contribution
                    )
                },
            )?;
            let value = |f: &str| {
                e.contributions
                    .iter()
                    .find(|c| c.feature == f)
                    .map(|c| c.value)
            };
            let mut lines = s.absent.features.len() + s.rest.count;
            for r in &s.reasons {
                lines += r.features.len();
                for f in &r.features {
                    ensure(value(f).is_some_and(|v| v != 0.0), || {
                        format!("{what}: {f} is a reason with value 0")
                    })?;
                }
                ensure(r.contribution != 0.0, || format!("{what}: a reason of 0"))?;
            }
            for f in &s.absent.features {
                ensure(value(f) == Some(0.0), || {
                    format!("{what}: {f} is not absent")
                })?;
            }
            let nonzero = e
                .contributions
                .iter()
                .filter(|c| c.value == 0.0 || c.contribution != 0.0)
                .count();
            ensure(lines == nonzero, || {
                format!("{what}: {lines} contributions on lines, {nonzero} in the explanation")
            })?;
        }
    }
    Ok(())
}

/// Everything about one article: its analysis, its features, its explained report, and that
/// scoring without explanations gives the very same scores.
pub fn check_article(hc: &Hypecheck, article: &Article) -> Check {
    let analyzer = hc.analyzer();
    let doc = analyzer.document(article);
    check_analysis(&doc.title, "title")?;
    check_analysis(&doc.body, "body")?;
    check_features(article, &analyzer.features(&doc))?;
    let report = hc.explain(article);
    check_report(article, &report)?;
    let scored = hc.score(article);
    ensure(
        scored.scores.sensationalism.to_bits() == report.scores.sensationalism.to_bits()
            && scored.scores.quality.map(f64::to_bits) == report.scores.quality.map(f64::to_bits),
        || "score and explain disagree".into(),
    )
}
