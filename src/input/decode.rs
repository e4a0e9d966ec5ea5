//! What an input is and how its bytes are encoded: content sniffing, charset detection and
//! decoding to UTF-8 (with `encoding_rs`, the WHATWG decoder) before any parser sees them.

use super::InputFormat;
use crate::error::InputError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// Bytes sniffed from the start of an input.
pub(crate) const SNIFF_LEN: usize = 4096;

/// A binary format recognised by its magic bytes: what it is and what to do with it.
pub(crate) fn binary_format(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const KINDS: &[(&[u8], &str, &str)] = &[
        (
            b"%PDF",
            "a PDF document",
            "extract its text first (e.g. `pdftotext FILE out.txt`) and score that",
        ),
        (
            b"PK\x03\x04",
            "a zip archive (an Office document such as .docx, .xlsx or .odt, or an EPUB)",
            "save it as plain text or HTML first (e.g. `pandoc FILE -t plain -o out.txt`)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Office document (.doc, .xls, .ppt)",
            "save it as plain text or HTML first",
        ),
        (
            b"\x89PNG",
            "a PNG image",
            "hypecheck reads text; run OCR first if the image holds an article",
        ),
        (
            b"\xff\xd8\xff",
            "a JPEG image",
            "hypecheck reads text; run OCR first if the image holds an article",
        ),
        (
            b"GIF8",
            "a GIF image",
            "hypecheck reads text; run OCR first if the image holds an article",
        ),
        (
            b"\x1f\x8b",
            "a gzip-compressed file",
            "decompress it first (`gunzip -c FILE`)",
        ),
    ];
    /// Programs, by their first bytes: ELF (Linux), PE (Windows), Mach-O (macOS, 32 and 64
    /// bits, either byte order, and universal binaries), WebAssembly.
    const EXECUTABLES: &[&[u8]] = &[
        b"\x7fELF",
        b"MZ",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"\x00asm",
    ];
    // `MZ` opens some words too: a program's header holds NUL bytes within its first 64.
    let program = EXECUTABLES.iter().any(|magic| bytes.starts_with(magic))
        && bytes.iter().take(64).any(|&b| b == 0);
    if program {
        return Some((
            "a program (an executable or library)",
            "give hypecheck the article's text, HTML or feed",
        ));
    }
    KINDS
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|&(_, what, advice)| (what, advice))
}

/// Why bytes met in a directory walk are no article: a binary format recognised by its first
/// bytes (`a PNG image`), or a NUL byte where no byte-order mark or UTF-16 or UTF-32 markup
/// explains it (`binary data`); `None` for text.
pub(crate) fn not_text(head: &[u8]) -> Option<&'static str> {
    if let Some((what, _)) = binary_format(head) {
        return Some(what);
    }
    let wide = bom(head).is_some_and(|(e, _)| e != UTF_8)
        || utf16_without_bom(head).is_some()
        || utf32(head).is_some();
    (!wide && head.contains(&0)).then_some("binary data")
}

/// The encoding a byte-order mark announces, and the mark's length.
pub(crate) fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// The encoding an input was decoded from: a WHATWG encoding, or UTF-32 (which the WHATWG
/// decoder does not have, and which XML feeds still come in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    /// An encoding `encoding_rs` decodes.
    Whatwg(&'static Encoding),
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl Charset {
    /// The name reported in `source.encoding` (`UTF-8`, `windows-1252`, `UTF-32LE`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Charset::Whatwg(e) => e.name(),
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }
}

impl PartialEq<&'static Encoding> for Charset {
    fn eq(&self, other: &&'static Encoding) -> bool {
        matches!(self, Charset::Whatwg(e) if e == other)
    }
}

/// UTF-32, as its byte-order mark (`00 00 FE FF`, `FF FE 00 00`) or markup without a mark
/// (`\0\0\0<`, `<\0\0\0`) reveals it, and the mark's length.
fn utf32(bytes: &[u8]) -> Option<(Charset, usize)> {
    match bytes {
        [0, 0, 0xfe, 0xff, ..] => Some((Charset::Utf32Be, 4)),
        [0xff, 0xfe, 0, 0, ..] => Some((Charset::Utf32Le, 4)),
        [0, 0, 0, b'<', ..] => Some((Charset::Utf32Be, 0)),
        [b'<', 0, 0, 0, ..] => Some((Charset::Utf32Le, 0)),
        _ => None,
    }
}

