import { useQuery } from '@tanstack/react-query';
import { Card, Skeleton } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { appKeys } from '../../app/queryKeys';
import type { Department } from '../../app/types';
import { buildDepartmentTree, type DepartmentNode, subtreeIds, useDepartments } from '../departments/departmentsApi';
import { employeeKeys } from '../employees/employeesApi';
import { todayIn } from './period';

/** Roles whose analytics cover the whole organisation (modules/access/scope.ts); a supervisor sees subtrees. */
const ORG_WIDE_ROLES = ['admin', 'analyst', 'follow_up_agent'];

/**
 * The departments the department filter offers: every one for organisation-wide roles; for a supervisor only the
 * subtrees of their own department and of the departments they manage (the server answers for nothing else, and
 * without a department filter it already limits a supervisor to those subtrees).
 */
export function useOfferedDepartments(): { tree: DepartmentNode[]; loading: boolean } {
  const { session } = useAuth();
  const roles = session?.user.roles ?? [];
  const orgWide = roles.some((role) => ORG_WIDE_ROLES.includes(role));
  const employeeId = session?.user.employeeId;
  const departments = useDepartments();
  const me = useQuery({
    queryKey: employeeKeys.detail(employeeId ?? ''),
    queryFn: () => ok(client.GET('/employees/{id}', { params: { path: { id: employeeId ?? '' } } })),
    enabled: !orgWide && Boolean(employeeId),
  });
  const tree = useMemo(() => {
    const all: Department[] = departments.data ?? [];
    if (orgWide) return buildDepartmentTree(all);
    const roots = [
      ...(me.data?.departmentId ? [me.data.departmentId] : []),
      ...all.filter((department) => department.managerId === employeeId).map((department) => department.id),
    ];
    const allowed = new Set(roots.flatMap((root) => [...subtreeIds(all, root)]));
    return buildDepartmentTree(all.filter((department) => allowed.has(department.id)));
  }, [departments.data, me.data, orgWide, employeeId]);
  return { tree, loading: departments.isPending || (!orgWide && me.isPending && Boolean(employeeId)) };
}

/**
 * Today in the organisation's time zone (GET /settings/organisation); undefined while it loads (the browser's day
 * would differ for hours a day — a dashboard opened at 02:00 in Shanghai from a UTC browser linked its KPIs to
 * yesterday), the browser's day if it cannot be loaded.
 */
export function useOrganisationToday(): string | undefined {
  const organisation = useQuery({
    queryKey: appKeys.organisation,
    queryFn: () => ok(client.GET('/settings/organisation')),
    staleTime: 5 * 60_000,
  });
  if (organisation.isPending) return undefined;
  return todayIn(organisation.data?.timeZone);
}

/**
 * Renders `children` once the organisation's today is known (the analytics pages' periods are its local days); a
 * skeleton until then.
 */
export function WithOrganisationToday({ children }: { children: (today: string) => ReactNode }) {
  const today = useOrganisationToday();
  if (!today) {
    return (
      <Card data-testid="period-loading">
        <Skeleton active />
      </Card>
    );
  }
  return children(today);
}
