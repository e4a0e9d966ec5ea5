//! Articles and feeds by URL: fetched over HTTP(S) by `ureq` (rustls), then read like a file.
//!
//! A fetch follows up to [`MAX_REDIRECTS`] redirects, gives up after the timeout (the whole
//! exchange, body included), refuses a body over [`MAX_BYTES`], and says who it is
//! (`User-Agent: hypecheck/VERSION`). The Content-Type's `charset` is the encoding the bytes
//! are decoded from (unless `--encoding` names one), and its type suggests the format where
//! the content itself does not say.

use super::InputFormat;
use crate::error::InputError;
use encoding_rs::Encoding;
use std::time::Duration;

/// The longest body fetched: 20 MiB.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The timeout of a fetch when none is given: 30 seconds for the whole exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 10;

/// True when `input` is an `http://` or `https://` URL rather than a path.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The scheme of an address of another kind than HTTP(S) (`ftp` in `ftp://host/x`), which
/// hypecheck does not fetch.
pub(crate) fn other_scheme(input: &str) -> Option<&str> {
    let (scheme, _) = input.split_once("://")?;
    let plausible = !scheme.is_empty()
        && scheme.len() <= 16
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (plausible && !is_url(input)).then_some(scheme)
}

/// A fetched body and what its headers say of it.
pub(crate) struct Fetched {
    /// The body, at most [`MAX_BYTES`].
    pub bytes: Vec<u8>,
    /// The encoding the Content-Type's `charset` names, when it names one hypecheck knows.
    pub charset: Option<&'static Encoding>,
    /// The format the Content-Type (else the URL's extension) suggests.
    pub format: Option<InputFormat>,
}

/// Fetches `url` with `timeout` for the whole exchange.
pub(crate) fn fetch(url: &str, timeout: Duration) -> Result<Fetched, InputError> {
    let error = |message: String| InputError::Fetch {
        url: url.to_string(),
        message,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(concat!("hypecheck/", env!("CARGO_PKG_VERSION")))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, \
             application/feed+json, application/xml;q=0.9, text/*;q=0.8, */*;q=0.5",
        )
        .call()
        .map_err(|e| error(describe(&e, timeout)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(error(format!(
            "the server answered HTTP {}{}",
            status.as_u16(),
            status
                .canonical_reason()
                .map(|r| format!(" {r}"))
                .unwrap_or_default()
        )));
    }
    let body = response.body_mut();
    let charset = body
        .charset()
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let format = body
        .mime_type()
        .and_then(format_of_mime)
        .or_else(|| format_of_url(url));
    let bytes = body
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| error(describe(&e, timeout)))?;
    Ok(Fetched {
        bytes,
        charset,
        format,
    })
}

/// What went wrong, and what to do about it.
fn describe(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "timed out after {} s; give it longer with `--timeout SECS`",
            timeout.as_secs_f64()
        ),
        ureq::Error::BodyExceedsLimit(limit) => format!(
            "the response is larger than {} MiB; save it and score the file",
            limit / (1024 * 1024)
        ),
        ureq::Error::TooManyRedirects => {
            format!("more than {MAX_REDIRECTS} redirects; fetch the final address yourself")
        }
        ureq::Error::HostNotFound => "host not found (check the address)".to_string(),
        ureq::Error::ConnectionFailed => "could not connect to the server".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => format!(
            "timed out after {} s; give it longer with `--timeout SECS`",
            timeout.as_secs_f64()
        ),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("could not connect ({io}); check the address, or try again later")
        }
        ureq::Error::Io(io) => format!("{io} (check the address and the connection)"),
        other => other.to_string(),
    }
}

/// The format a Content-Type's media type names, if it names one.
fn format_of_mime(mime: &str) -> Option<InputFormat> {
    match mime.trim().to_ascii_lowercase().as_str() {
        "text/html" | "application/xhtml+xml" => Some(InputFormat::Html),
        "application/rss+xml"
        | "application/atom+xml"
        | "application/rdf+xml"
        | "application/feed+json" => Some(InputFormat::Feed),
        "text/csv" => Some(InputFormat::Csv),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(InputFormat::Jsonl),
        "text/plain" => Some(InputFormat::Text),
        _ => None,
    }
}

/// The format the URL's path extension names (`/feed.rss`), if it names a specific one.
fn format_of_url(url: &str) -> Option<InputFormat> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let after_host = path.splitn(4, '/').nth(3)?;
    let (format, specific) = InputFormat::by_extension(std::path::Path::new(after_host));
    specific.then_some(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("http.txt"));
        assert!(!is_url("news/https://x"));
        assert!(!is_url("-"));
        assert_eq!(other_scheme("ftp://host/x"), Some("ftp"));
        assert_eq!(other_scheme("https://host/x"), None);
        assert_eq!(other_scheme("news/a.txt"), None);
    }

    #[test]
    fn formats_from_media_types_and_extensions() {
        assert_eq!(format_of_mime("text/html"), Some(InputFormat::Html));
        assert_eq!(
            format_of_mime("application/rss+xml"),
            Some(InputFormat::Feed)
        );
        assert_eq!(format_of_mime("application/octet-stream"), None);
        assert_eq!(
            format_of_url("https://example.com/news/feed.rss?x=1"),
            Some(InputFormat::Feed)
        );
        assert_eq!(format_of_url("https://example.com/story"), None);
        assert_eq!(format_of_url("https://example.com"), None);
    }
}
