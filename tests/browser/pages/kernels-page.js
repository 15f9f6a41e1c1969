import { runKernels } from "./kernels-run.js";

// ?kernels=simd128 forces that build; without it createMHA() chooses.
const kernels = new URLSearchParams(location.search).get("kernels");
try {
  window.kernelsResult = await runKernels(kernels ? { kernels } : {});
} catch (e) {
  window.kernelsResult = {
    failure: `${e && e.code}: ${e && e.stack ? e.stack : e}`,
  };
}
