//! Plain-text articles: one per file.

use super::{read_bytes, utf8, Record};
use crate::article::{Article, Source};
use crate::error::InputError;

/// Reads one plain-text article (`-` is stdin).
pub(super) fn read(path: &str) -> Result<Record, InputError> {
    let text = utf8(read_bytes(path)?, path, None)?;
    let article = Article::from_plain_text(&text, Source::file(path))?;
    Ok(Record {
        article,
        label: None,
    })
}
