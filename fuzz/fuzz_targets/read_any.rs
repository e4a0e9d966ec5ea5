//! Any bytes under a generic name (`.xml`, `.txt`, `.json`, none), the format sniffed from the
//! content and the encoding from its byte-order mark, XML declaration or `<meta charset>`:
//! every item is a record or an error naming the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (extension, data) = match data.split_first() {
        Some((b, rest)) => (["xml", "txt", "json", "rdf", "html", "bin"][*b as usize % 6], rest),
        None => ("xml", data),
    };
    hypecheck_fuzz::read_detected(extension, data);
});
