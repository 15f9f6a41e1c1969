// Small DOM helpers of section 6: element creation and the
// accessible stage stepper (a list of stage buttons with aria-current, Back
// and Next, and a polite live region that names the stage shown).

/**
 * Creates an element with an optional class and text (set as textContent).
 * @param {string} tag
 * @param {string | null} [className]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "1", "2", … "count": column or row numbers shown from 1. */
export function numberLabels(count) {
  return Array.from({ length: count }, (_, k) => String(k + 1));
}

/** "head 1" for head index 0. */
export function headLabel(h) {
  return `head ${h + 1}`;
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
  const element = doc.createElement("div");
  element.className = "project-stepper panel";

  const list = doc.createElement("ol");
  list.className = "project-steps";
  list.setAttribute("aria-label", "Stages");
  const buttons = stages.map((stage, i) => {
    const li = doc.createElement("li");
    const button = doc.createElement("button");
    button.type = "button";
    button.className = "project-step";
    button.dataset.stage = String(i);
    const number = doc.createElement("span");
    number.className = "project-step__number";
    number.textContent = String(i + 1);
    button.append(number, ` ${stage.title}`);
    button.addEventListener("click", () => onSelect(i));
    li.append(button);
    list.append(li);
    return button;
  });
  list.addEventListener("keydown", (e) => {
    const from = buttons.indexOf(e.target);
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

  const status = doc.createElement("p");
  status.className = "project-status";
  status.setAttribute("aria-live", "polite");

  const panels = stages.map((stage, i) => {
    const panel = doc.createElement("div");
    panel.className = `project-stage project-stage--${stage.id}`;
    panel.dataset.stage = String(i);
    panel.setAttribute("role", "region");
    const title = doc.createElement("h3");
    title.id = `project-stage-${stage.id}`;
    title.textContent = `${i + 1}. ${stage.title}`;
    panel.setAttribute("aria-labelledby", title.id);
    panel.append(title);
    return panel;
  });

  const nav = doc.createElement("div");
  nav.className = "project-nav";
  const back = doc.createElement("button");
  back.type = "button";
  back.className = "project-back";
  back.textContent = "← Back";
  const next = doc.createElement("button");
  next.type = "button";
  next.className = "project-next";
  next.textContent = "Next →";
  nav.append(back, next);

  let current = 0;
  // aria-disabled rather than disabled: the button keeps keyboard focus
  // when the reader reaches the first or last stage.
  back.addEventListener("click", () => {
    if (current > 0) onSelect(current - 1);
  });
  next.addEventListener("click", () => {
    if (current < stages.length - 1) onSelect(current + 1);
  });

  element.append(list, status, ...panels, nav);

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
