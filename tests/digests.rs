//! The shipped models' digests are computed at build time (`build.rs`); a report's must be
//! the SHA-256 of the model files' text, as for a model given by `--model`.

use hypecheck::{Article, Hypecheck};
use sha2::{Digest, Sha256};

#[test]
fn shipped_digests_are_the_model_files_sha256() {
    let hc = Hypecheck::new().unwrap();
    let r = hc.score(&Article::new("t", Some("A headline".into()), "A body."));
    let models = &r.provenance.models;
    for name in ["sensationalism", "quality", "headline", "body"] {
        let path = format!("{}/models/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let runtime = format!("sha256:{:x}", Sha256::digest(text.as_bytes()));
        assert_eq!(models.get(name), Some(&runtime), "{name}");
    }
}
