import type { WorkOrderFilters } from './workOrdersApi';

/** A named filter set of the work-order list, kept in this browser per console user. */
export interface SavedView {
  name: string;
  filters: WorkOrderFilters;
}

const storageKey = (userId: string) => `rateloop.workOrderViews.${userId}`;

export function loadViews(userId: string, storage: Pick<Storage, 'getItem'> = localStorage): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is SavedView =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as SavedView).name === 'string' &&
        typeof (item as SavedView).filters === 'object',
    );
  } catch {
    return [];
  }
}

/** Saves (or replaces, by name) a view and returns the new list, sorted by name. */
export function saveView(
  userId: string,
  view: SavedView,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): SavedView[] {
  const views = [...loadViews(userId, storage).filter((item) => item.name !== view.name), view].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  storage.setItem(storageKey(userId), JSON.stringify(views));
  return views;
}

export function deleteView(
  userId: string,
  name: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): SavedView[] {
  const views = loadViews(userId, storage).filter((item) => item.name !== name);
  storage.setItem(storageKey(userId), JSON.stringify(views));
  return views;
}
