import { describe, expect, it } from 'vitest';
import { deleteView, loadViews, saveView } from './savedViews';
import { filtersToQuery, nextDay } from './workOrdersApi';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('saved work-order views', () => {
  it('saves per user, replaces by name and deletes', () => {
    const storage = memoryStorage();
    saveView('u1', { name: 'b', filters: { status: ['new'] } }, storage);
    saveView('u1', { name: 'a', filters: { q: 'x' } }, storage);
    saveView('u1', { name: 'b', filters: { status: ['completed'] } }, storage);
    expect(loadViews('u1', storage)).toEqual([
      { name: 'a', filters: { q: 'x' } },
      { name: 'b', filters: { status: ['completed'] } },
    ]);
    expect(loadViews('u2', storage)).toEqual([]);
    expect(deleteView('u1', 'a', storage).map((view) => view.name)).toEqual(['b']);
  });

  it('ignores corrupt storage', () => {
    const storage = memoryStorage();
    storage.setItem('rateloop.workOrderViews.u1', '{not json');
    expect(loadViews('u1', storage)).toEqual([]);
  });
});

describe('work-order list query', () => {
  it('joins statuses and makes the end day inclusive', () => {
    expect(
      filtersToQuery({ status: ['new', 'assigned'], createdFrom: '2026-01-31', createdTo: '2026-01-31', q: ' ' }),
    ).toMatchObject({ status: 'new,assigned', createdFrom: '2026-01-31', createdTo: '2026-02-01', q: undefined });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
