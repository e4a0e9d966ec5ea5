//! Python bindings of hypecheck: thin by design. Every score, label and explanation comes from
//! the main crate's [`Hypecheck`]; this file only moves records in and results out.
//!
//! - Reports go out as the CLI's own JSON lines ([`hypecheck::render::json_line`]), so a
//!   `dict` from Python is the CLI's JSON contract, float for float.
//! - Arrow columns go out as raw buffers (little-endian values, validity bitmaps, `i32`
//!   offsets) that `pyarrow.Array.from_buffers` wraps, and come in as the buffers of
//!   `large_string` arrays: no Python object per value either way.
//! - Scoring runs with the GIL released, in parallel on rayon's pool.
//!
//! The Python package (`python/hypecheck/`) wraps this module: it validates arguments, builds
//! the Arrow arrays and raises the exceptions that name a record.
#![deny(missing_docs)]
// PyO3 0.22's `#[pymethods]` expansion converts `PyErr` into itself (fixed in PyO3 0.23).
#![allow(clippy::useless_conversion)]

use hypecheck::report::Report;
use hypecheck::{Article, Hypecheck, ReasonText, Source};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `source.path` of every report made from Python.
const PATH: &str = "<python>";

/// Contributions smaller than this are not shown as reasons (as in the CLI's human view).
const MIN_REASON: f64 = 0.01;

/// One record as it arrives: any field may be missing.
struct Input<'a> {
    id: Option<&'a str>,
    title: Option<&'a str>,
    body: Option<&'a str>,
}

/// The article of a record, read as the CLI reads a JSON Lines record: a record with a title
/// keeps it as its headline; one without (`None`) has its body's first line read as the
/// headline when it looks like one. `row` is 0-based; a record without an id gets its row.
fn article(row: usize, input: &Input, batch: bool) -> Result<Article, String> {
    let id = match input.id {
        Some(id) => id.to_string(),
        None if batch => row.to_string(),
        None => "text".to_string(),
    };
    let body = input.body.unwrap_or("");
    let mut article = match input.title {
        Some(title) => Article::new(id, Some(title.to_string()), body),
        None => Article::from_body(id, body),
    };
    article.source = if batch {
        Source::record(PATH, row + 1)
    } else {
        Source::file(PATH)
    };
    if article.is_empty() {
        return Err("no text: the title and the body are empty or missing".to_string());
    }
    Ok(article)
}

/// A `large_string` Arrow array as its buffers, cut to its rows: `n + 1` `i64` offsets (the
/// first is the base of the data), the UTF-8 data from that base, and an optional validity
/// bitmap whose first row is at bit `bit_offset`.
struct StrCol<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    validity: Option<&'a [u8]>,
    bit_offset: usize,
}

impl<'a> StrCol<'a> {
    fn new(col: &'a Option<ArrowStrings>) -> Option<StrCol<'a>> {
        col.as_ref()
            .map(|(offsets, data, validity, bit_offset)| StrCol {
                offsets: offsets.as_bytes(),
                data: data.as_bytes(),
                validity: validity.as_ref().map(|v| v.as_bytes()),
                bit_offset: *bit_offset,
            })
    }

    fn offset(&self, k: usize) -> Result<i64, String> {
        let bytes = self
            .offsets
            .get(8 * k..8 * k + 8)
            .ok_or("offsets buffer too short")?;
        Ok(i64::from_le_bytes(
            bytes.try_into().map_err(|_| "bad offset")?,
        ))
    }

    /// Value `i` (`None` when null); an error for bad buffers or bytes that are not UTF-8.
    fn get(&self, i: usize) -> Result<Option<&'a str>, String> {
        if let Some(validity) = self.validity {
            let j = self.bit_offset + i;
            let byte = validity.get(j / 8).ok_or("validity bitmap too short")?;
            if byte >> (j % 8) & 1 == 0 {
                return Ok(None);
            }
        }
        let base = self.offset(0)?;
        let at = |k: usize| -> Result<usize, String> {
            let v = self.offset(k)? - base;
            usize::try_from(v).map_err(|_| format!("offset {v} before the data"))
        };
        let (start, end) = (at(i)?, at(i + 1)?);
        let bytes = self
            .data
            .get(start..end)
            .ok_or_else(|| format!("offsets {start}..{end} outside the data"))?;
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|e| format!("not valid UTF-8 ({e})"))
    }
}

/// Value `i` of a column the batch may lack.
fn cell<'a>(c: &Option<StrCol<'a>>, i: usize) -> Result<Option<&'a str>, String> {
    c.as_ref().map_or(Ok(None), |c| c.get(i))
}

/// A `large_string` column from Python: `(offsets, data, validity or None, bit offset)`.
type ArrowStrings<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyBytes>>,
    usize,
);

