//! The `hypecheck` command line: a thin layer over the library.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use hypecheck::batch::{self, Totals};
use hypecheck::features::Feature;
use hypecheck::input::{self, InputFormat};
use hypecheck::model::train::{self, TrainParams, TrainingData};
use hypecheck::model::Target;
use hypecheck::render::{self, Format, HumanOptions};
use hypecheck::{Analyzer, Hypecheck, Model};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hypecheck",
    version,
    about = "Scores how sensational news language is and how well it is sourced, and says why."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score articles: sensationalism, quality, labels and the top reasons.
    Score(ScoreArgs),
    /// Explain each score: every contribution and the words behind it.
    Explain(ScoreArgs),
    /// List every hand-crafted feature with its family, unit and meaning.
    Features {
        /// Output format (human or json).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Train a model on labeled JSON Lines data.
    Train(TrainArgs),
    /// Cross-validate on labeled data, or measure a fitted model on held-out data.
    Eval(EvalArgs),
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
    /// Files, directories or `-` for stdin.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "human")]
    format: Format,
    /// Input format (default: by file extension; plain text otherwise).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Reasons shown per score in human output.
    #[arg(long, default_value_t = 5)]
    top: usize,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Args)]
struct DataArgs {
    /// What to train or evaluate.
    #[arg(long, value_enum)]
    target: Target,
    /// Labeled JSON Lines files (default: the shared corpus for the target and training_data/).
    #[arg(long = "data", value_name = "PATH")]
    data: Vec<String>,
    /// L2 penalty.
    #[arg(long)]
    alpha: Option<f64>,
    /// Most n-grams kept.
    #[arg(long)]
    vocabulary_size: Option<usize>,
    /// Cross-validation folds.
    #[arg(long)]
    folds: Option<usize>,
    /// Seed of the fold assignment.
    #[arg(long)]
    seed: Option<u64>,
    /// A directory of lexicon files replacing the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<String>,
}

#[derive(Args)]
struct TrainArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Where to write the model (default: models/TARGET.json).
    #[arg(long)]
    out: Option<String>,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Measure this fitted model on the data instead of cross-validating.
    #[arg(long)]
    model: Option<String>,
    /// Output format (human or json).
    #[arg(long, short, value_enum, default_value = "human")]
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => score(args, false),
        Command::Explain(args) => score(args, true),
        Command::Features { format } => features(format),
        Command::Train(args) => train_model(args),
        Command::Eval(args) => eval(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hypecheck: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &ModelArgs) -> anyhow::Result<Hypecheck> {
    let mut builder = Hypecheck::builder();
    if let Some(dir) = &args.lexicons {
        builder = builder.lexicons_dir(dir);
    }
    for path in &args.models {
        builder = builder.model(Model::load(path)?);
    }
    Ok(builder.build()?)
}

