import ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { neutralise } from './cells.js';
import type { TableWriter } from './table-writer.js';

type CellValue = string | number | null;

const roundTo = (value: number, decimals: number) => Number(value.toFixed(decimals));

/**
 * Streams an XLSX with exceljs's `stream.xlsx.WorkbookWriter`: each row is committed as soon as it is added, so the
 * worksheet never sits in memory (shared strings off: they would keep every distinct text until the end). Styles are
 * off too: with them exceljs resolves a style for every cell, which doubled the time of a 100,000-row file (measured),
 * so a score is a number cell rounded to its decimals, without a display format. Text that would start a formula is
 * neutralised like the CSV's.
 */
export class XlsxWriter implements TableWriter {
  private constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly sheet: ExcelJS.Worksheet,
  ) {}

  static async open(path: string, sheetName: string): Promise<XlsxWriter> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
    return new XlsxWriter(workbook, sheet);
  }

  async writeRow(cells: readonly Cell[]): Promise<void> {
    const values: CellValue[] = cells.map((c) =>
      c === null
        ? null
        : typeof c === 'string'
          ? neutralise(c)
          : typeof c === 'number'
            ? c
            : roundTo(c.value, c.decimals),
    );
    this.sheet.addRow(values).commit();
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
