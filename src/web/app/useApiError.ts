import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemFieldPath } from './api';

/**
 * Returns a handler that shows a problem's `detail` and, given a form, puts each `errors[].message`
 * on the matching field. 401/must-change-password are already redirected by the fetch wrapper.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        message.error(error instanceof Error ? error.message : t('errors.generic'));
        return;
      }
      if (error.status === 401) return;
      const fieldErrors = error.problem.errors ?? [];
      if (form && fieldErrors.length > 0) {
        const known = new Set(
          Object.keys(form.getFieldsValue(true) as Record<string, unknown>).map((key) => key.toString()),
        );
        form.setFields(
          fieldErrors
            .map((item) => ({ name: problemFieldPath(item.path), errors: [item.message] }))
            .filter((field) => field.name.length > 0 && (known.size === 0 || known.has(String(field.name[0])))),
        );
      }
      message.error(error.problem.detail || error.problem.title || t('errors.generic'));
    },
    [message, t],
  );
}

export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title || fallback;
  if (error instanceof Error) return error.message;
  return fallback;
}
