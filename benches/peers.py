"""Helper of benches/peers.sh: builds the inputs, times the Python peers, prints the table.

Not meant to be run by hand; see benches/peers.sh for usage. Subcommands:

  prepare DATA_DIR OUT_DIR MIN_ARTICLE_BYTES HEADLINE_ITEMS
      writes OUT_DIR/articles.jsonl (horne2017 repeated to at least MIN_ARTICLE_BYTES),
      OUT_DIR/headlines.jsonl (the clickbait headlines repeated to HEADLINE_ITEMS records),
      and OUT_DIR/inputs.json (items and text bytes of each)
  nela DATA_DIR SAMPLE REPEATS             nela-features extract_all on SAMPLE articles
  textstat-vader DATA_DIR SAMPLE REPEATS KIND
      textstat.flesch_reading_ease + VADER polarity_scores on SAMPLE articles or headlines
  tfidf-lr DATA_DIR SAMPLE REPEATS         TF-IDF + LogisticRegression predict_proba on headlines
  table RESULTS_JSONL                      prints the table and the ratios

Each timing subcommand prints one JSON object: tool, kind, items, bytes, seconds (median of
REPEATS passes over the sample), cpu_seconds, and a note. "bytes" is always UTF-8 bytes of
title + body text, the same measure for every tool.
"""

import json
import os
import statistics
import sys
import time

ARTICLES = "horne2017-political-news.jsonl"
HEADLINES = "chakraborty2016-clickbait-headlines.jsonl"


def load(data_dir, name):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def text_bytes(rec):
    return len((rec.get("title") or "").encode()) + len((rec.get("body") or "").encode())


def spread(records, n):
    """n records spread evenly over the corpus (every label represented), in corpus order."""
    n = min(n, len(records))
    if n <= 0:
        return []
    step = len(records) / n
    return [records[int(i * step)] for i in range(n)]


def prepare(data_dir, out_dir, min_article_bytes, headline_items):
    articles = load(data_dir, ARTICLES)
    headlines = load(data_dir, HEADLINES)
    info = {}
    path = os.path.join(out_dir, "articles.jsonl")
    items = text = file_bytes = rep = 0
    with open(path, "w", encoding="utf-8") as f:
        while file_bytes < min_article_bytes:
            for rec in articles:
                line = json.dumps(
                    {"id": f"{rec['id']}#{rep}", "title": rec.get("title"), "body": rec.get("body") or ""},
                    ensure_ascii=False,
                ) + "\n"
                f.write(line)
                file_bytes += len(line.encode())
                items += 1
                text += text_bytes(rec)
            rep += 1
    info["articles"] = {"path": path, "items": items, "bytes": text, "file_bytes": file_bytes,
                        "repeats": rep, "distinct": len(articles)}
    path = os.path.join(out_dir, "headlines.jsonl")
    items = text = file_bytes = 0
    with open(path, "w", encoding="utf-8") as f:
        while items < headline_items:
            rec = headlines[items % len(headlines)]
            line = json.dumps({"id": f"{rec['id']}#{items // len(headlines)}", "title": rec["title"]},
                              ensure_ascii=False) + "\n"
            f.write(line)
            file_bytes += len(line.encode())
            items += 1
            text += text_bytes(rec)
    info["headlines"] = {"path": path, "items": items, "bytes": text, "file_bytes": file_bytes,
                         "distinct": len(headlines)}
    with open(os.path.join(out_dir, "inputs.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))


def timed(fn, items, repeats):
    """Median wall and CPU seconds of `repeats` passes of fn over items; failures counted."""
    walls, cpus, failures = [], [], 0
    for _ in range(repeats):
        failures = 0
        w0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            try:
                fn(item)
            except Exception:  # a peer crashing on one input still took its time
                failures += 1
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), failures


def emit(tool, kind, sample, corpus_size, repeats, seconds, cpu, failures, extra=""):
    note = f"sample of {len(sample)} of {corpus_size} {kind}s, median of {repeats}, one process"
    if failures:
        note += f", {failures} raised"
    if extra:
        note += ", " + extra
    print(json.dumps({"tool": tool, "kind": kind, "items": len(sample),
                      "bytes": sum(text_bytes(r) for r in sample), "seconds": seconds,
                      "cpu_seconds": cpu, "note": note}))


def nela(data_dir, sample_size, repeats):
    from nela_features.nela_features import NELAFeatureExtractor

    articles = load(data_dir, ARTICLES)
    sample = spread(articles, sample_size)
    fx = NELAFeatureExtractor()
    # The NE chunker's data is not available offline (../shared/peers/README.md): skip it,
    # which makes nela's speed an upper bound.
    fx.Functions.get_continuous_NE_chunks = lambda tokens: 0.0
    texts = [(r.get("title") or "") + "\n" + (r.get("body") or "") for r in sample]
    fx.extract_all(texts[0])  # warm caches (lazy NLTK loads) outside the timing
    seconds, cpu, failures = timed(fx.extract_all, texts, repeats)
    emit("nela-features extract_all", "article", sample, len(articles), repeats, seconds, cpu,
         failures, "NE chunker stubbed (upper bound)")


def textstat_vader(data_dir, sample_size, repeats, kind):
    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    records = load(data_dir, ARTICLES if kind == "article" else HEADLINES)
    sample = spread(records, sample_size)
    vader = SentimentIntensityAnalyzer()
    texts = [(r.get("title") or "") + "\n" + (r.get("body") or "") for r in sample]

    def both(text):
        return textstat.flesch_reading_ease(text), vader.polarity_scores(text)

    both(texts[0])
    seconds, cpu, failures = timed(both, texts, repeats)
    emit("textstat+VADER", kind, sample, len(records), repeats, seconds, cpu, failures)


def tfidf_lr(data_dir, sample_size, repeats):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    headlines = load(data_dir, HEADLINES)
    titles = [r["title"] for r in headlines]
    labels = [r["label"] == "clickbait" for r in headlines]
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), lowercase=True),
                          LogisticRegression(max_iter=1000))
    t0 = time.perf_counter()
    model.fit(titles, labels)
    fit = time.perf_counter() - t0
    sample = spread(headlines, sample_size)
    texts = [r["title"] for r in sample]
    walls, cpus = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        model.predict_proba(texts)  # one batch: the peer's most favourable mode
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    emit("sklearn TF-IDF+LR predict_proba", "headline", sample, len(headlines), repeats,
         statistics.median(walls), statistics.median(cpus), 0,
         f"one batch, fitted on all headlines first ({fit:.1f} s, not timed)")


