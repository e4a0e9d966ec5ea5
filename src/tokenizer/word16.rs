//! Up to 16 bytes of ASCII in one machine word: the tokenizer and the style statistics read
//! short words whole instead of looping over their bytes.

/// At most 16 bytes as one little-endian word, zero past them, from two loads that may overlap
/// (the same bytes twice, so or-ing them changes nothing) rather than a copy into a padded
/// array: the end of a text, and a short buffer, take no call to `memcpy`.
fn short_bytes(b: &[u8]) -> u128 {
    let n = b.len();
    let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as u128;
    let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u128;
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8])) as u128;
    match n {
        0 => 0,
        1 => b[0] as u128,
        2..=3 => u16_at(0) | u16_at(n - 2) << (8 * (n - 2)),
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        8..=16 => u64_at(0) | u64_at(n - 8) << (8 * (n - 8)),
        _ => short_bytes(&b[..16]),
    }
}

/// A word of at most 15 bytes as one key, its bytes and its length: two words have the same
/// key only when they are the same word, so a table keyed by it needs no text compared.
/// `None` for a longer word. `start` is where the word begins in `buffer` (a window of 16
/// bytes is read at once where the buffer has one). Two `u64`s rather than a `u128`, whose
/// alignment would pad a table's entries to 32 bytes.
pub(crate) fn short_word(buffer: &[u8], start: usize, len: usize) -> Option<ShortWord> {
    (len <= 15).then(|| {
        let word = Word16::load(buffer, start, len).get() | ((len as u128) << 120);
        [word as u64, (word >> 64) as u64]
    })
}

/// A word of at most 15 bytes: [`short_word`].
pub(crate) type ShortWord = [u64; 2];

/// Up to 16 bytes of ASCII as one little-endian word, zero past its length: its letters are
/// told apart by arithmetic on all bytes at once (no byte exceeds 0x7F, so no sum carries
/// from one byte into the next).
#[derive(Clone, Copy)]
pub(crate) struct Word16 {
    word: u128,
    len: usize,
}

impl Word16 {
    /// Each byte's copy of `b`.
    const fn splat(b: u8) -> u128 {
        u128::from_le_bytes([b; 16])
    }
    /// The top bit of every byte.
    const HIGH: u128 = Word16::splat(0x80);

    /// `len` (at most 16) bytes of `bytes` from `start`.
    pub(crate) fn load(bytes: &[u8], start: usize, len: usize) -> Word16 {
        let word = match bytes.get(start..start + 16) {
            Some(window) => u128::from_le_bytes(window.try_into().unwrap_or([0; 16])),
            None => short_bytes(&bytes[start..start + len]),
        };
        Word16 {
            word: word & low_bytes(len),
            len,
        }
    }

    /// 16 bytes, when they are all ASCII.
    pub(crate) fn ascii(window: &[u8]) -> Option<Word16> {
        let word = u128::from_le_bytes(window.try_into().ok()?);
        (word & Word16::HIGH == 0).then_some(Word16 { word, len: 16 })
    }

    /// Its first `len` bytes (at most its length).
    pub(crate) fn first(self, len: usize) -> Word16 {
        Word16 {
            word: self.word & low_bytes(len),
            len,
        }
    }

    /// Its length in bytes.
    pub(crate) fn len(self) -> usize {
        self.len
    }

    /// Its first byte.
    pub(crate) fn first_byte(self) -> u8 {
        self.word as u8
    }

    /// The word itself.
    pub(crate) fn get(self) -> u128 {
        self.word
    }

    /// The top bit of each byte that is not a word character: an ASCII letter, digit or `_`.
    pub(crate) fn non_word_bytes(self) -> u128 {
        let word = self.in_range(b'a', b'z')
            | self.in_range(b'A', b'Z')
            | self.in_range(b'0', b'9')
            | self.in_range(b'_', b'_');
        !word & Word16::HIGH
    }

    /// The top bit of each byte that is at least `low` and at most `high`.
    fn in_range(self, low: u8, high: u8) -> u128 {
        let at_least_low = self.word + Word16::splat(0x80 - low);
        let above_high = self.word + Word16::splat(0x7F - high);
        at_least_low & !above_high & Word16::HIGH
    }

    /// How many capitals, counted up to 2 (all a shape needs to know, and no population
    /// count, which baseline x86-64 lacks).
    pub(crate) fn capitals_up_to_2(self) -> usize {
        up_to_2(self.in_range(b'A', b'Z'))
    }

    /// How many lower-case letters, counted up to 2.
    pub(crate) fn lower_case_up_to_2(self) -> usize {
        up_to_2(self.in_range(b'a', b'z'))
    }

    /// The bytes lower-cased: 0x20 added to each capital.
    pub(crate) fn lowered(self) -> u128 {
        self.word | self.in_range(b'A', b'Z') >> 2
    }
}

/// The number of bits set in `mask`, or 2 when there are more.
fn up_to_2(mask: u128) -> usize {
    match mask {
        0 => 0,
        _ if mask & (mask - 1) == 0 => 1,
        _ => 2,
    }
}

/// All bits of the first `len` bytes (at most 16).
fn low_bytes(len: usize) -> u128 {
    if len >= 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_load_is_the_bytes_zero_padded_wherever_the_buffer_ends() {
        let text: Vec<u8> = (1..=40u8).collect();
        for start in 0..text.len() {
            for len in 0..=16.min(text.len() - start) {
                // Cut the buffer right after the word, and leave it long: both ways.
                for buffer in [&text[..start + len], &text[..]] {
                    let mut padded = [0u8; 16];
                    padded[..len].copy_from_slice(&text[start..start + len]);
                    let expected = u128::from_le_bytes(padded);
                    let got = Word16::load(buffer, start, len).get();
                    assert_eq!(got, expected, "start {start} len {len} of {}", buffer.len());
                }
            }
        }
    }
}
