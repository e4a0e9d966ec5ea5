//! Readers: turn files, directories and stdin into [`Record`]s, one article each.
//!
//! Every reader streams: records are yielded one by one, and a malformed record yields an
//! [`InputError`] naming the file and line, after which reading goes on.

mod csv;
mod decode;
mod feed;
mod html;
mod jsonl;
mod text;

use crate::article::{Article, HeadlineMode};
use crate::error::InputError;
pub use encoding_rs::Encoding;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use csv::CsvReader;
pub(crate) use csv::Lines as CsvLines;
pub use html::html_to_text;
pub use jsonl::JsonlReader;

/// One input record: an article, and its label when the input is labeled training data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The article.
    pub article: Article,
    /// The label, for training and evaluation data.
    pub label: Option<String>,
}

/// How an input is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One article per file: the first non-empty line is the title, the rest the body.
    Text,
    /// JSON Lines: one object per line with `id`, `title`, `body` or `text`, optional `label`.
    Jsonl,
    /// CSV with a header row naming the columns `id`, `title`, `body` or `text`, optional
    /// `label` (other columns are ignored).
    Csv,
    /// An HTML page: its title and main article text, without navigation and boilerplate.
    Html,
    /// An RSS or Atom feed: one article per entry (title and content or summary, as text).
    Feed,
}

impl InputFormat {
    /// Guesses the format from a file name's extension; anything unknown is plain text.
    ///
    /// `.jsonl`/`.ndjson`/`.json` are JSON Lines, `.csv` CSV, `.html`/`.htm` HTML, and
    /// `.rss`/`.atom`/`.xml`/`.rdf` feeds. [`open`] also looks at the content.
    pub fn from_path(path: &Path) -> InputFormat {
        InputFormat::by_extension(path).0
    }

    /// The format an extension suggests, and whether it is specific (`.rss`, `.csv`) rather
    /// than generic (`.xml`, `.rdf`, `.json`, `.txt`, none), which the content decides.
    fn by_extension(path: &Path) -> (InputFormat, bool) {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson") => (InputFormat::Jsonl, true),
            Some("json") => (InputFormat::Jsonl, false),
            Some("csv") => (InputFormat::Csv, true),
            Some("html" | "htm" | "xhtml") => (InputFormat::Html, true),
            Some("rss" | "atom") => (InputFormat::Feed, true),
            Some("xml" | "rdf") => (InputFormat::Feed, false),
            _ => (InputFormat::Text, false),
        }
    }

    /// The format to read an input in: `given` (from `--input-format`) when there is one;
    /// else the content's when it is certain (feed or page markup, JSON), or when the extension
    /// is generic or missing; else the extension's.
    pub fn detect(path: &str, head: &[u8], given: Option<InputFormat>) -> InputFormat {
        if let Some(format) = given {
            return format;
        }
        let (by_name, specific) = match path {
            "-" => (InputFormat::Text, false),
            _ => InputFormat::by_extension(Path::new(path)),
        };
        match decode::sniff(head) {
            decode::Sniffed::Sure(format) => format,
            decode::Sniffed::Likely(format) if !specific && by_name == InputFormat::Text => format,
            decode::Sniffed::Likely(_) => by_name,
        }
    }
}

/// How inputs are opened: the format and encoding to read them in (detected when `None`) and
/// how a plain-text article's first line is read.
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenOptions {
    /// `--input-format`: read every input in this format rather than detect it.
    pub format: Option<InputFormat>,
    /// `--headline`.
    pub headline: HeadlineMode,
    /// `--encoding`: decode every input from this encoding (a byte-order mark, an XML
    /// declaration or a `<meta charset>` says otherwise only when this is `None`).
    pub encoding: Option<&'static Encoding>,
}

/// A stream of records (or per-record errors).
pub type Records = Box<dyn Iterator<Item = Result<Record, InputError>> + Send>;

