//! CSV with a header row: one article per record.

use super::Record;
use crate::article::{Article, HeadlineMode, Source};
use crate::error::InputError;
use std::collections::VecDeque;
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
/// ignored. Blank lines are skipped, and a UTF-8 byte-order mark opening the input is dropped.
/// Every record must have as many fields as the header; a record with another count, invalid
/// UTF-8 or no text yields an error naming its line, and reading goes on.
///
/// A record's line is the line its first field starts on, counted as an editor counts them:
/// LF, CRLF and a lone CR each end a line (a file may mix them), blank lines count, and a
/// quoted field spanning lines counts each of its lines. That line is the record's
/// `source.record` and, without an `id` field, its id (`path:line`), so ids are unique.
pub struct CsvReader {
    path: String,
    headline: HeadlineMode,
    records: ::csv::StringRecordsIntoIter<Lines<Box<dyn Read + Send>>>,
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
            .from_reader(Lines::new(reader))
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
            Some(Err(e)) => {
                let line = self.line_at(e.position(), 1);
                return Err(self.csv_error(e, line));
            }
        };
        let line = self.line_at(record.position(), 1);
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
                    "the header has no `title`, `body` or `text` column (found: {}){}",
                    record.iter().collect::<Vec<_>>().join(", "),
                    // One column holding another separator: a file of semicolons or tabs.
                    match (record.len(), record.get(0)) {
                        (1, Some(h)) if h.contains(';') =>
                            "; it reads as one column: hypecheck reads comma-separated values, \
                             and this file seems separated by `;` (convert it, e.g. save it \
                             from the spreadsheet as CSV with commas)",
                        (1, Some(h)) if h.contains('\t') =>
                            "; it reads as one column: hypecheck reads comma-separated values, \
                             and this file seems separated by tabs (convert it to commas)",
                        _ => "",
                    }
                ),
            });
        }
        Ok(Some(columns))
    }

    /// The line the record read from `position` starts on (`fallback` without a position).
    ///
    /// rust-csv's own line count is of no use here: it counts LF bytes only (every record of
    /// a CR-only file is on its line 1), and a record's position is where the parser resumed,
    /// before the LF of a CRLF or any blank lines it then skips (one line short for CRLF).
    /// The byte offset is right, and [`Lines`] knows the line of every offset.
    fn line_at(&mut self, position: Option<&::csv::Position>, fallback: usize) -> usize {
        let Some(position) = position else {
            return fallback;
        };
        let lines = self.records.reader_mut().get_mut();
        lines
            .line_at(position.byte())
            .unwrap_or_else(|| lines.line())
    }

    /// Turns a CSV error into an [`InputError`] naming the file and `line`.
    fn csv_error(&self, e: ::csv::Error, line: usize) -> InputError {
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

    /// The article in `record`, which starts on `line`.
    fn parse(
        &self,
        columns: Columns,
        record: &::csv::StringRecord,
        line: usize,
    ) -> Result<Record, InputError> {
        let width = columns.width;
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
                let line = self.line_at(e.position(), 1);
                let e = self.csv_error(e, line);
                self.failed = fatal;
                return Some(Err(e));
            }
        };
        let line = self.line_at(record.position(), 1);
        Some(self.parse(columns, &record, line))
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of a CSV input on their way to the parser: a leading byte-order mark dropped,
/// and the line of every line start with content noted (a record starts at one of them).
///
/// LF, CRLF and a lone CR each end a line. Only starts the parser may not have reached yet
/// are kept (at most the parser's buffer of them), so memory stays flat.
pub(crate) struct Lines<R> {
    inner: R,
    /// The first bytes, read ahead to look for a byte-order mark and not yet passed on;
    /// `None` until they are read.
    head: Option<Vec<u8>>,
    /// Bytes passed on so far (the parser's offsets, which do not count a dropped mark).
    offset: u64,
    /// The 1-based line of the next byte.
    line: usize,
    /// Whether the next byte starts a line.
    at_line_start: bool,
    /// Whether the last byte was a CR (so an LF now ends no further line).
    after_cr: bool,
    /// Byte offset and line of each line start with content not yet asked for, in order.
    starts: VecDeque<(u64, usize)>,
}

