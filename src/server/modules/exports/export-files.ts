import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExportFormat } from '../../../common/exports.js';

/**
 * Export files live in `<DATA_DIR>/exports/` (the embedded database's folder; with PostgreSQL the same setting names a
 * folder every app and worker process must share — a network volume when they run on different hosts). The file name
 * is the export's id: nothing a caller chose reaches the file system.
 */
export function exportsDir(dataDir: string): string {
  return resolve(dataDir, 'exports');
}

export const exportFileName = (id: string, format: ExportFormat) => `${id}.${format}`;

export async function exportFilePath(dataDir: string, id: string, format: ExportFormat): Promise<string> {
  const dir = exportsDir(dataDir);
  await mkdir(dir, { recursive: true });
  return join(dir, exportFileName(id, format));
}

export async function removeExportFile(dataDir: string, file: string): Promise<void> {
  await rm(join(exportsDir(dataDir), file), { force: true });
}
