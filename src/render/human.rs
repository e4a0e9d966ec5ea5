//! Human-readable output: scores, labels, and the top reasons quoting the words.

use super::Printer;
use crate::features::Feature;
use crate::report::{
    concern, ContributionReport, ExplanationReport, ReasonKind, Report, Summary, SummaryOptions,
    WORDS_NAMED,
};
use std::io::{self, Write};

/// Options of the human printer.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Reasons shown per score at least (more when the rest would be large).
    pub top: usize,
    /// ANSI colour (only on a terminal).
    pub color: bool,
    /// Show what each reason measures under it.
    pub detailed: bool,
    /// List learned n-grams one by one rather than as one line per direction and part.
    pub each_ngram: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            top: 5,
            color: false,
            detailed: false,
            each_ngram: false,
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

    /// Colours an amount by the one convention: red towards concern (sensational,
    /// unreliable), green towards reassurance (sober, reliable).
    fn amount(&self, score: &str, v: f64) -> String {
        // Right-aligned, so names line up for contributions of one to three digits.
        let text = format!("{v:>+7.2}");
        if v == 0.0 {
            return text;
        }
        self.paint(if concern(score, v) { "31" } else { "32" }, &text)
    }

    /// The lines of a score's summary: baseline, reasons with their words, absent features,
    /// the rest.
    fn reasons(&mut self, target: &'static str, e: &ExplanationReport) -> io::Result<()> {
        let summary = Summary::new(
            target,
            e,
            SummaryOptions {
                min_reasons: self.options.top,
                group_wording: !self.options.each_ngram,
            },
        );
        // Amounts that add up to the logit as printed.
        let shown = summary.hundredths();
        writeln!(
            self.out,
            "  why {target} {:.2} (logit {:+.2}, the sum of these lines):",
            summary.probability, shown.logit
        )?;
        let baseline = self.paint("2", &format!("{:>+7.2}", shown.baseline));
        writeln!(
            self.out,
            "    {baseline}  {:<34} {}",
            "baseline",
            format_args!(
                "{:.2} for an article average in every feature, with no learned words",
                summary.baseline_probability
            )
        )?;
        for (reason, &amount) in summary.reasons.iter().zip(&shown.reasons) {
            let amount = self.amount(target, amount);
            let what = match reason.kind {
                ReasonKind::Wording => wording(&reason.words),
                ReasonKind::Feature => e
                    .contributions
                    .iter()
                    .find(|c| c.feature == reason.label && c.component == reason.component)
                    .map_or_else(String::new, describe),
            };
            writeln!(self.out, "    {amount}  {:<34} {what}", reason.label)?;
            if self.options.detailed && reason.kind == ReasonKind::Feature {
                let doc = Feature::from_name(&reason.label).map_or_else(
                    || crate::report::learned_feature_doc(&reason.label),
                    |f| f.doc(),
                );
                writeln!(self.out, "             {}", self.paint("2", doc))?;
            }
        }
        let absent = &summary.absent;
        if let Some(amount) = shown.absent {
            let amount = self.amount(target, amount);
            let named: Vec<&str> = absent.features.iter().take(3).map(|f| f.as_str()).collect();
            let more = absent.features.len() - named.len();
            let more = if more > 0 {
                format!(", ... (+{more} more)")
            } else {
                String::new()
            };
            writeln!(
                self.out,
                "    {amount}  {:<34} not in the text: {}{more}",
                "absent features",
                named.join(", ")
            )?;
        }
        if let Some(amount) = shown.rest {
            let amount = self.paint("2", &format!("{amount:>+7.2}"));
            let plural = if summary.rest.count == 1 { "" } else { "s" };
            writeln!(
                self.out,
                "    {amount}  {:<34} {} smaller contribution{plural}",
                "the rest", summary.rest.count
            )?;
        }
        Ok(())
    }
}

