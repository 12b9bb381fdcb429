import type { QueryKey } from '@tanstack/react-query';
import { Form } from 'antd';
import type { ProblemFieldError } from '../../app/api';
import type { RuleDrawerState } from './ruleDrawerProps';
import type { ConditionGroup } from './rulesApi';
import { useConditionsEditor } from './useConditionsEditor';
import { useRuleSave } from './useRuleSave';

interface Options<V, T> extends RuleDrawerState<T> {
  /** The rules' list, fetched again once saved. */
  queryKey: QueryKey;
  /** The paths of the server's field errors about the conditions. */
  conditionsPath: RegExp;
  /** The create or update request of the form's values and the edited conditions. */
  send: (values: V, conditions: ConditionGroup) => Promise<unknown>;
  onFieldErrors?: (errors: ProblemFieldError[]) => void;
}

/**
 * A rule drawer's state: its form, the conditions being edited and the save, with `frame` — the props of
 * `RuleDrawerFrame` they decide.
 */
export function useRuleDrawer<V, T>({
  open,
  rule,
  readOnly,
  onClose,
  queryKey,
  conditionsPath,
  ...rest
}: Options<V, T>) {
  const [form] = Form.useForm<V>();
  const editor = useConditionsEditor(conditionsPath);
  const save = useRuleSave<V>({
    form,
    conditions: editor,
    queryKey,
    onClose,
    onFieldErrors: rest.onFieldErrors,
    send: (values) => rest.send(values, editor.conditions),
  });
  return {
    form,
    editor,
    frame: {
      open,
      isNew: rule === null,
      readOnly,
      onClose,
      form,
      saving: save.isPending,
      onFinish: (values: V) => save.mutate(values),
      editor,
    },
  };
}
