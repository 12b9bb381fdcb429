import { useCallback, useState } from 'react';
import type { ProblemFieldError } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import type { ConditionGroup } from './rulesApi';

const EMPTY_GROUP: ConditionGroup = { combinator: 'and', rules: [] };

/**
 * A rule drawer's conditions being edited: the builder's tree, the custom fields it offers, and the server's
 * refusal of the conditions (the field errors whose path matches `path`), shown under the builder.
 */
export function useConditionsEditor(path: RegExp) {
  const [conditions, setConditions] = useState<ConditionGroup>(EMPTY_GROUP);
  const [customFields, setCustomFields] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** Starts editing `group` (none: match everything) with `fields` offered as custom fields. */
  const start = useCallback((group: ConditionGroup | undefined, fields: string[]) => {
    setError(null);
    setConditions(group ?? EMPTY_GROUP);
    setCustomFields(fields);
  }, []);
  return {
    conditions,
    setConditions,
    customFields,
    setCustomFields,
    error,
    setError,
    start,
    /** Offers one more custom field in the builder. */
    addCustomField(field: string) {
      setCustomFields((old) => (old.includes(field) ? old : [...old, field]));
    },
    /** Shows the field errors about the conditions under the builder. */
    showErrors(errors: ProblemFieldError[]) {
      const about = errors.filter((e) => path.test(e.path));
      if (about.length) setError(about.map((e) => fieldErrorText(e)).join('; '));
    },
  };
}

export type ConditionsEditor = ReturnType<typeof useConditionsEditor>;
