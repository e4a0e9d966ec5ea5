//! Shell manners: no input on a terminal, broken pipes, `--color`, completions, the man page,
//! exit codes in `--help`, errors said once, `features --format`, and `train` never
//! overwriting a model unasked.

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Read;
use std::process::Stdio;

fn hypecheck() -> Command {
    Command::cargo_bin("hypecheck").unwrap()
}

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("hypecheck")
        .to_string_lossy()
        .into_owned()
}

/// Runs `command` with a pseudo-terminal as stdin and stdout (util-linux `script`), returning
/// its exit code and output; `None` where `script` is not available.
fn on_terminal(command: &str, env: &[(&str, &str)]) -> Option<(i32, String)> {
    let available = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: `script` (util-linux) is not available");
        return None;
    }
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", command, "/dev/null"])
        .stdin(Stdio::null())
        .env_remove("NO_COLOR");
    for (k, v) in env {
        script.env(k, v);
    }
    let out = script.output().unwrap();
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn no_input_on_a_terminal_is_a_usage_error_not_a_silent_wait() {
    for command in ["score", "explain", "triage"] {
        let started = std::time::Instant::now();
        let Some((code, out)) = on_terminal(&format!("timeout 10 {} {command}", bin()), &[]) else {
            return;
        };
        assert_eq!(code, 2, "{command}: {out}");
        assert!(out.contains("no input"), "{command}: {out}");
        assert!(out.contains("Usage:"), "{command}: {out}");
        assert!(out.contains(&format!("hypecheck {command}")), "{out}");
        assert!(started.elapsed() < std::time::Duration::from_secs(8));
    }
}

#[test]
fn without_inputs_a_pipe_on_stdin_is_read() {
    hypecheck()
        .args(["score", "--format", "jsonl"])
        .write_stdin("Council approves bus lane plan\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"Council approves bus lane plan\"",
        ));
}

/// Spawns hypecheck with `args`, reads `keep` bytes of its stdout, closes the pipe, and
/// returns its exit code and stderr.
fn close_early(args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = std::process::Command::cargo_bin("hypecheck")
        .unwrap()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_pipe_is_a_quiet_exit_0() {
    // Far more output than a pipe holds, so the writes after the close must fail.
    let many: Vec<&str> = std::iter::repeat_n(
        [
            "examples/tabloid.txt",
            "examples/wire-report.txt",
            "examples/opinion.txt",
        ],
        40,
    )
    .flatten()
    .collect();
    for format in ["human", "json", "jsonl", "csv", "html"] {
        let mut args = vec!["explain", "--format", format];
        args.extend(&many);
        let (code, stderr) = close_early(&args, 100);
        assert_eq!(code, Some(0), "explain --format {format}: {stderr}");
        assert_eq!(stderr, "", "explain --format {format}");
    }
    let mut args = vec!["score", "--format", "jsonl"];
    args.extend(&many);
    let (code, stderr) = close_early(&args, 10);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    // Triage items are short: more of them.
    let mut args = vec!["triage", "--format", "jsonl"];
    for _ in 0..8 {
        args.extend(&many);
    }
    let (code, stderr) = close_early(&args, 10);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, stderr) = close_early(&["features"], 10);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, stderr) = close_early(&["man"], 10);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