def fmt_int(n):
    return f"{n:,.0f}"


def ratio_fmt(x):
    return f"{x:,.0f}x" if x >= 10 else f"{x:.2f}x"


def table(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    head = ("tool", "kind", "items", "MB", "seconds", "cpu s", "items/s", "MB/s", "peak RSS MB")
    lines = []
    for r in rows:
        s = r["seconds"]
        r["items_per_s"] = r["items"] / s if s > 0 else float("nan")
        r["mb_per_s"] = r["bytes"] / 1e6 / s if s > 0 else float("nan")
        lines.append((r["tool"], r["kind"], fmt_int(r["items"]), f"{r['bytes'] / 1e6:.2f}",
                      f"{s:.3f}", f"{r.get('cpu_seconds', float('nan')):.2f}",
                      fmt_int(r["items_per_s"]) if r["items_per_s"] >= 100 else f"{r['items_per_s']:.2f}",
                      f"{r['mb_per_s']:.3f}" if r["mb_per_s"] < 10 else f"{r['mb_per_s']:.1f}",
                      f"{r['rss_kb'] / 1024:.0f}" if r.get("rss_kb") else "-"))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    def show(cells):
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths))))
    show(head)
    show(["-" * w for w in widths])
    for cells in lines:
        show(cells)
    print()
    print("ratios (hypecheck items/s over peer items/s, same kind of item, same run):")
    for kind in ("article", "headline"):
        ours = [r for r in rows if r["tool"].startswith("hypecheck score") and r["kind"] == kind]
        if not ours:
            continue
        hc = ours[0]
        for r in rows:
            if r["kind"] != kind or r["tool"].startswith("hypecheck"):
                continue
            ratio = hc["items_per_s"] / r["items_per_s"]
            cpu_ratio = (r["cpu_seconds"] / r["items"]) / (hc["cpu_seconds"] / hc["items"]) \
                if hc.get("cpu_seconds") and r.get("cpu_seconds") else float("nan")
            print(f"  per {kind}: hypecheck / {r['tool']}: {ratio_fmt(ratio)} wall,"
                  f" {ratio_fmt(cpu_ratio)} per CPU-second")
    print()
    for r in rows:
        if r.get("note"):
            print(f"  {r['tool']} ({r['kind']}): {r['note']}")


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "prepare":
        prepare(args[0], args[1], int(args[2]), int(args[3]))
    elif cmd == "nela":
        nela(args[0], int(args[1]), int(args[2]))
    elif cmd == "textstat-vader":
        textstat_vader(args[0], int(args[1]), int(args[2]), args[3])
    elif cmd == "tfidf-lr":
        tfidf_lr(args[0], int(args[1]), int(args[2]))
    elif cmd == "table":
        table(args[0])
    else:
        sys.exit(f"peers.py: unknown subcommand {cmd}")


if __name__ == "__main__":
    main(sys.argv)
