//! Error types. Each names the file, line or record it concerns and what is wrong.

use std::io;
use thiserror::Error;

/// Reading an input (a file, a record of a multi-record file, or stdin) failed.
#[derive(Debug, Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path}: is a directory, not a file (directories are read with `triage` or by listing their files)")]
    IsDirectory {
        /// The directory.
        path: String,
    },
    /// The bytes are not UTF-8.
    #[error("{path}{}: not valid UTF-8 (first bad byte at offset {offset}); if it is in another encoding, name it with `--encoding`, e.g. `--encoding windows-1252`", record_suffix(*.line))]
    NotUtf8 {
        /// The file.
        path: String,
        /// The line, for line-based formats.
        line: Option<usize>,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The bytes are UTF-8 but hold a NUL byte: binary data (or UTF-16 text), not text.
    #[error("{path}{}: binary data, not text (a NUL byte at offset {offset}; UTF-16 text without a byte-order mark is read with `--encoding utf-16le` or `utf-16be`)", record_suffix(*.line))]
    Binary {
        /// The file.
        path: String,
        /// The line, for line-based formats.
        line: Option<usize>,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// A binary format recognised by its first bytes (PDF, Office, zip, images).
    #[error("{path}: {what}, not text: {advice}")]
    BinaryFormat {
        /// The file.
        path: String,
        /// What the file is (`a PDF document`).
        what: &'static str,
        /// What to do with it.
        advice: &'static str,
    },
    /// The bytes are not valid in the encoding they were read in.
    #[error("{path}{}: not valid {encoding} (first bad byte at offset {offset}); if it is in another encoding, name it: try `--encoding {suggestion}`", record_suffix(*.line))]
    Undecodable {
        /// The file.
        path: String,
        /// The line, for line-based formats.
        line: Option<usize>,
        /// The encoding it was read in (`UTF-8`, or the one it declares).
        encoding: &'static str,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// The encoding label to try.
        suggestion: &'static str,
    },
    /// The file declares an encoding hypecheck has no decoder for (a DOS or IBM code page
    /// such as `cp437`, EBCDIC), and its bytes are not UTF-8.
    #[error("{path}: declares the encoding `{label}`, which hypecheck cannot decode; convert it to UTF-8 first (`iconv -f {iconv} -t UTF-8 FILE > out.xml`) and score that, or name the encoding its bytes are in with `--encoding`")]
    UnsupportedEncoding {
        /// The file.
        path: String,
        /// The encoding as the file names it (`cp437`, or `EBCDIC` when the file is EBCDIC).
        label: String,
        /// The name `iconv` knows it by (`CP437`).
        iconv: String,
    },
    /// A feed that parsed but holds no entries, or a JSON Lines or CSV file that holds no
    /// records: a warning, not an error (nothing was lost, but nothing was scored either).
    #[error("{path}: the {format} holds no {items}: nothing to score", items = items_of(.format))]
    NoEntries {
        /// The file.
        path: String,
        /// Its dialect (`RSS 2.0 feed`, `Atom feed`, ...), or `JSON Lines file`, `CSV file`.
        format: String,
    },
    /// A third-party parser panicked on this file; the panic is caught and the run goes on.
    #[error("{path}: {parser} failed: {message}")]
    ParserFailed {
        /// The file.
        path: String,
        /// Which parser (`feed parser`).
        parser: &'static str,
        /// The parser's panic message.
        message: String,
    },
    /// The input holds no text to score.
    #[error("{path}{}: empty input: no text to score", record_suffix(*.line))]
    Empty {
        /// The file.
        path: String,
        /// The line or record, for multi-record formats.
        line: Option<usize>,
    },
    /// One record of a multi-record file has no text at all.
    #[error(
        "{path}:{line}: record has no text: `title`, `body` and `text` are all missing or empty"
    )]
    NoText {
        /// The file.
        path: String,
        /// The line, 1-based.
        line: usize,
    },
    /// One record of a multi-record file is malformed.
    #[error("{path}:{line}: {message}")]
    Record {
        /// The file.
        path: String,
        /// The line (JSONL, CSV: where the record starts) or entry number (feeds), 1-based.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file met in a directory walk that holds no article format (an image, a binary, a
    /// Markdown or source file): skipped and counted, not an error. Files named on the command
    /// line are always read.
    #[error("{path}: skipped: {reason}")]
    Skipped {
        /// The file.
        path: String,
        /// Why (`a PNG image`, `binary data`, `not an article format (.md)`).
        reason: String,
    },
    /// A URL could not be fetched (no connection, a timeout, an HTTP error status, too large).
    #[error("{url}: cannot fetch: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// A whole file could not be parsed in its format (a feed that does not parse, an HTML
    /// page the extractor fails on), so none of its records could be read.
    #[error("{path}: not a valid {format}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The format it was read as (`RSS or Atom feed`, `HTML page`, ...).
        format: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl InputError {
    /// The file the error concerns (`-` for stdin).
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::IsDirectory { path }
            | InputError::NotUtf8 { path, .. }
            | InputError::Binary { path, .. }
            | InputError::BinaryFormat { path, .. }
            | InputError::Undecodable { path, .. }
            | InputError::UnsupportedEncoding { path, .. }
            | InputError::NoEntries { path, .. }
            | InputError::ParserFailed { path, .. }
            | InputError::Empty { path, .. }
            | InputError::Record { path, .. }
            | InputError::NoText { path, .. }
            | InputError::Parse { path, .. }
            | InputError::Skipped { path, .. }
            | InputError::Fetch { url: path, .. } => path,
        }
    }

    /// The line or record number it concerns, when it concerns one record rather than a file.
    pub fn record(&self) -> Option<usize> {
        match self {
            InputError::NotUtf8 { line, .. }
            | InputError::Binary { line, .. }
            | InputError::Undecodable { line, .. }
            | InputError::Empty { line, .. } => *line,
            InputError::Record { line, .. } | InputError::NoText { line, .. } => Some(*line),
            InputError::Io { .. }
            | InputError::IsDirectory { .. }
            | InputError::BinaryFormat { .. }
            | InputError::UnsupportedEncoding { .. }
            | InputError::NoEntries { .. }
            | InputError::ParserFailed { .. }
            | InputError::Parse { .. }
            | InputError::Skipped { .. }
            | InputError::Fetch { .. } => None,
        }
    }

    /// True for a warning (a feed with no entries): reported and counted, but nothing was
    /// lost, so it does not fail the run.
    pub fn is_warning(&self) -> bool {
        matches!(self, InputError::NoEntries { .. })
    }

    /// True for a file a directory walk skipped (not an article format): counted apart, never
    /// an error, and not reported one by one.
    pub fn is_skipped(&self) -> bool {
        matches!(self, InputError::Skipped { .. })
    }
}