/// A line of learned wording: its first n-grams, and how many more. A word learned both as
/// an n-gram and as a word piece (`said` twice) is named once.
fn wording(words: &[String]) -> String {
    let (named, more) = first_distinct(words.iter().map(|w| format!("`{w}`")), WORDS_NAMED);
    let mut s = named.join(", ");
    if more > 0 {
        s.push_str(&format!(", ... (+{more} more)"));
    }
    s
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

/// `text` in double quotes, each run of whitespace as one space, and cut to its first 57
/// characters and `...` when it is longer than 60: a piece of evidence in [`describe`]. A
/// quotation in its own quotation marks (`"up to 300 new jobs"`, `“…”`) keeps one pair; a
/// text holding straight double quotes is set in curly ones.
fn quote(text: &str) -> String {
    const LONGEST: usize = 60;
    const CUT: usize = 57;
    const MARKS: [char; 9] = ['"', '“', '”', '„', '«', '»', '‘', '’', '\''];
    let trimmed = text.trim();
    let mut inner = trimmed.chars();
    let text = match (inner.next(), inner.next_back()) {
        (Some(first), Some(last)) if MARKS.contains(&first) && MARKS.contains(&last) => {
            inner.as_str()
        }
        _ => text,
    };
    // Text holding straight double quotes of its own is set in curly ones, so that the
    // pieces' limits stay plain (`“Senator calls plan "a disaster"”`).
    let (open, close) = match text.contains('"') {
        true => ('“', '”'),
        false => ('"', '"'),
    };
    let mut out = String::with_capacity(text.len().min(4 * LONGEST) + 2);
    out.push(open);
    let (mut chars, mut cut_at) = (0, 0);
    let pieces = text
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(" ").into_iter().chain([word]));
    'text: for piece in pieces {
        for ch in piece.chars() {
            if chars == CUT {
                cut_at = out.len();
            }
            if chars == LONGEST {
                out.truncate(cut_at);
                out.push_str("...");
                break 'text;
            }
            out.push(ch);
            chars += 1;
        }
    }
    out.push(close);
    out
}

/// The first `n` distinct of `items` (compared without case), and how many distinct others
/// there are.
fn first_distinct(items: impl Iterator<Item = String>, n: usize) -> (Vec<String>, usize) {
    let mut seen = std::collections::HashSet::new();
    let mut first = Vec::with_capacity(n);
    let mut more = 0;
    for item in items {
        if seen.insert(item.to_lowercase()) {
            if first.len() < n {
                first.push(item);
            } else {
                more += 1;
            }
        }
    }
    (first, more)
}

/// A contribution in words, as the human view's reasons show it: up to three distinct quoted
/// pieces of evidence (`"STUNNING", "SHOCKING" (+2 more)`), or the value when there is none.
/// Evidence differing only in case is one ("Of course", "of course"), and the count of more
/// is of distinct ones.
pub fn describe(c: &ContributionReport) -> String {
    let texts = c.evidence.iter().map(|e| e.text.as_str());
    describe_parts(c.value, c.standardized, c.clipped, texts)
}

