import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { CursorPages } from './CursorPager';

/**
 * One list filter as it travels in the URL query string: `parse` turns the raw text into a value or `undefined` (an
 * absent or invalid value — a pasted URL may hold anything; it is ignored, never thrown on), `serialize` turns a value
 * back into text (or `undefined` to leave it out).
 */
export interface UrlParam<T> {
  parse(raw: string): T | undefined;
  serialize(value: T): string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The server's cursors are base64url of at most 2000 characters (src/server/http/pagination.ts). */
const CURSOR = /^[A-Za-z0-9_-]{1,2000}$/;

/** Typed URL parameters for `useListState` specs. */
export const urlParam = {
  /** Free text (trimmed; empty = absent), capped at `max` characters as the server caps it. */
  text: (max = 200): UrlParam<string> => ({
    parse: (raw) => raw.trim().slice(0, max) || undefined,
    serialize: (value) => value.trim() || undefined,
  }),
  uuid: (): UrlParam<string> => ({
    parse: (raw) => (UUID.test(raw) ? raw.toLowerCase() : undefined),
    serialize: (value) => value,
  }),
  /** One of `values`. */
  oneOf: <V extends string>(values: readonly V[]): UrlParam<V> => ({
    parse: (raw) => values.find((value) => value === raw),
    serialize: (value) => value,
  }),
  /** Several of `values`, comma-separated; unknown entries are dropped. */
  listOf: <V extends string>(values: readonly V[]): UrlParam<V[]> => ({
    parse: (raw) => {
      const picked = values.filter((value) => raw.split(',').includes(value));
      return picked.length ? picked : undefined;
    },
    serialize: (value) => (value.length ? value.join(',') : undefined),
  }),
  /** A calendar day `YYYY-MM-DD` (checked against the calendar). */
  day: (): UrlParam<string> => ({
    parse: (raw) => (DAY.test(raw) && isCalendarDay(raw) ? raw : undefined),
    serialize: (value) => value,
  }),
  /** An instant, carried as ISO 8601 text (what the API takes). */
  instant: (): UrlParam<string> => ({
    parse: (raw) => {
      const time = Date.parse(raw);
      return /^\d{4}-\d{2}-\d{2}T/.test(raw) && Number.isFinite(time) ? new Date(time).toISOString() : undefined;
    },
    serialize: (value) => value,
  }),
};

function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** The URL parameter of each filter of a list's filter object `F`. */
export type UrlSpec<F> = { [K in keyof F]-?: UrlParam<NonNullable<F[K]>> };

export interface ListStateSpec<F extends object, S extends string> {
  filters: UrlSpec<F>;
  /** Filter values when the URL has none; a filter equal to its default is left out of the URL. */
  defaults?: Partial<F>;
  /** The server sorts this list accepts (`field` ascending, `-field` descending) and the one used without `?sort=`. */
  sort?: { values: readonly S[]; default: S };
}

export interface ListState<F extends object, S extends string> {
  filters: F;
  /** True when a filter differs from its default (for "no match" empty texts and "clear filters"). */
  filtered: boolean;
  /** Replaces every filter, back to the first page. */
  setFilters(next: F): void;
  /** Changes some filters, back to the first page. */
  update(patch: Partial<F>): void;
  sort: S | undefined;
  /** A new sort, back to the first page; `undefined` = the default. */
  setSort(next: S | undefined): void;
  /** The page position: the cursor stack, kept in the URL as repeated `?after=`. */
  pages: CursorPages;
}

/** Query-string keys the list state owns besides its filters. */
export const SORT_PARAM = 'sort';
export const AFTER_PARAM = 'after';

/** Filters, sort and cursor stack as the URL holds them. */
export interface ListPosition<F extends object, S extends string> {
  filters: F;
  sort: S | undefined;
  cursors: string[];
}

const textOf = <T>(param: UrlParam<T>, value: T | undefined | null) =>
  value === undefined || value === null ? undefined : param.serialize(value);

/** Reads a list's position from the query string: invalid values are ignored (their default applies). */
export function readListPosition<F extends object, S extends string>(
  params: URLSearchParams,
  spec: ListStateSpec<F, S>,
): ListPosition<F, S> {
  const filters = { ...spec.defaults } as F;
  for (const key of Object.keys(spec.filters) as (keyof F & string)[]) {
    const raw = params.get(key);
    const value = raw === null ? undefined : spec.filters[key].parse(raw);
    if (value !== undefined) filters[key] = value as F[typeof key];
  }
  const rawSort = params.get(SORT_PARAM);
  const sort = spec.sort?.values.find((value) => value === rawSort) ?? spec.sort?.default;
  const cursors = params.getAll(AFTER_PARAM).filter((cursor) => CURSOR.test(cursor));
  return { filters, sort, cursors };
}

/** Writes a list's position into a copy of `params`, leaving out defaults and keeping the page's other keys. */
export function writeListPosition<F extends object, S extends string>(
  params: URLSearchParams,
  spec: ListStateSpec<F, S>,
  position: ListPosition<F, S>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const keys = Object.keys(spec.filters) as (keyof F & string)[];
  for (const key of [...keys, SORT_PARAM, AFTER_PARAM]) next.delete(key);
  for (const key of keys) {
    const param = spec.filters[key] as UrlParam<F[typeof key]>;
    const text = textOf(param, position.filters[key]);
    if (text !== undefined && text !== textOf(param, spec.defaults?.[key])) next.set(key, text);
  }
  if (position.sort !== undefined && position.sort !== spec.sort?.default) next.set(SORT_PARAM, position.sort);
  for (const cursor of position.cursors) next.append(AFTER_PARAM, cursor);
  return next;
}

/** True when a filter differs from its default. */
function isFiltered<F extends object, S extends string>(spec: ListStateSpec<F, S>, filters: F): boolean {
  return (Object.keys(spec.filters) as (keyof F & string)[]).some((key) => {
    const param = spec.filters[key] as UrlParam<F[typeof key]>;
    return textOf(param, filters[key]) !== textOf(param, spec.defaults?.[key]);
  });
}

/**
 * A list's filters, sort and page position kept in the URL query string (react-router's search params), so a refresh
 * or a pasted link shows the same list. Filters parse with their `UrlParam` (invalid ones are ignored, defaults
 * omitted from the URL); the page position is the cursor stack of `CursorPager` — one `after=<cursor>` per page
 * moved forward, the last one loading the page shown. Other query-string keys of the page are kept as they are.
 * Every change is a history entry, so the browser's back button undoes it.
 */
export function useListState<F extends object, S extends string = never>(spec: ListStateSpec<F, S>): ListState<F, S> {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `search` is the params' content; the spec is a constant of its page
  const position = useMemo(() => readListPosition(params, spec), [search]);
  const { filters, sort, cursors } = position;
  // Every change starts from the address bar as it is now, not from this render's copy: two changes in a row (a
  // filter picked, then a column sorted before the re-render) must both land.
  const write = (change: (current: ListPosition<F, S>) => ListPosition<F, S>) => {
    const current = new URLSearchParams(window.location.search);
    setParams(writeListPosition(current, spec, change(readListPosition(current, spec))), { preventScrollReset: true });
  };

  return {
    filters,
    filtered: isFiltered(spec, filters),
    setFilters: (next) => write((old) => ({ ...old, filters: next, cursors: [] })),
    update: (patch) => write((old) => ({ ...old, filters: { ...old.filters, ...patch }, cursors: [] })),
    sort,
    setSort: (next) => write((old) => ({ ...old, sort: next, cursors: [] })),
    pages: {
      cursor: cursors.at(-1),
      pageIndex: cursors.length,
      reset: () => write((old) => ({ ...old, cursors: [] })),
      back: () => write((old) => ({ ...old, cursors: old.cursors.slice(0, -1) })),
      forward: (next) => write((old) => ({ ...old, cursors: [...old.cursors, next] })),
    },
  };
}
