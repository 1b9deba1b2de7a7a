"""Merge new oversight writers into data/labelled: o17-o20 -> train; TEST writers -> test with
settled double labels; TRAIN writers -> train with writer labels. Run once."""
import json, sys
from pathlib import Path
MAIN = Path("/work/main"); W = Path("/work/ovwork")
TEST = ["o23", "o24", "o25", "o26", "o27", "o28"]; TRAIN = ["o29", "o30"]
CIDS = ["oversight.child_focus", "oversight.analysis", "oversight.decision", "oversight.rationale",
        "oversight.actions", "oversight.follow_up", "oversight.review"]
def jl(p): return [json.loads(l) for l in Path(p).read_text(encoding="utf-8").splitlines() if l.strip()]
corpus = MAIN / "data/labelled/oversight.jsonl"; review = MAIN / "data/labelled/review/double-labelled.jsonl"
rows = jl(corpus)
assert not any(r["writer"] in TEST + TRAIN for r in rows)
for r in rows:
    if r["writer"] in ("o17", "o18", "o19", "o20"): r["split"] = "train"
adj = {}
for p in sorted(W.glob("lab/adj*.jsonl")):
    for a in jl(p): adj[a["id"]] = a["labels"]
new_review = []
def rec(w, x, labels, split, by):
    return {"id": x["id"], "framework": "oversight", "text": x["text"], "labels": labels, "split": split,
            "style": x["style"], "writer": w, "service": x["service"], "labelled_by": by}
for w in TEST + TRAIN:
    out = jl(W / f"out/{w}.jsonl"); assert len(out) == 110, (w, len(out))
    for x in out:
        assert set(x["labels"]) == set(CIDS), x["id"]
        assert not (x["labels"]["oversight.rationale"] and not x["labels"]["oversight.decision"]), x["id"]
    if w in TRAIN:
        rows += [rec(w, x, x["labels"], "train", "writer") for x in out]; continue
    a = {y["id"]: y["labels"] for y in jl(W / f"lab/{w}a.jsonl")}; b = {y["id"]: y["labels"] for y in jl(W / f"lab/{w}b.jsonl")}
    for x in out:
        A, B = a[x["id"]], b[x["id"]]; assert set(A) == set(CIDS) == set(B), x["id"]
        dis = [c for c in CIDS if A[c] != B[c]]
        settled = {c: adj[x["id"]][c] for c in dis} if dis else {}
        final = {c: (settled[c] if c in settled else A[c]) for c in CIDS}
        if final["oversight.rationale"] and not final["oversight.decision"]:
            raise SystemExit(f"inconsistent final {x['id']}")
        rows.append(rec(w, x, final, "test", "two labellers and an adjudicator" if dis else "two labellers"))
        new_review.append({"id": x["id"], "framework": "oversight", "writer_labels": x["labels"], "a": A, "b": B,
                           "adjudicated": settled, "final": final})
corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
with review.open("a", encoding="utf-8") as f:
    for r in new_review: f.write(json.dumps(r, ensure_ascii=False) + "\n")
pairs = [(r["a"][c], r["b"][c]) for r in new_review for c in CIDS]
print("rows", len(rows), "agreement", sum(p == q for p, q in pairs), "/", len(pairs))
for w in TEST:
    mine = [r for r in new_review if r["id"].startswith(w)]
    pr = [(r["a"][c], r["b"][c]) for r in mine for c in CIDS]
    print(w, sum(p == q for p, q in pr), "/", len(pr), "adjudicated records", sum(bool(r["adjudicated"]) for r in mine))
wl = [(r["writer_labels"][c], r["final"][c]) for r in new_review for c in CIDS]
print("writer vs final", sum(p == q for p, q in wl), "/", len(wl))
