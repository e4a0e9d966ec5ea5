//! HTML: one self-contained page (inline CSS, no script, no network) showing each report's
//! headline and body with the evidence highlighted, the scores as gauges and the largest
//! contributions as bar charts. Several reports get a summary table linking to each one.
//!
//! The printer buffers the page and writes it in [`Printer::finish`], because the summary table
//! at the top needs every report first.

use super::Printer;
use crate::features::{Family, Feature, Part};
use crate::report::{
    concern, Component, ContributionReport, ExplanationReport, ReasonKind, Report, Summary,
    SummaryOptions, WORDS_NAMED,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes reports as one HTML page.
pub struct HtmlPrinter<'w> {
    out: Box<dyn Write + 'w>,
    /// Reasons per score shown (as bars, their evidence marked) at least, as in the human view.
    top: usize,
    rows: Vec<SummaryRow>,
    sections: String,
}

/// What the summary table shows of one report.
struct SummaryRow {
    title: String,
    location: String,
    sensationalism: f64,
    sensationalism_label: String,
    quality: Option<f64>,
    quality_label: Option<String>,
    warnings: usize,
}

impl<'w> HtmlPrinter<'w> {
    /// An HTML printer showing at least `top` reasons per score (as the human view does).
    pub fn new(out: Box<dyn Write + 'w>, top: usize) -> Self {
        HtmlPrinter {
            out,
            top,
            rows: Vec::new(),
            sections: String::new(),
        }
    }
}

impl Printer for HtmlPrinter<'_> {
    fn print(&mut self, r: &Report) -> io::Result<()> {
        let n = self.rows.len() + 1;
        self.rows.push(SummaryRow {
            title: r.title.clone().unwrap_or_default(),
            location: location(r),
            sensationalism: r.scores.sensationalism,
            sensationalism_label: r.labels.sensationalism.clone(),
            quality: r.scores.quality,
            quality_label: r.labels.quality.clone(),
            warnings: r.warnings.len(),
        });
        section(&mut self.sections, n, r, self.top);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let page = page(&self.rows, &self.sections);
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// Escapes text for HTML content and quoted attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number with its sign, and a real minus sign: `+1.25`, `−0.40`.
fn signed(v: f64) -> String {
    format!("{v:+.2}").replace('-', "\u{2212}")
}

fn location(r: &Report) -> String {
    let path = match r.source.record {
        Some(n) => format!("{}:{n}", r.source.path),
        None => r.source.path.clone(),
    };
    if path.is_empty() {
        r.id.clone()
    } else {
        path
    }
}

/// True for the labels that should worry an editor.
fn alarming(label: &str) -> bool {
    matches!(label, "sensational" | "unreliable")
}

// ---------------------------------------------------------------------------------------------
// Highlighting

/// One evidence span to mark in a piece of text, with the feature behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// First byte of the span.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The feature's name (`hype.title_caps_words`).
    pub feature: String,
    /// Its family, which sets the colour.
    pub family: Family,
    /// The feature's contribution to the sensationalism logit, when that model explains it.
    pub sensationalism: Option<f64>,
    /// The feature's contribution to the quality logit, when that model explains it.
    pub quality: Option<f64>,
    /// True when the span lies inside a direct quote.
    pub quoted: bool,
}

impl Highlight {
    fn valid_in(&self, text: &str) -> bool {
        self.start < self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }

    fn weight(&self) -> f64 {
        self.sensationalism.unwrap_or(0.0).abs() + self.quality.unwrap_or(0.0).abs()
    }
}

/// Renders `text` as escaped HTML with every valid span of `spans` marked.
///
/// Overlapping and nested spans are split into non-overlapping segments at every span
/// boundary; each segment covered by at least one span becomes one `<mark>` whose classes
/// give the colour and whose `title` lists every feature covering it:
///
/// - the family of the heaviest covering feature (`hype`, `hedging`, `sourcing`, `style`,
///   `lexical`);
/// - the direction: `warn` when the covering features together push towards *sensational* or
///   *unreliable* (a positive sensationalism or a negative quality contribution), `ok` when
///   they push the other way, `mixed` when the two models disagree or the sum is zero;
/// - the strength: `w1` (summed |contribution| below 0.1), `w2` (below 1), `w3`.
///
/// Spans that are empty, inverted, out of range or not on character boundaries are skipped.
pub fn highlight(text: &str, spans: &[Highlight]) -> String {
    let valid: Vec<&Highlight> = spans.iter().filter(|h| h.valid_in(text)).collect();
    let mut bounds: Vec<usize> = Vec::with_capacity(valid.len() * 2 + 2);
    bounds.push(0);
    bounds.push(text.len());
    for h in &valid {
        bounds.push(h.start);
        bounds.push(h.end);
    }
    bounds.sort_unstable();
    bounds.dedup();

    // Sweep: spans sorted by start enter the active set at their start and leave at their end.
    let mut by_start: Vec<usize> = (0..valid.len()).collect();
    by_start.sort_by_key(|&i| valid[i].start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(text.len() * 2);
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        active.retain(|&i| valid[i].end > a);
        while next < by_start.len() && valid[by_start[next]].start <= a {
            active.push(by_start[next]);
            next += 1;
        }
        let segment = escape(&text[a..b]);
        if active.is_empty() {
            out.push_str(&segment);
        } else {
            let covering: Vec<&Highlight> = active.iter().map(|&i| valid[i]).collect();
            let (class, title) = mark_attributes(&covering);
            let _ = write!(
                out,
                "<mark class=\"{class}\" title=\"{}\">{segment}</mark>",
                escape(&title)
            );
        }
    }
    out
}

