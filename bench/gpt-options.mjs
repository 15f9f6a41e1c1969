// The GPT bench's command line and the machine's CPU name, shared by
// bench/gpt.mjs and bench/gpt-browser.mjs (Node only).
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";

/**
 * The options of `node bench/<program> [--layers N] ...`; prints the usage
 * and exits on --help, exits 2 on a bad argument.
 * @param {string[]} argv
 * @param {string} program e.g. "bench/gpt.mjs"
 */
export function parseArgs(argv, program) {
  const opts = {
    layers: 12,
    heads: 12,
    dModel: 768,
    vocab: 50257,
    context: 1024,
    tokens: [32, 128],
    samples: 5,
    warmup: 2,
    seed: 1,
    ortOpt: "all",
  };
  const numeric = {
    "--layers": "layers",
    "--heads": "heads",
    "--d-model": "dModel",
    "--vocab": "vocab",
    "--context": "context",
    "--samples": "samples",
    "--warmup": "warmup",
    "--seed": "seed",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      console.log(
        `node ${program} [--layers N] [--heads H] [--d-model D] [--vocab V] ` +
          "[--context C] [--tokens 32,128] [--samples N] [--warmup N] [--seed S] " +
          "[--ort-opt all|extended|basic|disabled]",
      );
      process.exit(0);
    } else if (a === "--ort-opt") {
      opts.ortOpt = argv[++i];
      if (!["all", "extended", "basic", "disabled"].includes(opts.ortOpt)) {
        console.error(`${program}: bad --ort-opt ${opts.ortOpt}`);
        process.exit(2);
      }
    } else if (a === "--tokens") {
      opts.tokens = argv[++i].split(",").map(Number);
    } else if (numeric[a]) {
      opts[numeric[a]] = Number(argv[++i]);
    } else {
      console.error(`${program}: unknown argument ${a} (try --help)`);
      process.exit(2);
    }
  }
  for (const [k, v] of Object.entries(opts)) {
    if (k === "ortOpt") continue;
    const ok = Array.isArray(v)
      ? v.every((t) => Number.isInteger(t) && t > 0)
      : Number.isInteger(v) && v >= (k === "warmup" ? 0 : 1);
    if (!ok) {
      console.error(`${program}: bad --${k} ${v}`);
      process.exit(2);
    }
  }
  if (opts.tokens.some((t) => t > opts.context)) {
    console.error(`${program}: --tokens longer than --context`);
    process.exit(2);
  }
  return opts;
}

/** The CPU's model name (lscpu, else Node's os.cpus()). */
export function cpuModel() {
  try {
    const line = execFileSync("lscpu", { encoding: "utf8" })
      .split("\n")
      .find((l) => l.startsWith("Model name:"));
    if (line) return line.slice("Model name:".length).trim();
  } catch {
    // no lscpu: fall back to Node's view
  }
  return cpus()[0]?.model ?? "unknown CPU";
}
