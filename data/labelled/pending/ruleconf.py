import sys, json
sys.path.insert(0, "/work/main")
from tools.train import read_corpus, rule_results
from widgets.packs import load_packs
packs = load_packs()
rows = [r for r in read_corpus(None) if r["framework"] == "oversight"]
rules = rule_results(rows, packs)
for cid in [c["id"] for c in packs["oversight"]["criteria"]]:
    tp=sum(r["labels"][cid] and u[cid] for r,u in zip(rows,rules)); fp=sum((not r["labels"][cid]) and u[cid] for r,u in zip(rows,rules))
    fn=sum(r["labels"][cid] and not u[cid] for r,u in zip(rows,rules))
    print(f"{cid:24s} tp {tp} fp {fp} fn {fn}")
json.dump([{"id":r["id"],"labels":r["labels"],"rules":u,"text":r["text"]} for r,u in zip(rows,rules)], open("/work/ovwork/rules_now.json","w"), ensure_ascii=False)
