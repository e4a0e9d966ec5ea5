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
mod url;

use crate::article::{Article, HeadlineMode};
use crate::error::InputError;
pub use encoding_rs::Encoding;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

pub use csv::CsvReader;
pub(crate) use csv::Lines as CsvLines;
pub use html::html_to_text;
pub use jsonl::JsonlReader;
pub use url::{is_url, DEFAULT_TIMEOUT as DEFAULT_FETCH_TIMEOUT, MAX_BYTES as MAX_FETCH_BYTES};

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
    /// One article per file: the first non-empty line is the headline when it looks like
    /// one (`--headline`), the rest the body.
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
        InputFormat::detect_hinted(path, head, given, None)
    }

    /// [`InputFormat::detect`], with the format a URL's Content-Type names (`hint`) taking the
    /// place of the extension.
    fn detect_hinted(
        path: &str,
        head: &[u8],
        given: Option<InputFormat>,
        hint: Option<InputFormat>,
    ) -> InputFormat {
        if let Some(format) = given {
            return format;
        }
        let (by_name, specific) = match (path, hint) {
            (_, Some(format)) => (format, true),
            ("-", None) => (InputFormat::Text, false),
            _ if url::is_url(path) => (InputFormat::Text, false),
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
    /// `--timeout`: how long fetching a URL may take, the whole exchange (`None`:
    /// [`DEFAULT_FETCH_TIMEOUT`]).
    pub timeout: Option<Duration>,
}

/// How directories are walked (as ripgrep and fd walk them, with the `ignore` crate).
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// `--no-ignore`: also walk hidden files and directories and those `.gitignore`,
    /// `.ignore` and git's excludes leave out.
    pub no_ignore: bool,
    /// `--glob`: globs choosing the files of a walk, relative to the directory walked
    /// (`*.txt`, `news/**`; `!` before a glob leaves its matches out). The files globs choose
    /// are read whatever their extension; without a choosing glob, only article formats are.
    pub globs: Vec<String>,
}

/// Checks a `--glob`: `Err` says what is wrong with it.
pub fn check_glob(glob: &str) -> Result<(), String> {
    ignore::overrides::OverrideBuilder::new(".")
        .add(glob)
        .map(|_| ())
        .map_err(|e| e.to_string())
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
            ..OpenOptions::default()
        },
    )
}

/// [`open`] with every option: the format is `options.format`, else detected from the content
/// and the extension ([`InputFormat::detect`]); bytes are decoded as [`OpenOptions`] says.
///
/// An `http://` or `https://` URL is fetched (see [`DEFAULT_FETCH_TIMEOUT`] and
/// [`MAX_FETCH_BYTES`]) and read like a file: its Content-Type's `charset` is the encoding
/// (unless `options.encoding` names one) and its media type stands in for an extension.
pub fn open_opts(path: &str, options: &OpenOptions) -> Result<Records, InputError> {
    if url::is_url(path) {
        let fetched = url::fetch(path, options.timeout.unwrap_or(DEFAULT_FETCH_TIMEOUT))?;
        // A byte-order mark outranks the header's charset, as in a browser.
        let charset = fetched
            .charset
            .filter(|_| decode::bom(&fetched.bytes).is_none());
        let options = OpenOptions {
            encoding: options.encoding.or(charset),
            ..*options
        };
        let reader = Box::new(std::io::Cursor::new(fetched.bytes));
        return read_stream(path, reader, &options, fetched.format, false);
    }
    if let Some(scheme) = url::other_scheme(path) {
        if !Path::new(path).exists() {
            return Err(InputError::Fetch {
                url: path.to_string(),
                message: format!(
                    "`{scheme}://` addresses are not fetched, only `http://` and `https://` ones; download it and score the file"
                ),
            });
        }
    }
    let reader = open_file(path)?;
    read_stream(path, reader, options, None, false)
}

/// Opens a file (`-` is stdin) for reading; a directory is an error.
fn open_file(path: &str) -> Result<Box<dyn Read + Send>, InputError> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let meta = std::fs::metadata(path).map_err(|source| InputError::Io {
        path: path.to_string(),
        source,
    })?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory {
            path: path.to_string(),
        });
    }
    let file = std::fs::File::open(path).map_err(|source| InputError::Io {
        path: path.to_string(),
        source,
    })?;
    Ok(Box::new(file))
}

