import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceType } from '../../app/types';
import type { Lookups } from './conditionText';
import { WORK_ORDER_PRIORITIES } from './rulesApi';

/**
 * What a rule's conditions need to be put in words (`groupText`): service type and department names, the priorities
 * and the connectives in the console's language. Shared by the rating, alert and follow-up rules screens.
 */
export function useConditionLookups(
  serviceTypes: ServiceType[] | undefined,
  departments: { id: string; name: string }[] | undefined,
): Lookups {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      serviceTypes: new Map((serviceTypes ?? []).map((st) => [st.id, st.name])),
      departments: new Map((departments ?? []).map((d) => [d.id, d.name])),
      priorities: Object.fromEntries(WORK_ORDER_PRIORITIES.map((p) => [p, t(`rules.priorities.${p}`)])),
      empty: t('rules.dryRun.emptyValue'),
      and: t('rules.conditions.and'),
      or: t('rules.conditions.or'),
      not: t('rules.conditions.not'),
    }),
    [serviceTypes, departments, t],
  );
}