/// One UTF-32 unit as a character; `None` when it is no Unicode scalar value.
fn utf32_char(unit: [u8; 4], charset: Charset) -> Option<char> {
    char::from_u32(match charset {
        Charset::Utf32Be => u32::from_be_bytes(unit),
        _ => u32::from_le_bytes(unit),
    })
}

/// UTF-32 as its byte-order mark announces it (text with no markup to recognise it by).
pub(crate) fn utf32_bom(bytes: &[u8]) -> Option<Charset> {
    utf32(bytes).and_then(|(charset, skip)| (skip == 4).then_some(charset))
}

/// UTF-32 decoded; a code point that is not a Unicode scalar value, or a last unit cut short,
/// is an error naming the offset of its first byte (within `bytes`).
fn decode_utf32(bytes: &[u8], charset: Charset) -> Result<String, usize> {
    let mut text = String::with_capacity(bytes.len() / 4);
    for (i, unit) in bytes.chunks(4).enumerate() {
        let unit: [u8; 4] = unit.try_into().map_err(|_| i * 4)?;
        text.push(utf32_char(unit, charset).ok_or(i * 4)?);
    }
    Ok(text)
}

/// The start of an EBCDIC XML declaration (`<?xm` in code page 037 and its kin).
const EBCDIC_XML: &[u8] = b"\x4c\x6f\xa7\x94";

/// The error for markup that declares an encoding no decoder here knows (`cp437`, `850`).
fn unsupported(path: &str, label: &str) -> InputError {
    let iconv = match label.trim() {
        l if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => format!("CP{l}"),
        l => l.to_ascii_uppercase(),
    };
    InputError::UnsupportedEncoding {
        path: path.to_string(),
        label: label.trim().to_string(),
        iconv,
    }
}

/// UTF-16 without a byte-order mark, as an XML declaration or markup reveals it (`<\0?\0`).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [b'<', 0, b, 0, ..] if b.is_ascii_graphic() => Some(UTF_16LE),
        [0, b'<', 0, b, ..] if b.is_ascii_graphic() => Some(UTF_16BE),
        _ => None,
    }
}

/// The start of an input as text for sniffing: UTF-16 decoded, other bytes as they are
/// (every format sniffed for is recognised by ASCII).
fn sniff_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some((charset, skip)) = utf32(head) {
        let whole = (head.len() - skip) / 4 * 4;
        return decode_utf32(&head[skip..skip + whole], charset).unwrap_or_default();
    }
    let encoding = bom(head)
        .map(|(e, _)| e)
        .or_else(|| utf16_without_bom(head))
        .unwrap_or(UTF_8);
    let (text, _) = encoding.decode_with_bom_removal(head);
    text.into_owned()
}

/// How sure the content is of its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Markup or a structure no other format has: it overrides a contradicting extension.
    Sure(InputFormat),
    /// A likely reading, taken only where the extension says nothing.
    Likely(InputFormat),
}

/// Recognises a format from the first bytes: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed
/// are feeds; `<!DOCTYPE html>`, `<html>` and other markup are HTML pages; an object per line
/// is JSON Lines; a header naming `title`, `body` or `text` is CSV; anything else is text.
pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    let text = sniff_text(bytes);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        return match root_element(t) {
            Some(name) => {
                let local = name.rsplit(':').next().unwrap_or(&name);
                match local.to_ascii_lowercase().as_str() {
                    "rss" | "feed" | "rdf" | "channel" => Sniffed::Sure(InputFormat::Feed),
                    "html" | "head" | "body" | "!doctype html" => Sniffed::Sure(InputFormat::Html),
                    _ => Sniffed::Likely(InputFormat::Html),
                }
            }
            None => Sniffed::Likely(InputFormat::Html),
        };
    }
    if t.starts_with('{') {
        if t.to_ascii_lowercase().contains("jsonfeed.org/version") {
            return Sniffed::Sure(InputFormat::Feed);
        }
        return Sniffed::Sure(InputFormat::Jsonl);
    }
    let first = t.lines().next().unwrap_or_default();
    if first.contains(',') {
        let named = first.split(',').any(|f| {
            let f = f.trim().trim_matches('"').trim().to_ascii_lowercase();
            matches!(f.as_str(), "title" | "body" | "text")
        });
        if named {
            return Sniffed::Likely(InputFormat::Csv);
        }
    }
    Sniffed::Likely(InputFormat::Text)
}

