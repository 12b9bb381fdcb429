import { ROLES, type Role } from '../../../common/roles';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** The employee list's filters (GET /employees). */
export interface EmployeeFilters {
  q?: string;
  departmentId?: string;
  role?: Role;
  active: 'all' | 'true' | 'false';
}

export const employeeFiltersUrl: UrlSpec<EmployeeFilters> = {
  q: urlParam.text(),
  departmentId: urlParam.uuid(),
  role: urlParam.oneOf(ROLES),
  active: urlParam.oneOf(['all', 'true', 'false'] as const),
};

/** Every query key of the feature; invalidate `all` after a change to any employee. */
export const employeeKeys = {
  all: ['employees'] as const,
  list: (query: object) => [...employeeKeys.all, 'list', query] as const,
  /** The search of an employee picker. */
  picker: (q: string) => [...employeeKeys.all, 'picker', q] as const,
  detail: (id: string) => [...employeeKeys.all, 'detail', id] as const,
  imports: (jobId: string | null) => ['employee-imports', jobId] as const,
};
