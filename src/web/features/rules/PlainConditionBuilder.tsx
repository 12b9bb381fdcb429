import type { ComponentProps } from 'react';
import { ConditionBuilder } from './ConditionBuilder';
import type { ConditionsEditor } from './useConditionsEditor';

type Props = Omit<ComponentProps<typeof ConditionBuilder>, 'value' | 'onChange' | 'customFields' | 'onAddCustomField'> &
  Partial<Pick<ComponentProps<typeof ConditionBuilder>, 'onAddCustomField'>> & { editor: ConditionsEditor };

/** The condition builder of a rule drawer, on the conditions being edited (`useConditionsEditor`). */
export function PlainConditionBuilder({ editor, ...rest }: Props) {
  return (
    <ConditionBuilder
      value={editor.conditions}
      onChange={editor.setConditions}
      customFields={editor.customFields}
      onAddCustomField={editor.addCustomField}
      {...rest}
    />
  );
}
