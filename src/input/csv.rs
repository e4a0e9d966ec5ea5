//! CSV with a header row: one article per record.

use super::Record;
use crate::article::{Article, HeadlineMode, Source};
use crate::error::InputError;
use std::io::Read;

/// Where each known column sits in a record.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    /// Fields in the header.
    width: usize,
    id: Option<usize>,
    title: Option<usize>,
    body: Option<usize>,
    text: Option<usize>,
    label: Option<usize>,
}

/// Streams the records of a CSV input with a header row.
///
/// The header names the columns (case-insensitive, surrounding spaces ignored): `title` and
/// `body` or `text` hold the article, `id` and `label` are optional, and other columns are
/// ignored. Blank lines are skipped. Every record must have as many fields as the header; a
/// record with another count, invalid UTF-8 or no text yields an error naming its line, and
/// reading goes on.
pub struct CsvReader {
    path: String,
    headline: HeadlineMode,
    records: ::csv::StringRecordsIntoIter<Box<dyn Read + Send>>,
    columns: Option<Columns>,
    failed: bool,
}

impl CsvReader {
    /// How the first line of a record with no title field is read (default: detected).
    pub fn headline(mut self, mode: HeadlineMode) -> CsvReader {
        self.headline = mode;
        self
    }

    /// Opens a CSV file (`-` for stdin).
    pub fn open(path: &str) -> Result<CsvReader, InputError> {
        let reader: Box<dyn Read + Send> = if path == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|source| InputError::Io {
                path: path.to_string(),
                source,
            })?)
        };
        Ok(CsvReader::from_reader(path, reader))
    }

    /// Reads CSV from any reader; `path` names it in errors.
    pub fn from_reader(path: &str, reader: impl Read + Send + 'static) -> CsvReader {
        let reader: Box<dyn Read + Send> = Box::new(reader);
        let records = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(reader)
            .into_records();
        CsvReader {
            path: path.to_string(),
            headline: HeadlineMode::Auto,
            records,
            columns: None,
            failed: false,
        }
    }

    /// Reads the header row and finds the columns; an error here ends the stream.
    fn header(&mut self) -> Result<Option<Columns>, InputError> {
        let record = match self.records.next() {
            None => return Ok(None),
            Some(Ok(record)) => record,
            Some(Err(e)) => return Err(self.csv_error(e, 1)),
        };
        let line = line_of(&record, 1);
        let mut columns = Columns {
            width: record.len(),
            ..Columns::default()
        };
        for (i, name) in record.iter().enumerate() {
            let name = name
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase();
            let slot = match name.as_str() {
                "id" => &mut columns.id,
                "title" => &mut columns.title,
                "body" => &mut columns.body,
                "text" => &mut columns.text,
                "label" => &mut columns.label,
                _ => continue,
            };
            if slot.is_some() {
                return Err(InputError::Record {
                    path: self.path.clone(),
                    line,
                    message: format!("the header names column `{name}` twice"),
                });
            }
            *slot = Some(i);
        }
        if columns.title.is_none() && columns.body.is_none() && columns.text.is_none() {
            return Err(InputError::Record {
                path: self.path.clone(),
                line,
                message: format!(
                    "the header has no `title`, `body` or `text` column (found: {})",
                    record.iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(Some(columns))
    }

    /// Turns a CSV error into an [`InputError`] naming the file and line.
    fn csv_error(&self, e: ::csv::Error, fallback_line: usize) -> InputError {
        let line = e
            .position()
            .map_or(fallback_line, |p| p.line().max(1) as usize);
        let text = e.to_string();
        match e.into_kind() {
            ::csv::ErrorKind::Io(source) => InputError::Io {
                path: self.path.clone(),
                source,
            },
            ::csv::ErrorKind::Utf8 { err, .. } => InputError::Record {
                path: self.path.clone(),
                line,
                message: format!(
                    "not valid UTF-8 in field {} (first bad byte at offset {} of the field)",
                    err.field() + 1,
                    err.valid_up_to()
                ),
            },
            _ => InputError::Record {
                path: self.path.clone(),
                line,
                message: format!("malformed CSV ({text})"),
            },
        }
    }

    fn parse(&self, columns: Columns, record: &::csv::StringRecord) -> Result<Record, InputError> {
        let width = columns.width;
        let line = line_of(record, 0);
        let error = |message: String| InputError::Record {
            path: self.path.clone(),
            line,
            message,
        };
        if record.len() != width {
            return Err(error(format!(
                "wrong number of fields: {} where the header has {width}",
                record.len()
            )));
        }
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .filter(|v| !v.trim().is_empty())
                .map(str::to_string)
        };
        let id = field(columns.id).unwrap_or_else(|| format!("{}:{line}", self.path));
        let body = field(columns.body)
            .or_else(|| field(columns.text))
            .unwrap_or_default();
        // Without a title column, the text's first line may be its headline.
        let mut article = match columns.title {
            Some(_) => Article::new(id, field(columns.title), body),
            None => Article::from_body_with(id, &body, self.headline),
        };
        article.source = Source::record(&self.path, line);
        if article.is_empty() {
            return Err(InputError::NoText {
                path: self.path.clone(),
                line,
            });
        }
        Ok(Record {
            article,
            label: field(columns.label),
        })
    }
}

/// The line a record starts on, 1-based.
fn line_of(record: &::csv::StringRecord, fallback: usize) -> usize {
    record
        .position()
        .map_or(fallback, |p| p.line().max(1) as usize)
}

impl Iterator for CsvReader {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let columns = match self.columns {
            Some(columns) => columns,
            None => match self.header() {
                Ok(Some(columns)) => {
                    self.columns = Some(columns);
                    columns
                }
                Ok(None) => {
                    self.failed = true;
                    return None;
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            },
        };
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => {
                let fatal = matches!(e.kind(), ::csv::ErrorKind::Io(_));
                let e = self.csv_error(e, 0);
                self.failed = fatal;
                return Some(Err(e));
            }
        };
        Some(self.parse(columns, &record))
    }
}
