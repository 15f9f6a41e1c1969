// "Verify this file": the #your-model section checks a GPT-2 small or
// distilgpt2 checkpoint against the greedy continuation Hugging Face's own
// tests expect (verify.js), run by the core in the Worker. Pass, or fail
// with the first token that differs. Pure drawing.
import { el } from "../../components/dom.js";
import { VERIFY_CASES } from "./verify.js";
import { VERIFY_INTRO } from "./text.js";

/**
 * @param {Document} doc
 * @param {{ onVerify: () => void }} o
 */
export function createVerifyView(doc, o) {
  const button = el(doc, "button", {
    type: "button",
    className: "ym-button ym-verify__run",
    text: "Verify this file",
    on: { click: () => o.onVerify() },
  });
  const result = el(doc, "div", {
    className: "ym-verify__result",
    "aria-live": "polite",
  });
  const cases = el(
    doc,
    "ul",
    { className: "ym-verify__cases" },
    VERIFY_CASES.map((c) =>
      el(doc, "li", { "data-model": c.model }, [
        `${c.model}, from “${c.prompt}”: `,
        el(doc, "code", { text: `[${c.ids.join(", ")}]` }),
        ` (“${c.text.replace(/\n/g, "↵")}”), from `,
        el(doc, "a", { href: c.source.url, text: `${c.source.path}` }),
        `, ${c.source.test}, which calls ${c.source.call}.`,
      ]),
    ),
  );
  const element = el(doc, "div", { className: "ym-verify" }, [
    el(doc, "p", { text: VERIFY_INTRO }),
    cases,
    button,
    result,
  ]);

  return {
    element,
    /** Whether the loaded model has a case to check against. */
    setAvailable(available, why) {
      button.disabled = !available;
      result.dataset.state = available ? "ready" : "unavailable";
      result.replaceChildren(
        ...(available ? [] : [el(doc, "p", { className: "note", text: why })]),
      );
    },
    running() {
      button.disabled = true;
      result.dataset.state = "running";
      result.replaceChildren(
        el(doc, "p", { text: "Running the prompt through the core…" }),
      );
    },
    /** @param {any} r session.verify()'s result */
    draw(r) {
      button.disabled = false;
      result.dataset.state = r.pass ? "pass" : "fail";
      const at = r.firstDifference;
      result.replaceChildren(
        el(doc, "p", { className: r.pass ? "ym-pass" : "ym-fail" }, [
          el(doc, "strong", { text: r.pass ? "Pass. " : "Fail. " }),
          r.pass
            ? `Your file continues “${r.prompt}” with exactly the ${r.expectedIds.length - 2} tokens Hugging Face's test expects of ${r.model}: the numbers on this page are that model's.`
            : `Token ${at} differs: the test expects ${r.expected} and your file gives ${r.got}. This file does not compute what the original ${r.model} weights compute (a fine-tune, another model of the same shape, or damaged weights).`,
        ]),
        el(doc, "p", {}, [
          "Expected: ",
          el(doc, "code", { text: r.expectedIds.join(", ") }),
        ]),
        el(doc, "p", {}, [
          "Your file: ",
          el(doc, "code", { text: r.gotIds.join(", ") }),
          ` (“${r.gotText.replace(/\n/g, "↵")}”)`,
        ]),
      );
    },
    showError(message) {
      button.disabled = false;
      result.dataset.state = "error";
      result.replaceChildren(
        el(doc, "p", { className: "error", text: message }),
      );
    },
  };
}
