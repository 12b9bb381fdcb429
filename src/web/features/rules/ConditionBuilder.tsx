import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { AntDValueEditor, type AntDValueEditorProps, QueryBuilderAntD } from '@react-querybuilder/antd';
import { AutoComplete, Button, Checkbox, Flex, Input, Select, Space, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ActionProps,
  type Field,
  type NotToggleProps,
  QueryBuilder,
  type RuleGroupType,
  type ValueEditorProps,
} from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import './conditionBuilder.css';
import type { ServiceType } from '../../app/types';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { Lang } from './conditionText';
import type { ConditionGroup, RuleFields } from './rulesApi';
import { WORK_ORDER_PRIORITIES } from './rulesApi';

const CUSTOM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const LIST_OPERATORS = new Set(['in', 'notIn']);

interface BuilderContext {
  departmentTree: DepartmentNode[];
  placeholder: string;
  listPlaceholder: string;
  keywordsPlaceholder: string;
}

/** Keywords are typed as tags (Enter, or a comma — also the Chinese ，、 — ends one). */
const KEYWORD_SEPARATORS = [',', '，', '、', ';', '；'];

/** TreeSelect for department fields; the antd editor of react-querybuilder for everything else. */
function ValueEditor(props: ValueEditorProps) {
  const context = props.context as BuilderContext | undefined;
  const reference = (props.fieldData as Field & { reference?: string }).reference;
  if (reference === 'keywords' && props.operator !== 'null' && props.operator !== 'notNull') {
    const value = Array.isArray(props.value)
      ? (props.value as unknown[]).map(String)
      : typeof props.value === 'string' && props.value
        ? props.value.split(',')
        : [];
    return (
      <Select
        className={props.className}
        mode="tags"
        open={false}
        suffixIcon={null}
        style={{ minWidth: 220 }}
        disabled={props.disabled}
        tokenSeparators={KEYWORD_SEPARATORS}
        value={value}
        placeholder={context?.keywordsPlaceholder}
        aria-label={context?.keywordsPlaceholder}
        onChange={(next: string[]) => props.handleOnChange(next.map((k) => k.trim()).filter(Boolean))}
        data-testid="keywords-input"
      />
    );
  }
  if (reference === 'department' && props.operator !== 'null' && props.operator !== 'notNull') {
    const multiple = LIST_OPERATORS.has(props.operator);
    const value = multiple
      ? Array.isArray(props.value)
        ? props.value
        : typeof props.value === 'string' && props.value
          ? props.value.split(',')
          : []
      : typeof props.value === 'string' && props.value
        ? props.value
        : undefined;
    return (
      <TreeSelect
        className={props.className}
        style={{ minWidth: 200 }}
        disabled={props.disabled}
        multiple={multiple}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        treeData={context?.departmentTree ?? []}
        value={value}
        placeholder={context?.placeholder}
        onChange={(next: string | string[]) => props.handleOnChange(next ?? '')}
      />
    );
  }
  const listText = LIST_OPERATORS.has(props.operator) && props.type === 'text';
  return (
    <AntDValueEditor
      {...props}
      extraProps={{
        ...((props as AntDValueEditorProps).extraProps ?? {}),
        placeholder: listText ? context?.listPlaceholder : context?.placeholder,
        style: { minWidth: 180 },
      }}
    />
  );
}

/** "+ Condition" / "+ Group" as dashed buttons, removal as a small × (instead of solid primary buttons). */
function ActionElement({ className, handleOnClick, label, title, disabled }: ActionProps) {
  const remove = /remove/.test(className ?? '');
  return (
    <Button
      size="small"
      className={className}
      title={title}
      disabled={disabled}
      type={remove ? 'text' : 'dashed'}
      danger={remove}
      icon={remove ? <CloseOutlined /> : <PlusOutlined />}
      aria-label={remove ? title : undefined}
      onClick={(event) => handleOnClick(event)}
    >
      {remove ? null : label}
    </Button>
  );
}

