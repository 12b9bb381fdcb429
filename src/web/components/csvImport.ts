import { fieldErrorText, type Translate } from '../app/problemText';

/** The import modes every CSV import offers. */
export type ImportMode = 'all_or_nothing' | 'valid_rows';

/** One error of an import as the API reports it (`line`, `field`, a field error `code` with `params`). */
export interface CsvImportError {
  line: number;
  field: string | null;
  message: string;
  code: string | null;
  params?: Record<string, string | number>;
}

/** What the modal reads of an import job (`GET /employee-imports/{id}`, `GET /work-order-imports/{id}`). */
export interface CsvImportJob {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  mode: ImportMode;
  total: number;
  processed: number;
  errors: CsvImportError[];
}

/**
 * An import error in the user's language: the code's text, with the offending value in front when the text does not
 * name it (`“NOWHERE”：不存在`); the English message only for an error without a known code (an import run before
 * codes existed).
 */
export function importErrorText(error: CsvImportError, t: Translate): string {
  if (!error.code) return error.message;
  const text = fieldErrorText(
    { path: error.field ?? '', message: error.message, code: error.code, params: error.params },
    t,
  );
  const value = error.params?.value;
  return value !== undefined && !text.includes(String(value)) ? t('import.valueError', { value, text }) : text;
}

/** Offers a text as a file download without a round trip to the server. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // The BOM makes Excel open UTF-8 (Chinese names) correctly.
  const blob = new Blob(['\uFEFF', text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
