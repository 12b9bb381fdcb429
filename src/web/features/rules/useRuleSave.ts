import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemFieldError } from '../../app/api';
import { useApiError } from '../../app/useApiError';
import type { ConditionsEditor } from './useConditionsEditor';

interface Options<V> {
  form: FormInstance<V>;
  conditions: ConditionsEditor;
  /** The create or update request of the drawer's values. */
  send: (values: V) => Promise<unknown>;
  /** The rules' list, fetched again once saved. */
  queryKey: QueryKey;
  onClose: () => void;
  /** More of the refusal's field errors placed by the drawer itself (after the form's own). */
  onFieldErrors?: (errors: ProblemFieldError[]) => void;
}

/**
 * A rule drawer's save: "saved" and the list fetched again, then the drawer closed; a refusal shows the errors about
 * the conditions under the builder and the others on the form's fields.
 */
export function useRuleSave<V>({ form, conditions, send, queryKey, onClose, onFieldErrors }: Options<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onMutate: () => conditions.setError(null),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey });
      onClose();
    },
    onError: (error) => {
      const errors = (error as { problem?: { errors?: ProblemFieldError[] } }).problem?.errors ?? [];
      conditions.showErrors(errors);
      onError(error, form);
      onFieldErrors?.(errors);
    },
  });
}
