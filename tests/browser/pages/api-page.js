import { runForward } from "./api-run.js";

// Whether this page may evaluate strings as code (a strict CSP forbids it).
window.evalBlocked = (() => {
  try {
    return new Function("return 1")() !== 1;
  } catch {
    return true;
  }
})();

try {
  window.apiResult = await runForward();
  document.getElementById("status").textContent = "done";
} catch (e) {
  window.apiResult = { failure: String(e && e.stack ? e.stack : e) };
  document.getElementById("status").textContent = "failed";
}