/// Records that failed: `(row, id, message)`.
type Failures = Vec<(usize, String, String)>;

/// One of the top reasons of a score.
struct Reason {
    feature: String,
    contribution: f64,
    text: String,
}

/// What one row of the Arrow output holds.
struct Row {
    id: String,
    scored: Result<Scored, String>,
}

struct Scored {
    sensationalism: f64,
    sensationalism_label: String,
    quality: Option<f64>,
    quality_label: Option<String>,
    headline: Option<f64>,
    body: Option<f64>,
    language: String,
    warnings: Option<String>,
    reasons: [Vec<Reason>; 2],
}

/// Reasons as the CLI's human view words them.
fn reasons(texts: Vec<ReasonText>) -> Vec<Reason> {
    texts
        .into_iter()
        .map(|r| Reason {
            feature: r.feature,
            contribution: r.contribution,
            text: r.text,
        })
        .collect()
}

impl Scored {
    fn new(r: Report, [sensationalism, quality]: [Vec<ReasonText>; 2]) -> Scored {
        Scored {
            sensationalism: r.scores.sensationalism,
            quality: r.scores.quality,
            headline: r.scores.headline,
            body: r.scores.body,
            reasons: [reasons(sensationalism), reasons(quality)],
            sensationalism_label: r.labels.sensationalism,
            quality_label: r.labels.quality,
            language: r.language.code,
            warnings: (!r.warnings.is_empty()).then(|| r.warnings.join("; ")),
        }
    }
}

/// A nullable `float64` column being built.
#[derive(Default)]
struct F64Out {
    data: Vec<u8>,
    valid: Bitmap,
}

impl F64Out {
    fn push(&mut self, v: Option<f64>) {
        self.data.extend_from_slice(&v.unwrap_or(0.0).to_le_bytes());
        self.valid.push(v.is_some());
    }
}

/// A nullable `string` column being built (`i32` offsets: Arrow's `utf8`, what Spark reads).
struct StrOut {
    offsets: Vec<u8>,
    data: Vec<u8>,
    valid: Bitmap,
}

impl Default for StrOut {
    fn default() -> Self {
        StrOut {
            offsets: 0i32.to_le_bytes().to_vec(),
            data: Vec::new(),
            valid: Bitmap::default(),
        }
    }
}

impl StrOut {
    fn push(&mut self, v: Option<&str>) -> PyResult<()> {
        if let Some(s) = v {
            self.data.extend_from_slice(s.as_bytes());
        }
        let end = i32::try_from(self.data.len()).map_err(|_| {
            PyValueError::new_err("a string column of one batch exceeds 2 GiB: use smaller batches")
        })?;
        self.offsets.extend_from_slice(&end.to_le_bytes());
        self.valid.push(v.is_some());
        Ok(())
    }
}

/// A validity bitmap (bit set: value present), with its count of nulls.
#[derive(Default)]
struct Bitmap {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Bitmap {
    fn push(&mut self, set: bool) {
        if self.len % 8 == 0 {
            self.bits.push(0);
        }
        if set {
            self.bits[self.len / 8] |= 1 << (self.len % 8);
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }
}

/// The `list<struct<feature, contribution, text>>` column of reasons being built.
struct ReasonsOut {
    offsets: Vec<u8>,
    count: i32,
    feature: StrOut,
    contribution: F64Out,
    text: StrOut,
}

impl Default for ReasonsOut {
    fn default() -> Self {
        ReasonsOut {
            offsets: 0i32.to_le_bytes().to_vec(),
            count: 0,
            feature: StrOut::default(),
            contribution: F64Out::default(),
            text: StrOut::default(),
        }
    }
}

impl ReasonsOut {
    fn push(&mut self, reasons: &[Reason]) -> PyResult<()> {
        for r in reasons {
            self.feature.push(Some(&r.feature))?;
            self.contribution.push(Some(r.contribution));
            self.text.push(Some(&r.text))?;
        }
        self.count += reasons.len() as i32;
        self.offsets.extend_from_slice(&self.count.to_le_bytes());
        Ok(())
    }
}

fn bytes<'py>(py: Python<'py>, b: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new_bound(py, b)
}

impl F64Out {
    /// `(validity or None, data, null count)`.
    fn into_py(self, py: Python<'_>) -> PyObject {
        let valid = (self.valid.nulls > 0).then(|| bytes(py, &self.valid.bits));
        (valid, bytes(py, &self.data), self.valid.nulls).into_py(py)
    }
}

impl StrOut {
    /// `(validity or None, offsets, data, null count)`.
    fn into_py(self, py: Python<'_>) -> PyObject {
        let valid = (self.valid.nulls > 0).then(|| bytes(py, &self.valid.bits));
        (
            valid,
            bytes(py, &self.offsets),
            bytes(py, &self.data),
            self.valid.nulls,
        )
            .into_py(py)
    }
}

impl ReasonsOut {
    /// `(offsets, feature column, contribution column, text column)`.
    fn into_py(self, py: Python<'_>) -> PyObject {
        (
            bytes(py, &self.offsets),
            self.feature.into_py(py),
            self.contribution.into_py(py),
            self.text.into_py(py),
        )
            .into_py(py)
    }
}

/// The scorer behind `hypecheck.Scorer`: the shipped models and lexicons (embedded in this
/// module) or the caller's.
#[pyclass(frozen, module = "hypecheck._hypecheck")]
struct Core {
    hc: Hypecheck,
}

#[pymethods]
impl Core {
    /// `models`: model files, each replacing the shipped model of the target it declares;
    /// `lexicons`: a folder whose lexicon files replace the embedded ones of the same name.
    /// Raises `ValueError` naming the file when one cannot be read.
    #[new]
    #[pyo3(signature = (models=None, lexicons=None))]
    fn new(
        py: Python<'_>,
        models: Option<Vec<String>>,
        lexicons: Option<String>,
    ) -> PyResult<Core> {
        py.allow_threads(|| {
            let mut builder = Hypecheck::builder();
            if let Some(dir) = lexicons {
                builder = builder.lexicons_dir(dir);
            }
            for path in models.unwrap_or_default() {
                builder = builder
                    .model_file(&path)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
            }
            let hc = builder
                .build()
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            Ok(Core { hc })
        })
    }

