//! The JSON Lines reader on any bytes: every item is a record or an error naming the file.
#![no_main]

use hypecheck::input::InputFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hypecheck_fuzz::read_as(InputFormat::Jsonl, "jsonl", data);
});