/// The name of the first element (`rss`, `rdf:RDF`, `feed`, `html`), after any XML
/// declaration, processing instructions and comments; `!doctype html` for an HTML doctype.
fn root_element(t: &str) -> Option<String> {
    let mut rest = t;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<!doctype") {
            let decl = &rest[9..rest.find('>')?];
            let name = decl.split_whitespace().next().unwrap_or_default();
            if name.eq_ignore_ascii_case("html") {
                return Some("!doctype html".into());
            }
            rest = &rest[rest.find('>')? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
                .collect();
            return Some(name).filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

/// The value of `name="…"` (or `'…'`, or unquoted) inside `tag`, case-insensitive.
pub(crate) fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before_ok = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let (value, end) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (&value[1..], value[1..].find(q)),
            _ => (
                value,
                value.find(|c: char| c.is_whitespace() || matches!(c, '>' | ';' | '/' | '"')),
            ),
        };
        return Some(&value[..end.unwrap_or(value.len())]);
    }
    None
}

/// The encoding label an XML declaration names (`<?xml version="1.0" encoding="KOI8-R"?>`),
/// known to a decoder or not, and the declaration's byte range.
fn xml_declaration(text: &[u8]) -> Option<(&str, std::ops::Range<usize>)> {
    let start = text.len() - text.trim_ascii_start().len();
    if !text[start..].starts_with(b"<?xml") {
        return None;
    }
    let end = start
        + text[start..]
            .windows(2)
            .take(512)
            .position(|w| w == b"?>")?
        + 2;
    let decl = std::str::from_utf8(&text[start..end]).ok()?;
    Some((attribute(decl, "encoding")?, start..end))
}

/// The encoding an XML declaration names, and the declaration's byte range.
fn xml_declared(text: &[u8]) -> Option<(&'static Encoding, std::ops::Range<usize>)> {
    let (label, range) = xml_declaration(text)?;
    Some((for_label(label)?, range))
}

/// The encoding a label names: a WHATWG label, or one of the spellings Python and IANA use
/// that the WHATWG list lacks (`windows_1250`, `ms-ansi`, `winbaltrim`, `macroman`).
fn for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    if let Some(e) = Encoding::for_label(label.as_bytes()) {
        return Some(e);
    }
    let label = label.replace('_', "-");
    let alias = match label.as_str() {
        "ms-ee" => "windows-1250",
        "ms-cyrl" => "windows-1251",
        "ms-ansi" => "windows-1252",
        "ms-greek" => "windows-1253",
        "ms-turk" => "windows-1254",
        "ms-hebr" => "windows-1255",
        "ms-arab" => "windows-1256",
        "winbaltrim" => "windows-1257",
        "cp874" => "windows-874",
        "macroman" | "mac-roman" => "macintosh",
        "maccyrillic" | "mac-cyrillic" => "x-mac-cyrillic",
        other => other,
    };
    Encoding::for_label(alias.as_bytes())
}

/// The encoding label an XML declaration names, known to a decoder or not.
fn xml_declared_label(text: &[u8]) -> Option<&str> {
    xml_declaration(text)
        .map(|(label, _)| label)
        .filter(|l| !l.trim().is_empty())
}

/// The encoding an HTML page's `<meta charset>` or `http-equiv="Content-Type"` names, from
/// its first bytes (as a browser's prescan reads them).
fn html_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_LEN)]);
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta").map(|i| from + i) {
        let end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        let tag = &head[i..end];
        from = end;
        if let Some(label) = attribute(tag, "charset") {
            if let Some(e) = for_label(label) {
                return Some(e);
            }
        }
    }
    None
}