    /// The hypecheck version and the digests of the models and lexicons in use, as JSON.
    fn provenance(&self) -> PyResult<String> {
        let report = self.hc.score(&Article::new("", Some("x".into()), ""));
        serde_json::to_string(&*report.provenance).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Scores records (`explain`: with explanations) in parallel, the GIL released.
    ///
    /// Returns `(json, errors)`: `json` is a JSON array of the reports, each exactly the
    /// CLI's JSON line, with `null` for a record that failed; `errors` lists
    /// `(row, id, message)` for each of those (`row` counted in this call). `batch` says
    /// whether these are rows of a batch starting at row `first_row` of the input
    /// (`source.record` is the row + 1, a missing id becomes the row) or one call's record.
    #[pyo3(signature = (ids, titles, bodies, explain, batch, first_row=0))]
    #[allow(clippy::too_many_arguments)]
    fn json<'py>(
        &self,
        py: Python<'py>,
        ids: Vec<Option<String>>,
        titles: Vec<Option<String>>,
        bodies: Vec<Option<String>>,
        explain: bool,
        batch: bool,
        first_row: usize,
    ) -> PyResult<(Bound<'py, PyBytes>, Failures)> {
        let n = ids.len();
        if titles.len() != n || bodies.len() != n {
            return Err(PyValueError::new_err(
                "ids, titles and bodies must be of the same length",
            ));
        }
        let (json, errors) = py.allow_threads(|| {
            let results: Vec<Result<Vec<u8>, (String, String)>> = (0..n)
                .into_par_iter()
                .map(|row| {
                    let input = Input {
                        id: ids[row].as_deref(),
                        title: titles[row].as_deref(),
                        body: bodies[row].as_deref(),
                    };
                    let at = first_row + row;
                    let a = article(at, &input, batch).map_err(|m| {
                        let id = match input.id {
                            Some(id) => id.to_string(),
                            None if batch => at.to_string(),
                            None => "text".to_string(),
                        };
                        (id, m)
                    })?;
                    let report = if explain {
                        self.hc.explain(&a)
                    } else {
                        self.hc.score(&a)
                    };
                    hypecheck::render::json_line(&report).map_err(|e| (a.id, e.to_string()))
                })
                .collect();
            let mut json = Vec::with_capacity(
                results
                    .iter()
                    .map(|r| r.as_ref().map_or(4, Vec::len))
                    .sum::<usize>()
                    + n
                    + 2,
            );
            let mut errors = Vec::new();
            json.push(b'[');
            for (row, result) in results.into_iter().enumerate() {
                if row > 0 {
                    json.push(b',');
                }
                match result {
                    Ok(mut line) => {
                        line.pop(); // its newline
                        json.extend_from_slice(&line);
                    }
                    Err((id, message)) => {
                        json.extend_from_slice(b"null");
                        errors.push((row, id, message));
                    }
                }
            }
            json.push(b']');
            (json, errors)
        });
        Ok((PyBytes::new_bound(py, &json), errors))
    }

