// The #real-model section's data: the checkpoint index, the training logs and the
// checkpoints themselves, loaded through readModelFile() (real-model/files.js)
// and parsed here. Models live in the wasm core, so only the few used last
// are kept; the ones dropped are disposed. The parsing and the cache are
// pure and tested in Node (tests/js/real-model-data.test.mjs).
import { readModelFile } from "./files.js";

/**
 * A CSV with a header row and numeric cells → { columns, rows } where
 * rows[i][column] is a number (NaN when a cell is empty or not a number).
 * @param {string} text
 */
export function parseCSV(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return { columns: [], rows: [] };
  const columns = lines[0].split(",").map((c) => c.trim());
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(",");
    const row = {};
    columns.forEach((c, i) => {
      const cell = (cells[i] ?? "").trim();
      row[c] = cell === "" ? NaN : Number(cell);
    });
    return row;
  });
  return { columns, rows };
}

/**
 * Means of `keys` over consecutive bins of `size` rows (the last bin may be
 * shorter), at the `x` of each bin's last row. NaN cells are skipped; a bin
 * with none gives NaN.
 * @returns {{ x: number[], series: Record<string, number[]> }}
 */
export function binnedMeans(rows, { x, keys, size }) {
  const out = { x: [], series: Object.fromEntries(keys.map((k) => [k, []])) };
  for (let start = 0; start < rows.length; start += size) {
    const bin = rows.slice(start, start + size);
    out.x.push(bin[bin.length - 1][x]);
    for (const k of keys) {
      let sum = 0;
      let count = 0;
      for (const r of bin) {
        if (Number.isFinite(r[k])) {
          sum += r[k];
          count++;
        }
      }
      out.series[k].push(count ? sum / count : NaN);
    }
  }
  return out;
}

/**
 * The best (largest) of the columns whose names start with `prefix`, per
 * row: e.g. the best induction score of any head ("ind_") in eval.csv.
 */
export function bestOf(rows, columns, prefix) {
  const keys = columns.filter((c) => c.startsWith(prefix));
  return rows.map((r) => Math.max(...keys.map((k) => r[k])));
}

/**
 * A least-recently-used cache that calls `drop(value)` on what it evicts
 * (a Model's dispose()). get() marks an entry as used.
 * @param {number} keep how many entries to hold (≥ 1)
 * @param {(value: any) => void} drop
 */
export function createLRU(keep, drop) {
  const map = new Map();
  return {
    get(key) {
      if (!map.has(key)) return undefined;
      const value = map.get(key);
      map.delete(key);
      map.set(key, value);
      return value;
    },
    set(key, value) {
      if (map.has(key)) {
        const old = map.get(key);
        map.delete(key);
        if (old !== value) drop(old);
      }
      map.set(key, value);
      while (map.size > keep) {
        const [oldest, v] = map.entries().next().value;
        map.delete(oldest);
        drop(v);
      }
    },
    has: (key) => map.has(key),
    keys: () => [...map.keys()],
    clear() {
      for (const v of map.values()) drop(v);
      map.clear();
    },
  };
}

const text = (bytes) => new TextDecoder().decode(bytes);

/**
 * The #real-model section's data source.
 * @param {{ loadModel(bytes: Uint8Array): { dispose(): void } }} mha
 * @param {{ read?: (name: string) => Promise<Uint8Array>, keep?: number }} [o]
 *   read: where files come from (default readModelFile); keep: how many
 *   models to hold in the core
 */
export function createModelData(mha, { read = readModelFile, keep = 4 } = {}) {
  const bytes = new Map(); // file name → Promise<Uint8Array>
  const models = createLRU(keep, (m) => m.dispose());
  let index = null;

  const file = (name) => {
    if (!bytes.has(name)) {
      const p = read(name);
      bytes.set(name, p);
      p.catch(() => bytes.delete(name)); // let a later call retry
    }
    return bytes.get(name);
  };

  return {
    /** index.json: { checkpoints: [{ step, file, … }], phase_change_step, … } */
    async index() {
      index ??= JSON.parse(text(await file("index.json")));
      return index;
    },
    /** log.csv (every step) and eval.csv (every 50 steps), parsed. */
    async logs() {
      const [log, evaluation] = await Promise.all([
        file("log.csv").then((b) => parseCSV(text(b))),
        file("eval.csv").then((b) => parseCSV(text(b))),
      ]);
      return { log, eval: evaluation };
    },
    /** The Model of checkpoint `i` of the index (loaded once, then cached). */
    async model(i) {
      const { checkpoints } = await this.index();
      const name = checkpoints[i].file;
      const cached = models.get(name);
      if (cached) return cached;
      const data = await file(name);
      // Another call may have loaded it while this one waited.
      const again = models.get(name);
      if (again) return again;
      const model = mha.loadModel(data);
      models.set(name, model);
      return model;
    },
    /** Names of the checkpoints whose models are in the core now. */
    loaded: () => models.keys(),
    /** Disposes every cached model. */
    dispose: () => models.clear(),
  };
}