/// [`describe`] from a contribution's parts: its raw and standardised values, whether it was
/// clipped, and the texts of its evidence in order (all of them: how many are not quoted is
/// said).
pub fn describe_parts<'t>(
    value: f64,
    standardized: f64,
    clipped: bool,
    evidence: impl Iterator<Item = &'t str>,
) -> String {
    let (quotes, more) = first_distinct(evidence.map(quote), 3);
    // A clipped value lies outside anything seen in training: say so, with the raw value and
    // the standard deviations (sd) from the training mean it counts as.
    let clipped_note = if clipped {
        format!(
            " [value {}, beyond the training range: counts as {:+.1} sd]",
            trim_number(value),
            standardized
        )
    } else {
        String::new()
    };
    if quotes.is_empty() {
        let clipped = if clipped {
            format!(" [beyond the training range: counts as {standardized:+.1} sd]")
        } else {
            String::new()
        };
        return format!("value {}{clipped}", trim_number(value));
    }
    let mut s = quotes.join(", ");
    if more > 0 {
        s.push_str(&format!(" (+{more} more)"));
    }
    s + &clipped_note
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
        // A record of a batch file (JSON Lines, CSV, a feed) is placed by its line and named
        // by its own id when it has one; a text file's id is its name.
        let head = match (location.is_empty(), r.source.record) {
            (true, _) => r.id.clone(),
            (false, Some(_)) if r.id != location => format!("{location}  id {}", r.id),
            _ => location,
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
        // Each part's own score, and how much it moved the article's logit: a headline the
        // clickbait model scores 1.00 may add little when the article model weighs it lightly.
        let part = |p: Option<f64>, share: Option<f64>| match (p, share) {
            (Some(p), Some(share)) => {
                // `+ 0.0` after rounding: a share of -0.001 reads `+0.00`, not `-0.00`.
                let share = (share * 100.0).round() / 100.0 + 0.0;
                format!("{p:.2} (adds {share:+.2})")
            }
            (Some(p), None) => format!("{p:.2}"),
            (None, _) => "n/a".to_string(),
        };
        writeln!(
            self.out,
            "  parts of sensationalism: headline {}   body {}",
            part(r.scores.headline, r.part_shares.headline),
            part(r.scores.body, r.part_shares.body)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Hypecheck};

    #[test]
    fn evidence_differing_in_case_is_one_and_more_counts_distinct_pieces() {
        let texts = [
            "Of course",
            "of course",
            "OF COURSE",
            "clearly",
            "surely",
            "plainly",
        ];
        assert_eq!(
            describe_parts(1.0, 1.0, false, texts.iter().copied()),
            "\"Of course\", \"clearly\", \"surely\" (+1 more)"
        );
        let repeated = ["Reuters", "Reuters", "AP", "Reuters"];
        assert_eq!(
            describe_parts(1.0, 1.0, false, repeated.iter().copied()),
            "\"Reuters\", \"AP\""
        );
    }

    #[test]
    fn a_wording_line_names_each_word_once() {
        let words: Vec<String> = [
            "said", "said the", "said", "port", "a", "b", "port", "c", "d",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        assert_eq!(
            wording(&words),
            "`said`, `said the`, `port`, `a`, `b`, ... (+2 more)"
        );
        assert_eq!(wording(&words[..3]), "`said`, `said the`");
    }

    #[test]
    fn evidence_is_quoted_with_whitespace_folded_and_cut_past_sixty_characters() {
        let sixty = "a".repeat(60);
        let cut = format!("\"{}...\"", "a".repeat(57));
        let cases: [(&str, String, String); 11] = [
            ("empty", String::new(), "\"\"".into()),
            (
                "runs of whitespace",
                " SHOCKING\n\t news  ".into(),
                "\"SHOCKING news\"".into(),
            ),
            ("sixty kept whole", sixty.clone(), format!("\"{sixty}\"")),
            ("sixty-one cut", format!("{sixty}b"), cut),
            (
                "spaces count",
                format!("{}\n\n{}", "a".repeat(30), "a".repeat(30)),
                format!("\"{} {}...\"", "a".repeat(30), "a".repeat(26)),
            ),
            (
                "characters, not bytes",
                "é".repeat(61),
                format!("\"{}...\"", "é".repeat(57)),
            ),
            ("emoji whole", "🚨😱".into(), "\"🚨😱\"".into()),
            (
                "a quotation keeps one pair of marks",
                "\"up to 300 new jobs\"".into(),
                "\"up to 300 new jobs\"".into(),
            ),
            (
                "curly marks too",
                " “zero waste to landfill.” ".into(),
                "\"zero waste to landfill.\"".into(),
            ),
            ("a lone mark", "\"".into(), "“\"”".into()),
            (
                "marks inside: curly ones around",
                "the \"weather bomb\" hit".into(),
                "“the \"weather bomb\" hit”".into(),
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(quote(&text), want, "{name}");
        }
    }

    #[test]
    fn a_batch_record_is_headed_by_its_place_and_its_own_id() {
        let hc = Hypecheck::new().unwrap();
        let mut article = Article::new(
            "story-42",
            Some("Council approves budget".into()),
            "The council approved the budget on Monday, the mayor said.",
        );
        let head = |article: &Article| {
            let out = view(&hc.score(article), HumanOptions::default());
            out.lines().next().unwrap_or_default().to_string()
        };
        // (name, path, record, id, expected first line)
        let table = [
            (
                "a record with its own id",
                "feed.jsonl",
                Some(3),
                "story-42",
                "feed.jsonl:3  id story-42",
            ),
            (
                "a record named by its place",
                "feed.jsonl",
                Some(3),
                "feed.jsonl:3",
                "feed.jsonl:3",
            ),
            (
                "a text file",
                "examples/tabloid.txt",
                None,
                "tabloid",
                "examples/tabloid.txt",
            ),
            ("no place", "", None, "story-42", "story-42"),
        ];
        for (name, path, record, id, expected) in table {
            article.source.path = path.into();
            article.source.record = record;
            article.id = id.into();
            assert_eq!(head(&article), expected, "{name}");
        }
    }

    #[test]
    fn the_lines_of_every_example_add_up_to_the_logit_as_printed() {
        let hc = Hypecheck::new().unwrap();
        let mut blocks = 0;
        for (path, text) in crate::test_support::example_texts() {
            let out = view(
                &hc.explain(&Article::from_text(&text)),
                HumanOptions::default(),
            );
            let cents = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
            let mut block: Option<(i64, i64)> = None;
            let mut close = |block: Option<(i64, i64)>| {
                if let Some((logit, sum)) = block {
                    assert_eq!(sum, logit, "{}:\n{out}", path.display());
                    blocks += 1;
                }
            };
            for line in out.lines() {
                if let Some(rest) = line.trim().strip_prefix("why ") {
                    close(block.take());
                    let logit = rest
                        .split("(logit ")
                        .nth(1)
                        .unwrap()
                        .split(',')
                        .next()
                        .unwrap();
                    block = Some((cents(logit), 0));
                } else if let Some((_, sum)) = block.as_mut() {
                    let first = line.split_whitespace().next().unwrap_or("");
                    let signed = first.starts_with('+') || first.starts_with('-');
                    let amount = line.starts_with("    ") && signed && first.parse::<f64>().is_ok();
                    if amount {
                        *sum += cents(first);
                    } else if !line.starts_with("    ") {
                        close(block.take());
                    }
                }
            }
            close(block.take());
        }
        assert!(blocks >= 8, "{blocks}");
    }

    fn view(report: &Report, options: HumanOptions) -> String {
        let mut out = Vec::new();
        {
            let mut p = HumanPrinter::new(Box::new(&mut out), options);
            p.print(report).unwrap();
            p.finish().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    /// One convention: red towards sensational or unreliable, green towards sober or reliable,
    /// whichever score a line belongs to.
    #[test]
    fn amounts_are_red_towards_concern_and_green_away_from_it() {
        let hc = Hypecheck::new().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/hedged-rumor.txt"
        ))
        .unwrap();
        let report = hc.explain(&Article::from_text(&text));
        let options = HumanOptions {
            color: true,
            ..HumanOptions::default()
        };
        let out = view(&report, options);
        let mut seen = [[0; 2]; 2];
        let mut score = "";
        for line in out.lines() {
            if let Some(rest) = line.strip_prefix("  why ") {
                score = if rest.starts_with("quality") {
                    "quality"
                } else {
                    "sensationalism"
                };
                continue;
            }
            for (code, red) in [("\x1b[31m", true), ("\x1b[32m", false)] {
                if let Some(at) = line.find(code) {
                    let amount: String = line[at + code.len()..]
                        .chars()
                        .take_while(|c| *c != '\x1b')
                        .collect();
                    let v: f64 = amount.trim().parse().unwrap();
                    assert_eq!(concern(score, v), red, "{score}: {line:?}");
                    seen[usize::from(score == "quality")][usize::from(v > 0.0)] += 1;
                }
            }
        }
        // Both directions of both scores were coloured.
        assert!(seen.iter().flatten().all(|n| *n > 0), "{seen:?}\n{out}");
        // Without colour, no escape codes at all.
        assert!(!view(&report, HumanOptions::default()).contains('\x1b'));
    }
}
