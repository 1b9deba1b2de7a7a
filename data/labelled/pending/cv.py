"""Grouped CV on oversight records already in the corpus (all are train-usable now)."""
import sys, json
sys.path.insert(0, "/work/main")
import numpy as np
from tools.train import read_corpus, rule_results, folds_by_writer, featurise, crossval, choose_combination
from widgets.packs import load_packs
packs = load_packs()
rows = [r for r in read_corpus(None) if r["framework"] == "oversight"]
cids = [c["id"] for c in packs["oversight"]["criteria"]]
rules = rule_results(rows, packs)
folds = folds_by_writer(rows, 8)
feats = featurise(rows, rules, True, 0)
probs = crossval(rows, feats, cids, 4.0, folds)
tot_r = tot_s = 0
out = []
for cid in cids:
    y = np.array([r["labels"][cid] for r in rows]); ru = np.array([x[cid] for x in rules])
    comb, t = choose_combination(y, ru, probs[cid])
    pred = probs[cid] > t if comb == "scorer" else ru | (probs[cid] > t)
    a_r = (ru == y).mean(); a_s = (pred == y).mean(); tot_r += a_r; tot_s += a_s
    print(f"{cid:24s} rules {a_r:.3f}  model {a_s:.3f} ({comb} {t})")
    for i in np.where(pred != y)[0]:
        out.append({"cid": cid, "id": rows[i]["id"], "label": bool(y[i]), "rule": bool(ru[i]), "p": round(float(probs[cid][i]), 2), "text": rows[i]["text"]})
print(f"overall rules {tot_r/len(cids):.3f} model {tot_s/len(cids):.3f}  n={len(rows)}")
json.dump(out, open("/work/ovwork/cv_errors.json", "w"), indent=1, ensure_ascii=False)
