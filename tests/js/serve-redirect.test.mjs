// The static server's redirects (scripts/serve.mjs) stay on its own origin:
// a directory's trailing-slash redirect never names another host, and no
// request bytes reach a status line or header raw. Raw HTTP over node:net,
// so the paths arrive exactly as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { STATUS_CODES } from "node:http";
import { connect } from "node:net";
import * as serve from "../../scripts/serve.mjs";

/** Sends one raw request; resolves to its status line and headers. */
function rawGet(server, target) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      );
    });
    const chunks = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const head = text.slice(0, text.indexOf("\r\n\r\n"));
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = {};
      for (const line of lines) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ statusLine, headers });
    });
  });
}

const ATTACKS = [
  "/%2Fevil.example%2F..%2Flib",
  "/%2F%2Fevil.example%2F..%2Flib",
  "//evil.example/lib",
  "//evil",
  "/%2F%2Fevil",
  "/%5Cevil",
  "/%5Cevil.example%2F..%2Flib",
  "/%5C%5Cevil.example%2F..%2F..%2Flib",
  "/..%2F..",
  "/..%2F..%2Flib",
  "/lib%2F..%2F..%2F..%2Flib",
  "/%0d%0aLocation:%20http://evil.example%2F..%2Flib",
  "/x%0d%0aSet-Cookie:%20a=b%2F..%2Flib",
  "/lib%0d%0a",
  "/%00%2F..%2Flib",
  "/./lib",
  "/lib",
  "/lib/..//lib",
  "/course%20notes%2F..%2Flib",
];

test("every redirect is to a same-origin path; every status line is well-formed", async () => {
  const server = await serve.startServer();
  const origin = new URL(server.url).origin;
  try {
    for (const target of ATTACKS) {
      const { statusLine, headers } = await rawGet(server, target);
      const m = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine);
      assert.ok(m, `${target}: status line ${JSON.stringify(statusLine)}`);
      assert.equal(
        m[2],
        STATUS_CODES[Number(m[1])],
        `${target}: ${statusLine}`,
      );
      if (headers.location === undefined) {
        assert.notEqual(m[1][0], "3", `${target}: a redirect needs a Location`);
        continue;
      }
      const location = headers.location;
      assert.match(
        location,
        /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/,
        target,
      );
      assert.equal(new URL(location, origin).origin, origin, target);
      assert.equal(
        new URL(location, "http://other.example/").host,
        "other.example",
      );
    }
  } finally {
    await server.close();
  }
});

test("a directory redirects to its normalised path with a slash", async () => {
  const server = await serve.startServer();
  try {
    for (const target of [
      "/lib",
      "/%2Fevil.example%2F..%2Flib",
      "/%2F%2Fevil.example%2F..%2Flib",
      "/..%2F..%2Flib",
      "/./lib",
    ]) {
      const { statusLine, headers } = await rawGet(server, target);
      assert.equal(statusLine, "HTTP/1.1 301 Moved Permanently", target);
      assert.equal(headers.location, "/lib/", target);
    }
    const index = await rawGet(server, "/lib/");
    assert.match(index.statusLine, /^HTTP\/1\.1 404 Not Found$/);
  } finally {
    await server.close();
  }
});

test("a redirect under a base path keeps the base and encodes its segments", async () => {
  const server = await serve.startServer({ base: "/course week/" });
  try {
    const { statusLine, headers } = await rawGet(
      server,
      "/course%20week/%2Fevil.example%2F..%2Flib",
    );
    assert.equal(statusLine, "HTTP/1.1 301 Moved Permanently");
    assert.equal(headers.location, "/course%20week/lib/");
  } finally {
    await server.close();
  }
});

test("control characters, backslashes and a leading // are refused with 400", async () => {
  const server = await serve.startServer();
  try {
    for (const target of [
      "/%0d%0a%2F..%2Flib",
      "/%5Cevil",
      "//evil",
      "/a%00",
    ]) {
      const { statusLine } = await rawGet(server, target);
      assert.equal(statusLine, "HTTP/1.1 400 Bad Request", target);
    }
  } finally {
    await server.close();
  }
  assert.equal(serve.requestPath("/a/../b%20c?x=1#y"), "/b c");
  assert.equal(serve.requestPath("/..%2F..%2Fetc"), "/etc");
  assert.equal(serve.requestPath("/a//b/"), "/a/b/");
  assert.equal(serve.requestPath("http://x/a"), null);
  assert.equal(serve.requestPath("*"), null);
});
