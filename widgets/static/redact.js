// "Check a record for identifiers, then redact and copy it": the anonymisation guard
// (./anonymise.js) with a text box. The text stays in this page: nothing is fetched, sent
// or stored, and it reaches the page only through textContent and form values. (The guard's
// word lists, guard.js, are fetched from this site the first time there is text to check.)

import {
  findIdentifiers, guardReady, keyToPlaceholders, parseNames, PLURALS, redact, warningText,
} from "./anonymise.js";
import { loadGuard } from "./guardload.js";
import { copyText, ensureStylesheet, h, uid } from "./dom.js";


class RedactView {
  constructor(model, el) {
    const ids = { heading: uid("redact-h"), text: uid("redact-text"), names: uid("redact-names"),
      namesHint: uid("redact-nh"), out: uid("redact-out") };
    this.names = h("input", { type: "text", id: ids.names, "aria-describedby": ids.namesHint,
      autocomplete: "off", spellcheck: "false" });
    this.text = h("textarea", { id: ids.text, rows: "6", spellcheck: "false" });
    this.text.value = typeof model.get("text") === "string" ? model.get("text") : "";
    this.checkButton = h("button", { type: "button", text: "Check for identifiers" });
    this.redactButton = h("button", { type: "button", text: "Redact and copy" });
    this.status = h("p", { class: "redact-status", role: "status" });
    this.findings = h("div", { class: "redact-findings" });
    this.output = h("textarea", { id: ids.out, rows: "6", readonly: "", spellcheck: "false" });
    this.outputBox = h("div", { class: "audit-field" },
      h("label", { for: ids.out, text: "Redacted text" }), this.output);
    this.outputBox.hidden = true;
    this.key = h("div", { class: "redact-key", "data-redact-key": "" });
    this.key.hidden = true;

    el.append(h("section", { class: "redact audit", "aria-labelledby": ids.heading, "data-redact": "" },
      h("h3", { id: ids.heading, text: "Check a record for identifiers before you share it" }),
      h("p", { class: "audit-privacy", text:
        "The text stays in this page, on your own computer. It is not sent or stored." }),
      h("div", { class: "audit-field" },
        h("label", { for: ids.names, text: "Names to look for (optional)" }),
        h("p", { id: ids.namesHint, class: "audit-hint", text:
          "Optional. The guard looks for names anyway; list any it might miss, such as nicknames, " +
          "separated by commas. They are not saved." }),
        this.names),
      h("div", { class: "audit-field" }, h("label", { for: ids.text, text: "Record text" }), this.text),
      h("div", { class: "audit-buttons" }, this.checkButton, " ", this.redactButton),
      this.status, this.findings, this.outputBox, this.key));

    this.checkButton.addEventListener("click", () => this.check());
    this.redactButton.addEventListener("click", () => this.redactAndCopy());
  }

  async found() {
    if (!guardReady()) await loadGuard();
    return findIdentifiers(this.text.value, parseNames(this.names.value));
  }

  async check() {
    const found = await this.found();
    this.findings.replaceChildren();
    if (!this.text.value.trim()) {
      this.status.textContent = "There is no text to check. Paste or type a record in the box.";
      return found;
    }
    if (!found.length) {
      this.status.textContent =
        "The guard found no likely identifiers. It can miss some: read the text yourself before you share it.";
      return found;
    }
    this.status.textContent = warningText(found);
    this.findings.append(h("div", { class: "audit-warning", "data-redact-warning": "" },
      h("h4", { text: "Warning: possible identifiers" }),
      h("ul", {}, ...found.map((f) => h("li", { text: `${PLURALS[f.type][0]}: ${f.text}` })))));
    return found;
  }

  async redactAndCopy() {
    const found = await this.check();
    const redacted = redact(this.text.value, found);
    this.output.value = redacted;
    this.outputBox.hidden = false;
    this.showKey(found);
    const replaced = found.length === 1 ? "1 item was replaced" : `${found.length} items were replaced`;
    if (await copyText(redacted)) {
      this.status.textContent = `Redacted and copied: ${replaced}. The redacted text is also shown below.`;
    } else {
      this.output.focus();
      this.output.select();
      this.status.textContent =
        `Redacted: ${replaced}. The browser did not allow copying, so the redacted text below is ` +
        "selected: press Ctrl+C (or Cmd+C) to copy it.";
    }
  }

  /** Who each numbered placeholder stands for: shown here to help discussion, never kept. */
  showKey(found) {
    const rows = keyToPlaceholders(found);
    this.key.replaceChildren();
    this.key.hidden = rows.length === 0;
    if (!rows.length) return;
    this.key.append(
      h("h4", { text: "Key to the numbered names" }),
      h("p", { class: "audit-hint", text:
        "Only on this page, to help you check the redaction. It is not in the copied text and is not saved." }),
      h("ul", {}, ...rows.map((r) => h("li", { text: `${r.placeholder}: ${r.texts.join(", ")}` }))));
  }
}

export async function staticState(props = {}) {
  ensureStylesheet(new URL("./audit.css", import.meta.url).href);
  return { text: "", ...props };
}

export default {
  render({ model, el }) {
    new RedactView(model, el);
  },
};
