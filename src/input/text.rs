//! Plain-text articles: one per file.

use super::{read_bytes, utf8, Record};
use crate::article::{Article, HeadlineMode, Source};
use crate::error::InputError;

/// Reads one plain-text article (`-` is stdin).
pub(super) fn read(path: &str, headline: HeadlineMode) -> Result<Record, InputError> {
    let text = utf8(read_bytes(path)?, path, None)?;
    let article = Article::from_plain_text_with(&text, Source::file(path), headline)?;
    Ok(Record {
        article,
        label: None,
    })
}
