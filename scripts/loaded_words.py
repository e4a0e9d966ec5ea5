#!/usr/bin/env python3
"""Derives models/lexicons/loaded_words.txt from the shared corpora (run from the repository root).

A word is loaded when annotators mark it as such far more often than not:
- PTC (Da San Martino et al. 2019): words inside Loaded_Language, Exaggeration/Minimisation,
  Name_Calling/Labeling and Appeal_to_fear-prejudice spans;
- BABE (Spinde et al. 2021): the words experts marked as biased.
Kept: lower-cased words of 4+ letters, marked at least 4 times, in a mark at least half the
times they occur in those corpora; not a proper noun (capitalised in most occurrences); not
already a hype word (models/lexicons/hype_words.txt, a feature of its own); not one of the
words the hype lexicon leaves out because news uses them plainly. Only the word list is
written: no corpus text.
"""
import ast
import collections
import json
import re

DATA = "../shared/data"
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
TECHNIQUES = {
    "Loaded_Language",
    "Exaggeration,Minimisation",
    "Name_Calling,Labeling",
    "Appeal_to_fear-prejudice",
}
PLAIN_IN_NEWS = set(
    "great huge massive major historic dramatic dramatically extraordinary devastating "
    "catastrophic tragic chaos backlash wild perfect chilling revolutionary explosive "
    "destroys fury".split()
)
# Words news uses literally, about a topic or an event, which annotators marked only where a
# text used them figuratively or as part of a loaded phrase ("a flood of migrants", "the
# propaganda machine"): a wire report of a flood or a tsunami, a party whip, a striking worker
# or a team beaten 3-1 is not loaded language.
LITERAL_IN_NEWS = set(
    "flood tsunami machine donation cliff darkness execute explode exploded extinction hunt "
    "ring spies plantation record-breaking striking stripped beaten cried cries kick masters "
    "classic conciliar non-partisan obscure tapestry whip mortal hack gravely easiest "
    "rhetorical serial predator wolves sheep tortured fantasy circus devastated devastation "
    "shock cracker".split()
)
STOP = set(
    "this that with from have they them their there were been what when which will would "
    "about into more than just also only even such".split()
)


def spans(record):
    s = record.get("spans") or []
    return ast.literal_eval(s) if isinstance(s, str) else s


marked, total, capital = collections.Counter(), collections.Counter(), collections.Counter()
for line in open(f"{DATA}/dasanmartino2019-ptc-propaganda-spans.jsonl", encoding="utf-8"):
    r = json.loads(line)
    body = r["body"]
    inside = bytearray(len(body))
    for s in spans(r):
        if s["label"] in TECHNIQUES:
            inside[s["start"] : min(s["end"], len(body))] = b"\x01" * (min(s["end"], len(body)) - s["start"])
    for m in WORD.finditer(body):
        w = m.group().lower()
        total[w] += 1
        capital[w] += m.group()[0].isupper()
        marked[w] += inside[m.start()]
for line in open(f"{DATA}/spinde2021-babe-biased-sentences.jsonl", encoding="utf-8"):
    r = json.loads(line)
    words = r.get("biased_words") or []
    words = ast.literal_eval(words) if isinstance(words, str) else words
    for phrase in words:
        for w in WORD.findall(phrase):
            marked[w.lower()] += 1
    for m in WORD.finditer(r["body"]):
        w = m.group().lower()
        total[w] += 1
        capital[w] += m.group()[0].isupper()

hype = {
    l.strip().lower()
    for l in open("models/lexicons/hype_words.txt", encoding="utf-8")
    if l.strip() and not l.startswith("#")
}
kept = sorted(
    w
    for w, n in marked.items()
    if len(w) >= 4
    and n >= 4
    and n / max(total[w], n) >= 0.5
    and capital[w] * 2 < total[w]
    and w not in STOP | PLAIN_IN_NEWS | LITERAL_IN_NEWS | hype
)
with open("models/lexicons/loaded_words.txt", "w", encoding="utf-8") as out:
    out.write(
        "# Loaded words: words that annotators mark as loaded language, name-calling, exaggeration or\n"
        "# fear-mongering (PTC, Da San Martino et al. 2019) or as biased (BABE, Spinde et al. 2021)\n"
        "# at least half the times they occur in those corpora. Derived by scripts/loaded_words.py\n"
        "# (the word list only; no corpus text). Hype words (hype_words.txt) are a feature of their own.\n"
    )
    for w in kept:
        out.write(w + "\n")
print(f"{len(kept)} loaded words")
