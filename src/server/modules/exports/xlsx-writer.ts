import ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { neutralise } from './cells.js';
import type { TableWriter } from './table-writer.js';

type CellValue = string | number | null;

/**
 * Streams an XLSX with exceljs's `stream.xlsx.WorkbookWriter`: each row is committed as soon as it is added, so the
 * worksheet never sits in memory (shared strings off: they would keep every distinct text until the end). Numbers are
 * number cells (scores with a `0.0` format); text that would start a formula is neutralised like the CSV's.
 */
export class XlsxWriter implements TableWriter {
  private constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly sheet: ExcelJS.Worksheet,
  ) {}

  static async open(path: string, sheetName: string): Promise<XlsxWriter> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
    return new XlsxWriter(workbook, sheet);
  }

  async writeRow(cells: readonly Cell[]): Promise<void> {
    const values: CellValue[] = cells.map((c) =>
      c === null ? null : typeof c === 'string' ? neutralise(c) : typeof c === 'number' ? c : c.value,
    );
    const row = this.sheet.addRow(values);
    cells.forEach((c, i) => {
      if (c !== null && typeof c === 'object')
        row.getCell(i + 1).numFmt = c.decimals > 0 ? `0.${'0'.repeat(c.decimals)}` : '0';
    });
    row.commit();
  }

  async close(): Promise<void> {
    (this.sheet as unknown as { commit(): void }).commit();
    await this.workbook.commit();
  }

  async abort(): Promise<void> {
    // exceljs has no abort: finishing the (partial) file closes its stream; the caller deletes the file.
    await this.workbook.commit().catch(() => undefined);
  }
}
