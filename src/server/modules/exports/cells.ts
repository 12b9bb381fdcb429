/**
 * One cell of an exported table: text, a number (a number cell in XLSX, digits in CSV), a number shown with a fixed
 * count of decimals (scores), or empty.
 */
export type Cell = string | number | { value: number; decimals: number } | null;

/**
 * Text a spreadsheet would read as a formula or a DDE command (OWASP "CSV injection"): a leading `=`, `+`, `-`, `@`,
 * tab or carriage return. Such text gets a leading `'`, so Excel and LibreOffice show it as the text it is. Numbers
 * are never passed through here: a negative number stays a number cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as plain text (CSV): numbers in invariant notation, decimals fixed where asked. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'object') return Number.isFinite(cell.value) ? cell.value.toFixed(cell.decimals) : '';
  return neutralise(cell);
}
