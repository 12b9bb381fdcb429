import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../app/useApiError';
import { useReorder } from '../../components/SortableRows';

/** What every priority-ordered rule has (rating, alert and follow-up rules). */
export interface OrderedRule {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
}

/** The requests of one kind of ordered rule; the cached list lives under `queryKey`. */
export interface OrderedRuleRequests<T extends OrderedRule> {
  queryKey: QueryKey;
  reorder: (ids: string[]) => Promise<{ items: T[] }>;
  setEnabled: (id: string, enabled: boolean) => Promise<T>;
  remove: (id: string) => Promise<unknown>;
  /** Said when the new order is saved. */
  reorderedText: string;
}

/**
 * The list's three changes: the new order (optimistic, `useReorder`), a rule switched on or off (the cached rule
 * replaced by the server's answer) and a rule deleted (the list fetched again).
 */
export function useOrderedRuleActions<T extends OrderedRule>(requests: OrderedRuleRequests<T>) {
  const { queryKey } = requests;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const reorder = useReorder<T>(queryKey, requests.reorder, requests.reorderedText);

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => requests.setEnabled(id, enabled),
    onSuccess: (updated) => {
      queryClient.setQueryData<T[]>(queryKey, (old) => old?.map((rule) => (rule.id === updated.id ? updated : rule)));
    },
    onError: (error) => onError(error),
  });

  const remove = useMutation({
    mutationFn: requests.remove,
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => onError(error),
  });

  return { reorder, toggle, remove };
}

export type OrderedRuleActions<T extends OrderedRule> = ReturnType<typeof useOrderedRuleActions<T>>;
