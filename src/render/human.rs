//! Human-readable output: scores, labels, and the top reasons quoting the words.

use super::Printer;
use crate::features::Feature;
use crate::report::{ContributionReport, ExplanationReport, Report};
use std::io::{self, Write};

/// Options of the human printer.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Reasons shown per score.
    pub top: usize,
    /// ANSI colour (only on a terminal).
    pub color: bool,
    /// Show the full explanation (intercept, feature docs) rather than a short summary.
    pub detailed: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            top: 3,
            color: false,
            detailed: false,
        }
    }
}

/// Writes reports for people.
pub struct HumanPrinter<'w> {
    out: Box<dyn Write + 'w>,
    options: HumanOptions,
}

impl<'w> HumanPrinter<'w> {
    /// A human printer.
    pub fn new(out: Box<dyn Write + 'w>, options: HumanOptions) -> Self {
        HumanPrinter { out, options }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.options.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn score_line(
        &self,
        name: &str,
        score: Option<f64>,
        label: Option<&str>,
        why_not: Option<&String>,
    ) -> String {
        match (score, label) {
            (Some(p), Some(label)) => {
                let alarming = matches!(label, "sensational" | "unreliable");
                let label = self.paint(if alarming { "1;31" } else { "1;32" }, label);
                format!("{name} {p:.2} {label}")
            }
            _ => format!(
                "{name} n/a ({})",
                why_not.map_or("not scored", |s| s.as_str())
            ),
        }
    }

    fn reasons(&mut self, target: &str, e: &ExplanationReport) -> io::Result<()> {
        let shown: Vec<&ContributionReport> = e
            .contributions
            .iter()
            .filter(|c| c.contribution.abs() >= 0.01)
            .take(self.options.top)
            .collect();
        if self.options.detailed {
            writeln!(
                self.out,
                "  {target}: logit {:+.2} = intercept {:+.2} + contributions:",
                e.logit, e.intercept
            )?;
        } else if !shown.is_empty() {
            writeln!(self.out, "  why {target}:")?;
        }
        for c in &shown {
            let sign = if c.contribution >= 0.0 { "32" } else { "31" };
            // Right-aligned, so names line up for contributions of one to three digits.
            let amount = self.paint(sign, &format!("{:>+7.2}", c.contribution));
            let what = describe(c);
            writeln!(self.out, "    {amount}  {:<34} {what}", c.feature)?;
            if self.options.detailed {
                let doc = Feature::ALL
                    .iter()
                    .find(|f| f.name() == c.feature)
                    .map_or("A word or word pair learned from training data.", |f| {
                        f.doc()
                    });
                writeln!(self.out, "             {}", self.paint("2", doc))?;
            }
        }
        if self.options.detailed {
            let rest = &e.contributions[shown.len()..];
            if !rest.is_empty() {
                let total: f64 = rest.iter().map(|c| c.contribution).sum();
                writeln!(
                    self.out,
                    "    {:>+7.2}  ({} smaller contributions)",
                    total,
                    rest.len()
                )?;
            }
        }
        Ok(())
    }
}

impl HumanPrinter<'_> {
    /// The body's most loaded author sentences, their learned words marked `[like this]`
    /// (in colour on a terminal).
    fn loaded_sentences(&mut self, e: &ExplanationReport) -> io::Result<()> {
        let shown: Vec<_> = e.sentences.iter().take(2).collect();
        if shown.is_empty() {
            return Ok(());
        }
        writeln!(self.out, "  most loaded sentences:")?;
        for s in shown {
            // Mark the words, in order, without overlaps.
            let mut spans: Vec<(usize, usize)> = s
                .words
                .iter()
                .map(|w| (w.evidence.start - s.start, w.evidence.end - s.start))
                .filter(|(a, b)| a < b && *b <= s.text.len())
                .collect();
            spans.sort();
            let mut marked = String::new();
            let mut at = 0;
            for (a, b) in spans {
                if a < at || !s.text.is_char_boundary(a) || !s.text.is_char_boundary(b) {
                    continue;
                }
                marked.push_str(&s.text[at..a]);
                let word = &s.text[a..b];
                marked.push_str(&if self.options.color {
                    self.paint("1;31", word)
                } else {
                    format!("[{word}]")
                });
                at = b;
            }
            marked.push_str(&s.text[at..]);
            let text: String = marked.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(self.out, "    {:.2}  {text}", s.probability)?;
        }
        Ok(())
    }
}

/// A contribution in words, as the human view's reasons show it: up to three distinct quoted
/// pieces of evidence (`"STUNNING", "SHOCKING" (+2 more)`), or the value when there is none.
pub fn describe(c: &ContributionReport) -> String {
    let mut quotes: Vec<String> = Vec::new();
    for e in &c.evidence {
        let mut text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > 60 {
            text = text.chars().take(57).collect::<String>() + "...";
        }
        let quoted = format!("\"{text}\"");
        if !quotes.contains(&quoted) {
            quotes.push(quoted);
        }
        if quotes.len() == 3 {
            break;
        }
    }
    // A clipped value lies outside anything seen in training: say so, with the raw value.
    let clipped = if c.clipped {
        format!(
            " [value {} clipped to {:+.1} sd]",
            trim_number(c.value),
            c.standardized
        )
    } else {
        String::new()
    };
    if quotes.is_empty() {
        let clipped = if c.clipped {
            format!(" [clipped to {:+.1} sd]", c.standardized)
        } else {
            String::new()
        };
        return format!("value {}{clipped}", trim_number(c.value));
    }
    let more = c.evidence.len().saturating_sub(quotes.len());
    let mut s = quotes.join(", ");
    if more > 0 {
        s.push_str(&format!(" (+{more} more)"));
    }
    s + &clipped
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Printer for HumanPrinter<'_> {
    fn print(&mut self, r: &Report) -> io::Result<()> {
        let location = match r.source.record {
            Some(n) => format!("{}:{n}", r.source.path),
            None => r.source.path.clone(),
        };
        let head = if location.is_empty() {
            r.id.clone()
        } else {
            location
        };
        writeln!(self.out, "{}", self.paint("1", &head))?;
        if let Some(kicker) = &r.kicker {
            writeln!(self.out, "  [{kicker}]")?;
        }
        if let Some(title) = &r.title {
            writeln!(self.out, "  {title}")?;
        }
        let s = self.score_line(
            "sensationalism",
            Some(r.scores.sensationalism),
            Some(&r.labels.sensationalism),
            r.unscored.get("sensationalism"),
        );
        let q = self.score_line(
            "quality",
            r.scores.quality,
            r.labels.quality.as_deref(),
            r.unscored.get("quality"),
        );
        writeln!(self.out, "  {s}   {q}")?;
        let part = |p: Option<f64>| p.map_or("n/a".to_string(), |p| format!("{p:.2}"));
        writeln!(
            self.out,
            "  parts of sensationalism: headline {}   body {}",
            part(r.scores.headline),
            part(r.scores.body)
        )?;
        if let Some(d) = &r.dateline {
            writeln!(self.out, "  dateline: {}", d.text)?;
        }
        if let Some(ex) = &r.explanations {
            self.reasons("sensationalism", &ex.sensationalism)?;
            self.loaded_sentences(&ex.sensationalism)?;
            if let Some(q) = &ex.quality {
                self.reasons("quality", q)?;
            }
        }
        for w in &r.warnings {
            writeln!(self.out, "  {} {w}", self.paint("33", "warning:"))?;
        }
        writeln!(self.out)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