/// Opens one input (`-` is stdin) and streams its records.
///
/// `format` overrides detection by extension. A failure to open the input at all is an error
/// here; a bad record inside it is an error item in the stream.
pub fn open(path: &str, format: Option<InputFormat>) -> Result<Records, InputError> {
    open_with(path, format, HeadlineMode::Auto)
}

/// [`open`], reading a plain-text article's first line as `headline` says.
pub fn open_with(
    path: &str,
    format: Option<InputFormat>,
    headline: HeadlineMode,
) -> Result<Records, InputError> {
    open_opts(
        path,
        &OpenOptions {
            format,
            headline,
            encoding: None,
        },
    )
}

/// [`open`] with every option: the format is `options.format`, else detected from the content
/// and the extension ([`InputFormat::detect`]); bytes are decoded as [`OpenOptions`] says.
pub fn open_opts(path: &str, options: &OpenOptions) -> Result<Records, InputError> {
    if path != "-" {
        let meta = std::fs::metadata(path).map_err(|source| InputError::Io {
            path: path.to_string(),
            source,
        })?;
        if meta.is_dir() {
            return Err(InputError::IsDirectory {
                path: path.to_string(),
            });
        }
    }
    let io_error = |source| InputError::Io {
        path: path.to_string(),
        source,
    };
    let mut reader: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(io_error)?)
    };
    let mut head = Vec::with_capacity(decode::SNIFF_LEN);
    (&mut reader)
        .take(decode::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|source| match source.raw_os_error() {
            Some(21) => InputError::IsDirectory {
                path: path.to_string(),
            },
            _ => InputError::Io {
                path: path.to_string(),
                source,
            },
        })?;
    let format = InputFormat::detect(path, &head, options.format);
    let headline = options.headline;
    let whole = |reader: Box<dyn Read + Send>, head: Vec<u8>| -> Result<Vec<u8>, InputError> {
        let mut bytes = head;
        let mut reader = reader;
        reader.read_to_end(&mut bytes).map_err(io_error)?;
        Ok(bytes)
    };
    match format {
        InputFormat::Text => {
            let record = whole(reader, head).and_then(|bytes| text::read(path, bytes, options));
            Ok(Box::new(std::iter::once(record)))
        }
        InputFormat::Html => {
            let record = whole(reader, head).and_then(|bytes| html::read(path, bytes, options));
            Ok(Box::new(std::iter::once(record)))
        }
        InputFormat::Feed => match whole(reader, head) {
            Ok(bytes) => Ok(feed::read(path, &bytes, options)),
            Err(e) => Ok(Box::new(std::iter::once(Err(e)))),
        },
        InputFormat::Jsonl | InputFormat::Csv => {
            if let Some((what, advice)) = decode::binary_format(&head) {
                return Err(InputError::BinaryFormat {
                    path: path.to_string(),
                    what,
                    advice,
                });
            }
            // UTF-8 streams straight through (the readers strip its byte-order mark); UTF-16
            // with a mark, or the encoding `--encoding` names, is decoded as it streams.
            let encoding = options
                .encoding
                .or_else(|| decode::bom(&head).map(|(e, _)| e))
                .filter(|e| *e != encoding_rs::UTF_8);
            let stream: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(reader));
            let stream: Box<dyn Read + Send> = match encoding {
                Some(e) => Box::new(decode::DecodingReader::new(stream, e)),
                None => stream,
            };
            let records: Records = match format {
                InputFormat::Jsonl => {
                    Box::new(JsonlReader::from_reader(path, stream).headline(headline))
                }
                _ => Box::new(CsvReader::from_reader(path, stream).headline(headline)),
            };
            Ok(match encoding {
                Some(e) => Box::new(records.map(move |r| {
                    r.map(|mut record| {
                        record.article.source.encoding = Some(e.name().to_string());
                        record
                    })
                })),
                None => records,
            })
        }
    }
}

