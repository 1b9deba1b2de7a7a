import sys, json
sys.path.insert(0, "/work/main")
from widgets.engine import check
from widgets.packs import load_packs
p = load_packs()["oversight"]
rows = [json.loads(l) for w in sys.argv[1:] for l in open(f"/work/ovwork/out/{w}.jsonl")]
tot = {}
for r in rows:
    rep = check(r["text"], p, learned=False)
    for c in rep["criteria"]:
        tot.setdefault(c["id"], []).append(c["met"] == r["labels"][c["id"]])
for k, v in tot.items(): print(f"{k:24s} {sum(v)/len(v):.3f}")
print("overall", f"{sum(sum(v) for v in tot.values())/sum(len(v) for v in tot.values()):.3f}", len(rows))