/// Reads the records of one input from `reader`: its format is `options.format`, else
/// detected from its first bytes and `hint` (a URL's media type) or its name. A file met in a
/// directory walk (`walked`) whose first bytes are not text is [`InputError::Skipped`].
fn read_stream(
    path: &str,
    mut reader: Box<dyn Read + Send>,
    options: &OpenOptions,
    hint: Option<InputFormat>,
    walked: bool,
) -> Result<Records, InputError> {
    let io_error = |source| InputError::Io {
        path: path.to_string(),
        source,
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
    if walked {
        let reason = decode::not_text(&head)
            .or_else(|| is_own_output(&head).then_some("a hypecheck report"));
        if let Some(reason) = reason {
            return Err(InputError::Skipped {
                path: path.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    let format = InputFormat::detect_hinted(path, &head, options.format, hint);
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
            // or UTF-32 with a mark, or the encoding `--encoding` names, is decoded as it
            // streams. (A UTF-32LE mark begins with UTF-16LE's: UTF-32 is asked first.)
            let utf32 = decode::utf32_bom(&head).filter(|_| options.encoding.is_none());
            let encoding = options
                .encoding
                .or_else(|| decode::bom(&head).map(|(e, _)| e))
                .filter(|e| *e != encoding_rs::UTF_8);
            let stream: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(reader));
            let (stream, encoding): (Box<dyn Read + Send>, Option<&'static str>) =
                match (utf32, encoding) {
                    (Some(charset), _) => (
                        Box::new(decode::Utf32Reader::new(stream, charset)),
                        Some(charset.name()),
                    ),
                    (None, Some(e)) => (
                        Box::new(decode::DecodingReader::new(stream, e)),
                        Some(e.name()),
                    ),
                    (None, None) => (stream, None),
                };
            let records: Records = match format {
                InputFormat::Jsonl => warn_if_empty(
                    path,
                    "JSON Lines file",
                    JsonlReader::from_reader(path, stream).headline(headline),
                ),
                _ => warn_if_empty(
                    path,
                    "CSV file",
                    CsvReader::from_reader(path, stream).headline(headline),
                ),
            };
            Ok(match encoding {
                Some(e) => Box::new(records.map(move |r| {
                    r.map(|mut record| {
                        record.article.source.encoding = Some(e.to_string());
                        record
                    })
                })),
                None => records,
            })
        }
    }
}

/// `records`, or when it yields nothing at all (an empty file, blank lines, a CSV header
/// alone) one warning that the file holds no records, as a feed with no entries gets: a
/// batch that scored nothing says so rather than succeed in silence.
fn warn_if_empty(
    path: &str,
    format: &str,
    records: impl Iterator<Item = Result<Record, InputError>> + Send + 'static,
) -> Records {
    let mut records = records.peekable();
    match records.peek() {
        Some(_) => Box::new(records),
        None => Box::new(std::iter::once(Err(InputError::NoEntries {
            path: path.to_string(),
            format: format.to_string(),
        }))),
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

/// Opens every input in turn as one stream: directories are walked (as by [`open_inputs`]
/// with the default [`WalkOptions`]) and each file is read in its format (`format`, or
/// detected).
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
            ..OpenOptions::default()
        },
    )
}

/// [`open_all`] with every option (the encoding too).
pub fn open_all_opts(paths: Vec<String>, options: OpenOptions) -> Records {
    open_inputs(paths, options, WalkOptions::default())
}

/// Opens every input in turn as one stream: files, `-` (stdin), `http(s)://` URLs, and
/// directories, walked as ripgrep and fd walk them.
///
/// A walk is recursive and sorted by name; it leaves out hidden files and directories and
/// what `.gitignore`, `.ignore` and git's excludes leave out (in a git repository or not),
/// unless [`WalkOptions::no_ignore`]. Of the files found, those whose extension is not an
/// article format (`.md`, `.png`, `.rs`, ...) and those whose first bytes are binary are
/// [`InputError::Skipped`] items, which [`crate::batch::run`] counts apart and which are no
/// error; [`WalkOptions::globs`] choose the files instead of the extensions. Files named
/// explicitly are always read, and their errors reported.
pub fn open_inputs(paths: Vec<String>, options: OpenOptions, walk: WalkOptions) -> Records {
    Box::new(paths.into_iter().flat_map(move |path| -> Records {
        let is_dir = path != "-" && !url::is_url(&path) && Path::new(&path).is_dir();
        if !is_dir {
            return match open_opts(&path, &options) {
                Ok(records) => records,
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
        }
        let files = walk_dir(&path, &walk);
        // Globs that choose (not only `!` ones that leave out) replace the extension check.
        let chosen_by_globs = walk.globs.iter().any(|g| !g.starts_with('!'));
        Box::new(files.into_iter().flat_map(move |file| -> Records {
            let file = match file {
                Ok(file) => file,
                Err(e) => return Box::new(std::iter::once(Err(e))),
            };
            let opened = match article_extension(Path::new(&file)) {
                Err(reason) if !chosen_by_globs => Err(InputError::Skipped {
                    path: file.clone(),
                    reason,
                }),
                _ => open_file(&file)
                    .and_then(|reader| read_stream(&file, reader, &options, None, true)),
            };
            match opened {
                Ok(records) => records,
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        }))
    }))
}

/// `Ok` when a walked file's extension is one an article comes in (or it has none); else why
/// it is skipped.
fn article_extension(path: &Path) -> Result<(), String> {
    let Some(ext) = path.extension() else {
        // A dot-file (`.gitignore`, `.editorconfig`) is configuration, never an article.
        let dot_file = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        return match dot_file {
            true => {
                Err("a dot-file, not an article; name the file, or choose with `--glob`".into())
            }
            false => Ok(()),
        };
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" | "jsonl" | "ndjson" | "json" | "csv" | "html" | "htm" | "xhtml" | "rss"
        | "atom" | "xml" | "rdf" => Ok(()),
        _ => Err(format!(
            "not an article format (.{ext}); name the file, or choose with `--glob`"
        )),
    }
}

/// The files under `dir`, sorted by name within each directory, as [`open_inputs`] walks
/// them; a directory that cannot be read is an error item.
fn walk_dir(dir: &str, options: &WalkOptions) -> Vec<Result<String, InputError>> {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!options.no_ignore)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b));
    if !options.globs.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
        for glob in &options.globs {
            if let Err(e) = overrides.add(glob) {
                return vec![Err(walk_error(dir, e))];
            }
        }
        match overrides.build() {
            Ok(overrides) => {
                builder.overrides(overrides);
            }
            Err(e) => return vec![Err(walk_error(dir, e))],
        }
    }
    builder
        .build()
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_dir()) => None,
            Ok(entry) => Some(Ok(entry.path().to_string_lossy().into_owned())),
            Err(e) => Some(Err(walk_error(dir, e))),
        })
        .collect()
}

