import { DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';
import { type FieldDefinition, localised } from '../workflows/workflowsApi';

/** Form items for a service type's custom fields, under `custom.<key>`. Dates are edited as dayjs values. */
export function CustomFieldInputs({ definitions }: { definitions: FieldDefinition[] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {definitions.map((definition) => {
        const label = localised(definition.label, i18n.language) || definition.key;
        const rules = definition.required ? [{ required: true, message: t('workOrders.form.fieldRequired') }] : [];
        const name = ['custom', definition.key];
        const testId = `custom-${definition.key}`;
        switch (definition.type) {
          case 'number':
            return (
              <Form.Item key={definition.key} name={name} label={label} rules={rules}>
                <InputNumber style={{ width: '100%' }} data-testid={testId} />
              </Form.Item>
            );
          case 'boolean':
            return (
              <Form.Item key={definition.key} name={name} label={label} valuePropName="checked">
                <Switch data-testid={testId} />
              </Form.Item>
            );
          case 'date':
            return (
              <Form.Item key={definition.key} name={name} label={label} rules={rules}>
                <DatePicker style={{ width: '100%' }} data-testid={testId} />
              </Form.Item>
            );
          case 'select':
            return (
              <Form.Item key={definition.key} name={name} label={label} rules={rules}>
                <Select
                  allowClear
                  data-testid={testId}
                  options={(definition.options ?? []).map((option) => ({
                    value: option.key,
                    label: localised(option.label, i18n.language) || option.key,
                  }))}
                />
              </Form.Item>
            );
          default:
            return (
              <Form.Item
                key={definition.key}
                name={name}
                label={label}
                rules={definition.required ? [{ required: true, whitespace: true, message: rules[0]?.message }] : []}
              >
                <Input {...inputLimit(1000)} data-testid={testId} />
              </Form.Item>
            );
        }
      })}
    </>
  );
}

/** Form values → API values: dates as `YYYY-MM-DD`, empty values left out. */
export function customToApi(
  definitions: FieldDefinition[],
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of definitions) {
    const value = values?.[definition.key];
    if (value === undefined || value === null || value === '') continue;
    out[definition.key] = dayjs.isDayjs(value) ? (value as Dayjs).format('YYYY-MM-DD') : value;
  }
  return out;
}

/** A stored custom value as text for the detail page. */
export function customValueText(
  definition: FieldDefinition | undefined,
  value: unknown,
  language: string,
  yesNo: (value: boolean) => string,
): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (definition?.type === 'select') {
    const option = definition.options?.find((item) => item.key === value);
    if (option) return localised(option.label, language) || option.key;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
