import { Form, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsableTemplates } from '../templates/templatesApi';

/**
 * The templates a rule may use (active, published), loaded while `load`; the rule's current one (`current`, none for
 * a new rule) stays selectable even if it was archived since.
 */
export function useRuleTemplateOptions(current: { templateId: string; templateName: string } | null, load = true) {
  const templates = useUsableTemplates(load);
  const options = useMemo(() => {
    const list = (templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }));
    if (current && !list.some((o) => o.value === current.templateId)) {
      list.unshift({ value: current.templateId, label: current.templateName });
    }
    return list;
  }, [templates.data, current]);
  return { options, loading: templates.isLoading };
}

interface Props {
  label: string;
  help: string;
  testId: string;
  /** The Select's own accessible name (the follow-up rules' drawer sets one; the rating rules' leaves the label's). */
  ariaLabel?: string;
  templates: ReturnType<typeof useRuleTemplateOptions>;
}

/** The required `templateId` field of a rule drawer: a searchable choice of `useRuleTemplateOptions`. */
export function RuleTemplateField({ label, help, testId, ariaLabel, templates }: Props) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="templateId"
      label={label}
      rules={[{ required: true, message: t('rules.templateRequired') }]}
      extra={help}
    >
      <Select
        data-testid={testId}
        aria-label={ariaLabel}
        showSearch={{ optionFilterProp: 'label' }}
        loading={templates.loading}
        options={templates.options}
        notFoundContent={t('rules.noTemplates')}
      />
    </Form.Item>
  );
}