/// A walk's error as an input error naming the path it concerns.
fn walk_error(dir: &str, e: ignore::Error) -> InputError {
    let mut path = dir.to_string();
    let mut inner = &e;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = p.display().to_string();
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    let source = match inner {
        ignore::Error::Io(io) => std::io::Error::new(io.kind(), io.to_string()),
        other => std::io::Error::other(other.to_string()),
    };
    InputError::Io { path, source }
}

/// Expands directories (walked as by [`open_inputs`] with the default [`WalkOptions`], every
/// extension kept) into the files they hold; other paths pass through unchanged.
pub fn expand_paths(paths: &[String]) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        if path != "-" && !url::is_url(path) && Path::new(path).is_dir() {
            for file in walk_dir(path, &WalkOptions::default()) {
                out.push(file?);
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
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

/// How hypecheck's JSON and JSON Lines reports open each record's scores (`score --format
/// json|jsonl`).
const REPORT_SCORES: &[u8] = b"\"scores\":{\"sensationalism\":";

/// How hypecheck's CSV report opens its header (`score --format csv`).
const REPORT_CSV_HEADER: &[u8] = b"id,path,record,title,sensationalism,sensationalism_label,";

/// True when `head`, a file's first bytes, is one of hypecheck's own reports, saved beside
/// the articles it scored: the HTML page, JSON, JSON Lines or CSV. A directory walk skips
/// it: it holds scores of articles, not an article.
fn is_own_output(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let json = matches!(head.trim_ascii_start().first(), Some(b'{' | b'['));
    html::is_report(head)
        || head.starts_with(REPORT_CSV_HEADER)
        || (json && memchr::memmem::find(head, REPORT_SCORES).is_some())
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
