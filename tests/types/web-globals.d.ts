// The two Node facts web/lib/mha.js relies on, for checkJs over web/
// (tsconfig.json at the root): it tells Node from a browser by `process`,
// and reads the .wasm file there with node:fs. Declared here rather than
// through @types/node, so that the page's code is checked against browser
// types only.
declare var process: { versions?: { node?: string } } | undefined;

declare module "node:fs/promises" {
  export function readFile(path: URL | string): Promise<Uint8Array>;
}