/// Markup (a feed or a page) decoded to UTF-8: the encoding its byte-order mark, XML
/// declaration or `<meta charset>` names (else UTF-8, or `forced`), and the text with an XML
/// declaration rewritten to say UTF-8, so an XML parser does not decode it again.
///
/// UTF-32 (with a byte-order mark, or markup that starts `\0\0\0<` or `<\0\0\0`) is decoded
/// too. A declared encoding no decoder here knows (`cp437`, `850`, EBCDIC) is an error saying
/// so and how to convert the file, unless the bytes are UTF-8 anyway (ASCII, say).
pub(crate) fn decode_markup(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    path: &str,
) -> Result<(String, Charset), InputError> {
    if let Some((what, advice)) = binary_format(bytes) {
        return Err(InputError::BinaryFormat {
            path: path.to_string(),
            what,
            advice,
        });
    }
    if let (None, Some((charset, skip))) = (forced, utf32(bytes)) {
        let body = &bytes[skip..];
        let text = decode_utf32(body, charset).map_err(|offset| InputError::Undecodable {
            path: path.to_string(),
            line: None,
            encoding: charset.name(),
            offset: offset + skip,
            suggestion: suggest(body),
        })?;
        return finish_markup(text, Charset::Whatwg(UTF_8), path).map(|(t, _)| (t, charset));
    }
    if forced.is_none() && bytes.starts_with(EBCDIC_XML) {
        return Err(InputError::UnsupportedEncoding {
            path: path.to_string(),
            label: "EBCDIC".into(),
            iconv: "IBM037".into(),
        });
    }
    let (encoding, skip) = match (forced, bom(bytes), utf16_without_bom(bytes)) {
        (Some(e), Some((b, len)), _) if e == b => (e, len),
        (Some(e), _, _) => (e, 0),
        (None, Some((e, len)), _) => (e, len),
        (None, None, Some(e)) => (e, 0),
        (None, None, None) => {
            let declared = xml_declared(bytes)
                .map(|(e, _)| e)
                .or_else(|| html_declared(bytes));
            if declared.is_none() && std::str::from_utf8(bytes).is_err() {
                if let Some(label) = xml_declared_label(bytes) {
                    return Err(unsupported(path, label));
                }
            }
            // A declared UTF-16 in ASCII-compatible bytes is a mislabel: read as UTF-8.
            let declared = match declared.unwrap_or(UTF_8) {
                e if e == UTF_16LE || e == UTF_16BE => UTF_8,
                e => e,
            };
            (declared, 0)
        }
    };
    let body = &bytes[skip..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(undecodable(body, encoding, path, None));
    }
    finish_markup(text.into_owned(), Charset::Whatwg(encoding), path)
}

/// Decoded markup with its XML declaration rewritten to say UTF-8, checked for NUL bytes.
fn finish_markup(
    mut text: String,
    charset: Charset,
    path: &str,
) -> Result<(String, Charset), InputError> {
    if let Some((_, range)) = xml_declared(text.as_bytes()) {
        text.replace_range(range, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    } else if text.trim_start().starts_with("<?xml") {
        // A declaration naming an encoding no decoder knows: drop the name.
        let start = text.len() - text.trim_start().len();
        if let Some(end) = text[start..].find("?>").map(|e| start + e + 2) {
            if attribute(&text[start..end], "encoding").is_some() {
                text.replace_range(start..end, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            }
        }
    }
    if let Some(offset) = text.find('\0') {
        return Err(InputError::Binary {
            path: path.to_string(),
            line: None,
            offset,
        });
    }
    Ok((text, charset))
}

/// Text (a plain article) decoded: a UTF-8 byte-order mark stripped, UTF-16 with a mark
/// decoded, `forced` (from `--encoding`) for anything else; otherwise it must be UTF-8.
pub(crate) fn decode_text(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
    path: &str,
) -> Result<(String, Charset), InputError> {
    if let Some((what, advice)) = binary_format(&bytes) {
        return Err(InputError::BinaryFormat {
            path: path.to_string(),
            what,
            advice,
        });
    }
    // UTF-32 with a byte-order mark (text has no markup to recognise it by without one).
    if let (None, Some((charset, 4))) = (forced, utf32(&bytes)) {
        let text =
            decode_utf32(&bytes[4..], charset).map_err(|offset| InputError::Undecodable {
                path: path.to_string(),
                line: None,
                encoding: charset.name(),
                offset: offset + 4,
                suggestion: suggest(&bytes[4..]),
            })?;
        if let Some(offset) = text.find('\0') {
            return Err(InputError::Binary {
                path: path.to_string(),
                line: None,
                offset,
            });
        }
        return Ok((text, charset));
    }
    let (encoding, skip) = match (forced, bom(&bytes)) {
        (Some(e), Some((b, len))) if e == b => (e, len),
        (Some(e), _) => (e, 0),
        (None, Some((e, len))) => (e, len),
        (None, None) => (UTF_8, 0),
    };
    let text = if encoding == UTF_8 {
        let mut bytes = bytes;
        bytes.drain(..skip);
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                return Err(undecodable(e.as_bytes(), UTF_8, path, None));
            }
        }
    } else {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[skip..]);
        if had_errors {
            return Err(undecodable(&bytes[skip..], encoding, path, None));
        }
        text.into_owned()
    };
    if let Some(offset) = text.find('\0') {
        return Err(InputError::Binary {
            path: path.to_string(),
            line: None,
            offset,
        });
    }
    Ok((text, Charset::Whatwg(encoding)))
}

