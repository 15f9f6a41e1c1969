// The #your-model section's models, one module Worker each (client.js):
// opening a source in a new Worker (the summary), loading it (progress,
// Cancel), and the failures in words. The model shown stays until a new
// one starts loading; then its Worker, and all its memory, go.
import { createModelWorker } from "./client.js";
import { CANCELLED_TEXT, FREED_TEXT, loadedText } from "./text.js";

/** A hosted model larger than this waits for the reader's click to load. */
export const AUTO_LOAD_BYTES = 64 << 20;

/**
 * @typedef {{ client: ReturnType<typeof createModelWorker>, info: any,
 *   name: string, folder: string | null }} LoadedModel
 */

/**
 * @param {HTMLElement} root the section (its data-state says where it is)
 * @param {ReturnType<typeof import("./bring.js").createBringPanel>} bring
 * @param {{ onUnload: () => void, onLoaded: (model: LoadedModel) => void }} o
 */
export function createModelLoading(root, bring, o) {
  /** @type {LoadedModel | null} */
  let current = null;
  /** @type {{ client: ReturnType<typeof createModelWorker>, name: string, folder: string | null } | null} */
  let opening = null;

  /**
   * Opens a source in a new Worker: the summary, then (if `auto`, or for a
   * hosted file of at most AUTO_LOAD_BYTES) the load. The model shown
   * stays until the new one starts loading.
   */
  async function open(source, name, { auto, folder }) {
    bring.showError(null);
    opening?.client.terminate();
    const client = createModelWorker();
    const mine = { client, name, folder };
    opening = mine;
    bring.setBusy(true);
    bring.showSummary(null, { name, askToLoad: false });
    bring.setStatus(`Reading the config and the header of ${name}…`);
    root.dataset.state = "opening";
    try {
      const summary = await client.call("open", source);
      if (opening !== mine) return;
      const go = auto ?? summary.fileBytes <= AUTO_LOAD_BYTES;
      bring.showSummary(summary, { name, askToLoad: !go });
      bring.setBusy(false);
      if (go) return load();
      bring.setStatus(
        `This model is ${Math.round(summary.fileBytes / 2 ** 20)} MiB: load it when you are ready.`,
      );
      root.dataset.state = "opened";
    } catch (error) {
      if (opening !== mine) return;
      client.terminate();
      opening = null;
      bring.setBusy(false);
      bring.setStatus("");
      fail(error);
    }
  }

  async function load() {
    const mine = opening;
    if (!mine) return;
    const freed = current !== null;
    current?.client.terminate();
    current = null;
    o.onUnload();
    bring.setBusy(true);
    bring.setStatus(`Loading ${mine.name}…`);
    bring.showProgress({
      loadedBytes: 0,
      totalBytes: 1,
      tensors: 0,
      totalTensors: 0,
    });
    root.dataset.state = "loading";
    try {
      const info = await mine.client.call("load", null, {
        onProgress: (p) => {
          if (opening === mine) bring.showProgress(p);
        },
      });
      if (opening !== mine) return;
      opening = null;
      current = {
        client: mine.client,
        info,
        name: mine.name,
        folder: mine.folder,
      };
      bring.showProgress(null);
      bring.setBusy(false);
      bring.setStatus(
        `${loadedText(info, mine.name)}${freed ? ` ${FREED_TEXT}` : ""}`,
      );
      o.onLoaded(current);
    } catch (error) {
      if (opening !== mine) return;
      mine.client.terminate();
      opening = null;
      bring.showProgress(null);
      bring.setBusy(false);
      if (error.code === "ABORTED") {
        bring.setStatus(CANCELLED_TEXT);
        root.dataset.state = "cancelled";
      } else {
        bring.setStatus("");
        fail(error);
      }
    }
  }

  function cancel() {
    opening?.client.cancel();
  }

  function fail(error) {
    bring.showError({ code: error.code, message: error.message });
    root.dataset.state = current ? "ready" : "error";
    root.dataset.error = error.code ?? "ERROR";
  }

  return {
    open,
    load,
    cancel,
    fail,
    /** The model shown now, or null. */
    get current() {
      return current;
    },
  };
}
