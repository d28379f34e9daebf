// Small helpers for the benchmark's figures and its plain-text tables.

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
export const megabytes = (mb) => `${mb.toFixed(0)} MB`;

/** A table with a header row, columns padded to their widest cell; numbers align right. */
export function table(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const cell = (value, column) => (/^[\d.,+−-]/.test(String(value)) ? String(value).padStart(widths[column]) : String(value).padEnd(widths[column]));
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
