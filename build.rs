//! Digests of the shipped models, computed once at build time: hashing the embedded model
//! text (megabytes for the headline model) at every start-up cost more than the rest of it.
//! `HYPECHECK_SHA256_<NAME>` is the SHA-256 of `models/<name>.json`'s bytes in lower-case
//! hex, the same as the digest a model given by `--model` gets when it is read.

use sha2::{Digest, Sha256};

const MODELS: [&str; 4] = ["sensationalism", "quality", "headline", "body"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for name in MODELS {
        let path = format!("models/{name}.json");
        println!("cargo:rerun-if-changed={path}");
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                // The build stops here, as include_str! of the same file would.
                println!("cargo:warning={path}: cannot read the model: {e}");
                std::process::exit(1);
            }
        };
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        println!(
            "cargo:rustc-env=HYPECHECK_SHA256_{}={hex}",
            name.to_ascii_uppercase()
        );
    }
}
