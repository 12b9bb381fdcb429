/**
 * Gives the event loop a turn (`setImmediate`) inside long background work (a rebuild, an export). On PGlite the
 * database is this process and its queries resolve without reaching the event loop, so a loop of queries that never
 * yields keeps every customer request waiting until it ends (bench/dashboard/rating-page.ts measured seconds).
 */
export const yieldToRequests = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
