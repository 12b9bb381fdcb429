import { readFileSync } from 'node:fs';

/**
 * CPU time spent per request, split between this process (Fastify, the load generator and, for PGlite, the database)
 * and the PostgreSQL backends serving the bench database's connections. On a CPU-bound machine the throughput ratio of
 * two runs is the inverse of their CPU cost per request, so this says whether a gap is work or waiting (pool, locks).
 */
export interface CpuSample {
  nodeMs: number;
  postgresMs: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (sysconf(_SC_CLK_TCK)); /proc/<pid>/stat counts in these ticks.

function procCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may contain spaces): utime is the 12th and stime the 13th of them.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return 0; // the backend exited between the listing and the read
  }
}

/** One statement on the benchmark's database, or null for PGlite (in this process, so counted as node time). */
export type PostgresQuery = (<T>(text: string, values?: unknown[]) => Promise<T[]>) | null;

export async function cpuSample(query: PostgresQuery): Promise<CpuSample> {
  const usage = process.cpuUsage();
  const nodeMs = (usage.user + usage.system) / 1000;
  if (!query) return { nodeMs, postgresMs: 0 };
  const rows = await query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and backend_type = $1',
    ['client backend'],
  );
  return { nodeMs, postgresMs: rows.reduce((s, r) => s + procCpuMs(r.pid), 0) };
}

/** CPU milliseconds per answered request between two samples. */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number) {
  const n = Math.max(1, requests);
  return { nodeMs: (after.nodeMs - before.nodeMs) / n, postgresMs: (after.postgresMs - before.postgresMs) / n };
}
