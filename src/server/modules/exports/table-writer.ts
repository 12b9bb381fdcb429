import type { ExportFormat } from '../../../common/exports.js';
import type { Cell } from './cells.js';
import { CsvWriter } from './csv-writer.js';
import { XlsxWriter } from './xlsx-writer.js';

/** A table streamed to a file, one row at a time (the first row: headers). */
export interface TableWriter {
  writeRow(cells: readonly Cell[]): Promise<void>;
  /** Finishes the file. */
  close(): Promise<void>;
  /** Stops writing after a failure (the caller removes the file). */
  abort(): Promise<void>;
}

export function openTableWriter(format: ExportFormat, path: string, sheetName: string): Promise<TableWriter> {
  return format === 'csv' ? CsvWriter.open(path) : XlsxWriter.open(path, sheetName);
}
