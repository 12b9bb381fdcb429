import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemFieldPath } from './api';
import { fieldErrorText, problemText } from './problemText';

/** The one toast an API error shows: a newer error replaces it, and a success closes it (`message.destroy(key)`). */
export const API_ERROR_MESSAGE = 'api-error';

/**
 * Returns a handler that shows a problem in the user's language (its `type` and each field error's `code` are
 * translated, src/common/error-codes.ts) and, given a form, puts each field error on the matching field; field
 * errors no form field shows are added to the message. 401/must-change-password are already redirected by the fetch
 * wrapper. The server's English `detail` appears only for a type this console does not know.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        message.error({
          key: API_ERROR_MESSAGE,
          content: error instanceof Error ? error.message : t('errors.generic'),
        });
        return;
      }
      if (error.status === 401) return;
      const fieldErrors = error.problem.errors ?? [];
      const shown = new Set<number>();
      if (form && fieldErrors.length > 0) {
        const known = new Set(
          Object.keys(form.getFieldsValue(true) as Record<string, unknown>).map((key) => key.toString()),
        );
        const fields = fieldErrors.flatMap((item, index) => {
          const name = problemFieldPath(item.path);
          if (name.length === 0 || (known.size > 0 && !known.has(String(name[0])))) return [];
          shown.add(index);
          return [{ name, errors: [fieldErrorText(item, t)] }];
        });
        form.setFields(fields);
      }
      const rest = fieldErrors.filter((_, index) => !shown.has(index));
      const title = problemText(error.problem, t);
      message.error({
        key: API_ERROR_MESSAGE,
        content:
          rest.length > 0
            ? t('errors.withFields', {
                title,
                fields: rest.map((item) => `${item.path}: ${fieldErrorText(item, t)}`).join('; '),
              })
            : title,
      });
    },
    [message, t],
  );
}

/** A problem as one line in the user's language (see problemText); other errors by their message. */
export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors ?? [];
    const title = problemText(error.problem, undefined, fallback);
    return fields.length > 0
      ? `${title} (${fields.map((item) => `${item.path}: ${fieldErrorText(item)}`).join('; ')})`
      : title;
  }
  if (error instanceof Error) return error.message;
  return fallback;
}
