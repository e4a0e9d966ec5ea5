//! JSON and JSON Lines.

use super::Printer;
use crate::report::Report;
use std::io::{self, Write};

/// A report as one line of JSON Lines, newline included. It needs no printer state, so batch
/// scoring renders lines on the worker threads and the writing thread only copies bytes.
pub fn json_line(report: &Report) -> serde_json::Result<Vec<u8>> {
    let mut line = Vec::with_capacity(4096);
    serde_json::to_writer(&mut line, report)?;
    line.push(b'\n');
    Ok(line)
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
        serde_json::to_writer(&mut self.buffer, report)?;
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