fn score(args: ScoreArgs, explain: bool) -> anyhow::Result<ExitCode> {
    let hc = build(&args.model)?;
    let stdout = io::stdout();
    let options = HumanOptions {
        top: args.top,
        color: stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        detailed: explain,
    };
    // Human output quotes the reasons, so it needs explanations too.
    let explain = explain || args.format == Format::Human;
    let mut printer = render::printer(
        args.format,
        Box::new(io::BufWriter::new(stdout.lock())),
        options,
    );
    let mut totals = Totals::default();
    for path in input::expand_paths(&args.inputs)? {
        let records = match input::open(&path, args.input_format) {
            Ok(records) => records,
            Err(e) => {
                eprintln!("hypecheck: error: {e}");
                totals.records += 1;
                totals.errors += 1;
                continue;
            }
        };
        let t = batch::run(
            records,
            batch::DEFAULT_BATCH_SIZE,
            |record| {
                if explain {
                    hc.explain(&record.article)
                } else {
                    hc.score(&record.article)
                }
            },
            |result| match result {
                Ok(report) => printer.print(&report),
                Err(e) => {
                    eprintln!("hypecheck: error: {e}");
                    Ok(())
                }
            },
        )
        .or_else(ignore_broken_pipe)?;
        totals.records += t.records;
        totals.ok += t.ok;
        totals.errors += t.errors;
    }
    printer.finish().or_else(ignore_broken_pipe)?;
    if totals.errors > 0 {
        eprintln!(
            "hypecheck: {} of {} inputs failed ({} scored)",
            totals.errors, totals.records, totals.ok
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// A closed pipe (`hypecheck score ... | head`) is not an error worth reporting.
fn ignore_broken_pipe<T: Default>(e: io::Error) -> io::Result<T> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(T::default())
    } else {
        Err(e)
    }
}

fn features(format: Format) -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    match format {
        Format::Json | Format::Jsonl => {
            let list: Vec<_> = Feature::ALL
                .iter()
                .map(|f| serde_json::json!({"name": f.name(), "family": f.family(), "unit": f.unit().name(), "doc": f.doc()}))
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        Format::Human | Format::Csv => {
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
            let lexical = "lex.title:<n-gram>, lex.body:<n-gram>";
            writeln!(out, "{lexical:<34} {:<9} {:<20} Word n-grams learned from training data, stored in each model.", "lexical", "flag")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The default training data for a target: the shared corpus beside the project and the
/// project's own examples.
fn default_data(target: Target) -> Vec<String> {
    match target {
        Target::Sensationalism => vec![
            "../shared/data/chakraborty2016-clickbait-headlines.jsonl".into(),
            "training_data/sensationalism.jsonl".into(),
        ],
        Target::Quality => vec![
            "../shared/data/horne2017-political-news.jsonl".into(),
            "training_data/quality.jsonl".into(),
        ],
    }
}

fn load(args: &DataArgs) -> anyhow::Result<(TrainingData, TrainParams)> {
    let mut params = TrainParams::default();
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
    params.validate()?;
    let analyzer = match &args.lexicons {
        Some(dir) => Analyzer::with_lexicons_dir(std::path::Path::new(dir))?,
        None => Analyzer::new(),
    };
    let paths = if args.data.is_empty() {
        default_data(args.target)
    } else {
        args.data.clone()
    };
    let data = TrainingData::load(&analyzer, args.target, &paths)?;
    Ok((data, params))
}

fn train_model(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let (data, params) = load(&args.data)?;
    let file = train::train(&data, &params)?;
    let out = args
        .out
        .unwrap_or_else(|| format!("models/{}.json", args.data.target.name()));
    let json = serde_json::to_string_pretty(&file)? + "\n";
    std::fs::write(&out, json).with_context(|| format!("{out}: cannot write model"))?;
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
    let (data, params) = load(&args.data)?;
    let metrics = match &args.model {
        Some(path) => {
            let model = Model::load(path)?;
            if model.target() != args.data.target {
                bail!(
                    "{path}: model is for target `{}`, not `{}`",
                    model.target().name(),
                    args.data.target.name()
                );
            }
            let analyzer = Analyzer::new();
            let paths = if args.data.data.is_empty() {
                default_data(args.data.target)
            } else {
                args.data.data.clone()
            };
            let mut scored = Vec::new();
            for path in &paths {
                for record in input::open(path, Some(InputFormat::Jsonl))? {
                    let record = record?;
                    let Some(class) = record
                        .label
                        .as_deref()
                        .and_then(|l| args.data.target.class_of(l))
                    else {
                        continue;
                    };
                    let doc = analyzer.document(&record.article);
                    let values = analyzer.features(&doc);
                    let lexical = model.vocabulary().active(&doc);
                    scored.push((model.probability(&values, &lexical), class));
                }
            }
            let m = hypecheck::model::metrics::Metrics::compute(&scored, model.threshold());
            serde_json::json!({"target": args.data.target, "model": path, "held_out": m})
        }
        None => {
            let cv = train::cross_validate(&data, &params)?;
            serde_json::json!({"target": args.data.target, "rows": data.examples.len(), "cross_validation": cv})
        }
    };
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json | Format::Jsonl => {
            serde_json::to_writer_pretty(&mut out, &metrics)?;
            writeln!(out)?;
        }
        _ => print_metrics(&mut out, &metrics)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_metrics(out: &mut impl Write, v: &serde_json::Value) -> io::Result<()> {
    let m = v
        .get("held_out")
        .or_else(|| v["cross_validation"].get("pooled"))
        .cloned()
        .unwrap_or_default();
    writeln!(out, "target: {}", v["target"].as_str().unwrap_or("?"))?;
    if let Some(cv) = v.get("cross_validation") {
        writeln!(
            out,
            "{}-fold stratified cross-validation, seed {}, {} rows",
            cv["folds"], cv["seed"], v["rows"]
        )?;
    }
    for key in ["accuracy", "precision", "recall", "f1", "roc_auc", "ece"] {
        writeln!(
            out,
            "  {key:<10} {:.4}",
            m[key].as_f64().unwrap_or(f64::NAN)
        )?;
    }
    let c = &m["confusion"];
    writeln!(out, "  confusion      predicted-  predicted+")?;
    writeln!(out, "    actual-      {:>9}  {:>10}", c[0][0], c[0][1])?;
    writeln!(out, "    actual+      {:>9}  {:>10}", c[1][0], c[1][1])?;
    Ok(())
}
