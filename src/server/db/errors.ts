/** The unique constraint a failed statement violated (the driver's error may be wrapped by Drizzle), else null. */
export function violatedUniqueConstraint(err: unknown): string | null {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined, i = 0; e && i < 3; i++) {
    if (e.code === '23505') return e.constraint ?? '';
    e = e.cause as typeof e;
  }
  return null;
}