#[test]
fn color_follows_the_flag_the_terminal_and_no_color() {
    let escape = "\u{1b}[";
    let piped = |color: Option<&str>, no_color: bool| {
        let mut cmd = hypecheck();
        cmd.arg("score").env_remove("NO_COLOR");
        if let Some(c) = color {
            cmd.args(["--color", c]);
        }
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.arg("examples/tabloid.txt").assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    assert!(!piped(None, false).contains(escape), "auto into a pipe");
    assert!(!piped(Some("never"), false).contains(escape));
    assert!(piped(Some("always"), false).contains(escape));
    assert!(
        piped(Some("always"), true).contains(escape),
        "the flag wins"
    );
    // The flag goes before the command too.
    let out = hypecheck()
        .args(["--color", "always", "score", "examples/tabloid.txt"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains(escape));
    hypecheck()
        .args(["score", "--color", "sometimes", "examples/tabloid.txt"])
        .assert()
        .code(2);
    // On a terminal: colour unless NO_COLOR, or --color never.
    let command = format!("{} score examples/tabloid.txt", bin());
    let Some((code, out)) = on_terminal(&command, &[]) else {
        return;
    };
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(escape), "{out}");
    let (_, out) = on_terminal(&command, &[("NO_COLOR", "1")]).unwrap();
    assert!(!out.contains(escape), "{out}");
    let (_, out) = on_terminal(&format!("{command} --color never"), &[]).unwrap();
    assert!(!out.contains(escape), "{out}");
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_hypecheck()"),
        ("zsh", "#compdef hypecheck"),
        ("fish", "complete -c hypecheck"),
        ("elvish", "hypecheck"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = hypecheck()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8(out).unwrap();
        assert!(script.contains(marker), "{shell}");
        for word in ["triage", "no-ignore", "glob", "timeout", "color"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    hypecheck().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_in_roff() {
    let page = hypecheck().arg("man").assert().success();
    let page = String::from_utf8_lossy(&page.get_output().stdout).into_owned();
    assert!(page.contains(".TH hypecheck 1"), "{page}");
    assert!(page.contains("Exit codes"), "{page}");
    assert!(page.contains("triage"));
    let page = hypecheck().args(["man", "triage"]).assert().success();
    let page = String::from_utf8_lossy(&page.get_output().stdout).into_owned();
    assert!(
        page.contains(".TH hypecheck\\-triage 1") || page.contains(".TH hypecheck-triage 1"),
        "{page}"
    );
    assert!(page.contains("fail\\-above"), "{page}");
    hypecheck()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no command `nope`"));
}

#[test]
fn exit_codes_are_in_the_top_level_help() {
    let help = hypecheck().arg("--help").assert().success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
    assert!(help.contains("Exit codes:"), "{help}");
    for line in [
        "  0  every input",
        "  1  triage --fail-above",
        "  2  an error",
    ] {
        assert!(help.contains(line), "{line}: {help}");
    }
    for command in ["score", "explain"] {
        hypecheck()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Exit codes:"));
    }
}

#[test]
fn every_error_is_said_once() {
    let once = |args: &[&str], needle: &str| {
        let out = hypecheck().args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(stderr.matches(needle).count(), 1, "{stderr}");
        stderr
    };
    let stderr = once(
        &[
            "score",
            "--model",
            "no-such-model.json",
            "examples/headline.txt",
        ],
        "No such file or directory",
    );
    assert!(stderr.contains("no-such-model.json"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    once(
        &["score", "no-such-article.txt"],
        "No such file or directory",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let stderr = once(
        &[
            "train",
            "--target",
            "headline",
            "--data",
            "no-such-data.jsonl",
            "--out",
            out.to_str().unwrap(),
        ],
        "No such file or directory",
    );
    assert!(stderr.contains("no-such-data.jsonl"), "{stderr}");
}

#[test]
fn features_in_every_format() {
    let json = hypecheck()
        .args(["features", "--format", "json"])
        .assert()
        .success();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert!(list.len() > 40);
    let csv = hypecheck()
        .args(["features", "--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&csv.get_output().stdout).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["name", "family", "unit", "doc"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), list.len());
    assert_eq!(rows[0][0], list[0]["name"].as_str().unwrap().to_string());
    assert_eq!(rows[0][1], list[0]["family"].as_str().unwrap().to_string());
    let jsonl = hypecheck()
        .args(["features", "--format", "jsonl"])
        .assert()
        .success();
    let lines = String::from_utf8_lossy(&jsonl.get_output().stdout).into_owned();
    assert_eq!(lines.lines().count(), list.len());
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first, list[0]);
    // A format a command has no use for is refused, not ignored.
    hypecheck()
        .args(["features", "--format", "html"])
        .assert()
        .code(2);
    hypecheck()
        .args([
            "eval",
            "--judgments",
            "devset/judgments.csv",
            "--format",
            "csv",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[possible values: human, json]"));
}

fn train(dir: &std::path::Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let data = std::env::current_dir()
        .unwrap()
        .join("training_data/sensationalism.jsonl");
    hypecheck()
        .current_dir(dir)
        .args([
            "train",
            "--target",
            "headline",
            "--folds",
            "2",
            "--vocabulary-size",
            "50",
        ])
        .arg("--data")
        .arg(data)
        .args(extra)
        .assert()
}

#[test]
fn train_writes_to_the_working_directory_and_never_overwrites_unasked() {
    let dir = tempfile::tempdir().unwrap();
    // Without --out: ./headline.json, not models/headline.json.
    train(dir.path(), &[]).success();
    let written = dir.path().join("headline.json");
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert_eq!(model["target"], "headline");
    // Again: refused, naming the file and the way out; the file is untouched.
    std::fs::write(&written, "keep me").unwrap();
    train(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains(
            "headline.json: already exists; pass `--force` to replace it",
        ));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "keep me");
    // --out to an existing file: refused too.
    let other = dir.path().join("other.json");
    std::fs::write(&other, "mine").unwrap();
    train(dir.path(), &["--out", "other.json"])
        .code(2)
        .stderr(predicate::str::contains("other.json: already exists"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");
    // --force replaces it.
    train(dir.path(), &["--force"]).success();
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert_eq!(model["target"], "headline");
}
