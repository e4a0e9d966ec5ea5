//! JSON and JSON Lines.

use super::Printer;
use crate::report::Report;
use std::io::{self, Write};

/// Writes reports as one JSON array (streamed) or one object per line.
pub struct JsonPrinter<'w> {
    out: Box<dyn Write + 'w>,
    array: bool,
    count: usize,
}

impl<'w> JsonPrinter<'w> {
    /// A JSON array.
    pub fn array(out: Box<dyn Write + 'w>) -> Self {
        JsonPrinter {
            out,
            array: true,
            count: 0,
        }
    }

    /// JSON Lines.
    pub fn lines(out: Box<dyn Write + 'w>) -> Self {
        JsonPrinter {
            out,
            array: false,
            count: 0,
        }
    }
}

impl Printer for JsonPrinter<'_> {
    fn print(&mut self, report: &Report) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, report)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
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
