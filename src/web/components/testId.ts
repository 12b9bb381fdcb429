/** Spreadable `data-testid` for props objects (e.g. a Modal's okButtonProps) whose types don't list it. */
export function testId(id: string): Record<string, string> {
  return { 'data-testid': id };
}
