// A Markdown table, padded to its widest cells: shared by the benches'
// tables (bench/layer-measure.mjs, bench/gpt-measure.mjs). Plain JS, no Node
// imports (the browser pages import it too).

/**
 * @param {string[]} header
 * @param {string[][]} lines one array of cells a row, as long as header
 * @returns {string[]} the table's lines: header, rule, rows
 */
export function markdownTable(header, lines) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => l[i].length)),
  );
  /** @param {string[]} cells */
  const row = (cells) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [
    row(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...lines.map(row),
  ];
}