/// The classes and the hover text of a segment covered by `covering` (not empty).
fn mark_attributes(covering: &[&Highlight]) -> (String, String) {
    // One line per feature, heaviest first; a feature covering the segment twice counts once.
    let mut features: Vec<&Highlight> = Vec::new();
    for h in covering {
        if !features.iter().any(|f| f.feature == h.feature) {
            features.push(h);
        }
    }
    features.sort_by(|a, b| b.weight().total_cmp(&a.weight()));
    let family = features[0].family.name();
    let sum = |get: fn(&Highlight) -> Option<f64>| {
        features
            .iter()
            .filter_map(|h| get(h))
            .fold(None, |acc: Option<f64>, v| Some(acc.unwrap_or(0.0) + v))
    };
    let s = sum(|h| h.sensationalism);
    let q = sum(|h| h.quality);
    // Towards concern (+1): more sensational, or less reliable.
    let concern = |v: Option<f64>, sign: f64| {
        v.map(|v| match (v * sign).partial_cmp(&0.0) {
            Some(std::cmp::Ordering::Greater) => 1,
            Some(std::cmp::Ordering::Less) => -1,
            _ => 0,
        })
    };
    let direction = match (concern(s, 1.0), concern(q, -1.0)) {
        (Some(1), None | Some(1)) | (None, Some(1)) => "warn",
        (Some(-1), None | Some(-1)) | (None, Some(-1)) => "ok",
        _ => "mixed",
    };
    let total: f64 = features.iter().map(|h| h.weight()).sum();
    let strength = if total < 0.1 {
        "w1"
    } else if total < 1.0 {
        "w2"
    } else {
        "w3"
    };
    let lines: Vec<String> = features
        .iter()
        .map(|h| {
            let mut parts = Vec::new();
            if let Some(v) = h.sensationalism {
                parts.push(format!("sensationalism {}", signed(v)));
            }
            if let Some(v) = h.quality {
                parts.push(format!("quality {}", signed(v)));
            }
            let quoted = if h.quoted { " (in a quote)" } else { "" };
            format!("{}: {}{quoted}", h.feature, parts.join(", "))
        })
        .collect();
    (format!("{family} {direction} {strength}"), lines.join("\n"))
}

/// The smallest contribution of learned wording that is marked in the text.
const MIN_MARKED_WORDING: f64 = 0.005;

/// The highlights of one part of a report: the evidence of the reasons the human view lists
/// (at least `min_reasons` per score, as [`Summary`] chooses them; of a line of learned
/// wording, the n-grams it names), one per span and feature, with both models' contributions.
/// Absent features have no evidence; the many small contributions are not marked, so the
/// words that matter stand out.
fn highlights(r: &Report, part: Part, min_reasons: usize) -> Vec<Highlight> {
    let Some(ex) = &r.explanations else {
        return Vec::new();
    };
    let options = summary_options(min_reasons);
    let mut merged: BTreeMap<(usize, usize, &str), Highlight> = BTreeMap::new();
    let models = [
        (0, "sensationalism", Some(&ex.sensationalism)),
        (1, "quality", ex.quality.as_ref()),
    ];
    for (slot, score, explanation) in models {
        let Some(explanation) = explanation else {
            continue;
        };
        let summary = Summary::new(score, explanation, options);
        let shown: Vec<(String, Option<Component>)> = summary
            .reasons
            .into_iter()
            .flat_map(|reason| {
                let named = match reason.kind {
                    ReasonKind::Wording => WORDS_NAMED,
                    ReasonKind::Feature => usize::MAX,
                };
                let component = reason.component;
                reason
                    .features
                    .into_iter()
                    .take(named)
                    .map(move |f| (f, component))
            })
            .collect();
        let listed = |c: &ContributionReport| {
            shown
                .iter()
                .any(|(f, component)| *f == c.feature && *component == c.component)
        };
        // A learned n-gram or word piece that moves the score by less than 0.005 (shown as
        // 0.00) is not marked: it would only cut the marks of the words that matter.
        let visible = |c: &ContributionReport| {
            c.family != Family::Lexical || c.contribution.abs() >= MIN_MARKED_WORDING
        };
        for c in explanation
            .contributions
            .iter()
            .filter(|c| listed(c) && visible(c))
        {
            for e in c.evidence.iter().filter(|e| e.part == part) {
                let h = merged
                    .entry((e.start, e.end, c.feature.as_str()))
                    .or_insert_with(|| Highlight {
                        start: e.start,
                        end: e.end,
                        feature: c.feature.clone(),
                        family: c.family,
                        sensationalism: None,
                        quality: None,
                        quoted: e.quoted,
                    });
                if slot == 0 {
                    h.sensationalism = Some(c.contribution);
                } else {
                    h.quality = Some(c.contribution);
                }
            }
        }
    }
    merged.into_values().collect()
}

/// `text` without its leading and trailing whitespace, highlighted with spans shifted to match.
fn highlight_trimmed(text: &str, spans: &[Highlight]) -> String {
    let lead = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    let shifted: Vec<Highlight> = spans
        .iter()
        .filter(|h| h.valid_in(text))
        .filter_map(|h| {
            let start = h.start.max(lead) - lead;
            let end = h.end.min(lead + trimmed.len()).saturating_sub(lead);
            (start < end).then(|| Highlight {
                start,
                end,
                ..h.clone()
            })
        })
        .collect();
    highlight(trimmed, &shifted)
}

// ---------------------------------------------------------------------------------------------
// One report

