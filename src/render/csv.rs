//! CSV: one row per report, one column per feature.

use super::Printer;
use crate::features::Feature;
use crate::report::Report;
use std::io::{self, Write};

/// Writes reports as CSV rows under a header.
pub struct CsvPrinter<'w> {
    out: csv::Writer<Box<dyn Write + 'w>>,
    header_written: bool,
}

impl<'w> CsvPrinter<'w> {
    /// A CSV printer.
    pub fn new(out: Box<dyn Write + 'w>) -> Self {
        CsvPrinter {
            out: csv::Writer::from_writer(out),
            header_written: false,
        }
    }
}

const FIXED_COLUMNS: [&str; 9] = [
    "id",
    "path",
    "record",
    "title",
    "sensationalism",
    "sensationalism_label",
    "quality",
    "quality_label",
    "warnings",
];

impl Printer for CsvPrinter<'_> {
    fn print(&mut self, r: &Report) -> io::Result<()> {
        if !self.header_written {
            let header = FIXED_COLUMNS
                .iter()
                .copied()
                .chain(Feature::ALL.iter().map(|f| f.name()))
                // Added after the features, so no earlier column moves.
                .chain(["kicker", "dateline"]);
            self.out.write_record(header)?;
            self.header_written = true;
        }
        let mut row = vec![
            r.id.clone(),
            r.source.path.clone(),
            r.source.record.map(|n| n.to_string()).unwrap_or_default(),
            r.title.clone().unwrap_or_default(),
            r.scores.sensationalism.to_string(),
            r.labels.sensationalism.clone(),
            r.scores.quality.map(|q| q.to_string()).unwrap_or_default(),
            r.labels.quality.clone().unwrap_or_default(),
            r.warnings.join("; "),
        ];
        row.extend(r.features.0.iter().map(|(_, v)| v.to_string()));
        row.push(r.kicker.clone().unwrap_or_default());
        row.push(
            r.dateline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
        );
        self.out.write_record(&row)?;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
