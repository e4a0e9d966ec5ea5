//! Static word vectors for training the body model: one vector per WordPiece piece.
//!
//! The vectors are the input embeddings of all-MiniLM-L6-v2 (sentence-transformers; Wang et
//! al., "MiniLM", NeurIPS 2020; Reimers and Gurevych, "Sentence-BERT", EMNLP 2019;
//! Apache-2.0), reduced to their principal components and quantised by
//! `scripts/word_vectors.py` into `models/word_vectors/` (see its README). They are embedded
//! in the binary for training only: a trained body model keeps one weight per piece, the
//! vectors' dot product with the direction it learned.
//!
//! `pieces.bin`, little-endian: `HCWV`, `u32` version 1, `u32` rows, `u32` dims, a `f32`
//! scale per dimension, then `rows × dims` `i8`, row-major (a value is `i8 × scale`).

use crate::error::TrainError;
use crate::features::word_pieces::WordPieces;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

const PIECES_BIN: &[u8] = include_bytes!("../../models/word_vectors/pieces.bin");
const VOCAB_TXT: &str = include_str!("../../models/word_vectors/vocab.txt");

/// Where the shipped vectors live in the repository (named in errors and in model files).
pub const PATH: &str = "models/word_vectors/pieces.bin";

/// One vector per piece of a WordPiece vocabulary.
#[derive(Clone, Debug)]
pub struct WordVectors {
    pieces: WordPieces,
    dims: usize,
    /// `rows × dims`, row-major.
    values: Vec<f32>,
    sha256: String,
}

impl WordVectors {
    /// The vectors shipped in the binary.
    pub fn shipped() -> Result<&'static WordVectors, TrainError> {
        static SHIPPED: OnceLock<Result<WordVectors, String>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| WordVectors::parse(PIECES_BIN, VOCAB_TXT))
            .as_ref()
            .map_err(|message| TrainError::WordVectors {
                path: PATH,
                message: message.clone(),
            })
    }

    /// Reads `pieces.bin` and its `vocab.txt` (one piece per line, in row order).
    pub fn parse(bin: &[u8], vocab: &str) -> Result<WordVectors, String> {
        let u32_at = |at: usize| -> Result<u32, String> {
            bin.get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(|| format!("truncated at byte {at}"))
        };
        if bin.get(..4) != Some(b"HCWV") {
            return Err("does not start with `HCWV`".into());
        }
        if u32_at(4)? != 1 {
            return Err(format!("version {} (this build reads 1)", u32_at(4)?));
        }
        let (rows, dims) = (u32_at(8)? as usize, u32_at(12)? as usize);
        let lines: Vec<&str> = vocab.lines().collect();
        if lines.len() != rows {
            return Err(format!(
                "{rows} rows but {} pieces in vocab.txt",
                lines.len()
            ));
        }
        let scales_at = 16;
        let values_at = scales_at + 4 * dims;
        if bin.len() != values_at + rows * dims {
            return Err(format!(
                "{} bytes, expected {} for {rows} x {dims}",
                bin.len(),
                values_at + rows * dims
            ));
        }
        let scales: Vec<f32> = bin[scales_at..values_at]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if scales.iter().any(|s| !s.is_finite()) {
            return Err("a dimension's scale is not finite".into());
        }
        let values = bin[values_at..]
            .iter()
            .enumerate()
            .map(|(i, &q)| q as i8 as f32 * scales[i % dims])
            .collect();
        Ok(WordVectors {
            pieces: WordPieces::new(lines),
            dims,
            values,
            sha256: format!("{:x}", Sha256::digest(bin)),
        })
    }

    /// The vocabulary.
    pub fn pieces(&self) -> &WordPieces {
        &self.pieces
    }

    /// Dimensions per vector.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The vector of a piece.
    pub fn vector(&self, piece: u32) -> &[f32] {
        let at = piece as usize * self.dims;
        &self.values[at..at + self.dims]
    }

    /// SHA-256 of `pieces.bin`.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_vectors_parse_and_cover_their_vocabulary() {
        let v = WordVectors::shipped().unwrap();
        assert_eq!(v.values.len(), v.pieces().len() * v.dims());
        assert!(v.pieces().get("[UNK]").is_some());
        // Related words lie closer than unrelated ones.
        let of = |w: &str| v.vector(v.pieces().get(w).unwrap()).to_vec();
        let cos = |a: &[f32], b: &[f32]| {
            let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
            let norm = |x: &[f32]| x.iter().map(|v| v * v).sum::<f32>().sqrt();
            dot / (norm(a) * norm(b))
        };
        assert!(cos(&of("outrageous"), &of("shocking")) > cos(&of("outrageous"), &of("tuesday")));
    }

    #[test]
    fn bad_files_are_refused() {
        let good = {
            let mut b = b"HCWV".to_vec();
            for v in [1u32, 2, 1] {
                b.extend(v.to_le_bytes());
            }
            b.extend(0.5f32.to_le_bytes());
            b.extend([2u8, 254]);
            b
        };
        let v = WordVectors::parse(&good, "a\nb\n").unwrap();
        assert_eq!(v.vector(1), [-1.0]);
        let table: &[(&str, Vec<u8>, &str)] = &[
            ("magic", b"XXXX".to_vec(), "HCWV"),
            ("truncated", good[..10].to_vec(), "truncated"),
            ("short values", good[..good.len() - 1].to_vec(), "bytes"),
        ];
        for (name, bin, expected) in table {
            let e = WordVectors::parse(bin, "a\nb\n").unwrap_err();
            assert!(e.contains(expected), "{name}: {e}");
        }
        let e = WordVectors::parse(&good, "a\n").unwrap_err();
        assert!(e.contains("vocab.txt"), "{e}");
    }
}
