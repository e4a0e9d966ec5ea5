//! Lexicon files: `Lexicons::from_dir` on a directory holding one lexicon file or the context
//! rules (the first byte picks which, the rest is its contents) loads or fails with an error naming the file,
//! never panics; lexicons that load analyse text into valid spans.
#![no_main]

use hypecheck::lexicon::{LexiconKind, CONTEXT_RULES_FILE};
use hypecheck::{Analyzer, Article};
use hypecheck_fuzz::{invariants, must};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;

static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("hypecheck-fuzz-lexicons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the lexicon directory");
    dir
});

const TEXT: &str = "BREAKING: Officials said the U.S. plan was \"the biggest ever\", Dr. Smith told Reuters on May 3. You won't believe it!!! I think it's stunning 😱.";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, contents)) = data.split_first() else {
        return;
    };
    // One more pick than lexicons: the context rules file.
    let name = LexiconKind::ALL
        .get(pick as usize % (LexiconKind::ALL.len() + 1))
        .map_or(CONTEXT_RULES_FILE, |kind| kind.file_name());
    for entry in std::fs::read_dir(&*DIR).expect("list the lexicon directory") {
        std::fs::remove_file(entry.expect("a directory entry").path()).expect("clean up");
    }
    let path = DIR.join(name);
    std::fs::write(&path, contents).expect("write the lexicon");
    let analyzer = match Analyzer::with_lexicons_dir(&DIR) {
        Ok(analyzer) => analyzer,
        Err(e) => {
            let shown = path.display().to_string();
            assert!(
                e.to_string().starts_with(&shown),
                "error without the file: {e}"
            );
            return;
        }
    };
    // The lexicon's own text as an article too: its entries are sure to match.
    let own = String::from_utf8_lossy(contents);
    for article in [
        Article::new("a", Some(TEXT.into()), TEXT),
        Article::new("b", Some(own.to_string()), own.to_string()),
    ] {
        let doc = analyzer.document(&article);
        must(invariants::check_analysis(&doc.title, "title"), &article);
        must(invariants::check_analysis(&doc.body, "body"), &article);
        must(
            invariants::check_features(&article, &analyzer.features(&doc)),
            &article,
        );
    }
});
