// A module Worker that fetches config.json and model.safetensors from the
// test server, keeps the weights as a Blob (so loadCheckpoint reads them by
// Blob.slice, one chunk at a time), loads them with web/lib/mha.js, posts
// every progress event back, then runs one forward with logits "last" and
// posts the numbers: sizes, heap before and after, times and the logits.
import { createMHA, DEFAULT_CHUNK_BYTES } from "../../../web/lib/mha.js";

self.onmessage = async (e) => {
  const { config: configUrl, weights: weightsUrl, ids } = e.data;
  try {
    const mha = await createMHA();
    let t0 = performance.now();
    const config = await (await fetch(configUrl)).json();
    const response = await fetch(weightsUrl);
    if (!response.ok) throw new Error(`${weightsUrl}: HTTP ${response.status}`);
    const blob = await response.blob();
    const fetchMs = performance.now() - t0;
    const heapBefore = mha.heapBytes();
    t0 = performance.now();
    const model = await mha.loadCheckpoint({
      config,
      weights: blob,
      onProgress: (event) => postMessage({ type: "progress", event }),
    });
    const loadMs = performance.now() - t0;
    const heapAfter = mha.heapBytes();
    t0 = performance.now();
    const r = model.forward(ids, { logits: "last" });
    const forwardMs = performance.now() - t0;
    const result = {
      blobSize: blob.size,
      blobType: Object.prototype.toString.call(blob),
      chunkBytes: DEFAULT_CHUNK_BYTES,
      parameterCount: model.parameterCount,
      config: model.config,
      heapBefore,
      heapAfter,
      heapAfterForward: mha.heapBytes(),
      fetchMs,
      loadMs,
      forwardMs,
      logitPositions: Array.from(r.logitPositions),
      logits: r.logits,
    };
    model.dispose();
    postMessage(result, [result.logits.buffer]);
  } catch (error) {
    postMessage({
      failure: String(error && error.stack ? error.stack : error),
      code: error && error.code,
    });
  }
};
