import json, random, sys
SERVICES = ["child protection","children in need","children in care","care leavers","early help",
 "front door / MASH","disabled children","court / pre-proceedings","pre-birth","neglect","domestic abuse",
 "parental mental health","parental substance misuse","adolescents at risk of exploitation",
 "children missing from home or care","youth justice","fostering or kinship care",
 "unaccompanied asylum-seeking child","private fostering","16-17 year old presenting as homeless"]
KEYS = ["after a strategy discussion","outcome of a section 47 enquiry","after a child protection conference or core group",
 "after a child in need or looked-after review","step-down to early help","case closure","allocation or transfer",
 "regular supervision","after a new referral or contact","legal planning or pre-proceedings","placement move or placement stability",
 "after an audit or a missing episode"]
CRIT = ["child_focus","analysis","decision","rationale","actions","follow_up","review"]
def main(writer, n, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(1, n+1):
        t = {}
        for c in CRIT:
            if c == "decision": t[c] = rnd.random() < 0.6
            elif c == "rationale": t[c] = t["decision"] and rnd.random() < 0.7
            else: t[c] = rnd.random() < 0.5
        out.append({"id": f"{writer}-oversight-{i:03d}", "target": {f"oversight.{c}": v for c, v in t.items()},
                    "service": rnd.choice(SERVICES), "key_point": rnd.choice(KEYS)})
    with open(f"targets/{writer}.jsonl", "w") as f:
        for r in out: f.write(json.dumps(r) + "\n")
for k, w in enumerate(sys.argv[1:]):
    main(w, 110, 9000 + int(w[1:]))