fn section(out: &mut String, n: usize, r: &Report, top: usize) {
    let title = r.title.as_deref().unwrap_or("");
    let _ = write!(
        out,
        "<section class=\"report\" id=\"item-{n}\">\n<p class=\"where\"><span class=\"n\">{n}</span>{}<a class=\"top\" href=\"#summary\">\u{2191} summary</a></p>\n",
        escape(&location(r))
    );
    if let Some(kicker) = r.kicker.as_deref() {
        let _ = writeln!(
            out,
            "<p class=\"kicker\">{}</p>",
            highlight_trimmed(kicker, &highlights(r, Part::Kicker, top))
        );
    }
    if title.trim().is_empty() {
        out.push_str("<h2 class=\"headline none\">(no headline)</h2>\n");
    } else {
        let _ = writeln!(
            out,
            "<h2 class=\"headline\">{}</h2>",
            highlight_trimmed(title, &highlights(r, Part::Title, top))
        );
    }

    out.push_str("<div class=\"scores\">\n");
    gauge(
        out,
        "Sensationalism",
        Some(r.scores.sensationalism),
        Some(&r.labels.sensationalism),
        r.unscored.get("sensationalism"),
    );
    gauge(
        out,
        "Quality",
        r.scores.quality,
        r.labels.quality.as_deref(),
        r.unscored.get("quality"),
    );
    out.push_str("</div>\n");

    if !r.warnings.is_empty() {
        out.push_str("<ul class=\"warnings\">\n");
        for w in &r.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(w));
        }
        out.push_str("</ul>\n");
    }

    let _ = write!(
        out,
        "<div class=\"layout{}\">\n<div class=\"article\">\n<h3>The article, with the evidence marked</h3>\n",
        if r.explanations.is_some() { "" } else { " solo" }
    );
    match r.body.as_deref() {
        Some(body) if !body.trim().is_empty() => {
            let _ = writeln!(
                out,
                "<div class=\"body\">{}</div>",
                highlight_trimmed(body, &highlights(r, Part::Body, top))
            );
        }
        Some(_) => out.push_str("<p class=\"note\">A bare headline: there is no body.</p>\n"),
        None => out.push_str("<p class=\"note\">The body is not part of this report.</p>\n"),
    }
    if r.explanations.is_none() {
        out.push_str(
            "<p class=\"note\">Scores only: <code>hypecheck explain</code> shows the evidence.</p>\n",
        );
    }
    out.push_str("</div>\n");
    if let Some(ex) = &r.explanations {
        out.push_str("<aside class=\"charts\">\n<h3>Why: the reasons that moved each score</h3>\n");
        chart(
            out,
            "Sensationalism",
            "sensationalism",
            Some(&ex.sensationalism),
            None,
            top,
        );
        chart(
            out,
            "Quality",
            "quality",
            ex.quality.as_ref(),
            r.unscored.get("quality"),
            top,
        );
        loaded_sentences(out, &ex.sensationalism);
        out.push_str("</aside>\n");
    }
    out.push_str("</div>\n");

    let models: Vec<String> = r
        .provenance
        .models
        .iter()
        .map(|(target, digest)| format!("{target} {}", short_digest(digest)))
        .collect();
    let _ = write!(
        out,
        "<p class=\"provenance\">id {} · language {}{} · hypecheck {} · models {} · lexicons {}</p>\n</section>\n",
        escape(&r.id),
        escape(&r.language.code),
        if r.language.reliable { "" } else { " (unsure)" },
        escape(r.provenance.hypecheck_version),
        escape(&models.join(", ")),
        escape(short_digest(&r.provenance.lexicons)),
    );
}

fn short_digest(digest: &str) -> &str {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    hex.get(..12).unwrap_or(hex)
}

/// A half-circle gauge for a probability.
fn gauge(
    out: &mut String,
    name: &str,
    score: Option<f64>,
    label: Option<&str>,
    why_not: Option<&String>,
) {
    let (Some(p), Some(label)) = (score, label) else {
        let reason = why_not.map_or("not scored", |s| s.as_str());
        let _ = writeln!(
            out,
            "<div class=\"gauge na\"><svg viewBox=\"0 0 120 70\" width=\"120\" height=\"70\" aria-hidden=\"true\">\
<path class=\"track\" d=\"M10 62 A50 50 0 0 1 110 62\"/></svg>\
<div class=\"reading\"><span class=\"value\">n/a</span><span class=\"name\">{name}</span>\
<span class=\"why\">{}</span></div></div>",
            escape(reason)
        );
        return;
    };
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let tone = if alarming(label) { "bad" } else { "good" };
    let _ = writeln!(
        out,
        "<div class=\"gauge {tone}\" title=\"{name}: probability {p:.4}\">\
<svg viewBox=\"0 0 120 70\" width=\"120\" height=\"70\" role=\"img\" aria-label=\"{name} {p:.2}\">\
<path class=\"track\" d=\"M10 62 A50 50 0 0 1 110 62\"/>\
<path class=\"fill\" d=\"M10 62 A50 50 0 0 1 110 62\" pathLength=\"100\" stroke-dasharray=\"{:.2} 200\"/>\
<text x=\"60\" y=\"58\" class=\"num\">{p:.2}</text></svg>\
<div class=\"reading\"><span class=\"name\">{name}</span><span class=\"label {tone}\">{}</span></div></div>",
        p * 100.0,
        escape(label),
    );
}

/// A sorted, diverging bar chart of a score's summary ([`Summary`]): the reasons that moved it
/// from its baseline, largest first (learned wording one bar per direction and part), the
/// absent features as one bar, and the rest in a line; their amounts add up to the logit as
/// printed ([`Summary::hundredths`]).
fn chart(
    out: &mut String,
    name: &str,
    score: &'static str,
    explanation: Option<&ExplanationReport>,
    why_not: Option<&String>,
    top: usize,
) {
    let _ = write!(out, "<figure class=\"chart\">\n<figcaption>{name}");
    let Some(e) = explanation else {
        let _ = write!(
            out,
            "</figcaption>\n<p class=\"note\">Not scored: {}.</p>\n</figure>\n",
            escape(why_not.map_or("no explanation", |s| s.as_str()))
        );
        return;
    };
    let summary = Summary::new(score, e, summary_options(top));
    // Amounts that add up to the logit as printed.
    let shown = summary.hundredths();
    let _ = writeln!(
        out,
        " <span class=\"sub\">baseline {} (p {:.2}) + these bars = logit {} → p {:.2}</span></figcaption>",
        signed(shown.baseline),
        summary.baseline_probability,
        signed(shown.logit),
        summary.probability
    );
    // (label, family class, contribution, amount shown, hover text)
    let mut rows: Vec<(String, &str, f64, f64, String)> = summary
        .reasons
        .iter()
        .zip(&shown.reasons)
        .map(|(reason, &amount)| {
            let contribution = e
                .contributions
                .iter()
                .find(|c| c.feature == reason.label && c.component == reason.component);
            match (reason.kind, contribution) {
                (ReasonKind::Feature, Some(c)) => (
                    reason.label.clone(),
                    c.family.name(),
                    reason.contribution,
                    amount,
                    bar_title(c),
                ),
                _ => (
                    reason.label.clone(),
                    Family::Lexical.name(),
                    reason.contribution,
                    amount,
                    wording_title(reason, e),
                ),
            }
        })
        .collect();
    if let Some(amount) = shown.absent {
        rows.push((
            "absent features".to_string(),
            "absent",
            summary.absent.contribution,
            amount,
            format!(
                "Features the article lacks (value 0). Features are centred on the training \
                 articles, so lacking one still moves the score:\n{}",
                summary.absent.features.join(", ")
            ),
        ));
    }
    let max = rows.iter().map(|r| r.2.abs()).fold(0.0, f64::max);
    out.push_str("<div class=\"bars\">\n");
    for (label, class, contribution, amount, title) in &rows {
        let width = if max > 0.0 {
            50.0 * contribution.abs() / max
        } else {
            0.0
        };
        let (side, offset) = if *contribution >= 0.0 {
            ("pos", "left:50%")
        } else {
            ("neg", "right:50%")
        };
        let direction = if concern(score, *amount) {
            "warn"
        } else {
            "ok"
        };
        let _ = writeln!(
            out,
            "<div class=\"row\" title=\"{}\"><span class=\"feature\">{}</span>\
<span class=\"track\"><span class=\"bar {class} {side}\" style=\"{offset};width:{width:.2}%\"></span></span>\
<span class=\"amount {side} {direction}\">{}</span></div>",
            escape(title),
            escape(label),
            signed(*amount),
        );
    }
    out.push_str("</div>\n");
    if let Some(amount) = shown.rest {
        let _ = writeln!(
            out,
            "<p class=\"rest\">{} smaller contributions, together {}</p>",
            summary.rest.count,
            signed(amount)
        );
    }
    out.push_str("</figure>\n");
}

