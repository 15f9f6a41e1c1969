// `npm start` on a taken port (scripts/serve.mjs run as a program): the
// default port moves on to the next free one and says so in one line; a
// taken --port is one line on stderr and exit code 1, never a stack trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const SERVE = fileURLToPath(
  new URL("../../scripts/serve.mjs", import.meta.url),
);

/** Occupies a free port; resolves to { port, close }. */
function occupy(port = 0) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: /** @type {{ port: number }} */ (server.address()).port,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/**
 * Runs serve.mjs until it prints its first line (then stops it) or exits.
 * @returns {Promise<{ stdout: string, stderr: string, code: number | null }>}
 */
function runServe(args, env = {}) {
  const childEnv = { ...process.env, ...env };
  if (!("PORT" in env)) delete childEnv.PORT;
  const untilExit = args.includes("--help");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVE, ...args], {
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill(), 10000);
    child.stdout.on("data", (d) => {
      stdout += d;
      if (!untilExit && stdout.includes("\n")) child.kill();
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

test("a taken --port is one line on stderr and exit code 1", async () => {
  const taken = await occupy();
  try {
    const { stdout, stderr, code } = await runServe([
      "--port",
      String(taken.port),
    ]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      `serve: port ${taken.port} is taken; stop what uses it or pick another with --port\n`,
    );
  } finally {
    await taken.close();
  }
});

test("a taken default port moves on to the next free one and says so", async () => {
  // PORT sets the default port without making it explicit, as --port does.
  const taken = await occupy();
  try {
    const { stdout, stderr, code } = await runServe([], {
      PORT: String(taken.port),
    });
    assert.equal(stderr, "");
    assert.notEqual(code, 1);
    const m =
      /^port (\d+) is taken; serving on http:\/\/127\.0\.0\.1:(\d+)\/ \(Ctrl\+C to stop\)\n$/.exec(
        stdout,
      );
    assert.ok(m, JSON.stringify(stdout));
    assert.equal(Number(m[1]), taken.port);
    assert.ok(Number(m[2]) > taken.port);
  } finally {
    await taken.close();
  }
});

test("a free port serves as before; a bad port or host is one line", async () => {
  const free = await occupy();
  await free.close();
  const ok = await runServe(["--port", String(free.port)]);
  assert.equal(
    ok.stdout,
    `Serving the explainer at http://127.0.0.1:${free.port}/ (Ctrl+C to stop)\n`,
  );
  assert.equal(ok.stderr, "");

  const bad = await runServe(["--port", "eighty"]);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    'serve: the port must be a number from 0 to 65535, not "eighty"\n',
  );
  const host = await runServe(["--port", "0", "--host", "192.0.2.1"]);
  assert.equal(host.code, 1);
  assert.match(
    host.stderr,
    /^serve: cannot listen on 192\.0\.2\.1:0 \(E[A-Z]+\)\n$/,
  );

  const help = await runServe(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: node scripts\/serve\.mjs/);
});

test("npm start's server sends COOP/COEP unless --no-isolation", async () => {
  const headersOf = async (args) => {
    const child = spawn(process.execPath, [SERVE, "--port", "0", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const m = /http:\/\/\S+/.exec(out);
          if (m) resolve(m[0]);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
      });
      const res = await fetch(url);
      await res.arrayBuffer();
      return res.headers;
    } finally {
      child.kill();
    }
  };
  const isolated = await headersOf([]);
  assert.equal(isolated.get("cross-origin-opener-policy"), "same-origin");
  assert.equal(isolated.get("cross-origin-embedder-policy"), "require-corp");
  const plain = await headersOf(["--no-isolation"]);
  assert.equal(plain.get("cross-origin-opener-policy"), null);
  assert.equal(plain.get("cross-origin-embedder-policy"), null);
});
