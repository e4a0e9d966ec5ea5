//! The `hypecheck` command line: a thin layer over the library.

use anyhow::{bail, Context};
use clap::{Args, CommandFactory, Parser, Subcommand};
use hypecheck::batch;
use hypecheck::features::Feature;
use hypecheck::input::{self, InputFormat};
use hypecheck::model::Target;
use hypecheck::render::{self, Format, HumanOptions};
use hypecheck::train::solver::Solver;
use hypecheck::train::{self, TrainParams, TrainingData};
use hypecheck::train::{body, evaluate};
use hypecheck::triage::{self, ErrorRecord, RankBy};
use hypecheck::HeadlineMode;
use hypecheck::{Analyzer, Hypecheck, Model};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::OnceCell;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// The exit codes, shown in `--help` and the man page.
const EXIT_CODES: &str = "\
Exit codes:
  0  every input was scored (or the output's reader closed the pipe early)
  1  triage --fail-above P: some item's sensationalism is above P
  2  an error: bad arguments, no input, an unreadable model, or an input that could not be
     read or fetched (every good input was still scored; each error names the file or URL)";

#[derive(Parser)]
#[command(
    name = "hypecheck",
    version,
    about = "Scores how sensational news language is and how well it is sourced, and says why.",
    after_help = EXIT_CODES
)]
struct Cli {
    /// When to colour human output: `auto` on a terminal unless NO_COLOR is set, `always`,
    /// or `never`.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless the NO_COLOR environment variable is set (and not empty).
    Auto,
    /// Always, even into a pipe or with NO_COLOR.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a terminal (`tty`) or not.
    fn enabled(self, tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Score articles: sensationalism, quality, labels and the top reasons.
    #[command(after_help = EXIT_CODES)]
    Score(ScoreArgs),
    /// Explain each score: every contribution and the words behind it.
    #[command(after_help = EXIT_CODES)]
    Explain(ScoreArgs),
    /// Rank many items so those needing attention come first, flag them, and sum up.
    ///
    /// Exit code: 0, or 1 when --fail-above is given and any item's sensationalism is above
    /// it, or 2 when any input or record could not be read (errors take precedence).
    Triage(TriageArgs),
    /// List every hand-crafted feature with its family, unit and meaning.
    Features {
        /// Output format.
        #[arg(long, short, value_enum, default_value = "human")]
        format: FeaturesFormat,
    },
    /// Train a model on labeled JSON Lines data.
    Train(TrainArgs),
    /// Cross-validate on labeled data, or measure a fitted model on held-out data.
    Eval(EvalArgs),
    /// Print a shell completion script (e.g. `hypecheck completions bash >
    /// ~/.local/share/bash-completion/completions/hypecheck`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page, in roff (`hypecheck man | man -l -`), of hypecheck or of one command.
    Man {
        /// A command (`score`, `triage`, ...) whose page to print instead.
        command: Option<String>,
    },
}

/// `features --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FeaturesFormat {
    /// A table.
    Human,
    /// One JSON array of `{"name", "family", "unit", "doc"}`.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row: name,family,unit,doc.
    Csv,
}

/// `eval --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum EvalFormat {
    /// Figures as text.
    Human,
    /// One JSON object.
    Json,
}

/// How inputs are found and fetched: shared by `score`, `explain` and `triage`.
#[derive(Args)]
struct InputArgs {
    /// Files, directories, `http(s)://` URLs, or `-` for stdin (the default when stdin is not
    /// a terminal).
    inputs: Vec<String>,
    /// Only walk files matching this glob, relative to each directory given (`*.txt`,
    /// `2024/**`; `!GLOB` leaves matches out; repeatable). Chosen files are read whatever
    /// their extension.
    #[arg(long, value_name = "GLOB", value_parser = glob)]
    glob: Vec<String>,
    /// Walk everything: hidden files and what `.gitignore`, `.ignore` and git's excludes
    /// leave out.
    #[arg(long)]
    no_ignore: bool,
    /// How long fetching a URL may take, in seconds, the whole exchange.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds)]
    timeout: std::time::Duration,
}

#[derive(Args)]
struct ModelArgs {
    /// A model file to use in place of the shipped one for the target it declares (repeatable).
    #[arg(long = "model", value_name = "FILE")]
    models: Vec<String>,
    /// A directory of lexicon files replacing the embedded ones of the same name.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<String>,
}

#[derive(Args)]
struct ScoreArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "human")]
    format: Format,
    /// Input format (default: from the content when it is certain, else the extension; plain
    /// text otherwise).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Decode inputs from this encoding (a WHATWG label: `windows-1252`, `koi8-r`,
    /// `shift_jis`, `utf-16le`, ...). Default: a byte-order mark, a feed's XML declaration or
    /// a page's `<meta charset>`, else UTF-8.
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    encoding: Option<&'static hypecheck::input::Encoding>,
    /// How a plain-text article's first line is read: `auto` takes it as the headline only
    /// when it looks like one, `first-line` always, `none` never (all text is body).
    #[arg(long, value_enum, default_value = "auto")]
    headline: HeadlineMode,
    /// Reasons shown per score in human output, at least (more when the rest would be large).
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// In human output, list learned words one by one rather than one line per direction.
    #[arg(long)]
    each_ngram: bool,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Args)]