/// What a page's summaries show: at least `top` reasons per score, learned wording grouped.
fn summary_options(top: usize) -> SummaryOptions {
    SummaryOptions {
        min_reasons: top,
        group_wording: true,
    }
}

/// The hover text of a bar of learned wording: its n-grams with their contributions.
fn wording_title(reason: &crate::report::Reason, e: &ExplanationReport) -> String {
    let mut s = format!(
        "{}: words and word pairs learned from training data, {} of them, together {}",
        reason.label,
        reason.features.len(),
        signed(reason.contribution)
    );
    for feature in reason.features.iter().take(12) {
        if let Some(c) = e
            .contributions
            .iter()
            .find(|c| &c.feature == feature && c.component == reason.component)
        {
            let _ = write!(s, "\n{} {}", signed(c.contribution), c.feature);
        }
    }
    if reason.features.len() > 12 {
        let _ = write!(s, "\n... ({} more)", reason.features.len() - 12);
    }
    s
}

/// The body's most loaded author sentences, their learned words marked.
fn loaded_sentences(out: &mut String, e: &ExplanationReport) {
    if e.sentences.is_empty() {
        return;
    }
    out.push_str("<figure class=\"sentences\">\n<figcaption>Most loaded sentences <span class=\"sub\">the author's own, scored one by one by the body model</span></figcaption>\n<ol>\n");
    for s in &e.sentences {
        let mut spans: Vec<(usize, usize, &crate::report::SentenceWord)> = s
            .words
            .iter()
            .filter_map(|w| {
                let a = w.evidence.start.checked_sub(s.start)?;
                let b = w.evidence.end.checked_sub(s.start)?;
                (a < b && b <= s.text.len()).then_some((a, b, w))
            })
            .collect();
        spans.sort_by_key(|&(a, b, _)| (a, b));
        let mut marked = String::new();
        let mut at = 0;
        for (a, b, w) in spans {
            if a < at || !s.text.is_char_boundary(a) || !s.text.is_char_boundary(b) {
                continue;
            }
            marked.push_str(&escape(&s.text[at..a]));
            // The hover text, as the body's marks have: what it is and what it adds.
            let _ = write!(
                marked,
                "<mark class=\"loaded\" title=\"{}: {:+.2} to this sentence's logit\">{}</mark>",
                escape(&w.feature),
                w.weight,
                escape(&s.text[a..b])
            );
            at = b;
        }
        marked.push_str(&escape(&s.text[at..]));
        let _ = writeln!(
            out,
            "<li><span class=\"p\">{:.2}</span> {marked}</li>",
            s.probability
        );
    }
    out.push_str("</ol>\n</figure>\n");
}