fn record_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// A lexicon file is missing, unreadable or has an invalid entry.
#[derive(Debug, Error)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("{path}: cannot read lexicon: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
    /// One line is not a valid entry.
    #[error("{path}:{line}: invalid lexicon entry: {message}")]
    InvalidLine {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// `kickers.txt` or `page_furniture.txt` differs from the embedded list: kickers and page
    /// furniture are set apart when an article is built, before lexicons apply, so these
    /// lists are fixed at build time.
    #[error(
        "{path}: this list is read when an article is split into kicker, headline and body, \
         before `--lexicons` applies, so it cannot be replaced at run time; remove the file \
         from the directory, or edit it under models/lexicons/ and rebuild"
    )]
    FixedFile {
        /// The file.
        path: String,
    },
    /// A file in the lexicon directory is not one hypecheck knows.
    #[error("{path}: unknown lexicon file (expected one of: {expected})")]
    UnknownFile {
        /// The file.
        path: String,
        /// The known file names.
        expected: String,
    },
}

/// A model file cannot be used.
#[derive(Debug, Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("{path}: cannot read model: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
    /// The file is not a valid model (bad JSON, missing fields, truncated).
    #[error("{path}: corrupt model file: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The model was written by a format this version does not read.
    #[error(
        "{path}: unknown model format version {found} (this hypecheck reads version {supported})"
    )]
    UnknownVersion {
        /// The file.
        path: String,
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The model's features do not match this extractor's.
    #[error("{path}: model built for other features: {message}")]
    FeatureMismatch {
        /// The file.
        path: String,
        /// Which feature differs.
        message: String,
    },
    /// A weight, mean or intercept is not finite or too large, a scale is not finite or too
    /// small, or the threshold is not a probability.
    #[error(
        "{path}: invalid number in `{field}` at index {index}: {value:?} ({field} {expected})"
    )]
    InvalidNumber {
        /// The file.
        path: String,
        /// The field (`weights`, `means`, `scales`, `intercept`).
        field: &'static str,
        /// Index in that field.
        index: usize,
        /// The offending value.
        value: f64,
        /// What the field's numbers must be.
        expected: &'static str,
    },
}

/// Training or evaluation could not run.
#[derive(Debug, Error)]
pub enum TrainError {
    /// Reading the data failed.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A record has no label.
    #[error("{path}:{line}: record has no `label`")]
    MissingLabel {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
    },
    /// A record's label is not one the target knows.
    #[error("{path}:{line}: label `{label}` is not one of {expected} for target `{target}`")]
    UnknownLabel {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// The label found.
        label: String,
        /// The target.
        target: String,
        /// The labels the target accepts.
        expected: String,
    },
    /// The data does not hold two classes.
    #[error("training data must hold exactly two classes (positive and negative); found {found}")]
    NotTwoClasses {
        /// What was found.
        found: String,
    },
    /// A hyper-parameter is out of range.
    #[error("invalid parameter `{name}`: {message}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Too few examples for the requested folds.
    #[error("too few examples: {message}")]
    TooFewExamples {
        /// What is short.
        message: String,
    },
    /// The word vectors training reads are unreadable.
    #[error(
        "{path}: word vectors unreadable: {message}; regenerate them with scripts/word_vectors.py"
    )]
    WordVectors {
        /// Where they come from.
        path: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The optimiser failed.
    #[error("fitting failed: {0}")]
    Fit(String),
    /// A training record is malformed.
    #[error("{path}:{line}: {message}")]
    Record {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A judgments file (an editor's 1–5 scores of articles) has a bad row.
    #[error("{path}:{line}: {message}")]
    Judgments {
        /// The judgments file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
}

/// Any hypecheck error.
#[derive(Debug, Error)]
pub enum Error {
    /// Reading input failed.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A lexicon is invalid.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// A model is invalid.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Training failed.
    #[error(transparent)]
    Train(#[from] TrainError),
}

/// What a file of `format` holds: a feed's entries, a batch file's records.
fn items_of(format: &str) -> &'static str {
    if format.contains("feed") {
        "entries"
    } else {
        "records"
    }
}
