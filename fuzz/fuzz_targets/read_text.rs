//! A plain-text article as pasted: kicker, headline detection and dateline on any string.
//! No panic; the kicker, headline and body are pieces of the input; then every invariant of
//! `explain` holds.
#![no_main]

use hypecheck::{Article, HeadlineMode, Source};
use hypecheck_fuzz::{invariants, must, HYPECHECK};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mode in [HeadlineMode::Auto, HeadlineMode::FirstLine, HeadlineMode::None] {
        let Ok(article) = Article::from_plain_text_with(&text, Source::file("fuzz.txt"), mode) else {
            continue;
        };
        for part in [article.kicker.as_deref(), article.title.as_deref(), Some(article.body.as_str())] {
            if let Some(part) = part {
                assert!(text.contains(part), "{part:?} is not in the input");
            }
        }
        must(invariants::check_article(&HYPECHECK, &article), &article);
    }
});
