//! Readers: turn files, directories and stdin into [`Record`]s, one article each.
//!
//! Every reader streams: records are yielded one by one, and a malformed record yields an
//! [`InputError`] naming the file and line, after which reading goes on.

mod csv;
mod feed;
mod html;
mod jsonl;
mod text;

use crate::article::{Article, HeadlineMode};
use crate::error::InputError;
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
    /// `.jsonl`/`.ndjson` are JSON Lines, `.csv` CSV, `.html`/`.htm` HTML, and
    /// `.rss`/`.atom`/`.xml` feeds.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson") => InputFormat::Jsonl,
            Some("csv") => InputFormat::Csv,
            Some("html" | "htm") => InputFormat::Html,
            Some("rss" | "atom" | "xml") => InputFormat::Feed,
            _ => InputFormat::Text,
        }
    }
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
    let format = format.unwrap_or_else(|| InputFormat::from_path(Path::new(path)));
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
    match format {
        InputFormat::Text => Ok(Box::new(std::iter::once(text::read(path, headline)))),
        InputFormat::Jsonl => Ok(Box::new(JsonlReader::open(path)?.headline(headline))),
        InputFormat::Csv => Ok(Box::new(CsvReader::open(path)?.headline(headline))),
        InputFormat::Html => Ok(Box::new(std::iter::once(html::read(path)))),
        InputFormat::Feed => Ok(feed::read(path)),
    }
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
    Box::new(paths.into_iter().flat_map(move |path| -> Records {
        match expand_paths(std::slice::from_ref(&path)) {
            Ok(files) => Box::new(files.into_iter().flat_map(move |file| -> Records {
                match open_with(&file, format, headline) {
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
