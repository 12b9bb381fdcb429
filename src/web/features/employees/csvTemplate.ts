export const CSV_HEADER = 'employeeNo,name,department,phone,email,roles,active';

/** A template the administrator can fill in: the header plus one example row (roles separated by `|`). */
export function employeeCsvTemplate(): string {
  return `${CSV_HEADER}\r\nE0001,Zhang San,East Region,13800000000,zhang.san@example.com,engineer|supervisor,true\r\n`;
}
