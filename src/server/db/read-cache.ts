/**
 * A per-process cache of small, rarely changed reads that a worker would otherwise repeat for every batch (delivery
 * settings, the organisation profile, enabled channel configurations, message templates). An entry lives `ttlMs`
 * (default 5 s) and is dropped at once when this process writes any of them (`invalidateReadCache`, called by the
 * writers after their transaction): another process's change is seen within the TTL. Keyed by the database handle,
 * so two databases in one process (tests) never share entries.
 */
const DEFAULT_TTL_MS = 5_000;

let generation = 0;
const entries = new WeakMap<object, Map<string, { at: number; generation: number; value: Promise<unknown> }>>();

export function invalidateReadCache(): void {
  generation++;
}

/** Runs a writer's promise and drops the cache when it settles (after the commit, so no reader caches the old row). */
export function invalidatesReadCache<T>(write: Promise<T>): Promise<T> {
  invalidateReadCache();
  return write.finally(invalidateReadCache);
}

export function cachedRead<T>(db: object, key: string, load: () => Promise<T>, ttlMs = DEFAULT_TTL_MS): Promise<T> {
  let map = entries.get(db);
  if (!map) {
    map = new Map();
    entries.set(db, map);
  }
  const now = Date.now();
  const hit = map.get(key);
  if (hit && hit.generation === generation && now - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = load();
  const entry = { at: now, generation, value };
  map.set(key, entry);
  // A failed read is not kept.
  value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return value;
}
