import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { type Cell, cellText } from './cells.js';
import type { TableWriter } from './table-writer.js';

/** Excel reads a CSV as UTF-8 (Chinese included) only when the file starts with the byte-order mark. */
export const UTF8_BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

/** One field per RFC 4180: quoted when it holds a quote, comma or line break, quotes doubled. */
export function csvField(cell: Cell): string {
  const text = cellText(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * Streams a CSV (UTF-8 with BOM, RFC 4180) to a file. Rows are buffered up to ~64 KB, then written; a full stream
 * is awaited (`drain`), so memory stays bounded whatever the row count.
 */
export class CsvWriter implements TableWriter {
  private buffer = UTF8_BOM;
  private constructor(private readonly out: WriteStream) {}

  static async open(path: string): Promise<CsvWriter> {
    const out = createWriteStream(path, { flags: 'w' });
    await once(out, 'open');
    return new CsvWriter(out);
  }

  async writeRow(cells: readonly Cell[]): Promise<void> {
    this.buffer += csvLine(cells);
    if (this.buffer.length >= 64 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk && !this.out.write(chunk, 'utf8')) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }

  async abort(): Promise<void> {
    this.buffer = '';
    await new Promise<void>((resolve) => this.out.destroy() && this.out.once('close', () => resolve()));
  }
}
