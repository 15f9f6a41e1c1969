// What `npm start` installs and builds (package.json, scripts/setup.sh,
// scripts/build.sh): only what serving needs, the browser module and its
// toolchain, not GoogleTest, g++, Chromium or the test binaries. setup.sh
// runs with --dry-run and stand-in apt-get, npm, sudo and dpkg-query, so
// nothing is installed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const SERVE_PACKAGES = "emscripten libeigen3-dev nlohmann-json3-dev cmake make";
const ALL_PACKAGES =
  "emscripten libeigen3-dev nlohmann-json3-dev libgtest-dev cmake g++ chromium clang libclang-rt-14-dev llvm";

/** @param {string} text */
function lines(text) {
  return text.split("\n");
}

/**
 * Runs setup.sh with a PATH where dpkg-query knows no package and apt-get,
 * npm and sudo only leave a mark.
 */
function setup(args) {
  const bin = mkdtempSync(join(tmpdir(), "setup-test-"));
  const marks = join(bin, "marks");
  try {
    for (const tool of ["apt-get", "npm", "sudo"]) {
      writeFileSync(
        join(bin, tool),
        `#!/bin/sh\necho "${tool} $*" >>"${marks}"\n`,
      );
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(bin, "dpkg-query"), "#!/bin/sh\nexit 1\n");
    chmodSync(join(bin, "dpkg-query"), 0o755);
    const run = spawnSync("bash", ["scripts/setup.sh", ...args], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const ran = existsSync(marks) ? readFileSync(marks, "utf8") : "";
    return { ...run, ran };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

test("setup.sh --serve checks only the serving toolchain and installs nothing on a dry run", () => {
  const { status, stdout, stderr, ran } = setup(["--serve", "--dry-run"]);
  assert.equal(status, 0, stderr);
  assert.equal(ran, "", "no apt-get, npm or sudo on a dry run");
  assert.ok(
    lines(stdout).includes(
      `setup: dry run; checks ${SERVE_PACKAGES}, node, npm`,
    ),
    stdout,
  );
  assert.ok(
    lines(stdout).includes(`setup: would install: ${SERVE_PACKAGES}`),
    stdout,
  );
  for (const name of ["chromium", "libgtest-dev", "g++"]) {
    assert.equal(stdout.includes(name), false, name);
  }
});

test("setup.sh without --serve still checks everything the tests need", () => {
  const { status, stdout, ran } = setup(["--dry-run"]);
  assert.equal(status, 0);
  assert.equal(ran, "");
  assert.ok(
    lines(stdout).includes(`setup: would install: ${ALL_PACKAGES}`),
    stdout,
  );
  const unknown = setup(["--serv"]);
  assert.equal(unknown.status, 2);
  assert.equal(
    unknown.stderr,
    "setup: unknown option --serv (use --serve and/or --dry-run)\n",
  );
  assert.equal(unknown.ran, "");
});

test("npm start sets up for serving, builds only the browser module, then serves", () => {
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  assert.equal(
    pkg.scripts.start,
    "bash scripts/setup.sh --serve && bash scripts/build.sh --module && node scripts/serve.mjs",
  );
  assert.match(
    pkg.scripts.test,
    /^bash scripts\/setup\.sh && bash scripts\/build\.sh && /,
  );
  // build.sh --module builds CMakeLists.txt's browser module target only.
  const build = readFileSync(join(repo, "scripts/build.sh"), "utf8");
  assert.match(build, /cmake --build --preset wasm --target mha_wasm /);
  const cmake = readFileSync(join(repo, "CMakeLists.txt"), "utf8");
  assert.match(
    cmake,
    /add_executable\(mha_wasm\b[^)]*\)[\s\S]*OUTPUT_NAME mha_core/,
  );
  assert.match(
    cmake,
    /RUNTIME_OUTPUT_DIRECTORY "\$\{CMAKE_SOURCE_DIR\}\/web\/lib\/wasm"/,
  );
});

/**
 * Runs a copy of build.sh in a scratch tree with a stand-in vendor.sh and
 * cmake that only log; resolves to the cmake calls, one a line.
 * @param {string[]} args
 * @param {Record<string, string>} caches build/<preset>/CMakeCache.txt
 */
function build(args, caches = {}) {
  const root = mkdtempSync(join(tmpdir(), "build-test-"));
  try {
    mkdirSync(join(root, "scripts"));
    mkdirSync(join(root, "bin"));
    copyFileSync(
      join(repo, "scripts/build.sh"),
      join(root, "scripts/build.sh"),
    );
    writeFileSync(join(root, "scripts/vendor.sh"), "echo vendor >>calls\n");
    writeFileSync(
      join(root, "bin/cmake"),
      '#!/bin/sh\necho "cmake $*" >>calls\n',
    );
    writeFileSync(join(root, "bin/nproc"), "#!/bin/sh\necho 2\n");
    chmodSync(join(root, "bin/cmake"), 0o755);
    chmodSync(join(root, "bin/nproc"), 0o755);
    for (const [preset, text] of Object.entries(caches)) {
      mkdirSync(join(root, "build", preset), { recursive: true });
      writeFileSync(join(root, "build", preset, "CMakeCache.txt"), text);
    }
    const run = spawnSync("bash", ["scripts/build.sh", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, PATH: `${join(root, "bin")}:${process.env.PATH}` },
    });
    assert.equal(run.status, 0, run.stderr);
    return readFileSync(join(root, "calls"), "utf8");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("build.sh --module builds only the browser modules (SIMD128 and relaxed SIMD); the default build is unchanged", () => {
  const gtest = existsSync("/usr/src/googletest");
  assert.equal(
    build(["--module"]),
    [
      "vendor",
      gtest ? "cmake --preset wasm" : "cmake --preset wasm -DBUILD_TESTING=OFF",
      "cmake --build --preset wasm --target mha_wasm mha_wasm_relaxed -j 2",
      "",
    ].join("\n"),
  );
  const configured = "CMAKE_BUILD_TYPE:STRING=Release\nBUILD_TESTING:BOOL=ON\n";
  assert.equal(
    build(["--module"], { wasm: configured }),
    "vendor\ncmake --build --preset wasm --target mha_wasm mha_wasm_relaxed -j 2\n",
  );
  // What `npm test` runs, as before: configure once, build every target.
  assert.equal(
    build([]),
    [
      "vendor",
      "cmake --preset native",
      "cmake --build --preset native -j 2",
      "cmake --preset wasm",
      "cmake --build --preset wasm -j 2",
      "",
    ].join("\n"),
  );
  assert.equal(
    build(["wasm"], { wasm: configured }),
    "vendor\ncmake --build --preset wasm -j 2\n",
  );
  // A wasm tree configured by --module without GoogleTest gets its tests back.
  assert.equal(
    build(["wasm"], { wasm: "BUILD_TESTING:BOOL=OFF\n" }),
    "vendor\ncmake --preset wasm -DBUILD_TESTING=ON\ncmake --build --preset wasm -j 2\n",
  );
});
