// The two Node facts web/lib/mha.js relies on, for checkJs over web/
// (tsconfig.json at the root): it tells Node from a browser by `process`,
// and reads the .wasm file there with node:fs. Declared here rather than
// through @types/node, so that the page's code is checked against browser
// types only.
declare var process: { versions?: { node?: string } } | undefined;

declare module "node:fs/promises" {
  export function readFile(path: URL | string): Promise<Uint8Array>;
}

// web/lib/head-pool.js and head-worker.js: Node's Workers and core count.
declare module "node:worker_threads" {
  export const parentPort: {
    postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
    on(event: "message", listener: (message: any) => void): void;
  };
  export class Worker {
    constructor(url: URL);
    postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
    on(event: string, listener: (value: any) => void): void;
    ref(): void;
    unref(): void;
    terminate(): Promise<number>;
  }
}
declare module "node:os" {
  export function availableParallelism(): number;
  export function cpus(): unknown[];
}
