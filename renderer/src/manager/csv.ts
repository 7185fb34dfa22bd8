// CSV as RFC 4180 says: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled.

export type CsvCell = string | number;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// A text cell starting with one of these is run as a formula by spreadsheet apps; a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell, opts: { text?: boolean } = {}): string {
  let s = String(value);
  if (opts.text && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows to CSV text. `textColumns` marks free-text columns guarded against formula injection; amount columns are
 * left alone so a negative net such as -5.00 stays a number.
 */
export function toCsv(header: string[], rows: CsvCell[][], textColumns: ReadonlySet<number> = new Set()): string {
  const line = (cells: CsvCell[]) => cells.map((c, i) => csvCell(c, { text: textColumns.has(i) })).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

/** A byte-order mark so spreadsheet apps read the Arabic headers as UTF-8. */
export const UTF8_BOM = '\uFEFF';