struct TriageArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Rank by sensationalism (most sensational first) or quality (least reliable first;
    /// items too short to judge come last). Ties keep input order.
    #[arg(long, value_enum, default_value = "sensationalism")]
    by: RankBy,
    /// Flag items whose sensationalism is above P (default: items labeled sensational).
    #[arg(long, value_name = "P", value_parser = probability)]
    flag_above: Option<f64>,
    /// Show only the first N items of the ranking (the summary counts all).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Output format; the summary goes to stderr for json, jsonl and csv.
    #[arg(long, short, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when any item's sensationalism is above P.
    #[arg(long, value_name = "P", value_parser = probability)]
    fail_above: Option<f64>,
    /// Where errors go: stderr, or inline as error records in json/jsonl output.
    #[arg(long, value_enum, default_value = "stderr")]
    errors: ErrorsTo,
    /// Input format (default: from the content when it is certain, else the extension; plain
    /// text otherwise).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Decode inputs from this encoding (a WHATWG label: `windows-1252`, `koi8-r`,
    /// `shift_jis`, `utf-16le`, ...). Default: a byte-order mark, a feed's XML declaration or
    /// a page's `<meta charset>`, else UTF-8.
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    encoding: Option<&'static hypecheck::input::Encoding>,
    /// How a plain-text article's first line is read: `auto` takes it as the headline only
    /// when it looks like one, `first-line` always, `none` never (all text is body).
    #[arg(long, value_enum, default_value = "auto")]
    headline: HeadlineMode,
    #[command(flatten)]
    model: ModelArgs,
}

/// Where `triage` reports records that could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ErrorsTo {
    /// One line per error on stderr.
    Stderr,
    /// Error records `{"error": ..., "source": {"path", "record"}}` after the items.
    Inline,
}

/// Checks a `--glob`.
fn glob(s: &str) -> Result<String, String> {
    input::check_glob(s).map(|()| s.to_string())
}

/// Parses `--timeout`: a positive number of seconds.
fn seconds(s: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s.trim().parse().map_err(|e| format!("{e}"))?;
    if secs.is_finite() && secs > 0.0 && secs <= 86_400.0 {
        Ok(std::time::Duration::from_secs_f64(secs))
    } else {
        Err(format!(
            "{s} is not a number of seconds above 0 and at most 86400"
        ))
    }
}

/// Parses a probability: a number from 0 to 1.
fn probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.trim().parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not a probability from 0 to 1"))
    }
}

#[derive(Args)]
struct DataArgs {
    /// What to train or evaluate (required, except for `eval --judgments`).
    #[arg(long, value_enum)]
    target: Option<Target>,
    /// Labeled JSON Lines files (default: the shared corpus for the target and training_data/).
    #[arg(long = "data", value_name = "PATH")]
    data: Vec<String>,
    /// L2 penalty.
    #[arg(long)]
    alpha: Option<f64>,
    /// Most n-grams kept.
    #[arg(long)]
    vocabulary_size: Option<usize>,
    /// Body target: scale of the word-vector columns (0: n-grams only).
    #[arg(long)]
    word_vector_scale: Option<f64>,
    /// Body target: scale of the marked-word column (0: none), each word piece's rate of
    /// lying in words annotators marked as loaded.
    #[arg(long)]
    marked_word_scale: Option<f64>,
    /// Cross-validation folds.
    #[arg(long)]
    folds: Option<usize>,
    /// Seed of the fold assignment.
    #[arg(long)]
    seed: Option<u64>,
    /// What minimises the loss: `sparse` L-BFGS (default), or `linfa` (linfa-logistic on a
    /// dense copy: slow and large, for checking the default on your data).
    #[arg(long, value_enum)]
    solver: Option<Solver>,
    /// Weight n-gram flags by their naive-Bayes log-count ratio (`true` or `false`; the
    /// default depends on the target).
    #[arg(long, value_name = "BOOL")]
    log_count_ratio: Option<bool>,
    /// Weight n-gram flags by their inverse document frequency when the log-count ratio is
    /// off (`true` or `false`; the default depends on the target).
    #[arg(long, value_name = "BOOL")]
    idf: Option<bool>,
    /// A present character n-gram's flag value relative to a word n-gram's (the default
    /// depends on the target).
    #[arg(long, value_name = "X")]
    char_ngram_value: Option<f64>,
    /// Fewest training rows an n-gram must occur in to be kept (the default depends on the
    /// target).
    #[arg(long, value_name = "N")]
    min_df: Option<usize>,
    /// How many times `alpha` the penalty on n-gram weights is (the default depends on the
    /// target).
    #[arg(long, value_name = "X")]
    ngram_strength: Option<f64>,
    /// A priors file replacing the target's shipped one (sensationalism and quality; the
    /// format of `models/priors/TARGET.tsv`: feature, prior, strength, reason, tab-separated).
    #[arg(long, value_name = "FILE")]
    priors: Option<String>,
    /// A directory of lexicon files replacing the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<String>,
}

#[derive(Args)]
struct TrainArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Where to write the model (default: ./TARGET.json). The shipped models are
    /// models/*.json, which the next build embeds: write there on purpose only.
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    calibration: CalibrationArgs,
}

#[derive(Args)]
struct CalibrationArgs {
    /// Labeled articles to calibrate the model on by temperature scaling (fake, satire,
    /// hyperpartisan, mostly false vs real, not-hyperpartisan, mostly true). Default: for
    /// sensationalism the shared horne2017 and hyperpartisan corpora, for quality the shared
    /// BuzzFeed-Webis corpus, when present; otherwise quality is Platt-calibrated on its own
    /// cross-validation's out-of-fold logits.
    #[arg(long = "calibrate-on", value_name = "PATH")]
    calibrate_on: Vec<String>,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Measure this fitted model on the data instead of cross-validating.
    #[arg(long)]
    model: Option<String>,
    /// Labeled articles (real/fake/satire) to check sensationalism on whole articles
    /// (default: the shared horne2017 corpus, when present).
    #[arg(long)]
    articles: Option<String>,
    #[command(flatten)]
    calibration: CalibrationArgs,
    /// An editor's judgments (CSV: file,sensationalism,quality with 1–5 scores, paths relative
    /// to the CSV): Spearman correlation, accuracy, saturation and the worst disagreements of
    /// the shipped models (or `--model`) against them. No `--target` needed.
    #[arg(long, value_name = "FILE")]
    judgments: Option<String>,
    /// How a judged article's first line is read (as for `score`).
    #[arg(long, value_enum, default_value = "auto")]
    headline: HeadlineMode,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "human")]
    format: EvalFormat,
}

