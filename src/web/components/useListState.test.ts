import { describe, expect, it } from 'vitest';
import { type ListStateSpec, readListPosition, urlParam, writeListPosition } from './useListState';

interface Filters {
  q?: string;
  status?: ('new' | 'done')[];
  ownerId?: string;
  from?: string;
  at?: string;
  state: 'active' | 'archived' | 'all';
}

const spec: ListStateSpec<Filters, '-createdAt' | 'createdAt'> = {
  filters: {
    q: urlParam.text(),
    status: urlParam.listOf(['new', 'done'] as const),
    ownerId: urlParam.uuid(),
    from: urlParam.day(),
    at: urlParam.instant(),
    state: urlParam.oneOf(['active', 'archived', 'all'] as const),
  },
  defaults: { state: 'active' },
  sort: { values: ['-createdAt', 'createdAt'], default: '-createdAt' },
};

const OWNER = '0b6a4d1e-3f5c-4d7e-9a1b-2c3d4e5f6a7b';

describe('list state in the URL', () => {
  it('round-trips filters, sort and the cursor stack', () => {
    const position = {
      filters: {
        q: '张 & co',
        status: ['new', 'done'] as ('new' | 'done')[],
        ownerId: OWNER,
        from: '2026-02-28',
        at: '2026-03-01T08:00:00.000Z',
        state: 'archived' as const,
      },
      sort: 'createdAt' as const,
      cursors: ['eyJ2IjoxfQ', 'abc_-123'],
    };
    const params = writeListPosition(new URLSearchParams('tab=x'), spec, position);
    expect(params.get('tab')).toBe('x');
    expect(params.getAll('after')).toEqual(['eyJ2IjoxfQ', 'abc_-123']);
    expect(params.get('status')).toBe('new,done');
    expect(readListPosition(new URLSearchParams(params.toString()), spec)).toEqual(position);
  });

  it('leaves defaults and empty values out of the URL', () => {
    const params = writeListPosition(new URLSearchParams(), spec, {
      filters: { state: 'active', q: '  ', status: [] },
      sort: '-createdAt',
      cursors: [],
    });
    expect(params.toString()).toBe('');
    expect(readListPosition(params, spec)).toEqual({ filters: { state: 'active' }, sort: '-createdAt', cursors: [] });
  });

  it('ignores invalid values of a pasted URL and keeps the valid ones', () => {
    const pasted = new URLSearchParams(
      `q=${'x'.repeat(300)}&status=new,bogus&ownerId=1;drop&from=2026-02-30&at=yesterday&state=deleted` +
        '&sort=subject&after=not%20a%20cursor&after=ok_cursor',
    );
    expect(readListPosition(pasted, spec)).toEqual({
      filters: { q: 'x'.repeat(200), status: ['new'], state: 'active' },
      sort: '-createdAt',
      cursors: ['ok_cursor'],
    });
  });

  it('an instant is normalised to ISO text', () => {
    const { filters } = readListPosition(new URLSearchParams('at=2026-03-01T10:00:00%2B02:00'), spec);
    expect(filters.at).toBe('2026-03-01T08:00:00.000Z');
  });
});
