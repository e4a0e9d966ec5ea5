//! Plain-text articles: one per file.

use super::{decode, OpenOptions, Record};
use crate::article::{Article, Source};
use crate::error::InputError;

/// Reads one plain-text article from its bytes: UTF-8 (a byte-order mark stripped), UTF-16
/// with a byte-order mark, or the encoding `--encoding` names.
pub(super) fn read(
    path: &str,
    bytes: Vec<u8>,
    options: &OpenOptions,
) -> Result<Record, InputError> {
    let (text, encoding) = decode::decode_text(bytes, options.encoding, path)?;
    let mut source = Source::file(path);
    if encoding != encoding_rs::UTF_8 {
        source.encoding = Some(encoding.name().to_string());
    }
    let article = Article::from_plain_text_with(&text, source, options.headline)?;
    Ok(Record {
        article,
        label: None,
    })
}
