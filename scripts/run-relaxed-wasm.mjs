// Runs a relaxed-SIMD wasm program (a C++ test executable of the wasm build)
// under Node with --experimental-wasm-relaxed-simd, or skips it.
//
//   node scripts/run-relaxed-wasm.mjs <program.js> [args...]
//
// First a child Node with that flag validates the relaxed-SIMD probe
// (web/lib/relaxed-simd.js). When it cannot (a Node without the flag, or
// whose V8 knows only the pre-standard opcodes), this prints why and exits
// with 77, which ctest reports as skipped (SKIP_RETURN_CODE): never a silent
// pass. Otherwise the program's own exit code is returned.
import { spawnSync } from "node:child_process";

export const SKIP_EXIT_CODE = 77;
const FLAGS = ["--experimental-wasm-relaxed-simd", "--no-experimental-fetch"];

const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error("usage: run-relaxed-wasm.mjs <program.js> [args...]");
  process.exit(2);
}
const probeUrl = new URL("../web/lib/relaxed-simd.js", import.meta.url).href;
const probe = spawnSync(
  process.execPath,
  [
    ...FLAGS,
    "--input-type=module",
    "-e",
    `import { relaxedSimdSupported } from ${JSON.stringify(probeUrl)};
     process.exit(relaxedSimdSupported() ? 0 : 3);`,
  ],
  { encoding: "utf8" },
);
if (probe.status !== 0) {
  const why =
    probe.status === 3
      ? "it does not validate f32x4.relaxed_madd"
      : `it failed (${(probe.stderr || "").trim().split("\n")[0]})`;
  console.log(
    `SKIP: Node ${process.version} with ${FLAGS[0]} cannot run relaxed SIMD: ${why}`,
  );
  process.exit(SKIP_EXIT_CODE);
}
const run = spawnSync(process.execPath, [...FLAGS, program, ...args], {
  stdio: "inherit",
});
process.exit(run.status ?? 1);
