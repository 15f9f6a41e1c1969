// Small helpers of section #project: the shape of what its renderers draw,
// row and column labels and head groups, and the accessible stage stepper (a
// list of stage buttons with aria-current, Back and Next, and a polite live
// region that names the stage shown).
import { el } from "../../components/dom.js";
import { PROJECT_HEADS } from "./example.js";

/**
 * What every renderer of #project gets: the sentence's token count, the
 * words as row labels and the kept forward result.
 * @typedef {{ n: number, rowLabels: string[], result: import("../../lib/mha.js").ForwardResult }} ProjectData
 */

/** "1", "2", … "count": column or row numbers shown from 1. */
export function numberLabels(count) {
  return Array.from({ length: count }, (_, k) => String(k + 1));
}

/** "head 1" for head index 0. */
export function headLabel(h) {
  return `head ${h + 1}`;
}

/**
 * Groups of `size` columns (or rows), one per head, for renderMatrix.
 * @param {number} size
 * @param {string} word the group's name before the head number
 * @param {string} [suffix] after the head number
 */
export function headGroups(size, word, suffix = "") {
  return Array.from({ length: PROJECT_HEADS }, (_, h) => ({
    start: h * size,
    size,
    label: `${word} ${h + 1}${suffix}`,
  }));
}

/**
 * The stepper: a list of stage buttons (click, Enter/Space, or the arrow,
 * Home and End keys between them), Back and Next, a live status line and
 * one panel per stage (only the active one shown).
 * @param {Document} doc
 * @param {{ id: string, title: string, summary: string }[]} stages
 * @param {(index: number) => void} onSelect called with the stage to show
 * @returns {{ element: HTMLElement, panels: HTMLElement[],
 *   show: (index: number) => void }}
 */
export function buildStepper(doc, stages, onSelect) {
  const buttons = stages.map((stage, i) =>
    el(
      doc,
      "button",
      {
        type: "button",
        className: "project-step",
        "data-stage": String(i),
        on: { click: () => onSelect(i) },
      },
      [
        el(doc, "span", {
          className: "project-step__number",
          text: String(i + 1),
        }),
        ` ${stage.title}`,
      ],
    ),
  );
  const list = el(
    doc,
    "ol",
    { className: "project-steps", "aria-label": "Stages" },
    buttons.map((button) => el(doc, "li", {}, [button])),
  );
  list.addEventListener("keydown", (e) => {
    const from = buttons.indexOf(/** @type {HTMLButtonElement} */ (e.target));
    if (from < 0) return;
    const last = stages.length - 1;
    const to = {
      ArrowRight: Math.min(last, from + 1),
      ArrowDown: Math.min(last, from + 1),
      ArrowLeft: Math.max(0, from - 1),
      ArrowUp: Math.max(0, from - 1),
      Home: 0,
      End: last,
    }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    buttons[to].focus();
    onSelect(to);
  });

  const status = el(doc, "p", {
    className: "project-status",
    "aria-live": "polite",
  });

  const panels = stages.map((stage, i) => {
    const titleId = `project-stage-${stage.id}`;
    return el(
      doc,
      "div",
      {
        className: `project-stage project-stage--${stage.id}`,
        "data-stage": String(i),
        role: "region",
        "aria-labelledby": titleId,
      },
      [el(doc, "h3", { id: titleId, text: `${i + 1}. ${stage.title}` })],
    );
  });

  let current = 0;
  // aria-disabled rather than disabled: the button keeps keyboard focus
  // when the reader reaches the first or last stage.
  const back = el(doc, "button", {
    type: "button",
    className: "project-back",
    text: "← Back",
    on: {
      click: () => {
        if (current > 0) onSelect(current - 1);
      },
    },
  });
  const next = el(doc, "button", {
    type: "button",
    className: "project-next",
    text: "Next →",
    on: {
      click: () => {
        if (current < stages.length - 1) onSelect(current + 1);
      },
    },
  });
  const nav = el(doc, "div", { className: "project-nav" }, [back, next]);

  const element = el(doc, "div", { className: "project-stepper panel" }, [
    list,
    status,
    ...panels,
    nav,
  ]);

  function show(index) {
    current = index;
    buttons.forEach((b, i) => {
      if (i === index) b.setAttribute("aria-current", "step");
      else b.removeAttribute("aria-current");
    });
    panels.forEach((p, i) => (p.hidden = i !== index));
    back.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === stages.length - 1));
    const stage = stages[index];
    status.textContent = `Stage ${index + 1} of ${stages.length}: ${stage.title}. ${stage.summary}`;
  }

  return { element, panels, show };
}
