//! The README's sample of the human output is the real output: this test fails when a model,
//! a feature or the view changes it. `UPDATE_README=1 cargo test --release --test readme`
//! writes the current output into the README instead.

use std::path::Path;
use std::process::Command;

/// The command shown in the README's sample, after `$ hypecheck `.
const SAMPLE: &str = "score examples/tabloid.txt";

fn readme_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The sample block's text after its `$ hypecheck …` line: its byte range in the README.
fn sample_range(readme: &str) -> std::ops::Range<usize> {
    let opening = format!("```console\n$ hypecheck {SAMPLE}\n");
    let start = readme
        .find(&opening)
        .unwrap_or_else(|| panic!("README.md has no block opening with {opening:?}"))
        + opening.len();
    let end = start
        + readme[start..]
            .find("```\n")
            .expect("the sample block is closed");
    start..end
}

fn real_output() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hypecheck"))
        .args(["--color", "never"])
        .args(SAMPLE.split(' '))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("hypecheck runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    // The block ends at its closing fence: no blank last line.
    format!("{}\n", text.trim_end())
}

#[test]
fn the_readme_sample_is_the_real_output() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let range = sample_range(&readme);
    let real = real_output();
    if std::env::var_os("UPDATE_README").is_some() {
        let mut updated = readme.clone();
        updated.replace_range(range, &real);
        std::fs::write(readme_path(), updated).unwrap();
        return;
    }
    let shown = &readme[range];
    if shown != real {
        let first = shown
            .lines()
            .zip(real.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(shown.lines().count().min(real.lines().count()));
        panic!(
            "README.md's sample of `hypecheck {SAMPLE}` differs from the real output from line {} \
             of the block; regenerate it with `UPDATE_README=1 cargo test --release --test readme`.\n\
             README: {:?}\nreal:   {:?}",
            first + 1,
            shown.lines().nth(first),
            real.lines().nth(first)
        );
    }
}
