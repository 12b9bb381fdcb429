import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cell, neutralise } from './cells.js';
import { CsvWriter, csvLine } from './csv-writer.js';
import { XlsxWriter } from './xlsx-writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rateloop-writers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows: Cell[][] = [
  ['名称', 'score', 'note'],
  ['王五, "老王"', { value: 4, decimals: 1 }, 'line one\nline two'],
  ['=HYPERLINK("http://x")', -3, '+1'],
  ['-2', 0.5, '@SUM(A1)'],
  ['\tTab', null, '\rCR'],
];

describe('formula-injection neutralising', () => {
  it("prefixes text that a spreadsheet would run with ', and leaves the rest", () => {
    for (const s of ['=1+1', '+1', '-1', '@x', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['1', 'a=b', ' =1', '', '好']) expect(neutralise(s)).toBe(s);
  });
});

describe('CSV writer', () => {
  it('quotes per RFC 4180 and keeps numbers numbers', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', 'plain', -3, { value: 4, decimals: 1 }, null])).toBe(
      '"a,b","say ""hi""","x\ny",plain,-3,4.0,\r\n',
    );
  });

  it('writes UTF-8 with a BOM, CRLF records and neutralised formula cells', async () => {
    const path = join(dir, 'a.csv');
    const w = await CsvWriter.open(path);
    for (const r of rows) await w.writeRow(r);
    await w.close();
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(
      '\uFEFF名称,score,note\r\n' +
        '"王五, ""老王""",4.0,"line one\nline two"\r\n' +
        `"'=HYPERLINK(""http://x"")",-3,'+1\r\n` +
        `'-2,0.5,'@SUM(A1)\r\n` +
        `'\tTab,,"'\rCR"\r\n`,
    );
  });

  it('streams large files without holding them (many flushes)', async () => {
    const path = join(dir, 'big.csv');
    const w = await CsvWriter.open(path);
    for (let i = 0; i < 20_000; i++) await w.writeRow([i, `row ${i}`, 'x'.repeat(20)]);
    await w.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\r\n')).toHaveLength(20_001);
  });
});

describe('XLSX writer', () => {
  it('writes a workbook exceljs reads back: numbers as numbers, formula text neutralised', async () => {
    const path = join(dir, 'a.xlsx');
    const w = await XlsxWriter.open(path, 'Ratings');
    for (const r of rows) await w.writeRow(r);
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.getWorksheet('Ratings');
    expect(sheet).toBeDefined();
    const values = (n: number) => (sheet!.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['名称', 'score', 'note']);
    expect(values(2)).toEqual(['王五, "老王"', 4, 'line one\nline two']);
    expect(values(3)).toEqual(['\'=HYPERLINK("http://x")', -3, "'+1"]);
    expect(sheet!.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(values(4)).toEqual(["'-2", 0.5, "'@SUM(A1)"]);
    expect(sheet!.getRow(5).getCell(1).value).toBe("'\tTab");
    expect(sheet!.getRow(5).getCell(2).value).toBeNull();
  });
});
