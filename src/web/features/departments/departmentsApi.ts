import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../../api/client';

import type { Department } from '../../app/types';

/** Every query key of the feature (the tree is one list of every department). */
export const departmentKeys = {
  all: ['departments'] as const,
};

export function useDepartments() {
  return useQuery({
    queryKey: departmentKeys.all,
    queryFn: () => ok(client.GET('/departments', { params: { query: { limit: 500 } } })).then((page) => page.items),
  });
}

export interface DepartmentNode {
  key: string;
  value: string;
  title: string;
  department: Department;
  children: DepartmentNode[];
}

/** Turns the flat list into a tree; an item whose parent is missing becomes a root so nothing disappears. */
export function buildDepartmentTree(items: Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>();
  for (const department of items) {
    nodes.set(department.id, {
      key: department.id,
      value: department.id,
      title: department.name,
      department,
      children: [],
    });
  }
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parentId ? nodes.get(node.department.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.title.localeCompare(b.title));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Ids of a department and everything below it — a department cannot move under its own subtree. */
export function subtreeIds(items: Department[], rootId: string): Set<string> {
  const ids = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parentId && ids.has(item.parentId) && !ids.has(item.id)) {
        ids.add(item.id);
        grew = true;
      }
    }
  }
  return ids;
}