/// Runs third-party parsing code on untrusted input: a panic inside it becomes `Err` with the
/// panic's message, and the default panic hook's report is silenced for that call (only on
/// this thread), so one bad file cannot take the process down or clutter stderr.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    use std::cell::Cell;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::Once;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// Opens every input in turn as one stream: directories are expanded (as by
/// [`expand_paths`]) and each file is read in its format (`format`, or by extension).
///
/// Nothing is lost: an input that cannot be opened, or a directory that cannot be listed,
/// becomes an error item in the stream, and the stream goes on with the next input. Files are
/// opened lazily, one at a time, so memory does not grow with the number of inputs.
/// A plain-text article's first line is read as `headline` says.
pub fn open_all(
    paths: Vec<String>,
    format: Option<InputFormat>,
    headline: HeadlineMode,
) -> Records {
    open_all_opts(
        paths,
        OpenOptions {
            format,
            headline,
            encoding: None,
        },
    )
}

/// [`open_all`] with every option (the encoding too).
pub fn open_all_opts(paths: Vec<String>, options: OpenOptions) -> Records {
    Box::new(paths.into_iter().flat_map(move |path| -> Records {
        match expand_paths(std::slice::from_ref(&path)) {
            Ok(files) => Box::new(files.into_iter().flat_map(move |file| -> Records {
                match open_opts(&file, &options) {
                    Ok(records) => records,
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            })),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }))
}

/// Expands directories (recursively, in sorted order) into the files they hold; other paths
/// pass through unchanged. Hidden files (a name starting with `.`) are skipped.
pub fn expand_paths(paths: &[String]) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        if path != "-" && Path::new(path).is_dir() {
            let mut files = Vec::new();
            walk(Path::new(path), &mut files)?;
            files.sort();
            out.extend(files.into_iter().map(|p| p.to_string_lossy().into_owned()));
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io_err = |source| InputError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads a whole file (or stdin for `-`) as bytes.
#[allow(dead_code)]
pub(crate) fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|source| match source.raw_os_error() {
        Some(21) => InputError::IsDirectory {
            path: path.to_string(),
        },
        _ => InputError::Io {
            path: path.to_string(),
            source,
        },
    })?;
    Ok(bytes)
}

/// Checks bytes are text: UTF-8 without NUL bytes (which no text format holds, and which
/// mark binary data or UTF-16), naming the file (and line) and the first bad byte when not.
#[allow(dead_code)]
pub(crate) fn utf8(bytes: Vec<u8>, path: &str, line: Option<usize>) -> Result<String, InputError> {
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(e.utf8_error(), path, line))?;
    no_nul(&text, path, line)?;
    Ok(text)
}

/// [`utf8`] of borrowed bytes.
pub(crate) fn utf8_str<'b>(
    bytes: &'b [u8],
    path: &str,
    line: Option<usize>,
) -> Result<&'b str, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(e, path, line))?;
    no_nul(text, path, line)?;
    Ok(text)
}

fn not_utf8(e: std::str::Utf8Error, path: &str, line: Option<usize>) -> InputError {
    InputError::NotUtf8 {
        path: path.to_string(),
        line,
        offset: e.valid_up_to(),
    }
}

/// A NUL byte means binary data (or UTF-16), not text.
fn no_nul(text: &str, path: &str, line: Option<usize>) -> Result<(), InputError> {
    match text.find('\0') {
        Some(offset) => Err(InputError::Binary {
            path: path.to_string(),
            line,
            offset,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_parser_is_an_error_with_its_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        let e =
            guarded(|| -> u8 { panic!("set_encoding() called after prefix buffer was drained") });
        assert_eq!(
            e,
            Err("set_encoding() called after prefix buffer was drained".to_string())
        );
        let n = 3;
        assert_eq!(
            guarded(|| -> u8 { panic!("formatted {n}") }),
            Err("formatted 3".into())
        );
    }
}
