//! JSON Lines: one article per line.

use super::{utf8_str, Record};
use crate::article::{Article, HeadlineMode, Source};
use crate::error::InputError;
use serde::Deserialize;
use std::io::{BufRead, BufReader, Read};

/// The fields hypecheck reads from a JSON Lines record; others are ignored.
#[derive(Deserialize)]
struct JsonRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    label: Option<serde_json::Value>,
    /// The article's own address, kept as `source.link`.
    #[serde(default)]
    url: Option<serde_json::Value>,
    /// The outlet, as labeled corpora name it (BuzzFeed-Webis `portal`, BABE `outlet`,
    /// hyperpartisan `domain`), kept as `source.outlet` for grouped folds.
    #[serde(default)]
    portal: Option<serde_json::Value>,
    #[serde(default)]
    outlet: Option<serde_json::Value>,
    #[serde(default)]
    domain: Option<serde_json::Value>,
}

/// Streams the records of a JSON Lines input. Blank lines are not records and are skipped.
pub struct JsonlReader {
    path: String,
    headline: HeadlineMode,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    buf: Vec<u8>,
    failed: bool,
}

impl JsonlReader {
    /// How the first line of a record with no title field is read (default: detected).
    pub fn headline(mut self, mode: HeadlineMode) -> JsonlReader {
        self.headline = mode;
        self
    }

    /// Opens a JSON Lines file (`-` for stdin).
    pub fn open(path: &str) -> Result<JsonlReader, InputError> {
        let reader: Box<dyn Read + Send> = if path == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|source| InputError::Io {
                path: path.to_string(),
                source,
            })?)
        };
        Ok(JsonlReader::from_reader(path, reader))
    }

    /// Reads JSON Lines from any reader; `path` names it in errors.
    pub fn from_reader(path: &str, reader: impl Read + Send + 'static) -> JsonlReader {
        JsonlReader {
            path: path.to_string(),
            headline: HeadlineMode::Auto,
            reader: Box::new(BufReader::with_capacity(1 << 16, reader)),
            line: 0,
            buf: Vec::new(),
            failed: false,
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<Record, InputError> {
        let line = self.line;
        let text = utf8_str(bytes, &self.path, Some(line))?;
        // A byte-order mark, as some editors write, opens the first line.
        let text = match line {
            1 => text.strip_prefix('\u{feff}').unwrap_or(text),
            _ => text,
        };
        let error = |message: String| InputError::Record {
            path: self.path.clone(),
            line,
            message,
        };
        let json_error = |e: serde_json::Error| {
            use serde_json::error::Category;
            // serde counts lines within the record; the record's line in the file is `line`:
            // only the column is said.
            let (category, column) = (e.classify(), e.column());
            let text = e.to_string();
            let reason = text
                .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                .unwrap_or(&text);
            let at = match (e.line(), e.column()) {
                (1, c) if c > 0 => format!(" at column {c}"),
                _ => String::new(),
            };
            let e = format!("{reason}{at}");
            // A string still open where its line ends: the record was cut there (the next
            // line's start is where serde meets the line break).
            let cut_string =
                category == Category::Syntax && column == 0 && reason.contains("control character");
            match category {
                Category::Eof => error(format!("truncated JSON record ({e})")),
                _ if cut_string => error(
                    "truncated JSON record: a string is still open where the line ends \
                     (one record per line; a line break inside a string is written `\\n`)"
                        .to_string(),
                ),
                Category::Data => error(format!(
                    "a field has the wrong type (`id`, `title`, `body`, `text` and `label` \
                     are strings) ({e})"
                )),
                _ => error(format!("malformed JSON ({e})")),
            }
        };
        if !text.trim_start().starts_with('{') {
            // Say what it is rather than what serde expected of the struct it would fill.
            let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
            let kind = match value {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Null => "null",
                serde_json::Value::Object(_) => "an object",
            };
            return Err(error(format!(
                "a record must be a JSON object with `title`, `body` or `text`, not {kind}"
            )));
        }
        let rec: JsonRecord = serde_json::from_str(text).map_err(json_error)?;
        let id = match rec.id {
            None | Some(serde_json::Value::Null) => format!("{}:{line}", self.path),
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(error(format!(
                    "`id` must be a string or number, not {other}"
                )))
            }
        };
        let label = match rec.label {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
            Some(other) => {
                return Err(error(format!(
                    "`label` must be a string, number or boolean, not {other}"
                )))
            }
        };
        let body = rec.body.or(rec.text).unwrap_or_default();
        // A record without a title field may carry its headline as the text's first line.
        let mut article = match rec.title {
            Some(title) => Article::new(id, Some(title), body),
            None => Article::from_body_with(id, &body, self.headline),
        };
        article.source = Source::record(&self.path, line);
        if let Some(serde_json::Value::String(url)) = rec.url {
            article.source.link = Some(url).filter(|u| !u.trim().is_empty());
        }
        article.source.outlet = [rec.portal, rec.outlet, rec.domain]
            .into_iter()
            .find_map(|v| match v {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s),
                _ => None,
            });
        if article.is_empty() {
            // No text field at all, rather than empty ones: say which fields the record has
            // (`headline`, `content`), as a CSV header without the columns does.
            let fields: Vec<String> =
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
                    .map(|map| map.keys().cloned().collect())
                    .unwrap_or_default();
            if !fields
                .iter()
                .any(|f| ["title", "body", "text"].contains(&f.as_str()))
            {
                return Err(error(format!(
                    "the record has no `title`, `body` or `text` field (found: {})",
                    match fields.is_empty() {
                        true => "no fields".to_string(),
                        false => fields.join(", "),
                    }
                )));
            }
            return Err(InputError::NoText {
                path: self.path.clone(),
                line,
            });
        }
        Ok(Record { article, label })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(source) => {
                    self.failed = true;
                    return Some(Err(InputError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Parsed in place: the line buffer keeps its capacity for the next line.
            return Some(self.parse(&self.buf));
        }
    }
}
