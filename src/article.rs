//! The article: the unit hypecheck scores.

use crate::error::InputError;
use serde::{Deserialize, Serialize};

/// Where an article came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from (`-` for stdin).
    pub path: String,
    /// Its 1-based record number in a multi-record input (the line for JSONL and CSV, the entry
    /// for feeds); `None` for a single-article file.
    pub record: Option<usize>,
    /// The article's own address, where the input gives one (a feed entry's link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Source {
    /// A single-article source.
    pub fn file(path: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            record: None,
            link: None,
        }
    }

    /// A record of a multi-record source.
    pub fn record(path: impl Into<String>, record: usize) -> Source {
        Source {
            path: path.into(),
            record: Some(record),
            link: None,
        }
    }
}

/// A news article or a bare headline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// A stable identifier: the record's `id`, else derived from the source.
    pub id: String,
    /// The headline, if there is one.
    pub title: Option<String>,
    /// The body text; empty for a bare headline.
    pub body: String,
    /// Where it came from.
    pub source: Source,
}

impl Article {
    /// An article from its parts. An empty title becomes `None`.
    pub fn new(id: impl Into<String>, title: Option<String>, body: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            title: title.filter(|t| !t.trim().is_empty()),
            body: body.into(),
            source: Source::default(),
        }
    }

    /// Parses a plain-text article: the first non-empty line is the title, the rest the body.
    ///
    /// ```
    /// use hypecheck::{Article, Source};
    /// let a = Article::from_plain_text("\nCity opens bridge\n\nThe bridge opened on Monday.", Source::file("a.txt")).unwrap();
    /// assert_eq!(a.title.as_deref(), Some("City opens bridge"));
    /// assert_eq!(a.body.trim(), "The bridge opened on Monday.");
    /// ```
    pub fn from_plain_text(text: &str, source: Source) -> Result<Article, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let start = text.len() - text.trim_start().len();
        let rest = &text[start..];
        if rest.trim().is_empty() {
            return Err(InputError::Empty {
                path: source.path,
                line: source.record,
            });
        }
        let (title, body) = match rest.find('\n') {
            Some(newline) => (&rest[..newline], &rest[newline + 1..]),
            None => (rest, ""),
        };
        let id = id_from_path(&source.path);
        Ok(Article {
            id,
            title: Some(title.trim_end().to_string()),
            body: body.to_string(),
            source,
        })
    }

    /// True when the article has neither title nor body text.
    pub fn is_empty(&self) -> bool {
        self.title.as_deref().is_none_or(|t| t.trim().is_empty()) && self.body.trim().is_empty()
    }

    /// Title and body length in bytes.
    pub fn text_len(&self) -> usize {
        self.title.as_ref().map_or(0, String::len) + self.body.len()
    }
}

/// A readable id from a path: its file name without extension, or `stdin`.
pub(crate) fn id_from_path(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let name = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    name.filter(|n| !n.is_empty())
        .unwrap_or_else(|| path.to_string())
}
