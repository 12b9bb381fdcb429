import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from 'react-querybuilder';
import type { Lang } from '../rules/conditionText';
import type { AlertFields, AlertPrefixField, AlertRatingField } from './alertRulesApi';

const LIST_OPERATORS = new Set(['in', 'notIn']);
const DEFAULT_VALUES: Record<string, string> = { 'rating.class': 'negative', 'rating.npsCategory': 'detractor' };

export type BuilderField = Field & { reference?: string };

/** A template question by its key: "Attitude (attitude)"; the key alone when no published template has it. */
export function questionText(fields: AlertFields, key: string, lang: Lang): string {
  const question = fields.questions.find((q) => q.key === key);
  return question ? `${question.label[lang]} (${key})` : key;
}

/** Localised names of the rating fields' enum values (`rating.class`, `rating.npsCategory`). */
export function useEnumValues(): Record<string, Record<string, string>> {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      'rating.class': {
        negative: t('alertRules.classes.negative'),
        neutral: t('alertRules.classes.neutral'),
        satisfied: t('alertRules.classes.satisfied'),
      },
      'rating.npsCategory': {
        detractor: t('alertRules.npsCategories.detractor'),
        passive: t('alertRules.npsCategories.passive'),
        promoter: t('alertRules.npsCategories.promoter'),
      },
    }),
    [t],
  );
}

/**
 * The rating's fields as the condition builder offers them (before the work-order fields): the fixed ones of
 * GET /alert-rules/fields, plus each `rating.dimensions.<key>` / `rating.answers.<key>` the rule uses or the user added.
 */
export function useAlertBuilderFields(fields: AlertFields | undefined, prefixed: string[]): BuilderField[] {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const enumValues = useEnumValues();
  return useMemo(() => {
    if (!fields) return [];
    const operatorsOf = (names: readonly string[]) =>
      names.map((name) => ({
        name,
        value: name,
        label: fields.operators.find((o) => o.name === name)?.label[lang] ?? name,
      }));
    const editorOf = (name: string, field: AlertRatingField | AlertPrefixField): Partial<BuilderField> => {
      switch (field.valueType) {
        case 'enum': {
          const values = 'values' in field ? (field.values ?? []) : [];
          return {
            valueEditorType: (op: string) => (LIST_OPERATORS.has(op) ? 'multiselect' : 'select'),
            values: values.map((v) => ({ name: v, value: v, label: enumValues[name]?.[v] ?? v })),
            defaultValue: DEFAULT_VALUES[name] ?? values[0] ?? '',
          };
        }
        case 'boolean':
          return {
            valueEditorType: 'select',
            values: [
              { name: 'true', value: 'true', label: t('alertRules.yes') },
              { name: 'false', value: 'false', label: t('alertRules.no') },
            ],
            defaultValue: 'true',
          };
        case 'keywords':
          return { reference: 'keywords', defaultOperator: 'containsKeyword', defaultValue: [] };
        case 'number':
          return { valueEditorType: 'text', inputType: 'number', defaultOperator: '<=', defaultValue: '' };
        default:
          return { valueEditorType: 'text', defaultValue: '' };
      }
    };
    const fixed: BuilderField[] = fields.ratingFields.map((f) => ({
      name: f.name,
      value: f.name,
      label: f.label[lang],
      operators: operatorsOf(f.operators),
      ...editorOf(f.name, f),
    }));
    // An answer to a known question gets that question's editor: yes/no, its options, or a number.
    const answerEditorOf = (f: AlertPrefixField, key: string): Partial<BuilderField> | null => {
      const question = f.valueType === 'any' ? fields.questions.find((q) => q.key === key) : undefined;
      if (!question) return null;
      if (question.type === 'yes_no') return editorOf(key, { ...f, valueType: 'boolean' });
      if (question.type === 'single_choice') {
        return {
          valueEditorType: (op: string) => (LIST_OPERATORS.has(op) ? 'multiselect' : 'select'),
          values: (question.options ?? []).map((o) => ({ name: o.key, value: o.key, label: o.label[lang] })),
          defaultValue: question.options?.[0]?.key ?? '',
        };
      }
      return editorOf(key, { ...f, valueType: 'number' });
    };
    const dynamic: BuilderField[] = prefixed.flatMap((name) => {
      const f = fields.prefixFields.find((p) => name.startsWith(p.prefix));
      if (!f) return [];
      const key = name.slice(f.prefix.length);
      return [
        {
          name,
          value: name,
          label: `${f.label[lang]}: ${questionText(fields, key, lang)}`,
          operators: operatorsOf(f.operators),
          ...(answerEditorOf(f, key) ?? editorOf(name, f)),
        },
      ];
    });
    return [...fixed, ...dynamic];
  }, [fields, prefixed, lang, t, enumValues]);
}
