//! Helpers shared by the fuzz targets.

use hypecheck::input::{self, InputFormat};
use hypecheck::{Article, Hypecheck};
use std::path::PathBuf;
use std::sync::LazyLock;

/// The invariants the test suite checks too.
#[path = "../../tests/common/invariants.rs"]
pub mod invariants;

/// The shipped models and lexicons, built once per process.
pub static HYPECHECK: LazyLock<Hypecheck> =
    LazyLock::new(|| Hypecheck::new().expect("the shipped models load"));

/// Panics with the violation, so libFuzzer records the input as a crash.
pub fn must(check: Result<(), String>, input: &dyn std::fmt::Debug) {
    if let Err(e) = check {
        panic!("invariant violated: {e}\ninput: {input:?}");
    }
}

/// Splits fuzz bytes into an article: the title before the first NUL, the body after it.
/// Invalid UTF-8 is replaced, so the extractor sees any string.
pub fn article(data: &[u8]) -> Article {
    let text = String::from_utf8_lossy(data);
    let (title, body) = text.split_once('\0').unwrap_or((&text, ""));
    Article::new("fuzz", Some(title.to_string()), body)
}

/// A file of this process for the fuzz input, named with `extension`.
pub fn temp_file(extension: &str) -> PathBuf {
    std::env::temp_dir().join(format!("hypecheck-fuzz-{}.{extension}", std::process::id()))
}

/// Writes `data` to a temporary file and reads it in `format`: opening it and every item it
/// yields must be a record from that file or an error naming the file. Never a panic.
pub fn read_as(format: InputFormat, extension: &str, data: &[u8]) {
    read_with(Some(format), extension, data)
}

/// [`read_as`] with the format detected from the content and the extension, as the command
/// line does without `--input-format`.
pub fn read_detected(extension: &str, data: &[u8]) {
    read_with(None, extension, data)
}

fn read_with(format: Option<InputFormat>, extension: &str, data: &[u8]) {
    let path = temp_file(extension);
    std::fs::write(&path, data).expect("write the fuzz input");
    let shown = path.to_str().expect("a UTF-8 temp path").to_string();
    let names_the_file = |e: &hypecheck::InputError| {
        assert_eq!(e.path(), shown, "error for another file: {e}");
        assert!(
            e.to_string().starts_with(&shown),
            "error without the file: {e}"
        );
    };
    match input::open(&shown, format) {
        Err(e) => names_the_file(&e),
        Ok(records) => {
            for item in records {
                match item {
                    Ok(record) => {
                        let a = &record.article;
                        assert_eq!(a.source.path, shown);
                        assert!(!a.is_empty(), "an empty article was yielded: {a:?}");
                    }
                    Err(e) => {
                        names_the_file(&e);
                        if let Some(n) = e.record() {
                            assert!(n >= 1, "record numbers are 1-based: {e}");
                        }
                    }
                }
            }
        }
    }
}
