// The #your-model section's "Bring a model" panel: a drop zone with the
// file and folder pickers, "Try it with our small model", then the summary
// of what was opened, the Load button, the progress bar with Cancel, and
// the message when a file cannot be used. Pure DOM: index.js says what to
// show, and hears what the reader chose.
import { el } from "../../components/dom.js";
import { filesFromDrop } from "./sources.js";
import {
  DROP_TEXT,
  TRY_TEXT,
  WHERE_TO_GET,
  errorText,
  formatBytes,
  progressText,
  summaryRows,
} from "./text.js";

/**
 * @param {Document} doc
 * @param {{ tryNote: string,
 *   onFiles: (files: File[]) => void, onTry: () => void,
 *   onLoad: () => void, onCancel: () => void }} o
 */
export function createBringPanel(doc, o) {
  const filesInput = el(doc, "input", {
    type: "file",
    id: "ym-files",
    className: "ym-bring__input visually-hidden",
    multiple: true,
    accept: ".json,.safetensors",
    on: { change: () => chose(filesInput) },
  });
  const folderInput = el(doc, "input", {
    type: "file",
    id: "ym-folder",
    className: "ym-bring__input visually-hidden",
    webkitdirectory: true,
    on: { change: () => chose(folderInput) },
  });
  function chose(input) {
    const files = Array.from(input.files ?? []);
    input.value = ""; // the same files again are a new choice
    if (files.length) o.onFiles(files);
  }
  const zone = el(doc, "div", { className: "ym-drop" }, [
    el(doc, "p", { className: "ym-drop__text", text: DROP_TEXT }),
    el(doc, "div", { className: "ym-drop__pickers" }, [
      // Each input sits before its label, which is what shows: the input
      // is focusable but hidden (.visually-hidden), and the label draws
      // the focus ring (your-model.css).
      filesInput,
      el(doc, "label", { for: "ym-files", className: "ym-button" }, [
        "Choose the two files…",
      ]),
      folderInput,
      el(doc, "label", { for: "ym-folder", className: "ym-button" }, [
        "Choose a folder…",
      ]),
    ]),
  ]);
  const tryButton = el(doc, "button", {
    type: "button",
    className: "ym-button ym-try",
    text: TRY_TEXT,
    on: { click: () => o.onTry() },
  });

  const summary = el(doc, "dl", { className: "ym-summary", hidden: true });
  const loadButton = el(doc, "button", {
    type: "button",
    className: "ym-button ym-load",
    hidden: true,
    on: { click: () => o.onLoad() },
  });
  const progress = el(doc, "progress", {
    className: "ym-progress",
    max: 1,
    value: 0,
    "aria-label": "Loading the model",
  });
  const progressLine = el(doc, "span", { className: "ym-progress__text" });
  const cancelButton = el(doc, "button", {
    type: "button",
    className: "ym-button ym-cancel",
    text: "Cancel",
    on: { click: () => o.onCancel() },
  });
  const progressBox = el(
    doc,
    "div",
    { className: "ym-loading", hidden: true },
    [progress, progressLine, cancelButton],
  );
  const status = el(doc, "p", { className: "ym-status", role: "status" });
  const error = el(doc, "div", {
    className: "ym-error",
    role: "alert",
    hidden: true,
  });

  const element = el(doc, "div", { className: "ym-bring" }, [
    zone,
    el(doc, "p", { className: "ym-try-row" }, [tryButton, " ", o.tryNote]),
    el(doc, "p", { className: "note", text: WHERE_TO_GET }),
    summary,
    loadButton,
    progressBox,
    status,
    error,
  ]);

  // Drag and drop onto the whole section (the caller passes its root).
  function acceptDrops(target) {
    const over = (event) => {
      if (![...(event.dataTransfer?.types ?? [])].includes("Files")) return;
      event.preventDefault();
      target.classList.add("ym-dragging");
    };
    target.addEventListener("dragenter", over);
    target.addEventListener("dragover", over);
    target.addEventListener("dragleave", (event) => {
      if (event.target === target) target.classList.remove("ym-dragging");
    });
    target.addEventListener("drop", async (event) => {
      if (!event.dataTransfer) return;
      event.preventDefault();
      target.classList.remove("ym-dragging");
      const files = await filesFromDrop(event.dataTransfer);
      o.onFiles(files);
    });
  }

  return {
    element,
    acceptDrops,
    /** The summary of an opened checkpoint (null hides it). */
    showSummary(s, { name, askToLoad }) {
      summary.hidden = s === null;
      loadButton.hidden = !askToLoad;
      if (s === null) return;
      summary.replaceChildren(
        el(doc, "dt", { text: "model" }),
        el(doc, "dd", { text: name }),
        ...summaryRows(s).flatMap(([term, value]) => [
          el(doc, "dt", { text: term }),
          el(doc, "dd", { text: value, "data-field": term }),
        ]),
      );
      loadButton.textContent = `Load this model (${formatBytes(s.fileBytes)})`;
    },
    /** Progress while loading; null hides the bar. */
    showProgress(p) {
      progressBox.hidden = p === null;
      loadButton.hidden = true;
      if (p === null) return;
      progress.max = Math.max(1, p.totalBytes);
      progress.value = p.loadedBytes;
      progressLine.textContent = progressText(p);
    },
    /** A line of news (what is loaded, what was cancelled). */
    setStatus(text) {
      status.textContent = text;
    },
    /** A failure in words; null clears it. */
    showError(e) {
      error.hidden = e === null;
      if (e === null) return error.replaceChildren();
      const { lead, detail } = errorText(e);
      error.replaceChildren(
        el(doc, "p", { className: "ym-error__lead", text: lead }),
        el(doc, "p", { className: "ym-error__detail", text: detail }),
        el(doc, "p", {
          className: "ym-error__after",
          text: "Nothing else changed: choose other files, or try our small model.",
        }),
      );
      if (e.code) error.dataset.code = e.code;
      else delete error.dataset.code;
    },
    /** While a model is being opened or loaded, the pickers wait. */
    setBusy(busy) {
      filesInput.disabled = busy;
      folderInput.disabled = busy;
      tryButton.disabled = busy;
      element.classList.toggle("ym-bring--busy", busy);
    },
  };
}