/// The hover text of a bar: what the feature measures, its value and a few of its words.
fn bar_title(c: &ContributionReport) -> String {
    let doc = Feature::from_name(&c.feature).map_or_else(
        || crate::report::learned_feature_doc(&c.feature),
        |f| f.doc(),
    );
    let mut s = format!(
        "{}: {doc}\nvalue {:.3} (standardised {}) × weight {} = {}",
        c.feature,
        c.value,
        signed(c.standardized),
        signed(c.weight),
        signed(c.contribution)
    );
    let mut words: Vec<String> = Vec::new();
    for e in &c.evidence {
        let text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = if text.chars().count() > 40 {
            text.chars().take(37).collect::<String>() + "..."
        } else {
            text
        };
        let quoted = format!("\u{201c}{text}\u{201d}");
        if !words.contains(&quoted) {
            words.push(quoted);
        }
        if words.len() == 4 {
            break;
        }
    }
    if !words.is_empty() {
        s.push_str("\nevidence: ");
        s.push_str(&words.join(", "));
        if c.evidence.len() > words.len() {
            let _ = write!(s, " ({} spans)", c.evidence.len());
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The page

fn page(rows: &[SummaryRow], sections: &str) -> String {
    let mut out = String::with_capacity(sections.len() + 16 * 1024);
    let heading = match rows {
        [] => "hypecheck: no articles".to_string(),
        [one] if !one.title.trim().is_empty() => format!("hypecheck: {}", one.title.trim()),
        [one] => format!("hypecheck: {}", one.location),
        _ => format!("hypecheck: {} articles", rows.len()),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"hypecheck {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
<header class=\"page\">\n<h1>hypecheck <span>why each article scored as it did</span></h1>\n{LEGEND}</header>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&heading)
    );
    if rows.is_empty() {
        out.push_str("<p class=\"note\">No articles were scored.</p>\n");
    } else if rows.len() > 1 {
        summary(&mut out, rows);
    }
    out.push_str(sections);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary(out: &mut String, rows: &[SummaryRow]) {
    out.push_str(
        "<table class=\"summary\" id=\"summary\">\n<thead><tr><th>#</th><th>Article</th>\
<th>Sensationalism</th><th>Quality</th><th>Warnings</th></tr></thead>\n<tbody>\n",
    );
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let headline = if row.title.trim().is_empty() {
            "(no headline)".to_string()
        } else {
            escape(row.title.trim())
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{n}</td><td><a href=\"#item-{n}\">{headline}</a>\
<span class=\"where\">{}</span></td>{}{}<td class=\"n\">{}</td></tr>",
            escape(&row.location),
            score_cell(Some(row.sensationalism), Some(&row.sensationalism_label)),
            score_cell(row.quality, row.quality_label.as_deref()),
            if row.warnings == 0 {
                String::new()
            } else {
                row.warnings.to_string()
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn score_cell(score: Option<f64>, label: Option<&str>) -> String {
    match (score, label) {
        (Some(p), Some(label)) => {
            let tone = if alarming(label) { "bad" } else { "good" };
            let width = if p.is_finite() {
                p.clamp(0.0, 1.0) * 100.0
            } else {
                0.0
            };
            format!(
                "<td class=\"score\"><span class=\"mini\"><span class=\"{tone}\" style=\"width:{width:.1}%\"></span></span>\
{p:.2} <span class=\"label {tone}\">{}</span></td>",
                escape(label)
            )
        }
        _ => "<td class=\"score na\">n/a</td>".to_string(),
    }
}

const LEGEND: &str = "<div class=\"legend\">\
<span class=\"key\"><b>Marks</b> <mark class=\"hype w3\">hype</mark> <mark class=\"hedging w3\">hedging</mark> \
<mark class=\"sourcing w3\">sourcing</mark> <mark class=\"style w3\">style</mark> \
<mark class=\"lexical w3\">lexical</mark> darker: a larger contribution</span>\
<span class=\"key\"><b>Underlines</b> <span class=\"line warn\"></span>towards sensational or unreliable \
<span class=\"line ok\"></span>towards sober or reliable <span class=\"line mixed\"></span>the models disagree</span>\
<span class=\"key hint\">Hover a mark or a bar for its features and contributions.</span>\
</div>\n";

const CSS: &str = r#":root {
  --ink: #1f2328; --muted: #59636e; --rule: #d8dee4; --paper: #ffffff; --wash: #f6f8fa;
  --bad: #c92a2a; --good: #2b8a3e; --mixed: #868e96;
  --hype: 240, 140, 0; --hedging: 132, 94, 247; --sourcing: 34, 139, 230;
  --style: 134, 142, 150; --lexical: 18, 184, 134;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.page { background: var(--paper); border-bottom: 1px solid var(--rule); padding: 14px 32px 10px; }
h1 { margin: 0 0 6px; font-size: 20px; letter-spacing: -0.01em; }
h1 span { font-weight: 400; color: var(--muted); font-size: 15px; margin-left: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12.5px; color: var(--muted); }
.legend .key { display: inline-flex; align-items: center; gap: 5px; }
.legend b { color: var(--ink); font-weight: 600; margin-right: 2px; }
.legend .line + .line, .legend .key .line { margin-left: 6px; }
.legend .line { display: inline-block; width: 22px; height: 0; border-bottom: 3px solid; }
.legend .line.warn { border-color: var(--bad); }
.legend .line.ok { border-color: var(--good); border-bottom-style: dotted; }
.legend .line.mixed { border-color: var(--mixed); border-bottom-style: dashed; }
.legend .hint { font-style: italic; }
main { max-width: 1080px; margin: 0 auto; padding: 18px 32px 40px; }
.report { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px;
  padding: 18px 26px 14px; margin: 0 0 22px; }
.where { margin: 0; color: var(--muted); font-size: 13px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.where .top { display: none; float: right; font-family: system-ui, sans-serif; color: #0b5cad; text-decoration: none; }
table.summary ~ .report .where .top { display: inline; }
.where .n { display: inline-block; min-width: 20px; padding: 0 6px; margin-right: 8px; border-radius: 10px;
  background: var(--ink); color: #fff; text-align: center; font-family: system-ui, sans-serif; font-weight: 600; }
p.kicker { margin: 10px 0 0; font: 700 12px/1.2 system-ui, sans-serif; letter-spacing: .08em; text-transform: uppercase; color: #b42318; }
h2.headline { margin: 6px 0 12px; font: 700 23px/1.35 Georgia, "Times New Roman", serif; }
h2.none { color: var(--muted); font-style: italic; font-weight: 400; }
h3 { margin: 18px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.scores { display: flex; gap: 28px; flex-wrap: wrap; margin: 4px 0 6px; }
.gauge { display: flex; align-items: center; gap: 10px; }
.gauge svg { display: block; }
.gauge .track { fill: none; stroke: #e9ecef; stroke-width: 12; stroke-linecap: round; }
.gauge .fill { fill: none; stroke-width: 12; stroke-linecap: round; }
.gauge.bad .fill { stroke: var(--bad); } .gauge.good .fill { stroke: var(--good); }
.gauge .num { font: 700 19px system-ui, sans-serif; text-anchor: middle; fill: var(--ink); }
.gauge .reading { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; }
.gauge .name { font-weight: 600; }
.gauge .value { font: 700 19px system-ui, sans-serif; }
.gauge .why { color: var(--muted); font-size: 12.5px; max-width: 280px; }
.label { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12.5px; font-weight: 600; }
.label.bad { background: #ffe3e3; color: var(--bad); } .label.good { background: #d3f9d8; color: var(--good); }
.warnings { margin: 10px 0; padding: 8px 12px 8px 30px; background: #fff9db; border: 1px solid #ffe066; border-radius: 6px; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 30px; align-items: start; }
.layout.solo { grid-template-columns: minmax(0, 1fr); }
.charts { display: grid; gap: 18px; align-content: start; position: sticky; top: 12px; }
.chart { margin: 0; min-width: 0; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart figcaption .sub { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
.bars { display: grid; gap: 3px; }
.bars .row { display: grid; grid-template-columns: minmax(0, 1fr) 124px 46px; align-items: center; gap: 6px; font-size: 12px; }
.bars .feature { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: right;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; }
.bars .track { position: relative; height: 13px; background: linear-gradient(to right, transparent calc(50% - 0.5px), #adb5bd calc(50% - 0.5px), #adb5bd calc(50% + 0.5px), transparent calc(50% + 0.5px)); }
.bars .bar { position: absolute; top: 1px; bottom: 1px; min-width: 1px; }
.bars .bar.pos { border-radius: 0 3px 3px 0; } .bars .bar.neg { border-radius: 3px 0 0 3px; }
.bars .bar.hype { background: rgb(var(--hype)); } .bars .bar.hedging { background: rgb(var(--hedging)); }
.bars .bar.sourcing { background: rgb(var(--sourcing)); } .bars .bar.style { background: rgb(var(--style)); }
.bars .bar.lexical { background: rgb(var(--lexical)); } .bars .bar.absent { background: #ced4da; }
.bars .amount.warn { color: var(--bad); } .bars .amount.ok { color: var(--good); }
.bars .amount { font-variant-numeric: tabular-nums; text-align: right; }
.rest { margin: 4px 0 0; font-size: 12px; color: var(--muted); }
.sentences ol { margin: 4px 0 0; padding-left: 20px; font-size: 13px; line-height: 1.5; }
.sentences .p { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: 4px; }
mark.loaded { --c: var(--hype); --a: 0.35; }
.note { color: var(--muted); font-style: italic; }
.body { white-space: pre-wrap; overflow-wrap: break-word; font: 16px/1.75 Georgia, "Times New Roman", serif;
  max-width: 72ch; margin: 0; }
mark { color: inherit; border-radius: 2px; --a: 0.22; background: rgba(var(--c), var(--a));
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.w1 { --a: 0.10; } mark.w2 { --a: 0.22; } mark.w3 { --a: 0.38; }
mark.hype { --c: var(--hype); } mark.hedging { --c: var(--hedging); } mark.sourcing { --c: var(--sourcing); }
mark.style { --c: var(--style); } mark.lexical { --c: var(--lexical); }
mark.warn, mark.ok, mark.mixed { text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.warn { text-decoration-style: solid; text-decoration-color: var(--bad); }
mark.ok { text-decoration-style: dotted; text-decoration-color: var(--good); }
mark.mixed { text-decoration-style: dashed; text-decoration-color: var(--mixed); }
mark.w1 { text-decoration-thickness: 1px; }
mark.w1.warn { text-decoration-color: rgba(201, 42, 42, 0.55); } mark.w1.ok { text-decoration-color: rgba(43, 138, 62, 0.6); }
.legend mark { padding: 0 4px; }
.provenance { margin: 14px 0 0; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 11.5px; color: var(--muted); }
table.summary { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--rule);
  border-radius: 8px; margin: 0 0 22px; font-size: 14px; }
.summary th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
  padding: 8px 10px; border-bottom: 1px solid var(--rule); }
.summary td { padding: 7px 10px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
.summary td.n { text-align: right; font-variant-numeric: tabular-nums; width: 3em; }
.summary a { color: #0b5cad; text-decoration: none; font-weight: 600; }
.summary a:hover { text-decoration: underline; }
.summary .where { display: block; font-size: 12px; }
.summary td.score { white-space: nowrap; font-variant-numeric: tabular-nums; width: 13em; }
.mini { display: inline-block; width: 44px; height: 7px; background: #e9ecef; border-radius: 4px; margin-right: 6px; vertical-align: middle; overflow: hidden; }
.mini span { display: block; height: 100%; } .mini .bad { background: var(--bad); } .mini .good { background: var(--good); }
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } main { padding: 12px; } }
@media print { body { background: #fff; } .report { border: 0; break-inside: auto; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn h(start: usize, end: usize, feature: &str, family: Family, s: f64) -> Highlight {
        Highlight {
            start,
            end,
            feature: feature.to_string(),
            family,
            sensationalism: Some(s),
            quality: None,
            quoted: false,
        }
    }

    /// The marks of some HTML: (classes, title, inner text) in order.
    fn marks(html: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find("<mark class=\"") {
            rest = &rest[i + 13..];
            let class_end = rest.find('"').unwrap();
            let class = rest[..class_end].to_string();
            let t = rest.find("title=\"").unwrap() + 7;
            let title_end = t + rest[t..].find('"').unwrap();
            let title = rest[t..title_end].to_string();
            let inner_start = title_end + 2;
            let inner_end = inner_start + rest[inner_start..].find("</mark>").unwrap();
            out.push((class, title, rest[inner_start..inner_end].to_string()));
            rest = &rest[inner_end..];
        }
        out
    }

    /// The text of some HTML with the tags taken out and the entities decoded.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn no_spans_is_just_escaped_text() {
        assert_eq!(highlight("plain text", &[]), "plain text");
        assert_eq!(highlight("", &[]), "");
        assert_eq!(highlight("", &[h(0, 0, "f", Family::Hype, 1.0)]), "");
    }

    #[test]
    fn one_span_becomes_one_mark() {
        let html = highlight(
            "a STUNNING story",
            &[h(2, 10, "hype.body_hype_words", Family::Hype, 1.5)],
        );
        assert_eq!(
            html,
            "a <mark class=\"hype warn w3\" title=\"hype.body_hype_words: sensationalism +1.50\">STUNNING</mark> story"
        );
    }

    #[test]
    fn escaping_covers_text_titles_and_markup() {
        let text = "<script>alert(1)</script> & \"q\" 'a'";
        let html = highlight(text, &[h(0, 8, "lex.body:<b>'x'\"", Family::Lexical, 0.5)]);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains(
            "&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"
        ));
        assert!(
            html.contains("title=\"lex.body:&lt;b&gt;&#39;x&#39;&quot;: sensationalism +0.50\"")
        );
        assert_eq!(text_of(&html), text);
        assert_eq!(escape("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
    }

    #[test]
    fn overlapping_spans_split_into_segments_listing_every_feature() {
        // "abcdef": A covers "abcd", B covers "cdef": segments "ab" (A), "cd" (A+B), "ef" (B).
        let text = "abcdef";
        let html = highlight(
            text,
            &[
                h(0, 4, "hype.a", Family::Hype, 2.0),
                h(2, 6, "sourcing.b", Family::Sourcing, -0.5),
            ],
        );
        let m = marks(&html);
        assert_eq!(m.len(), 3, "{html}");
        assert_eq!(m[0].2, "ab");
        assert_eq!(m[0].1, "hype.a: sensationalism +2.00");
        assert_eq!(m[1].2, "cd");
        // Heaviest first; its family colours the segment.
        assert_eq!(
            m[1].1,
            "hype.a: sensationalism +2.00\nsourcing.b: sensationalism \u{2212}0.50"
        );
        assert!(m[1].0.starts_with("hype warn"));
        assert_eq!(m[2].2, "ef");
        assert_eq!(m[2].0, "sourcing ok w2");
        assert_eq!(text_of(&html), text);
    }

    #[test]
    fn nested_spans_render_inside_their_parent() {
        // A whole-headline feature around a word feature, given in either order.
        let text = "WOW THIS IS BIG";
        let outer = h(0, 15, "hype.title_all_caps", Family::Hype, 3.0);
        let inner = h(4, 8, "hype.title_forward_reference", Family::Hype, 1.0);
        for spans in [vec![outer.clone(), inner.clone()], vec![inner, outer]] {
            let html = highlight(text, &spans);
            let m = marks(&html);
            let inner_text: Vec<&str> = m.iter().map(|m| m.2.as_str()).collect();
            assert_eq!(inner_text, ["WOW ", "THIS", " IS BIG"], "{html}");
            assert!(!m[0].1.contains("forward_reference"));
            assert!(m[1].1.contains("title_all_caps") && m[1].1.contains("forward_reference"));
            assert!(!m[2].1.contains("forward_reference"));
            assert_eq!(text_of(&html), text);
        }
    }

    #[test]
    fn identical_spans_of_one_feature_are_listed_once() {
        let html = highlight(
            "abc",
            &[
                h(0, 3, "hype.x", Family::Hype, 1.0),
                h(0, 3, "hype.x", Family::Hype, 1.0),
            ],
        );
        let m = marks(&html);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].1, "hype.x: sensationalism +1.00");
    }

    #[test]
    fn adjacent_spans_stay_separate_marks() {
        let html = highlight(
            "!!!WOW",
            &[
                h(0, 3, "hype.punct", Family::Hype, 1.0),
                h(3, 6, "hype.caps", Family::Hype, 1.0),
            ],
        );
        let m = marks(&html);
        assert_eq!(m.len(), 2, "{html}");
        assert_eq!((m[0].2.as_str(), m[1].2.as_str()), ("!!!", "WOW"));
        assert!(m[0].1.contains("punct") && !m[0].1.contains("caps"));
        assert!(m[1].1.contains("caps") && !m[1].1.contains("punct"));
    }

    #[test]
    fn multi_byte_text_stays_intact() {
        // Emoji (4 bytes), CJK (3 bytes), accents (2 bytes) and a ZWJ sequence.
        let text = "Café 😱🔥 東京で爆発的 👨‍👩‍👧 ok";
        let emoji = text.find('😱').unwrap();
        let cjk = text.find('東').unwrap();
        let family = text.find('👨').unwrap();
        let family_end = family + "👨‍👩‍👧".len();
        let spans = [
            h(emoji, emoji + 8, "hype.body_emoji", Family::Hype, 1.0),
            h(cjk, cjk + 6, "lex.body:東京", Family::Lexical, 0.2),
            h(3, 5, "style.x", Family::Style, 0.05), // "é"
            h(family, family_end, "hype.body_emoji", Family::Hype, 1.0),
        ];
        let html = highlight(text, &spans);
        let m = marks(&html);
        let inner: Vec<&str> = m.iter().map(|m| m.2.as_str()).collect();
        assert_eq!(inner, ["é", "😱🔥", "東京", "👨‍👩‍👧"]);
        assert_eq!(text_of(&html), text);
    }

    #[test]
    fn invalid_spans_are_skipped_without_panicking() {
        let text = "é😱 end";
        let spans = [
            h(1, 2, "inside é", Family::Hype, 1.0),
            h(2, 4, "inside the emoji", Family::Hype, 1.0),
            h(4, 3, "inverted", Family::Hype, 1.0),
            h(3, 3, "empty", Family::Hype, 1.0),
            h(7, 100, "past the end", Family::Hype, 1.0),
            h(usize::MAX - 1, usize::MAX, "far away", Family::Hype, 1.0),
            h(7, 10, "valid", Family::Hype, 1.0),
        ];
        let html = highlight(text, &spans);
        let m = marks(&html);
        assert_eq!(m.len(), 1, "{html}");
        assert_eq!(m[0].2, "end");
        assert_eq!(m[0].1, "valid: sensationalism +1.00");
        assert_eq!(text_of(&html), text);
    }

    #[test]
    fn direction_follows_both_models() {
        let both = |s: Option<f64>, q: Option<f64>| {
            let html = highlight(
                "x",
                &[Highlight {
                    start: 0,
                    end: 1,
                    feature: "f".into(),
                    family: Family::Hedging,
                    sensationalism: s,
                    quality: q,
                    quoted: true,
                }],
            );
            marks(&html).remove(0)
        };
        // More sensational and less reliable: a warning.
        let (class, title, _) = both(Some(0.5), Some(-0.5));
        assert_eq!(class, "hedging warn w3");
        assert_eq!(
            title,
            "f: sensationalism +0.50, quality \u{2212}0.50 (in a quote)"
        );
        assert_eq!(both(None, Some(-0.05)).0, "hedging warn w1");
        // Less sensational or more reliable: reassuring.
        assert_eq!(both(Some(-0.5), None).0, "hedging ok w2");
        assert_eq!(both(Some(-0.5), Some(0.3)).0, "hedging ok w2");
        // The models disagree.
        assert_eq!(both(Some(0.5), Some(0.5)).0, "hedging mixed w3");
        assert_eq!(both(Some(0.0), None).0, "hedging mixed w1");
    }

    #[test]
    fn many_overlapping_spans_cover_the_text_exactly_once() {
        // A dense, irregular pattern of spans over mixed-width text.
        let text = "Ünïcödé 😱 text with ÅLL sorts ✓ of 東京 chars!!!";
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut spans = Vec::new();
        for (k, &start) in bounds.iter().enumerate().step_by(3) {
            let end = bounds.get(k + 1 + k % 7).copied().unwrap_or(text.len());
            spans.push(h(start, end, &format!("f{k}"), Family::Style, 0.3));
            if !text.is_char_boundary(start + 1) {
                // Inside a multi-byte character: skipped.
                spans.push(h(start + 1, end, "off by one", Family::Hype, 1.0));
            }
        }
        assert!(spans.iter().any(|s| s.feature == "off by one"));
        let html = highlight(text, &spans);
        assert_eq!(text_of(&html), text);
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
        assert!(!html.contains("<mark class=\"hype"));
    }

    #[test]
    fn trimming_shifts_the_spans() {
        let text = "\n\n  Hello WORLD  \n";
        let start = text.find("WORLD").unwrap();
        let html = highlight_trimmed(text, &[h(start, start + 5, "f", Family::Hype, 1.0)]);
        assert_eq!(
            html,
            "Hello <mark class=\"hype warn w3\" title=\"f: sensationalism +1.00\">WORLD</mark>"
        );
        // A span in the trimmed whitespace is dropped, not shifted into the text.
        assert_eq!(
            highlight_trimmed(text, &[h(0, 2, "f", Family::Hype, 1.0)]),
            "Hello WORLD"
        );
    }

    fn render(reports: &[Report]) -> String {
        let mut buf = Vec::new();
        {
            let mut p = HtmlPrinter::new(Box::new(&mut buf), 5);
            for r in reports {
                p.print(r).unwrap();
            }
            p.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    fn article(title: &str, body: &str) -> crate::Article {
        crate::Article::new("a<b>", Some(title.to_string()), body)
    }

    #[test]
    fn the_loaded_sentences_mark_their_words_with_what_each_adds() {
        let hc = crate::Hypecheck::new().unwrap();
        let body = "The council met on Tuesday. The mayor's reckless, disastrous scheme is a \
                    shameful betrayal of every family in this town.";
        let r = hc.explain(&article("Council meets", body));
        let words = &r.explanations.as_ref().unwrap().sensationalism.sentences[0].words;
        assert!(!words.is_empty());
        let page = render(std::slice::from_ref(&r));
        let figure = &page[page.find("<figure class=\"sentences\">").unwrap()..];
        let figure = &figure[..figure.find("</figure>").unwrap()];
        // Every marked word has its hover text: the feature and what it adds.
        assert_eq!(
            figure.matches("<mark class=\"loaded\" title=\"").count(),
            figure.matches("<mark").count()
        );
        let w = &words[0];
        assert!(
            figure.contains(&format!(
                "title=\"{}: {:+.2} to this sentence's logit\">{}</mark>",
                escape(&w.feature),
                w.weight,
                escape(&body[w.evidence.start..w.evidence.end])
            )),
            "{figure}"
        );
    }

    #[test]
    fn a_report_without_explanations_renders_its_scores_only() {
        let hc = crate::Hypecheck::new().unwrap();
        let r = hc.score(&article("SHOCKING news!!!", "Some body."));
        let page = render(&[r]);
        assert!(!page.contains("<mark class=\"hype warn"));
        assert!(page.contains("Scores only"));
        assert!(page.contains("The body is not part of this report."));
        assert!(page.contains("id a&lt;b&gt;"));
    }

    #[test]
    fn evidence_with_broken_offsets_does_not_break_the_page() {
        let hc = crate::Hypecheck::new().unwrap();
        let mut r = hc.explain(&article("SHOCKING news 😱!!!", "Café 😱 body."));
        let ex = r.explanations.as_mut().unwrap();
        for c in &mut ex.sensationalism.contributions {
            for e in &mut c.evidence {
                e.start += 1;
                e.end += 1000;
            }
        }
        let page = render(&[r]);
        assert!(page.contains("Café 😱 body."));
        assert!(page.ends_with("</html>\n"));
    }

    #[test]
    fn the_charts_show_each_summary_and_add_up_to_the_logit() {
        let hc = crate::Hypecheck::new().unwrap();
        let body = "Officials said on Monday that the council would meet again. ".repeat(10);
        let r = hc.explain(&article("SHOCKING: You Won't Believe This!!!", &body));
        let page = render(std::slice::from_ref(&r));
        let sections: Vec<&str> = page.split("<figure class=\"chart\">").skip(1).collect();
        assert_eq!(sections.len(), 2);
        let ex = r.explanations.as_ref().unwrap();
        for (section, (score, e)) in sections.iter().zip([
            ("sensationalism", &ex.sensationalism),
            ("quality", ex.quality.as_ref().unwrap()),
        ]) {
            let s = Summary::new(score, e, summary_options(5));
            let absent = usize::from(!s.absent.features.is_empty() && s.absent.contribution != 0.0);
            let section = &section[..section.find("</figure>").unwrap()];
            assert_eq!(
                section.matches("<div class=\"row\"").count(),
                s.reasons.len() + absent,
                "{section}"
            );
            assert!(s.reasons.len() >= 5);
            // The amounts shown, the baseline and the rest add up to the logit (to rounding).
            let amount = |text: &str| text.replace('\u{2212}', "-").parse::<f64>().unwrap();
            let mut sum = s.baseline + s.rest.contribution;
            for row in section.split("<span class=\"amount ").skip(1) {
                let classes = &row[..row.find('"').unwrap()];
                let v = amount(&row[row.find('>').unwrap() + 1..row.find("</span>").unwrap()]);
                // One colour convention: red (warn) towards concern.
                assert_eq!(
                    classes.contains("warn"),
                    crate::report::concern(score, v),
                    "{row}"
                );
                sum += v;
            }
            assert!(
                (sum - e.logit).abs() < 0.01 * (s.reasons.len() + 2) as f64,
                "{score}"
            );
            // Absent features never get a bar of their own.
            for f in &s.absent.features {
                assert!(!section.contains(&format!("<span class=\"feature\">{f}</span>")));
            }
        }
    }
}