    /// Scores `n` rows of Arrow string columns (each `(offsets, data, validity, bit offset)` of a
    /// `large_string` array, cut to the rows, or `None` when the batch lacks it) in parallel, the GIL released,
    /// and returns the output columns as buffers for `pyarrow.Array.from_buffers`: a dict of
    /// column name to buffers, plus `errors`, a list of `(row, id, message)`.
    ///
    /// `top`: reasons per score (0: none, and no explanation is computed). `first_row`: the
    /// row number of the first row in the whole input (ids of rows without one, and errors).
    #[pyo3(signature = (n, ids, titles, bodies, top, first_row))]
    #[allow(clippy::too_many_arguments)]
    fn columns<'py>(
        &self,
        py: Python<'py>,
        n: usize,
        ids: Option<ArrowStrings<'py>>,
        titles: Option<ArrowStrings<'py>>,
        bodies: Option<ArrowStrings<'py>>,
        top: usize,
        first_row: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let cols = [
            StrCol::new(&ids),
            StrCol::new(&titles),
            StrCol::new(&bodies),
        ];
        let rows: Vec<Row> = py.allow_threads(|| {
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let row = first_row + i;
                    let id = cell(&cols[0], i);
                    let fallback = || match &id {
                        Ok(Some(id)) => id.to_string(),
                        _ => row.to_string(),
                    };
                    let read = || -> Result<Article, String> {
                        let input = Input {
                            id: id.clone().map_err(|e| format!("id: {e}"))?,
                            title: cell(&cols[1], i).map_err(|e| format!("title: {e}"))?,
                            body: cell(&cols[2], i).map_err(|e| format!("body: {e}"))?,
                        };
                        article(row, &input, true)
                    };
                    match read() {
                        Ok(a) => {
                            let (report, reasons) = if top > 0 {
                                self.hc.score_with_reason_texts(&a, top, MIN_REASON)
                            } else {
                                (self.hc.score(&a), Default::default())
                            };
                            Row {
                                id: a.id,
                                scored: Ok(Scored::new(report, reasons)),
                            }
                        }
                        Err(message) => Row {
                            id: fallback(),
                            scored: Err(message),
                        },
                    }
                })
                .collect()
        });
        let mut id = StrOut::default();
        let mut sens = F64Out::default();
        let mut sens_label = StrOut::default();
        let mut quality = F64Out::default();
        let mut quality_label = StrOut::default();
        let mut headline = F64Out::default();
        let mut body = F64Out::default();
        let mut language = StrOut::default();
        let mut warnings = StrOut::default();
        let mut error = StrOut::default();
        let mut sens_reasons = ReasonsOut::default();
        let mut quality_reasons = ReasonsOut::default();
        let mut errors = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            id.push(Some(&row.id))?;
            match &row.scored {
                Ok(s) => {
                    sens.push(Some(s.sensationalism));
                    sens_label.push(Some(&s.sensationalism_label))?;
                    quality.push(s.quality);
                    quality_label.push(s.quality_label.as_deref())?;
                    headline.push(s.headline);
                    body.push(s.body);
                    language.push(Some(&s.language))?;
                    warnings.push(s.warnings.as_deref())?;
                    error.push(None)?;
                    sens_reasons.push(&s.reasons[0])?;
                    quality_reasons.push(&s.reasons[1])?;
                }
                Err(message) => {
                    for c in [&mut sens, &mut quality, &mut headline, &mut body] {
                        c.push(None);
                    }
                    for c in [
                        &mut sens_label,
                        &mut quality_label,
                        &mut language,
                        &mut warnings,
                    ] {
                        c.push(None)?;
                    }
                    error.push(Some(message))?;
                    sens_reasons.push(&[])?;
                    quality_reasons.push(&[])?;
                    errors.push((first_row + i, row.id.clone(), message.clone()));
                }
            }
        }
        let out = PyDict::new_bound(py);
        out.set_item("id", id.into_py(py))?;
        out.set_item("sensationalism", sens.into_py(py))?;
        out.set_item("sensationalism_label", sens_label.into_py(py))?;
        out.set_item("quality", quality.into_py(py))?;
        out.set_item("quality_label", quality_label.into_py(py))?;
        out.set_item("sensationalism_headline", headline.into_py(py))?;
        out.set_item("sensationalism_body", body.into_py(py))?;
        out.set_item("language", language.into_py(py))?;
        out.set_item("warnings", warnings.into_py(py))?;
        out.set_item("sensationalism_reasons", sens_reasons.into_py(py))?;
        out.set_item("quality_reasons", quality_reasons.into_py(py))?;
        out.set_item("error", error.into_py(py))?;
        out.set_item("errors", errors)?;
        // Each row's strings were made on the thread that scored it: freed there too, in
        // parallel, the GIL released.
        py.allow_threads(|| rows.into_par_iter().for_each(drop));
        Ok(out)
    }

    /// Threads in rayon's pool, which scores batches.
    #[staticmethod]
    fn threads() -> usize {
        rayon::current_num_threads()
    }
}

/// The Rust core of the `hypecheck` package.
#[pymodule]
fn _hypecheck(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Core>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