/// glibc's allocator serialises the frees of reports made on worker threads and freed on the
/// writing thread; mimalloc keeps them per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `mi_option_purge_delay` (`include/mimalloc.h` of mimalloc 2, which
/// `libmimalloc-sys` builds; its Rust bindings name no constant for it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    /// Sets a mimalloc option (`mi_option_set` in `mimalloc.h`; linked through the `mimalloc`
    /// crate).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Freed memory goes back to the kernel after a second unused instead of mimalloc's 10 ms:
/// scoring frees and reallocates each batch's reports, and with the default the pages were
/// returned and faulted back in (zeroed again) batch after batch: 8,000–14,000 page faults
/// and a tenth of the CPU time in the kernel on 50 MB of articles, against about 500.
fn hold_freed_memory() {
    // SAFETY: `mi_option_set` only stores a value in mimalloc's option table; any value is
    // valid for this option (a delay in milliseconds).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1000) }
}

fn main() -> ExitCode {
    hold_freed_memory();
    let cli = Cli::parse();
    let color = cli.color;
    let result = match cli.command {
        Command::Score(args) => score(args, false, color),
        Command::Explain(args) => score(args, true, color),
        Command::Triage(args) => triage(args),
        Command::Features { format } => features(format),
        Command::Train(args) => train_model(args),
        Command::Eval(args) => eval(args),
        Command::Completions { shell } => completions(shell),
        Command::Man { command } => man(command.as_deref()),
    };
    match result {
        Ok(code) => code,
        // The reader of the output went away (`hypecheck ... | head`): nothing to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => match e.downcast::<clap::Error>() {
            // A usage error: clap prints it with the usage, and exits 2.
            Ok(usage) => usage.exit(),
            Err(e) => {
                eprintln!("hypecheck: error: {}", message(&e));
                ExitCode::from(2)
            }
        },
    }
}

/// True when `e` is (or was caused by) writing to a closed pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(broken_pipe)
}

/// A closed pipe, possibly wrapped: an I/O error holding another (as `csv` errors become I/O
/// errors) or a `csv` error holding an I/O one.
fn broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = e.downcast_ref::<io::Error>() {
        return io.kind() == io::ErrorKind::BrokenPipe
            || io.get_ref().is_some_and(|inner| broken_pipe(inner));
    }
    match e.downcast_ref::<csv::Error>().map(csv::Error::kind) {
        Some(csv::ErrorKind::Io(io)) => io.kind() == io::ErrorKind::BrokenPipe,
        _ => false,
    }
}

/// An error and its causes, each said once: a cause whose text the message already holds
/// (`m.json: cannot read model: No such file or directory (os error 2)` caused by that OS
/// error) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// The inputs to read: those given, else stdin, unless stdin is a terminal (nobody is
/// typing an article): then a usage error.
fn inputs(args: &InputArgs, command: &str) -> anyhow::Result<Vec<String>> {
    if !args.inputs.is_empty() {
        return Ok(args.inputs.clone());
    }
    if io::stdin().is_terminal() {
        let mut cli = Cli::command();
        cli.build();
        let what = "no input: give files, directories or URLs, or pipe text in (`-` reads stdin)";
        let kind = clap::error::ErrorKind::MissingRequiredArgument;
        let usage = match cli.find_subcommand_mut(command) {
            Some(sub) => sub.error(kind, what),
            None => cli.error(kind, what),
        };
        return Err(usage.into());
    }
    Ok(vec!["-".to_string()])
}

fn walk_options(args: &InputArgs) -> input::WalkOptions {
    input::WalkOptions {
        no_ignore: args.no_ignore,
        globs: args.glob.clone(),
    }
}

/// Says how many files a walk skipped as not articles (on stderr, after the run).
/// Whether every input is a folder to walk (a named file with no records, an empty JSON
/// Lines file, is not "nothing found": it says what it holds).
fn only_folders(inputs: &[String]) -> bool {
    inputs.iter().all(|p| std::path::Path::new(p).is_dir())
}

/// Says so when the folders walked held nothing to score at all (an empty folder, a `--glob` that
/// matched nothing): "no input" is an error, exit code 2.
fn nothing_found(records: usize, warnings: usize, skipped: usize) -> bool {
    if records > 0 || warnings > 0 {
        return false;
    }
    eprintln!(
        "hypecheck: no articles found in the inputs{} (folders are walked as ripgrep walks \
         them: hidden files and those a .gitignore lists are left out, `--no-ignore` keeps \
         them; `--glob` chooses files)",
        if skipped > 0 {
            " but skipped files"
        } else {
            ""
        }
    );
    true
}

