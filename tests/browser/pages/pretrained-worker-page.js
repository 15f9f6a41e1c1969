// Starts pretrained-worker.js (a module Worker) on the checkpoint named by
// the page's query (?config=<url>&weights=<url>&ids=1,2,3) and collects what
// it posts: window.pretrainedProgress (every progress event, in order) and
// window.pretrainedResult (the numbers, or { failure }).
const query = new URLSearchParams(location.search);
const status = document.getElementById("status");
window.pretrainedProgress = [];
const worker = new Worker(new URL("./pretrained-worker.js", import.meta.url), {
  type: "module",
});
worker.onmessage = (e) => {
  if (e.data.type === "progress") {
    window.pretrainedProgress.push(e.data.event);
    status.textContent = `${e.data.event.loadedBytes} of ${e.data.event.totalBytes} bytes`;
    return;
  }
  window.pretrainedResult = e.data;
  status.textContent = e.data.failure ? "failed" : "done";
};
worker.onerror = (e) => {
  window.pretrainedResult = { failure: e.message || "worker error" };
  status.textContent = "failed";
};
worker.postMessage({
  config: query.get("config"),
  weights: query.get("weights"),
  ids: (query.get("ids") ?? "").split(",").map(Number),
});