function NotToggle({ className, handleOnChange, label, checked, title, disabled }: NotToggleProps) {
  return (
    <Checkbox
      className={className}
      title={title}
      disabled={disabled}
      checked={Boolean(checked)}
      onChange={(event) => handleOnChange(event.target.checked)}
    >
      {label}
    </Checkbox>
  );
}

interface Props {
  value: ConditionGroup;
  onChange: (value: ConditionGroup) => void;
  meta: RuleFields;
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  /** `custom.<name>` fields to offer (those already used by the rule plus the ones added here). */
  customFields: string[];
  onAddCustomField: (field: string) => void;
  disabled?: boolean;
  /**
   * Fields offered before the work-order fields, as react-querybuilder fields with their operators labelled (alert
   * rules: the rating's fields). `reference: 'keywords'` edits a list of keywords as tags.
   */
  extraFields?: (Field & { reference?: string })[];
  /**
   * The prefixes a field name can be added under (default: the work-order custom fields, `custom.`); the added
   * field goes to `onAddCustomField` with its prefix.
   */
  addablePrefixes?: {
    prefix: string;
    label: string;
    placeholder?: string;
    /** Names offered while typing (e.g. the template's question keys); any other valid name may still be typed. */
    suggestions?: { value: string; label: string }[];
  }[];
  /** The label before the field adder (default: "Custom work-order field:"). */
  addFieldLabel?: string;
}

