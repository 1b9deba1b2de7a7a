import sys, json
sys.path.insert(0, "/work/main")
import numpy as np
from tools.train import read_corpus, rule_results, folds_by_writer, featurise, crossval, choose_combination
from widgets.packs import load_packs
packs = load_packs()
rows = [r for r in read_corpus(None) if r["framework"] == "oversight"]
if len(sys.argv) > 1: rows = [r for r in rows if r["writer"] in sys.argv[1].split(",")] if not sys.argv[1].startswith("-") else [r for r in rows if r["writer"] not in sys.argv[1][1:].split(",")]
cids = [c["id"] for c in packs["oversight"]["criteria"]]
rules = rule_results(rows, packs)
folds = folds_by_writer(rows, 8)
feats = featurise(rows, rules, True, 0)
probs = crossval(rows, feats, cids, 4.0, folds)
preds = {}; tot_r = 0
for cid in cids:
    y = np.array([r["labels"][cid] for r in rows]); ru = np.array([x[cid] for x in rules])
    comb, t = choose_combination(y, ru, probs[cid])
    preds[cid] = probs[cid] > t if comb == "scorer" else ru | (probs[cid] > t)
    tot_r += (ru == y).mean()
def acc(p):
    return {c: float((p[c] == np.array([r["labels"][c] for r in rows])).mean()) for c in cids}
a = acc(preds)
p2 = dict(preds); p2["oversight.rationale"] = preds["oversight.rationale"] & preds["oversight.decision"]
b = acc(p2)
for c in cids: print(f"{c:24s} {a[c]:.3f} gated {b[c]:.3f}")
print(f"rules {tot_r/len(cids):.3f} overall {np.mean(list(a.values())):.4f} gated {np.mean(list(b.values())):.4f} n={len(rows)}")
y = {c: np.array([r["labels"][c] for r in rows]) for c in cids}
R, D = preds["oversight.rationale"], preds["oversight.decision"]
print("rationale pred true & decision pred false:", int((R & ~D).sum()), " of which label rationale true:", int((R & ~D & y["oversight.rationale"]).sum()))
for cid in ("oversight.decision", "oversight.rationale"):
    ru = np.array([x[cid] for x in rules])
    print(cid, choose_combination(y[cid], ru, probs[cid]))
m = R & ~D
print("decision label true among them:", int((m & y["oversight.decision"]).sum()))
p3 = dict(preds); p3["oversight.decision"] = D | R
c3 = acc(p3); print("lift decision by rationale:", f"{c3['oversight.decision']:.3f}", f"{np.mean(list(c3.values())):.4f}")
from collections import defaultdict
byw = defaultdict(list)
for i, r in enumerate(rows): byw[r["writer"]].append(i)
print("writer  " + " ".join(c.split(".")[1][:6] for c in cids) + "  all")
for w in sorted(byw):
    ix = np.array(byw[w]); a_ = [float((p2[c][ix] == y[c][ix]).mean()) for c in cids]
    print(w, "  ".join(f"{v:.2f}" for v in a_), f" {np.mean(a_):.3f}")
