const worker = new Worker(new URL("./worker.js", import.meta.url), {
  type: "module",
});
worker.onmessage = (e) => {
  window.apiResult = e.data;
  document.getElementById("status").textContent = "done";
};
worker.onerror = (e) => {
  window.apiResult = { failure: e.message || "worker error" };
  document.getElementById("status").textContent = "failed";
};
