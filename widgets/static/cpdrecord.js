// The CPD record, made in the browser from what it keeps (progress.js) and the learner's
// notes: its parts, then the same parts as plain text (download, copy) or as a page to print.

import { h, listWords } from "./dom.js";
import { CPD_PROMPTS, bankTitle, formatDate, formatDay } from "./progress.js";

const NOT_FILLED = "(Not filled in.)";

function groupBy(list, key) {
  const groups = new Map();
  for (const item of list) {
    if (!groups.has(key(item))) groups.set(key(item), []);
    groups.get(key(item)).push(item);
  }
  return groups;
}

function studied(attempts, unfinished, banks) {
  const lines = [];
  for (const [id, list] of groupBy(attempts, (a) => a.bank)) {
    const best = list.reduce((b, a) => (a.score / a.outOf > b.score / b.outOf ? a : b));
    const last = list[list.length - 1];
    const dates = list.map((a) => a.date).sort();
    const span =
      dates.length > 1
        ? `between ${formatDate(dates[0])} and ${formatDate(dates[dates.length - 1])}`
        : `on ${formatDate(dates[0])}`;
    lines.push(
      `${bankTitle(banks, id)}: ${list.length} attempt${list.length === 1 ? "" : "s"} ` +
        `${span}; best score ${best.score} of ${best.outOf}; latest ${last.score} of ${last.outOf}.`,
    );
  }
  for (const [id, run] of Object.entries(unfinished)) {
    const answered = Object.keys(run.answers).length;
    lines.push(`${bankTitle(banks, id)}: not finished; ${answered} of ${run.outOf} questions answered, last on ${formatDate(run.date)}.`);
  }
  return lines.length ? lines : ["No quiz scores are recorded in this browser."];
}

/** "Chronologies: on 3 March 2026 and 5 March 2026." for each chapter whose self-check was used. */
export function selfChecksUsed(selfChecks) {
  return [...groupBy(selfChecks, (c) => c.chapter)].map(([chapter, list]) => {
    const days = [...new Set(list.map((c) => c.day))].sort().map(formatDay);
    return `${chapter}: on ${listWords(days, "and")}.`;
  });
}

/**
 * The record as parts: a title, lines under it, sections (a heading with a list of `items`
 * or the learner's own `text`), and closing lines. It holds quiz names, dates, scores, the
 * titles of the chapters whose self-check was used and the notes typed on the progress
 * page: never any case text.
 */
export function cpdParts({ attempts = [], unfinished = {}, selfChecks = [], banks = {}, reflection = {}, now = new Date() }) {
  const sections = [
    { heading: "What I studied", items: studied(attempts, unfinished, banks) },
    {
      heading: "Self-checks I used on practice text",
      items: selfChecks.length ? selfChecksUsed(selfChecks) : ["No self-checks are recorded in this browser."],
    },
  ];
  if (attempts.length) {
    sections.push({
      heading: "My quiz scores",
      items: attempts.map((a) => `${formatDate(a.date, true)}: ${bankTitle(banks, a.bank)}, ${a.score} of ${a.outOf}.`),
    });
  }
  for (const [key, prompt] of CPD_PROMPTS) {
    sections.push({ heading: prompt, text: (reflection[key] ?? "").trim() || NOT_FILLED });
  }
  return {
    title: "CPD record: getting ready for inspection (self-check quizzes)",
    intro: [
      `Made on ${formatDate(now.toISOString())}.`,
      "Type of CPD: self-directed learning with an online book, self-check quizzes and self-checks of practice text.",
    ],
    sections,
    outro: [
      "Made in my browser from my own quiz scores, the self-checks I used and my reflection. Nothing was sent anywhere.",
      "For each self-check it names the chapter only: no text I checked is in this record.",
      "I can copy it into my Social Work England CPD record.",
      "Do not add details that could identify a child or family.",
    ],
  };
}

/** A heading as a plain-text file shows it: the words, underlined. */
function underlined(words, mark) {
  return [words, mark.repeat(words.length), ""];
}

/**
 * The record as plain text, with Windows line ends so that Notepad on a locked-down laptop
 * opens it as it looks here.
 */
export function cpdText(parts) {
  const lines = [...underlined(parts.title, "="), ...parts.intro, ""];
  for (const section of parts.sections) {
    lines.push(...underlined(section.heading, "-"));
    if (section.items) lines.push(...section.items.map((item) => `* ${item}`));
    else lines.push(...section.text.split(/\r?\n/));
    lines.push("");
  }
  lines.push(...parts.outro, "");
  return lines.join("\r\n");
}

export const cpdRecord = (data) => cpdText(cpdParts(data));

/** The record as a page to print (cpdprint.css shows it, and nothing else, on paper). */
export function cpdSheet(parts) {
  return h(
    "article",
    { class: "quiz-cpd-sheet" },
    h("h2", { text: parts.title }),
    parts.intro.map((line) => h("p", { text: line })),
    parts.sections.map((section) =>
      h(
        "section",
        { class: "quiz-cpd-section" },
        h("h3", { text: section.heading }),
        section.items
          ? h("ul", {}, section.items.map((item) => h("li", { text: item })))
          : h("p", { class: "quiz-cpd-own", text: section.text }),
      ),
    ),
    h("footer", {}, parts.outro.map((line) => h("p", { text: line }))),
  );
}
