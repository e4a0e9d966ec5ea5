//! The feature extractor and `Hypecheck::explain` on any string: the title before the first
//! NUL byte, the body after it. No panic; spans valid; scores finite in [0, 1]; contributions
//! add up to the logit; tokens and sentences well formed.
#![no_main]

use hypecheck_fuzz::{article, invariants, must, HYPECHECK};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let article = article(data);
    must(invariants::check_article(&HYPECHECK, &article), &article);
});