/// The error for bytes that are not valid in `encoding`, with the encoding to try.
pub(crate) fn undecodable(
    bytes: &[u8],
    encoding: &'static Encoding,
    path: &str,
    line: Option<usize>,
) -> InputError {
    let offset = match encoding == UTF_8 {
        true => std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to()),
        false => {
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let mut out = vec![0u8; bytes.len() * 3 + 16];
            let (result, read, _) =
                decoder.decode_to_utf8_without_replacement(bytes, &mut out, true);
            match result {
                encoding_rs::DecoderResult::Malformed(bad, extra) => {
                    read.saturating_sub(bad as usize + extra as usize)
                }
                _ => read,
            }
        }
    };
    let suggestion = suggest(bytes);
    // NUL bytes that are not UTF-16's (or UTF-16 already tried): binary data, whatever a
    // legacy encoding might make of the rest.
    let tried = Encoding::for_label(suggestion.as_bytes()) == Some(encoding);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        if !suggestion.starts_with("utf-16") || tried {
            return InputError::Binary {
                path: path.to_string(),
                line,
                offset: nul,
            };
        }
    }
    InputError::Undecodable {
        path: path.to_string(),
        line,
        encoding: encoding.name(),
        offset,
        suggestion,
    }
}

/// Which encoding to try for bytes that are not UTF-8.
pub(crate) fn suggest(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(1 << 16)];
    let nuls_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let nuls_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // UTF-16 of Latin-script text: NUL bytes in the high halves, on one side only. Bytes with
    // NULs on both sides are no UTF-16 (a program, an image), whatever their share.
    let few = |nuls: usize| nuls <= head.len() / 64;
    if nuls_odd > head.len() / 8 && few(nuls_even) {
        return "utf-16le";
    }
    if nuls_even > head.len() / 8 && few(nuls_odd) {
        return "utf-16be";
    }
    let candidates: [(&'static Encoding, &str); 6] = [
        (encoding_rs::SHIFT_JIS, "shift_jis"),
        (encoding_rs::EUC_KR, "euc-kr"),
        (encoding_rs::GB18030, "gb18030"),
        (encoding_rs::KOI8_R, "koi8-r"),
        (encoding_rs::WINDOWS_1251, "windows-1251"),
        (encoding_rs::WINDOWS_1252, "windows-1252"),
    ];
    let high = head.iter().filter(|b| **b >= 0x80).count();
    // Double-byte encodings: the text must decode cleanly and read as the script they write.
    for (encoding, label) in &candidates[..3] {
        let (text, errors) = encoding.decode_without_bom_handling(head);
        if errors || high < 4 {
            continue;
        }
        let script = text
            .chars()
            .filter(|c| match *label {
                "shift_jis" => {
                    ('\u{3040}'..='\u{30ff}').contains(c) || ('\u{4e00}'..='\u{9fff}').contains(c)
                }
                "euc-kr" => ('\u{ac00}'..='\u{d7a3}').contains(c),
                _ => ('\u{4e00}'..='\u{9fff}').contains(c),
            })
            .count();
        // Korean Hangul must be most of the text (Chinese read as EUC-KR is partly Hangul).
        let share = if *label == "euc-kr" { 8 } else { 5 };
        let kana = text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
        if *label == "shift_jis" && !kana {
            continue;
        }
        let wide = text.chars().filter(|c| !c.is_ascii()).count();
        if script * 10 >= wide * share {
            return label;
        }
    }
    // Cyrillic: KOI8-R puts lower-case letters at 0xC0–0xDF, windows-1251 at 0xE0–0xFF.
    let lower_koi = head.iter().filter(|b| (0xc0..=0xdf).contains(*b)).count();
    let upper = head.iter().filter(|b| **b >= 0xe0).count();
    if high > 16 && high * 2 > head.iter().filter(|b| b.is_ascii_alphabetic()).count() {
        return if lower_koi > upper {
            "koi8-r"
        } else {
            "windows-1251"
        };
    }
    "windows-1252"
}

