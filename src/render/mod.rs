//! Renderers: sinks that write reports to any `io::Write`, apart from all scoring logic.

mod csv;
mod html;
mod human;
mod json;

use crate::report::Report;
use std::io::{self, Write};

pub use html::{highlight, Highlight};
pub use human::{describe, describe_parts, HumanOptions};
pub use json::json_line;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text: scores, labels and the top reasons quoting the words.
    Human,
    /// One JSON array of reports.
    Json,
    /// One JSON report per line.
    Jsonl,
    /// One CSV row per report, one column per feature.
    Csv,
    /// One self-contained HTML page: the evidence highlighted in the text, gauges and charts.
    Html,
}

/// A sink for reports.
pub trait Printer {
    /// Writes one report.
    fn print(&mut self, report: &Report) -> io::Result<()>;
    /// Writes whatever closes the output (a JSON array's `]`) and flushes.
    fn finish(&mut self) -> io::Result<()>;
}

/// A printer for `format` writing to `out`.
pub fn printer<'w>(
    format: Format,
    out: Box<dyn Write + 'w>,
    options: HumanOptions,
) -> Box<dyn Printer + 'w> {
    match format {
        Format::Human => Box::new(human::HumanPrinter::new(out, options)),
        Format::Json => Box::new(json::JsonPrinter::array(out)),
        Format::Jsonl => Box::new(json::JsonPrinter::lines(out)),
        Format::Csv => Box::new(csv::CsvPrinter::new(out)),
        Format::Html => Box::new(html::HtmlPrinter::new(out, options.top)),
    }
}
