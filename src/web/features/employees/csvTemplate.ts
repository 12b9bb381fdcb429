export const CSV_HEADER = 'employeeNo,name,department,phone,email,roles,active';

/** A template the administrator can fill in: the header plus one example row (roles separated by `|`). */
export function employeeCsvTemplate(): string {
  return `${CSV_HEADER}\r\nE0001,Zhang San,East Region,13800000000,zhang.san@example.com,engineer|supervisor,true\r\n`;
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