impl<R: Read> Lines<R> {
    pub(crate) fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            head: None,
            offset: 0,
            line: 1,
            at_line_start: true,
            after_cr: false,
            starts: VecDeque::new(),
        }
    }

    /// The line of the next byte to be read.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// The line of the first byte at or after `byte` that is not a line break: where a
    /// record the parser began reading at `byte` starts. Starts before `byte` are forgotten,
    /// so offsets must be asked for in increasing order.
    pub(crate) fn line_at(&mut self, byte: u64) -> Option<usize> {
        while let Some(&(offset, line)) = self.starts.front() {
            if offset >= byte {
                return Some(line);
            }
            self.starts.pop_front();
        }
        None
    }

    /// Notes the line starts in `bytes`, the next bytes passed on.
    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\r' => {
                    self.line += 1;
                    self.at_line_start = true;
                    self.after_cr = true;
                }
                b'\n' => {
                    if !self.after_cr {
                        self.line += 1;
                    }
                    self.at_line_start = true;
                    self.after_cr = false;
                }
                _ => {
                    self.after_cr = false;
                    if self.at_line_start {
                        self.at_line_start = false;
                        self.starts.push_back((self.offset + i as u64, self.line));
                    }
                }
            }
        }
        self.offset += bytes.len() as u64;
    }

    /// Reads the first three bytes (fewer at the end of the input), and keeps them unless
    /// they are a byte-order mark.
    fn read_head(&mut self) -> std::io::Result<Vec<u8>> {
        let mut head = [0; 3];
        let mut len = 0;
        while len < head.len() {
            match self.inner.read(&mut head[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(match &head[..len] {
            BOM => Vec::new(),
            head => head.to_vec(),
        })
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.head.is_none() {
            self.head = Some(self.read_head()?);
        }
        let head = self.head.as_mut().expect("read above");
        let n = if head.is_empty() {
            self.inner.read(buf)?
        } else {
            let n = head.len().min(buf.len());
            buf[..n].copy_from_slice(&head[..n]);
            head.drain(..n);
            n
        };
        self.scan(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What one record of a table case must yield.
    #[derive(Debug, PartialEq)]
    enum Want {
        /// An article: its line (`source.record`) and id.
        Article(usize, &'static str),
        /// An error naming this line, with this message (`path:line: message` once shown).
        Error(usize, &'static str),
    }
    use Want::{Article as A, Error as E};

    /// Hands out its bytes `chunk` at a time, so line breaks, the byte-order mark and the
    /// parser's state are split across reads.
    struct Chunked {
        bytes: Vec<u8>,
        at: usize,
        chunk: usize,
    }

    impl Read for Chunked {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    /// Reads `bytes` as `t.csv`, `chunk` bytes per read.
    fn read(bytes: &[u8], chunk: usize) -> Vec<Result<Record, InputError>> {
        let input = Chunked {
            bytes: bytes.to_vec(),
            at: 0,
            chunk,
        };
        CsvReader::from_reader("t.csv", input).collect()
    }

    fn got(records: Vec<Result<Record, InputError>>) -> Vec<(usize, String)> {
        records
            .into_iter()
            .map(|r| match r {
                Ok(r) => (r.article.source.record.unwrap(), r.article.id),
                Err(e) => (e.record().unwrap(), e.to_string()),
            })
            .collect()
    }

    #[test]
    fn records_are_on_the_line_they_start_on_with_unique_ids() {
        #[rustfmt::skip]
        let cases: &[(&str, &[u8], &[Want])] = &[
            ("LF", b"title,body\nA,x\nB,y\nC,z\n",
             &[A(2, "t.csv:2"), A(3, "t.csv:3"), A(4, "t.csv:4")]),
            ("CRLF", b"title,body\r\nA,x\r\nB,y\r\nC,z\r\n",
             &[A(2, "t.csv:2"), A(3, "t.csv:3"), A(4, "t.csv:4")]),
            ("CR only", b"title,body\rA,x\rB,y\rC,z\r",
             &[A(2, "t.csv:2"), A(3, "t.csv:3"), A(4, "t.csv:4")]),
            ("mixed", b"title,body\r\nA,x\nB,y\rC,z\r\nD,w",
             &[A(2, "t.csv:2"), A(3, "t.csv:3"), A(4, "t.csv:4"), A(5, "t.csv:5")]),
            ("LF then CR is two breaks", b"title,body\n\rA,x\n\rB,y",
             &[A(3, "t.csv:3"), A(5, "t.csv:5")]),
            ("LF, no final newline", b"title,body\nA,x\nB,y",
             &[A(2, "t.csv:2"), A(3, "t.csv:3")]),
            ("CRLF, no final newline", b"title,body\r\nA,x\r\nB,y",
             &[A(2, "t.csv:2"), A(3, "t.csv:3")]),
            ("CR only, no final newline", b"title,body\rA,x\rB,y",
             &[A(2, "t.csv:2"), A(3, "t.csv:3")]),
            ("empty last lines", b"title,body\r\nA,x\r\n\r\n\r\n",
             &[A(2, "t.csv:2")]),
            ("blank lines between records count", b"title,body\n\nA,x\r\n\r\nB,y\r\rC,z\n",
             &[A(3, "t.csv:3"), A(5, "t.csv:5"), A(7, "t.csv:7")]),
            ("blank lines before the header count", b"\r\n\r\ntitle,body\r\nA,x\r\n",
             &[A(4, "t.csv:4")]),
            ("quoted field over LF lines", b"title,body\nA,\"one\ntwo\nthree\"\nB,y\n",
             &[A(2, "t.csv:2"), A(5, "t.csv:5")]),
            ("quoted field over CRLF lines", b"title,body\r\nA,\"one\r\ntwo\"\r\nB,y\r\n",
             &[A(2, "t.csv:2"), A(4, "t.csv:4")]),
            ("quoted field over CR lines", b"title,body\rA,\"one\rtwo\"\rB,y\r",
             &[A(2, "t.csv:2"), A(4, "t.csv:4")]),
            ("quoted field with blank lines inside", b"title,body\r\nA,\"one\r\n\r\n\r\ntwo\"\r\nB,y",
             &[A(2, "t.csv:2"), A(6, "t.csv:6")]),
            ("first field quoted over lines", b"title,body\n\"A\nA2\",x\r\"B\r\nB2\",y\n",
             &[A(2, "t.csv:2"), A(4, "t.csv:4")]),
            ("byte-order mark", b"\xEF\xBB\xBFtitle,body\r\nA,x\r\nB,y\r\n",
             &[A(2, "t.csv:2"), A(3, "t.csv:3")]),
            ("byte-order mark before a quoted header", b"\xEF\xBB\xBF\"id\",\"title\"\rA,x\r,y\r",
             &[A(2, "A"), A(3, "t.csv:3")]),
            ("byte-order mark alone", b"\xEF\xBB\xBF", &[]),
            ("header only", b"title,body\r\n", &[]),
            ("empty", b"", &[]),
            ("ids given and derived", b"id,title\r7,A\r,B\r\r9,C\r",
             &[A(2, "7"), A(3, "t.csv:3"), A(5, "9")]),
            ("wrong field count, CRLF", b"title,body\r\nA,x\r\nB\r\nC,z,w\r\nD,v\r\n",
             &[A(2, "t.csv:2"),
               E(3, "t.csv:3: wrong number of fields: 1 where the header has 2"),
               E(4, "t.csv:4: wrong number of fields: 3 where the header has 2"),
               A(5, "t.csv:5")]),
            ("wrong field count, CR only", b"title,body\rA,x\rB\rC,z\r",
             &[A(2, "t.csv:2"),
               E(3, "t.csv:3: wrong number of fields: 1 where the header has 2"),
               A(4, "t.csv:4")]),
            ("wrong field count after a multi-line record", b"title,body\nA,\"x\r\ny\"\nB\nC,z\n",
             &[A(2, "t.csv:2"),
               E(4, "t.csv:4: wrong number of fields: 1 where the header has 2"),
               A(5, "t.csv:5")]),
            ("invalid UTF-8, CR only", b"title,body\rA,x\rB,\xff\rC,z",
             &[A(2, "t.csv:2"),
               E(3, "t.csv:3: not valid UTF-8 in field 2 (first bad byte at offset 0 of the field)"),
               A(4, "t.csv:4")]),
            ("invalid UTF-8 after blank CRLF lines", b"title,body\r\n\r\n\r\nB,\"y\r\n\xff\"\r\nC,z",
             &[E(4, "t.csv:4: not valid UTF-8 in field 2 (first bad byte at offset 3 of the field)"),
               A(6, "t.csv:6")]),
            ("no text", b"title,body\r\nA,x\r\n, \r\nC,z\r\n",
             &[A(2, "t.csv:2"), E(3, "t.csv:3: record has no text"), A(4, "t.csv:4")]),
            ("bad header after blank lines", b"\r\n\r\nname,value\r\nA,x\r\n",
             &[E(3, "t.csv:3: the header has no `title`, `body` or `text` column (found: name, value)")]),
            ("header naming a column twice, CR only", b"\r\rtitle,Title\rA,x\r",
             &[E(3, "t.csv:3: the header names column `title` twice")]),
            ("separated by semicolons", b"id;title;body\n1;A;x\n",
             &[E(1, "t.csv:1: the header has no `title`, `body` or `text` column (found: id;title;body); it reads as one column: hypecheck reads comma-separated values, and this file seems separated by `;`")]),
            ("separated by tabs", b"id\ttitle\tbody\n1\tA\tx\n",
             &[E(1, "t.csv:1: the header has no `title`, `body` or `text` column (found: id\ttitle\tbody); it reads as one column: hypecheck reads comma-separated values, and this file seems separated by tabs")]),
        ];
        for &(name, bytes, want) in cases {
            for chunk in [1 << 16, 1, 2, 3] {
                let got = got(read(bytes, chunk));
                assert_eq!(got.len(), want.len(), "{name} (reads of {chunk}): {got:?}");
                for (got, want) in got.iter().zip(want) {
                    let ok = match *want {
                        A(line, id) => *got == (line, id.to_string()),
                        E(line, message) => got.0 == line && got.1.starts_with(message),
                    };
                    assert!(ok, "{name} (reads of {chunk}): got {got:?}, want {want:?}");
                }
            }
        }
    }

    #[test]
    fn lines_are_right_past_the_parser_buffer() {
        // Records of every ending, some spanning lines, well past the 64 KiB buffer.
        let endings: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
        let mut bytes = b"title,body".to_vec();
        let mut want = Vec::new();
        let mut line = 1;
        for i in 0..20_000usize {
            let end = endings[i % 3];
            bytes.extend_from_slice(end);
            line += 1;
            want.push(line);
            if i % 7 == 0 {
                bytes.extend_from_slice(format!("T{i},\"one").as_bytes());
                bytes.extend_from_slice(endings[(i / 7) % 3]);
                bytes.extend_from_slice(b"two\"");
                line += 1;
            } else {
                bytes.extend_from_slice(format!("T{i},body").as_bytes());
            }
        }
        for chunk in [1 << 16, 4093] {
            let lines: Vec<usize> = read(&bytes, chunk)
                .into_iter()
                .map(|r| r.unwrap().article.source.record.unwrap())
                .collect();
            assert_eq!(lines, want, "reads of {chunk}");
        }
    }

    #[test]
    fn memory_stays_flat() {
        // Line starts the parser has passed are forgotten as records are read.
        let bytes = "title,body\r".to_string() + &"A,x\r".repeat(100_000);
        let mut reader = CsvReader::from_reader("t.csv", std::io::Cursor::new(bytes));
        let mut most = 0;
        while let Some(record) = reader.next() {
            record.unwrap();
            most = most.max(reader.records.reader().get_ref().starts.len());
        }
        assert!(most <= (1 << 16) / 4 + 1, "{most} line starts kept");
    }
}