fn report_skipped(skipped: usize) {
    if skipped > 0 {
        eprintln!(
            "hypecheck: {skipped} file{} skipped (not an article format: images, binaries, Markdown, hypecheck's own reports; `--glob` to choose)",
            if skipped == 1 { "" } else { "s" }
        );
    }
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hypecheck", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

fn man(command: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut cli = Cli::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            // Built, the command's display name is `hypecheck-NAME`, the page's title.
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                bail!(
                    "no command `{name}`: man pages are for {}",
                    names.join(", ")
                )
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    io::stdout().lock().write_all(&roff)?;
    Ok(ExitCode::SUCCESS)
}

fn build(args: &ModelArgs) -> anyhow::Result<Hypecheck> {
    let mut builder = Hypecheck::builder();
    if let Some(dir) = &args.lexicons {
        builder = builder.lexicons_dir(dir);
    }
    for path in &args.models {
        builder = builder.model_file(path)?;
    }
    Ok(builder.build()?)
}

/// What a worker hands the writing thread: a report for a printer, or a line already
/// rendered (JSON Lines, whose rendering needs no printer state and so runs in parallel).
enum Scored {
    Report(Box<hypecheck::report::Report>),
    Line(serde_json::Result<Vec<u8>>),
}

fn score(args: ScoreArgs, explain: bool, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let inputs = inputs(&args.input, if explain { "explain" } else { "score" })?;
    let folders_only = only_folders(&inputs);
    let hc = build(&args.model)?;
    let stdout = io::stdout();
    let options = HumanOptions {
        top: args.top,
        color: color.enabled(stdout.is_terminal()),
        detailed: explain,
        each_ngram: args.each_ngram,
    };
    // Human output quotes the reasons, so it needs explanations too.
    let explain = explain || matches!(args.format, Format::Human | Format::Html);
    let mut printer = render::printer(
        args.format,
        Box::new(io::BufWriter::new(stdout.lock())),
        options,
    );
    // A progress bar only when it cannot mix with the reports: stdout is not the terminal.
    let progress = Progress::new(io::stderr().is_terminal() && !stdout.is_terminal());
    let records = input::open_inputs(
        inputs,
        input::OpenOptions {
            format: args.input_format,
            headline: args.headline,
            encoding: args.encoding,
            timeout: Some(args.input.timeout),
        },
        walk_options(&args.input),
    );
    // JSON Lines are rendered on the worker threads; other formats print the report.
    let json_lines = args.format == Format::Jsonl;
    let mut lines = io::BufWriter::new(io::stdout().lock());
    let totals = batch::run(
        records,
        batch::DEFAULT_BATCH_SIZE,
        |record| {
            let report = if explain {
                hc.explain(&record.article)
            } else {
                hc.score(&record.article)
            };
            match json_lines {
                true => Scored::Line(render::json_line(&report)),
                false => Scored::Report(Box::new(report)),
            }
        },
        |result| {
            let printed = match result {
                Ok(Scored::Report(report)) => printer.print(&report),
                Ok(Scored::Line(line)) => line
                    .map_err(io::Error::from)
                    .and_then(|line| lines.write_all(&line)),
                Err(e) if e.is_skipped() => Ok(()),
                Err(e) => {
                    progress.error(&e);
                    Ok(())
                }
            };
            progress.set(progress.done() + 1);
            printed
        },
    )?;
    progress.finish();
    lines.flush()?;
    printer.finish()?;
    report_skipped(totals.skipped);
    if folders_only && nothing_found(totals.records, totals.warnings, totals.skipped) {
        return Ok(ExitCode::from(2));
    }
    if totals.warnings > 0 {
        eprintln!(
            "hypecheck: {} input{} with nothing to score (warnings above)",
            totals.warnings,
            if totals.warnings == 1 { "" } else { "s" }
        );
    }
    if totals.errors > 0 {
        eprintln!(
            "hypecheck: {} of {} inputs failed ({} scored)",
            totals.errors, totals.records, totals.ok
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn triage(args: TriageArgs) -> anyhow::Result<ExitCode> {
    if args.errors == ErrorsTo::Inline && !matches!(args.format, Format::Json | Format::Jsonl) {
        bail!("--errors inline needs --format jsonl or json");
    }
    let inputs = inputs(&args.input, "triage")?;
    let folders_only = only_folders(&inputs);
    let hc = build(&args.model)?;
    let options = triage::Options {
        by: args.by,
        flag_above: args.flag_above,
        limit: args.limit,
        batch_size: batch::DEFAULT_BATCH_SIZE,
        keep_reports: args.format == Format::Html,
    };
    let progress = Progress::new(io::stderr().is_terminal());
    let mut inline = Vec::new();
    let records = input::open_inputs(
        inputs,
        input::OpenOptions {
            format: args.input_format,
            headline: args.headline,
            encoding: args.encoding,
            timeout: Some(args.input.timeout),
        },
        walk_options(&args.input),
    );
    let result = triage::run(
        &hc,
        records,
        &options,
        |e| match args.errors {
            _ if e.is_skipped() => {}
            _ if e.is_warning() => progress.error(&e),
            ErrorsTo::Stderr => progress.error(&e),
            ErrorsTo::Inline => inline.push(ErrorRecord::from(&e)),
        },
        |done| progress.set(done),
    );
    progress.finish();
    let mut out = io::BufWriter::new(io::stdout().lock());
    triage::write(&mut out, &result, args.format, &inline)?;
    if args.format != Format::Human {
        eprintln!("{}", result.summary);
    }
    if folders_only
        && nothing_found(
            result.summary.records,
            result.summary.warnings,
            result.summary.skipped,
        )
    {
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::from(result.summary.exit_code(args.fail_above)))
}

/// A progress bar on stderr, shown only when stderr is a terminal and the work outgrows one
/// batch; never in pipes.
struct Progress {
    enabled: bool,
    done: std::cell::Cell<usize>,
    bar: OnceCell<ProgressBar>,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            done: std::cell::Cell::new(0),
            bar: OnceCell::new(),
        }
    }

    fn done(&self) -> usize {
        self.done.get()
    }

    /// Records handled so far.
    fn set(&self, done: usize) {
        self.done.set(done);
        if !self.enabled || (done < batch::DEFAULT_BATCH_SIZE && self.bar.get().is_none()) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("{spinner} {human_pos} records scored in {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        bar.set_position(done as u64);
    }

    /// Reports an input error (or warning) on stderr, around the bar.
    fn error(&self, e: &hypecheck::InputError) {
        let kind = if e.is_warning() { "warning" } else { "error" };
        match self.bar.get() {
            Some(bar) => bar.suspend(|| eprintln!("hypecheck: {kind}: {e}")),
            None => eprintln!("hypecheck: {kind}: {e}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// An encoding named by a WHATWG label (`latin1`, `cp1252`, `sjis`, `utf-16le`).
fn encoding_label(label: &str) -> Result<&'static hypecheck::input::Encoding, String> {
    let utf32 = label.trim().to_ascii_lowercase().replace(['-', '_'], "");
    if utf32.starts_with("utf32") || utf32.starts_with("ucs4") {
        return Err(format!(
            "`{label}`: UTF-32 is read from its byte-order mark (and a feed or page from its \
             markup) without this option; text without a mark can be converted first: \
             `iconv -f {} -t UTF-8 FILE`",
            label.trim().to_ascii_uppercase()
        ));
    }
    hypecheck::input::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!(
            "unknown encoding `{label}` (a WHATWG label: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-2, koi8-r, shift_jis, euc-kr, gb18030, ...)"
        )
    })
}

fn features(format: FeaturesFormat) -> anyhow::Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let json = |f: &Feature| serde_json::json!({"name": f.name(), "family": f.family(), "unit": f.unit().name(), "doc": f.doc()});
    match format {
        FeaturesFormat::Json => {
            let list: Vec<_> = Feature::ALL.iter().map(json).collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        FeaturesFormat::Jsonl => {
            for f in Feature::ALL {
                serde_json::to_writer(&mut out, &json(f))?;
                writeln!(out)?;
            }
        }
        FeaturesFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(["name", "family", "unit", "doc"])?;
            for f in Feature::ALL {
                csv.write_record([f.name(), f.family().name(), f.unit().name(), f.doc()])?;
            }
            csv.flush()?;
        }
        FeaturesFormat::Human => {
            for f in Feature::ALL {
                writeln!(
                    out,
                    "{:<34} {:<9} {:<20} {}",
                    f.name(),
                    f.family().name(),
                    f.unit().name(),
                    f.doc()
                )?;
            }
            for lexical in ["lex.title:<n-gram>", "lex.body:<n-gram>"] {
                writeln!(out, "{lexical:<34} {:<9} {:<20} Word n-grams learned from training data, stored in each model.", "lexical", "flag")?;
            }
            writeln!(out, "{:<34} {:<9} {:<20} The headline model's character 2- to 5-grams inside words (spaces mark a word's boundaries), lower-cased.", "chr.title:<characters>", "lexical", "flag")?;
            writeln!(out, "{:<34} {:<9} {:<20} The body model's word n-grams of the author's sentences, lower-cased.", "lex.sentence:<n-gram>", "lexical", "share of sentences")?;
            writeln!(out, "{:<34} {:<9} {:<20} The body model's WordPiece pieces, each weighed by its word vector (all-MiniLM-L6-v2); a word scores the mean of its pieces, a sentence the mean of its words.", "vec.sentence:<piece>", "lexical", "share of word mean")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The default training data for a target: the shared corpus beside the project and the
/// project's own examples.
fn default_data(target: Target) -> Vec<String> {
    let shared = |name: &str| format!("../shared/data/{name}");
    match target {
        Target::Headline => vec![
            shared("chakraborty2016-clickbait-headlines.jsonl"),
            "training_data/sensationalism.jsonl".into(),
        ],
        Target::Body => vec![
            shared("dasanmartino2019-ptc-propaganda-spans.jsonl"),
            shared("spinde2021-babe-biased-sentences.jsonl"),
            shared("fan2019-basil-bias-spans.jsonl"),
            "training_data/body-sentences.jsonl".into(),
        ],
        Target::Sensationalism => vec![
            shared("kiesel2019-hyperpartisan-byarticle.jsonl"),
            shared("horne2017-political-news.jsonl"),
            "training_data/sensationalism-articles.jsonl".into(),
            "training_data/sensationalism-kinds.jsonl".into(),
        ],
        Target::Quality => vec![
            shared("horne2017-political-news.jsonl"),
            shared("potthast2018-buzzfeed-webis-factchecked.jsonl"),
            "training_data/quality.jsonl".into(),
            "training_data/quality-articles.jsonl".into(),
            "training_data/quality-kinds.jsonl".into(),
        ],
    }
}

/// The `--data` files, else the target's default training data.
fn data_paths(args: &DataArgs, target: Target) -> anyhow::Result<Vec<String>> {
    if !args.data.is_empty() {
        return Ok(args.data.clone());
    }
    let paths = default_data(target);
    if let Some(missing) = paths.iter().find(|p| !std::path::Path::new(p).exists()) {
        bail!(
            "{missing}: not found. With no `--data`, training reads the shared corpora and \
             training_data/ relative to the current directory: run from the repository root \
             with ../shared/data beside it, or name your files with `--data FILE` (repeatable)"
        );
    }
    Ok(paths)
}

/// The `--target` option, which every use but `eval --judgments` needs.
fn target(args: &DataArgs) -> anyhow::Result<Target> {
    args.target.ok_or_else(|| {
        anyhow::anyhow!(
            "the `--target` option is required: `sensationalism`, `quality`, `headline` or `body`"
        )
    })
}

fn analyzer(args: &DataArgs) -> anyhow::Result<Analyzer> {
    Ok(match &args.lexicons {
        Some(dir) => Analyzer::with_lexicons_dir(std::path::Path::new(dir))?,
        None => Analyzer::new(),
    })
}

fn params(args: &DataArgs) -> anyhow::Result<TrainParams> {
    let mut params = TrainParams::for_target(target(args)?);
    if let Some(a) = args.alpha {
        params.alpha = a;
    }
    if let Some(v) = args.vocabulary_size {
        params.vocabulary_size = v;
    }
    if let Some(f) = args.folds {
        params.folds = f;
    }
    if let Some(s) = args.seed {
        params.seed = s;
    }
    if let Some(s) = args.solver {
        params.solver = s;
    }
    if let Some(l) = args.log_count_ratio {
        params.log_count_ratio = l;
    }
    if let Some(x) = args.ngram_strength {
        params.ngram_strength = x;
    }
    if let Some(path) = &args.priors {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{path}: cannot read the priors file: {e}"))?;
        params.priors = Some(train::priors::Priors::parse(&text, path, target(args)?)?);
    }
    if let Some(b) = args.idf {
        params.idf = b;
    }
    if let Some(x) = args.char_ngram_value {
        params.char_ngram_value = x;
    }
    if let Some(m) = args.min_df {
        params.min_document_frequency = m;
    }
    params.validate()?;
    Ok(params)
}

/// The logits of an article's headline and body parts by the shipped headline and body
/// models, `[headline, body]`: what a composed model (sensationalism, quality) adds up.
fn shipped_parts() -> anyhow::Result<impl Fn(&hypecheck::Article) -> Vec<Option<f64>> + Sync> {
    let hc = hypecheck::PartModels::shipped()?;
    Ok(move |a: &hypecheck::Article| hc.part_logits(a).to_vec())
}

fn load(args: &DataArgs) -> anyhow::Result<(TrainingData, TrainParams)> {
    let params = params(args)?;
    let analyzer = analyzer(args)?;
    let paths = data_paths(args, target(args)?)?;
    let data = match target(args)? {
        // The article models combine the shipped headline and body models' parts.
        target @ (Target::Sensationalism | Target::Quality) => {
            TrainingData::load_composed(&analyzer, target, &paths, |_| {}, shipped_parts()?)?
        }
        target => TrainingData::load(&analyzer, target, &paths)?,
    };
    for source in &data.sources {
        for line in &source.no_text_lines {
            eprintln!(
                "hypecheck: warning: {}:{line}: record has no text; skipped",
                source.path
            );
        }
    }
    Ok((data, params))
}

/// The body model's data and hyper-parameters from the options.
fn body_data(args: &DataArgs) -> anyhow::Result<(body::SentenceData, body::BodyParams)> {
    let mut params = body::BodyParams::default();
    if let Some(a) = args.alpha {
        params.alpha = a;
    }
    if let Some(v) = args.vocabulary_size {
        params.vocabulary_size = v;
    }
    if let Some(s) = args.word_vector_scale {
        params.word_vector_scale = s;
    }
    if let Some(s) = args.marked_word_scale {
        params.marked_word_scale = s;
    }
    if let Some(f) = args.folds {
        params.folds = f;
    }
    if let Some(s) = args.seed {
        params.seed = s;
    }
    params.validate()?;
    let paths = data_paths(args, Target::Body)?;
    Ok((body::SentenceData::load(&analyzer(args)?, &paths)?, params))
}

fn print_body_cv(out: &mut impl Write, cv: &body::BodyCrossValidation) -> io::Result<()> {
    writeln!(
        out,
        "body: {}-fold grouped cross-validation, seed {}, sentence-level ROC-AUC per source",
        cv.folds, cv.seed
    )?;
    for s in &cv.sources {
        writeln!(
            out,
            "  {:<60} grouped by {:<20} {:>6} sentences  ROC-AUC {:.3} ± {:.3} (pooled {:.3})",
            s.path, s.grouped_by, s.sentences, s.mean_roc_auc, s.sd_roc_auc, s.pooled_roc_auc
        )?;
    }
    writeln!(
        out,
        "cross-corpus (each input held out whole, a model fitted on the others):"
    )?;
    for (path, sentences, auc) in &cv.cross_corpus {
        writeln!(
            out,
            "  {path:<60} {sentences:>6} sentences  ROC-AUC {auc:.3}"
        )?;
    }
    Ok(())
}

/// Where `train` writes: `--out`, else `./TARGET.json`; an existing file is an error unless
/// `--force` (checked before training, so a long run does not end in a refusal).
fn train_out(args: &TrainArgs) -> anyhow::Result<String> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None => format!("{}.json", target(&args.data)?.name()),
    };
    if !args.force && std::path::Path::new(&out).exists() {
        bail!("{out}: already exists; pass `--force` to replace it, or `--out FILE` to write elsewhere");
    }
    Ok(out)
}

/// Writes a model file: replaces `out` only with `--force` (else creates it, failing if it
/// appeared meanwhile).
fn write_model(out: &str, json: &str, force: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(out).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{out}: already exists; pass `--force` to replace it, or `--out FILE` to write elsewhere"
        ),
        _ => anyhow::anyhow!("{out}: cannot write model: {e}"),
    })?;
    file.write_all(json.as_bytes())
        .with_context(|| format!("{out}: cannot write model"))
}

fn train_model(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let out = train_out(&args)?;
    if args.data.target == Some(Target::Body) {
        let (data, params) = body_data(&args.data)?;
        let (file, cv) = body::train(&data, &params)?;
        let json = serde_json::to_string_pretty(&file)? + "\n";
        write_model(&out, &json, args.force)?;
        eprintln!(
            "wrote {out}: {} sentences, {} n-grams",
            data.rows.len(),
            file.grams.len()
        );
        print_body_cv(&mut io::stderr().lock(), &cv)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (data, params) = load(&args.data)?;
    let analyzer = analyzer(&args.data)?;
    let mut file = train::train(&data, &params)?;
    // `--calibrate-on`: temperature scaling on those articles, in place of the calibration
    // training fitted on its own held-out logits.
    let articles = &args.calibration.calibrate_on;
    if !articles.is_empty() {
        let method = hypecheck::model::CalibrationMethod::Temperature;
        train::calibrate_on_articles(&analyzer, &mut file, articles, method, &shipped_parts()?)?;
    }
    let json = serde_json::to_string_pretty(&file)? + "\n";
    write_model(&out, &json, args.force)?;
    let cv = &file.training["cross_validation"]["pooled"];
    eprintln!(
        "wrote {out}: {} rows, {} features; {}-fold CV accuracy {:.4}, ROC-AUC {:.4}",
        data.examples.len(),
        file.features.len(),
        params.folds,
        cv["accuracy"].as_f64().unwrap_or(f64::NAN),
        cv["roc_auc"].as_f64().unwrap_or(f64::NAN),
    );
    Ok(ExitCode::SUCCESS)
}

fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    if let Some(judgments) = &args.judgments {
        return eval_judgments(&args, judgments);
    }
    let target = target(&args.data)?;
    if target == Target::Body {
        let (data, params) = body_data(&args.data)?;
        let cv = body::cross_validate(&data, &params)?;
        let mut out = io::stdout().lock();
        match args.format {
            EvalFormat::Human => print_body_cv(&mut out, &cv)?,
            _ => {
                serde_json::to_writer_pretty(&mut out, &cv)?;
                writeln!(out)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let paths = data_paths(&args.data, target)?;
    let analyzer = analyzer(&args.data)?;
    let report = match &args.model {
        Some(path) => {
            let model = Model::load(path)?;
            // A composed model's parts come from the shipped headline and body models.
            let parts = shipped_parts()?;
            if model.target() != target {
                bail!(
                    "{path}: model is for target `{}`, not `{}`",
                    model.target().name(),
                    target.name()
                );
            }
            let mut report = serde_json::json!({"target": target, "model": path});
            // With only --articles, check the model on whole articles and nothing else.
            if !args.data.data.is_empty() || args.articles.is_none() {
                report["held_out"] =
                    serde_json::to_value(evaluate::held_out(&analyzer, &model, &paths, &parts)?)?;
            }
            if let Some(articles) = &args.articles {
                report["articles"] = serde_json::to_value(evaluate::article_check(
                    &analyzer, &model, articles, &parts,
                )?)?;
            }
            let corpora = &args.calibration.calibrate_on;
            if !corpora.is_empty() {
                report["calibration"] = serde_json::to_value(evaluate::article_calibration(
                    &analyzer, &model, corpora, &parts,
                )?)?;
            }
            report
        }
        None => {
            let params = params(&args.data)?;
            let articles = args.articles.clone().or_else(|| {
                let default = "../shared/data/horne2017-political-news.jsonl";
                (target == Target::Headline && std::path::Path::new(default).exists())
                    .then(|| default.to_string())
            });
            let parts = shipped_parts()?;
            let parts: Option<&evaluate::PartLogits<'_>> =
                matches!(target, Target::Sensationalism | Target::Quality).then_some(&parts);
            serde_json::to_value(evaluate::evaluate(
                &analyzer,
                target,
                &paths,
                &params,
                articles.as_deref(),
                parts,
            )?)?
        }
    };
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Human => print_evaluation(&mut out, &report)?,
        _ => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_judgments(args: &EvalArgs, judgments: &str) -> anyhow::Result<ExitCode> {
    let mut builder = Hypecheck::builder();
    if let Some(path) = &args.model {
        builder = builder.model_file(path)?;
    }
    if let Some(dir) = &args.data.lexicons {
        builder = builder.lexicons_dir(dir);
    }
    let hc = builder.build()?;
    let report = hypecheck::train::judgments::evaluate(&hc, judgments, args.headline, 5)?;
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Human => print_judgments(&mut out, &report)?,
        _ => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_judgments(
    out: &mut impl Write,
    r: &hypecheck::train::judgments::JudgmentsReport,
) -> io::Result<()> {
    writeln!(out, "{} judged articles in {}", r.rows, r.path)?;
    for a in &r.scores {
        writeln!(
            out,
            "{}: Spearman {:.3}  ROC-AUC {:.3} and accuracy {:.3} against judgment >= 3  saturated {} of {} ({:.1}%)",
            a.target.name(),
            a.spearman,
            a.roc_auc,
            a.accuracy,
            a.saturated,
            a.articles,
            100.0 * a.saturated_share
        )?;
        writeln!(
            out,
            "  worst disagreements (rank gap: + ranked higher than the editor did):"
        )?;
        for d in &a.worst {
            writeln!(
                out,
                "  {:<10} {:<26} judged {}  scored {:.3}  rank gap {:+.2}",
                d.file, d.style, d.judgment, d.probability, d.rank_gap
            )?;
            for (feature, contribution, words) in &d.reasons {
                writeln!(out, "      {contribution:+.2} {feature}  {words}")?;
            }
        }
    }
    Ok(())
}

fn print_calibration(out: &mut impl Write, v: &serde_json::Value) -> io::Result<()> {
    for c in v.as_array().into_iter().flatten() {
        let f = |k: &str| c[k].as_f64().unwrap_or(f64::NAN);
        let crossed = match c.get("cross_fitted_ece") {
            Some(_) => format!(
                "  (recalibrated in 5 folds grouped by site: ECE {:.3}, saturated {:.1}%)",
                f("cross_fitted_ece"),
                100.0 * f("cross_fitted_saturated_share")
            ),
            None => String::new(),
        };
        writeln!(
            out,
            "calibration on {} ({} articles): ROC-AUC {:.3}  ECE {:.3}  saturated {:.1}%{crossed}",
            c["path"].as_str().unwrap_or("?"),
            c["articles"],
            f("roc_auc"),
            f("ece"),
            100.0 * f("saturated_share"),
        )?;
        writeln!(out, "  reliability (predicted → observed, count):")?;
        for b in c["curve"].as_array().into_iter().flatten() {
            let count = b["count"].as_u64().unwrap_or(0);
            if count == 0 {
                continue;
            }
            writeln!(
                out,
                "    {:.1}-{:.1}: {:.3} → {:.3}  ({count})",
                b["from"].as_f64().unwrap_or(0.0),
                b["to"].as_f64().unwrap_or(0.0),
                b["mean_predicted"].as_f64().unwrap_or(0.0),
                b["observed"].as_f64().unwrap_or(0.0),
            )?;
        }
    }
    Ok(())
}

fn print_metrics(out: &mut impl Write, heading: &str, m: &serde_json::Value) -> io::Result<()> {
    let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    writeln!(
        out,
        "{heading}\n  accuracy {:.4}  precision {:.4}  recall {:.4}  F1 {:.4}  ROC-AUC {:.4}  ECE {:.4}",
        f("accuracy"), f("precision"), f("recall"), f("f1"), f("roc_auc"), f("ece")
    )?;
    let c = &m["confusion"];
    writeln!(out, "  confusion: actual-/predicted- {}  actual-/predicted+ {}  actual+/predicted- {}  actual+/predicted+ {}", c[0][0], c[0][1], c[1][0], c[1][1])
}

/// The model's score on whole articles (fake and satire vs real), named by its target.
fn print_articles(out: &mut impl Write, target: &str, a: &serde_json::Value) -> io::Result<()> {
    writeln!(
        out,
        "articles: {target} ROC-AUC {:.4} for {} fake/satire vs {} real in {}",
        a["roc_auc"].as_f64().unwrap_or(f64::NAN),
        a["unreliable"],
        a["real"],
        a["path"]
    )
}

fn print_evaluation(out: &mut impl Write, v: &serde_json::Value) -> io::Result<()> {
    let target = v["target"].as_str().unwrap_or("?");
    writeln!(out, "target: {target}")?;
    if let Some(model) = v.get("model") {
        if let Some(m) = v.get("held_out") {
            print_metrics(out, &format!("held-out data, model {model}"), m)?;
        }
        if let Some(a) = v.get("articles") {
            print_articles(out, target, a)?;
        }
        if let Some(c) = v.get("calibration") {
            print_calibration(out, c)?;
        }
        return Ok(());
    }
    let cv = &v["cross_validation"];
    let heading = format!(
        "{}-fold cross-validation (stratified, grouped by outlet or site), seed {}, {} rows",
        cv["folds"], cv["seed"], v["rows"]
    );
    print_metrics(out, &heading, &cv["pooled"])?;
    if let Some(m) = v.get("headlines") {
        print_metrics(out, "bare headlines only (rows without a body)", m)?;
    }
    if let Some(cv) = v.get("sentence_cased") {
        print_metrics(
            out,
            "same, on a sentence-cased copy of the headlines",
            &cv["pooled"],
        )?;
    }
    if let Some(m) = v.get("sentence_cased_headlines") {
        print_metrics(out, "sentence-cased, bare headlines only", m)?;
    }
    if let Some(a) = v.get("articles") {
        print_articles(out, target, a)?;
    }
    for h in v["held_out"].as_array().into_iter().flatten() {
        print_metrics(
            out,
            &format!(
                "held out in that cross-validation: {}, {} rows, {}",
                h["name"].as_str().unwrap_or("?"),
                h["rows"],
                h["grouping"].as_str().unwrap_or("?")
            ),
            &h["metrics"],
        )?;
    }
    for s in v["subsets"].as_array().into_iter().flatten() {
        print_metrics(
            out,
            &format!("{}, {} rows", s["name"].as_str().unwrap_or("?"), s["rows"]),
            &s["cross_validation"]["pooled"],
        )?;
    }
    if let Some(c) = v.get("calibration") {
        print_calibration(out, c)?;
    }
    let held = v["cross_corpus"].as_array().into_iter().flatten();
    for (i, c) in held.enumerate() {
        if i == 0 {
            writeln!(
                out,
                "cross-corpus (each input held out whole, a model fitted on the others):"
            )?;
        }
        writeln!(
            out,
            "  {:<62} {:>6} rows  ROC-AUC {:.3}  accuracy {:.3}",
            c["path"].as_str().unwrap_or("?"),
            c["rows"],
            c["roc_auc"].as_f64().unwrap_or(f64::NAN),
            c["accuracy"].as_f64().unwrap_or(f64::NAN)
        )?;
    }
    Ok(())
}
