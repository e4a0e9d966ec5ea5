#!/usr/bin/env python3
"""What hand-crafted sentence features would add to the body model (run from the repository root).

An exploration in scikit-learn, not the shipped model: a logistic regression over TF-IDF word
1-2-grams of each sentence (min_df 2, max_df 2%, sublinear; close to the body model's
n-grams), alone and with per-sentence counts, on the body model's two sentence corpora, in
5 folds grouped as the data README says (PTC by article, BABE by outlet):

- `lexicons`: counts (clipped at 3) of the hand-written lexicons' matches (hype words,
  intensifiers, superlatives, boosters, hedges, second person, clickbait phrases), `!` and
  words in capitals;
- `marked words, per fold`: how many of the sentence's words annotators mark as loaded at least
  half the times they occur (4+ letters, 4+ marks), the list derived from the training folds
  only (PTC spans, BABE's biased words);
- `loaded_words.txt (leaks)`: the shipped loaded-words lexicon, derived by
  scripts/loaded_words.py from all of PTC and BABE, test folds included: printed to show how
  far a lexicon that has seen the test folds inflates the figure. Not a result.

Prints mean ROC-AUC over the folds and the pooled ROC-AUC. Reads ../shared/data; writes nothing.
"""
import collections
import json
import re

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

DATA = "../shared/data/"
LEXICONS = "models/lexicons/"
TECHNIQUES = {
    "Loaded_Language",
    "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice",
    "Name_Calling,Labeling",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def ptc():
    """Sentences (one per line, headline left out, 4+ words) with their words' marks."""
    rows = []
    for line in open(DATA + "dasanmartino2019-ptc-propaganda-spans.jsonl"):
        r = json.loads(line)
        spans = [(s["start"], s["end"]) for s in r.get("spans", []) if s["label"] in TECHNIQUES]
        pos = 0
        for i, sentence in enumerate(r["body"].split("\n")):
            start, end = pos, pos + len(sentence)
            pos = end + 1
            if i == 0 or len(sentence.split()) < 4:
                continue
            words = [
                (m.group().lower(), any(a < start + m.end() and b > start + m.start() for a, b in spans))
                for m in WORD.finditer(sentence)
            ]
            loaded = any(a < end and b > start for a, b in spans)
            rows.append((sentence, loaded, r["id"], words))
    return rows


def babe():
    rows = []
    for line in open(DATA + "spinde2021-babe-biased-sentences.jsonl"):
        r = json.loads(line)
        if r["label"] not in ("biased", "non-biased"):
            continue
        marked = {w.lower() for w in r.get("biased_words") or []}
        words = [(m.group().lower(), m.group().lower() in marked) for m in WORD.finditer(r["body"])]
        rows.append((r["body"], r["label"] == "biased", r["outlet"], words))
    return rows


def lexicon(name):
    entries = [
        line.split("\t")[0].strip()
        for line in open(LEXICONS + name)
        if line.strip() and not line.startswith("#")
    ]
    alternatives = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.I)


HAND = [
    lexicon(n)
    for n in [
        "hype_words.txt",
        "intensifiers.txt",
        "superlatives.txt",
        "boosters.txt",
        "hedges.txt",
        "second_person.txt",
        "clickbait_phrases.txt",
    ]
]
LEAKY = lexicon("loaded_words.txt")


def lexicon_counts(sentences):
    out = []
    for s in sentences:
        counts = [min(len(p.findall(s)), 3) for p in HAND]
        counts.append(min(s.count("!"), 3))
        counts.append(min(sum(1 for w in s.split() if len(w) > 1 and w.isupper()), 3))
        out.append(counts)
    return np.array(out, float)


def marked_words(rowsets):
    seen, marked = collections.Counter(), collections.Counter()
    for rows in rowsets:
        for *_, words in rows:
            for w, m in words:
                seen[w] += 1
                marked[w] += m
    return {w for w in seen if len(w) >= 4 and marked[w] >= 4 and marked[w] / seen[w] >= 0.5}


def evaluate(rows, other, lexicons=False, per_fold=False, leaky=False):
    sentences = [r[0] for r in rows]
    y = np.array([r[1] for r in rows])
    groups = [r[2] for r in rows]
    hand = lexicon_counts(sentences) if lexicons else None
    aucs, scores = [], np.zeros(len(y))
    for train, test in GroupKFold(5).split(sentences, y, groups):
        tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.02, sublinear_tf=True)
        a = tfidf.fit_transform([sentences[i] for i in train])
        b = tfidf.transform([sentences[i] for i in test])
        extra = []
        if lexicons:
            extra.append(hand)
        if per_fold:
            words = marked_words([[rows[i] for i in train], other])
            extra.append(np.array([[min(sum(w in words for w, _ in r[3]), 3)] for r in rows], float))
        if leaky:
            extra.append(np.array([[min(len(LEAKY.findall(s)), 3)] for s in sentences], float))
        if extra:
            x = np.hstack(extra)
            mean, sd = x[train].mean(0), x[train].std(0) + 1e-9
            a = hstack([a, csr_matrix((x[train] - mean) / sd)]).tocsr()
            b = hstack([b, csr_matrix((x[test] - mean) / sd)]).tocsr()
        model = LogisticRegression(C=1.0, max_iter=2000).fit(a, y[train])
        scores[test] = model.decision_function(b)
        aucs.append(roc_auc_score(y[test], scores[test]))
    return f"{np.mean(aucs):.3f} (pooled {roc_auc_score(y, scores):.3f})"


def main():
    p, b = ptc(), babe()
    for name, rows, other in [("PTC, grouped by article", p, b), ("BABE, grouped by outlet", b, p)]:
        print(f"{name}: {len(rows)} sentences")
        print("  word n-grams                              ", evaluate(rows, other))
        print("  + lexicons                                ", evaluate(rows, other, lexicons=True))
        print("  + marked words, per fold                  ", evaluate(rows, other, per_fold=True))
        print("  + lexicons + marked words, per fold       ", evaluate(rows, other, True, True))
        print("  + lexicons + loaded_words.txt (leaks)     ", evaluate(rows, other, True, leaky=True))


if __name__ == "__main__":
    main()