/** The rule's work-order scope as AND/OR groups (react-querybuilder with Ant Design controls). */
export function ConditionBuilder({
  value,
  onChange,
  meta,
  serviceTypes,
  departmentTree,
  customFields,
  onAddCustomField,
  disabled,
  extraFields,
  addablePrefixes,
  addFieldLabel,
}: Props) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [customName, setCustomName] = useState('');
  const prefixes = addablePrefixes ?? [{ prefix: meta.customField.prefix, label: meta.customField.label[lang] }];
  const [prefixChoice, setPrefixChoice] = useState<string | undefined>(undefined);
  const chosen = prefixes.find((p) => p.prefix === prefixChoice) ?? prefixes[0];
  const prefix = chosen?.prefix ?? meta.customField.prefix;
  const customValid = CUSTOM_NAME.test(customName);

  const fields = useMemo((): Field[] => {
    const operatorsOf = (names: string[]) =>
      names.map((name) => ({
        name,
        value: name,
        label: meta.operators.find((o) => o.name === name)?.label[lang] ?? name,
      }));
    const known: Field[] = meta.fields.map((f) => {
      const base = { name: f.name, value: f.name, label: f.label[lang], operators: operatorsOf(f.operators) };
      if (f.reference === 'service_type') {
        return {
          ...base,
          valueEditorType: (op: string) => (LIST_OPERATORS.has(op) ? 'multiselect' : 'select'),
          values: serviceTypes.map((st) => ({ name: st.id, value: st.id, label: st.name })),
          defaultValue: '',
        };
      }
      if (f.reference === 'department') return { ...base, reference: 'department', defaultValue: '' };
      if (f.valueType === 'enum') {
        const values = f.values ?? (f.name === 'priority' ? [...WORK_ORDER_PRIORITIES] : []);
        return {
          ...base,
          valueEditorType: (op: string) => (LIST_OPERATORS.has(op) ? 'multiselect' : 'select'),
          values: values.map((v) => ({
            name: v,
            value: v,
            label: f.name === 'priority' ? t(`rules.priorities.${v}`, { defaultValue: v }) : v,
          })),
          defaultValue: '',
        };
      }
      return { ...base, valueEditorType: 'text' };
    });
    const custom: Field[] = customFields.map((name) => ({
      name,
      value: name,
      label: `${meta.customField.label[lang]}: ${name.slice(meta.customField.prefix.length)}`,
      operators: operatorsOf(meta.customField.operators),
      valueEditorType: 'text',
    }));
    return [...(extraFields ?? []), ...known, ...custom];
  }, [meta, lang, serviceTypes, customFields, t, extraFields]);

  const context: BuilderContext = {
    departmentTree,
    placeholder: t('rules.conditions.valuePlaceholder'),
    listPlaceholder: t('rules.conditions.listPlaceholder'),
    keywordsPlaceholder: t('rules.conditions.keywordsPlaceholder'),
  };

  return (
    <div data-testid="condition-builder" className="rl-conditions">
      <QueryBuilderAntD>
        <QueryBuilder
          fields={fields}
          query={value as RuleGroupType}
          onQueryChange={(next) => onChange(next as ConditionGroup)}
          controlElements={{ valueEditor: ValueEditor, actionElement: ActionElement, notToggle: NotToggle }}
          context={context}
          listsAsArrays
          showNotToggle
          disabled={disabled}
          combinators={[
            { name: 'and', value: 'and', label: t('rules.conditions.and') },
            { name: 'or', value: 'or', label: t('rules.conditions.or') },
          ]}
          translations={{
            addRule: { label: t('rules.conditions.addCondition'), title: t('rules.conditions.addCondition') },
            addGroup: { label: t('rules.conditions.addGroup'), title: t('rules.conditions.addGroup') },
            removeRule: { label: '⨯', title: t('rules.conditions.remove') },
            removeGroup: { label: '⨯', title: t('rules.conditions.removeGroup') },
            notToggle: { label: t('rules.conditions.not'), title: t('rules.conditions.notHelp') },
            fields: { title: t('rules.conditions.field') },
            operators: { title: t('rules.conditions.operator') },
            value: { title: t('rules.conditions.value') },
            combinators: { title: t('rules.conditions.combinator') },
          }}
          controlClassnames={{ queryBuilder: 'queryBuilder-branches' }}
        />
      </QueryBuilderAntD>
      {value.rules.length === 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('rules.conditions.emptyMatchesAll')}
        </Typography.Text>
      ) : null}
      {disabled ? null : (
        <Flex gap={8} align="center" wrap style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{addFieldLabel ?? t('rules.conditions.customField')}</Typography.Text>
          {prefixes.length > 1 ? (
            <Select
              size="small"
              value={prefix}
              onChange={setPrefixChoice}
              options={prefixes.map((p) => ({ value: p.prefix, label: p.label }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 150 }}
              aria-label={addFieldLabel ?? t('rules.conditions.customField')}
              data-testid="custom-field-prefix"
            />
          ) : null}
          <Space.Compact>
            {chosen?.suggestions?.length ? (
              <AutoComplete
                size="small"
                value={customName}
                options={chosen.suggestions.filter(
                  (s) => !customName || `${s.value} ${s.label}`.toLowerCase().includes(customName.toLowerCase()),
                )}
                status={customName && !customValid ? 'error' : undefined}
                onChange={(next: string) => setCustomName(next.trim())}
                placeholder={chosen.placeholder ?? t('rules.conditions.customFieldPlaceholder')}
                popupMatchSelectWidth={false}
                style={{ width: 200 }}
                aria-label={chosen.label}
                data-testid="custom-field-name"
              />
            ) : (
              <Input
                size="small"
                // With a choice of prefixes the select names it; the input then takes the key alone.
                prefix={prefixes.length > 1 ? undefined : <span style={{ color: '#999' }}>{prefix}</span>}
                value={customName}
                status={customName && !customValid ? 'error' : undefined}
                onChange={(event) => setCustomName(event.target.value.trim())}
                placeholder={chosen?.placeholder ?? t('rules.conditions.customFieldPlaceholder')}
                style={{ width: prefixes.length > 1 ? 160 : 220 }}
                aria-label={chosen?.label ?? t('rules.conditions.customField')}
                data-testid="custom-field-name"
              />
            )}
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={!customValid}
              data-testid="add-custom-field"
              onClick={() => {
                const field = `${prefix}${customName}`;
                onAddCustomField(field);
                onChange({ ...value, rules: [...value.rules, { field, operator: '=', value: '' }] });
                setCustomName('');
              }}
            >
              {t('rules.conditions.addCustomField')}
            </Button>
          </Space.Compact>
        </Flex>
      )}
    </div>
  );
}
