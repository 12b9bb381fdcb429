import type { ServiceType } from '../../app/types';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { RuleFields } from './rulesApi';

/** What an ordered-rules screen tells its rule drawer: open or not, on which rule (null = a new one), and for whom. */
export interface RuleDrawerState<T> {
  open: boolean;
  /** null = create */
  rule: T | null;
  readOnly: boolean;
  onClose: () => void;
}

/** The props of a rule drawer whose conditions use the work order's fields (rating and follow-up rules). */
export interface RuleDrawerProps<T> extends RuleDrawerState<T> {
  meta: RuleFields | undefined;
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
}
