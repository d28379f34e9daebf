/** A plain text table; columns of numbers are right-aligned, the others left-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const columns = header.map((_, column) => {
    const cells = rows.map((row) => row[column] ?? '');
    return {
      width: Math.max(...all.map((row) => (row[column] ?? '').length)),
      numeric: cells.length > 0 && cells.every((cell) => /^\d+$/.test(cell)),
    };
  });
  return all
    .map((row) =>
      row
        .map((cell, i) => {
          const { width = 0, numeric = false } = columns[i] ?? {};
          return numeric ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
