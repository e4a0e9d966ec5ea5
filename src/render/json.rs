//! JSON and JSON Lines.

use super::Printer;
use crate::report::{Provenance, Report};
use serde::Serialize;
use std::cell::RefCell;
use std::io::{self, Write};
use std::sync::Arc;

thread_local! {
    /// The provenance last written on this thread, and its JSON: every report of a run
    /// carries the same one, and serialising it each time was a tenth of a headline's JSON.
    static PROVENANCE: RefCell<Option<(Arc<Provenance>, Vec<u8>)>> = const { RefCell::new(None) };
}

/// A report as one line of JSON Lines, newline included. It needs no printer state, so batch
/// scoring renders lines on the worker threads and the writing thread only copies bytes.
pub fn json_line(report: &Report) -> serde_json::Result<Vec<u8>> {
    let mut line = Vec::with_capacity(4096);
    write_report(&mut line, report)?;
    line.push(b'\n');
    Ok(line)
}

/// Writes `report` as compact JSON: byte for byte what `serde_json::to_writer` writes (a test
/// holds them equal), but with the feature names written as they are. serde_json escapes
/// every string it writes, one byte at a time, and the 49 names were a third of the JSON
/// time of a headline; they are ASCII names that need no escaping (a test checks that too).
pub fn write_report(out: &mut Vec<u8>, report: &Report) -> serde_json::Result<()> {
    /// `"name":` (every name written here needs no escaping).
    fn name(out: &mut Vec<u8>, name: &str) {
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
    }
    /// `,"name":value`: every field but the first.
    fn field(out: &mut Vec<u8>, field: &str, value: &impl Serialize) -> serde_json::Result<()> {
        out.push(b',');
        name(out, field);
        serde_json::to_writer(&mut *out, value)
    }
    out.push(b'{');
    name(out, "id");
    serde_json::to_writer(&mut *out, &report.id)?;
    field(out, "source", &report.source)?;
    field(out, "title", &report.title)?;
    if let Some(kicker) = &report.kicker {
        field(out, "kicker", kicker)?;
    }
    if let Some(dateline) = &report.dateline {
        field(out, "dateline", dateline)?;
    }
    if let Some(body) = &report.body {
        field(out, "body", body)?;
    }
    field(out, "scores", &report.scores)?;
    field(out, "part_shares", &report.part_shares)?;
    field(out, "labels", &report.labels)?;
    if !report.unscored.is_empty() {
        field(out, "unscored", &report.unscored)?;
    }
    field(out, "language", &report.language)?;
    if !report.warnings.is_empty() {
        field(out, "warnings", &report.warnings)?;
    }
    out.push(b',');
    name(out, "features");
    out.push(b'{');
    for (i, (feature, value)) in report.features.0.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        name(out, feature);
        if *value == 0.0 && value.is_sign_positive() {
            out.extend_from_slice(b"0.0"); // most values, as serde_json writes them
        } else {
            serde_json::to_writer(&mut *out, value)?;
        }
    }
    out.push(b'}');
    if let Some(explanations) = &report.explanations {
        field(out, "explanations", explanations)?;
    }
    if let Some(summary) = &report.summary {
        field(out, "summary", summary)?;
    }
    out.push(b',');
    name(out, "provenance");
    PROVENANCE.with_borrow_mut(|cache| {
        let cached = |(p, _): &(Arc<Provenance>, _)| {
            Arc::ptr_eq(p, &report.provenance) || *p == report.provenance
        };
        if !cache.as_ref().is_some_and(cached) {
            let json = serde_json::to_vec(&report.provenance)?;
            *cache = Some((Arc::clone(&report.provenance), json));
        }
        if let Some((_, json)) = cache {
            out.extend_from_slice(json);
        }
        serde_json::Result::Ok(())
    })?;
    out.push(b'}');
    Ok(())
}

/// Writes reports as one JSON array (streamed) or one object per line.
pub struct JsonPrinter<'w> {
    out: Box<dyn Write + 'w>,
    array: bool,
    count: usize,
    /// One report is serialised here, then written at once: serde_json writes token by
    /// token, and each small write through the boxed writer cost more than the JSON.
    buffer: Vec<u8>,
}

impl<'w> JsonPrinter<'w> {
    /// A JSON array.
    pub fn array(out: Box<dyn Write + 'w>) -> Self {
        JsonPrinter {
            out,
            array: true,
            count: 0,
            buffer: Vec::new(),
        }
    }

    /// JSON Lines.
    pub fn lines(out: Box<dyn Write + 'w>) -> Self {
        JsonPrinter {
            out,
            array: false,
            count: 0,
            buffer: Vec::new(),
        }
    }
}

impl Printer for JsonPrinter<'_> {
    fn print(&mut self, report: &Report) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        }
        self.buffer.clear();
        write_report(&mut self.buffer, report)?;
        if !self.array {
            self.buffer.push(b'\n');
        }
        self.out.write_all(&self.buffer)?;
        self.count += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Feature;
    use crate::{Article, Hypecheck, Source};

    #[test]
    fn feature_names_need_no_escaping() {
        for feature in Feature::ALL {
            let name = feature.name();
            assert_eq!(serde_json::to_string(name).unwrap(), format!("\"{name}\""));
        }
    }

    /// Scores and explanations of every bundled example (headlines, non-English text with a
    /// warning, short bodies left unscored, emoji and curly quotes in strings).
    #[test]
    fn write_report_writes_what_serde_json_writes() {
        let hypecheck = Hypecheck::new().unwrap();
        let examples = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap();
        let mut checked = 0;
        for entry in examples {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let article =
                Article::from_plain_text(&text, Source::file(path.display().to_string())).unwrap();
            for report in [hypecheck.score(&article), hypecheck.explain(&article)] {
                let mut fast = Vec::new();
                write_report(&mut fast, &report).unwrap();
                let reference = serde_json::to_vec(&report).unwrap();
                assert_eq!(
                    String::from_utf8(fast).unwrap(),
                    String::from_utf8(reference).unwrap(),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 16, "only {checked} reports checked");
    }
}
