// The static server of `npm start` (scripts/serve.mjs): malformed request
// paths get a 400 and the server keeps serving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { startServer } from "../../scripts/serve.mjs";

function get(server, path) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

test("malformed paths are refused with 400 and the server keeps working", async () => {
  const server = await startServer();
  try {
    assert.equal(await get(server, "//"), 400);
    assert.equal(await get(server, "/%E0%A4%A"), 400);
    assert.equal(await get(server, "/index.html"), 200);
    assert.equal(await get(server, "/../package.json"), 404);
  } finally {
    await server.close();
  }
});