/// A reader that decodes `encoding` to UTF-8 as it streams (for JSON Lines and CSV in UTF-16
/// or a legacy encoding named with `--encoding`). Malformed input becomes U+FFFD.
pub(crate) struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    done: bool,
}

/// UTF-32 (after its byte-order mark) decoded to UTF-8 as it streams, for JSON Lines and CSV:
/// a unit that is not a Unicode scalar value, or a last unit cut short, becomes U+FFFD, as
/// [`DecodingReader`] does with malformed bytes.
pub(crate) struct Utf32Reader<R> {
    inner: R,
    charset: Charset,
    /// Bytes read but not yet decoded (fewer than 4, or the mark).
    pending: Vec<u8>,
    skip_mark: bool,
    output: Vec<u8>,
    out_start: usize,
    done: bool,
}

impl<R: Read> Utf32Reader<R> {
    pub(crate) fn new(inner: R, charset: Charset) -> Utf32Reader<R> {
        Utf32Reader {
            inner,
            charset,
            pending: Vec::with_capacity(1 << 15),
            skip_mark: true,
            output: Vec::new(),
            out_start: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf32Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.out_start < self.output.len() {
                let n = buf.len().min(self.output.len() - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            let mut chunk = [0u8; 1 << 15];
            let n = self.inner.read(&mut chunk)?;
            self.pending.extend_from_slice(&chunk[..n]);
            if self.skip_mark && self.pending.len() >= 4 {
                self.pending.drain(..4);
                self.skip_mark = false;
            }
            self.output.clear();
            self.out_start = 0;
            let whole = if self.skip_mark {
                0
            } else {
                self.pending.len() / 4 * 4
            };
            for unit in self.pending[..whole].chunks_exact(4) {
                let unit: [u8; 4] = [unit[0], unit[1], unit[2], unit[3]];
                let c = utf32_char(unit, self.charset).unwrap_or(char::REPLACEMENT_CHARACTER);
                let mut utf8 = [0u8; 4];
                self.output
                    .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
            self.pending.drain(..whole);
            if n == 0 {
                if !self.pending.is_empty() && !self.skip_mark {
                    self.output
                        .extend_from_slice(char::REPLACEMENT_CHARACTER.to_string().as_bytes());
                }
                self.pending.clear();
                self.done = true;
            }
        }
    }
}

impl<R: Read> DecodingReader<R> {
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> DecodingReader<R> {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 1 << 15],
            start: 0,
            end: 0,
            output: vec![0; (1 << 15) * 3 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.out_start = 0;
            self.out_end = written;
            self.done = self.eof && self.start == self.end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_every_dialect() {
        let feed = Sniffed::Sure(InputFormat::Feed);
        for doc in [
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>",
            "<rdf:RDF xmlns:rdf=\"x\"><channel/></rdf:RDF>",
            "<?xml version=\"1.0\"?><!-- c --><feed version=\"0.3\"></feed>",
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}",
        ] {
            assert_eq!(sniff(doc.as_bytes()), feed, "{doc}");
        }
        assert_eq!(
            sniff(b"\n<!DOCTYPE html><p>x"),
            Sniffed::Sure(InputFormat::Html)
        );
        assert_eq!(sniff(b"{\"title\":1}\n"), Sniffed::Sure(InputFormat::Jsonl));
        assert_eq!(
            sniff(b"id,title,body\n1,a,b\n"),
            Sniffed::Likely(InputFormat::Csv)
        );
        assert_eq!(
            sniff(b"A headline, of sorts\n\nBody."),
            Sniffed::Likely(InputFormat::Text)
        );
        let utf16: Vec<u8> = "\u{feff}<rss><channel/></rss>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(sniff(&utf16), feed);
    }

    #[test]
    fn decoding_reader_streams_utf16() {
        let text = "\u{feff}{\"title\":\"Ünïcode\"}\n".repeat(5000);
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let mut out = String::new();
        DecodingReader::new(&bytes[..], UTF_16BE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text.replacen('\u{feff}', "", 1));
    }

    #[test]
    fn utf32_reader_streams_both_byte_orders_in_any_chunking() {
        /// Hands out at most `n` bytes a read, so units and the mark straddle reads.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text = "{\"title\":\"Ünïcode 🚋\"}\n".repeat(3000);
        for (charset, name) in [(Charset::Utf32Le, "LE"), (Charset::Utf32Be, "BE")] {
            let bytes: Vec<u8> = std::iter::once('\u{feff}')
                .chain(text.chars())
                .flat_map(|c| match charset {
                    Charset::Utf32Be => (c as u32).to_be_bytes(),
                    _ => (c as u32).to_le_bytes(),
                })
                .collect();
            assert_eq!(utf32_bom(&bytes), Some(charset), "{name}");
            assert_eq!(not_text(&bytes), None, "{name}: a walk keeps it");
            for chunk in [1, 3, 5, 1 << 16] {
                let mut out = String::new();
                Utf32Reader::new(Trickle(&bytes, chunk), charset)
                    .read_to_string(&mut out)
                    .unwrap();
                assert_eq!(out, text, "{name}, {chunk}-byte reads");
            }
        }
        // A unit that is no scalar value, and a last unit cut short, become U+FFFD.
        let bad = [0xff, 0xfe, 0, 0, b'a', 0, 0, 0, 0, 0xd8, 0, 0, b'b', 0];
        let mut out = String::new();
        Utf32Reader::new(&bad[..], Charset::Utf32Le)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "a\u{fffd}\u{fffd}");
        // UTF-16LE's mark alone is not UTF-32's.
        assert_eq!(utf32_bom(&[0xff, 0xfe, b'a', 0]), None);
    }

    #[test]
    fn suggests_the_likely_encoding() {
        let (koi, _, _) = encoding_rs::KOI8_R.encode("Привет, как дела у всех сегодня вечером");
        assert_eq!(suggest(&koi), "koi8-r");
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode("こんにちは、ニュースです。ひらがな");
        assert_eq!(suggest(&sj), "shift_jis");
        assert_eq!(suggest(b"caf\xe9 cr\xe8me"), "windows-1252");
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn utf32_is_recognised_and_decoded() {
        let le: Vec<u8> = "<a>é🚋"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(utf32(&le), Some((Charset::Utf32Le, 0)));
        assert_eq!(decode_utf32(&le, Charset::Utf32Le).unwrap(), "<a>é🚋");
        let be: Vec<u8> = "\u{feff}<a>"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        assert_eq!(utf32(&be), Some((Charset::Utf32Be, 4)));
        // UTF-16 is not mistaken for it.
        assert_eq!(utf32(b"<\0r\0"), None);
        assert_eq!(utf32(b"\xff\xfe<\0"), None);
        // A surrogate, a code point past U+10FFFF, a unit cut short: the offset.
        assert_eq!(
            decode_utf32(&[0x3c, 0, 0, 0, 0, 0xd8, 0, 0], Charset::Utf32Le),
            Err(4)
        );
        assert_eq!(decode_utf32(&[0, 0x11, 0, 0], Charset::Utf32Be), Err(0));
        assert_eq!(
            decode_utf32(&[0x3c, 0, 0, 0, 0x3c], Charset::Utf32Le),
            Err(4)
        );
        let (text, charset) = decode_markup(&be, None, "f").unwrap();
        assert_eq!((text.as_str(), charset.name()), ("<a>", "UTF-32BE"));
    }

    #[test]
    fn declared_encodings_outside_whatwg() {
        assert_eq!(for_label("windows_1250"), Some(encoding_rs::WINDOWS_1250));
        assert_eq!(for_label(" MS-Cyrl "), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(for_label("cp437"), None);
        let e = decode_markup(
            b"<?xml version='1.0' encoding='cp850'?><rss>\x82</rss>",
            None,
            "f.xml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`cp850`") && e.contains("iconv -f CP850"), "{e}");
        let (text, _) = decode_markup(
            b"<?xml version='1.0' encoding='cp850'?><rss/>",
            None,
            "f.xml",
        )
        .unwrap();
        assert_eq!(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>");
    }
}
