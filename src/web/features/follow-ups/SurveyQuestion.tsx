import { Checkbox, Form, Input, Radio, Rate } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TEXT_MAX_LENGTH } from '../../../common/scoring/types';
import { inputLimit } from '../../components/inputLimit';
import { localised, type SurveyDimension, type SurveyLanguage } from './followUpsApi';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The answer control of one question type, as the customer's page offers it (values per API-CONTRACT.md). */
function AnswerControl({
  dimension,
  language,
  label,
  id,
  value,
  onChange,
}: {
  dimension: SurveyDimension;
  language: SurveyLanguage;
  label: string;
  /** The form item's id, so its label points at the control. */
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}) {
  const { i18n } = useTranslation();
  // Yes / no in the language the survey is asked in, like its questions.
  const t = i18n.getFixedT(language);
  const testId = `follow-up-answer-${dimension.key}`;
  switch (dimension.type) {
    case 'star5':
      return (
        <Rate
          value={typeof value === 'number' ? value : 0}
          onChange={(stars) => onChange?.(stars === 0 ? undefined : stars)}
          id={id}
          aria-label={label}
          data-testid={testId}
          style={{ fontSize: 28 }}
        />
      );
    case 'score10':
    case 'nps': {
      const values = dimension.type === 'nps' ? range(0, 10) : range(1, 10);
      return (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={value}
          onChange={(event) => onChange?.(event.target.value)}
          id={id}
          aria-label={label}
          data-testid={testId}
          options={values.map((n) => ({ value: n, label: String(n) }))}
        />
      );
    }
    case 'yes_no':
      return (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={value}
          onChange={(event) => onChange?.(event.target.value)}
          id={id}
          aria-label={label}
          data-testid={testId}
          options={[
            { value: true, label: t('common.yes') },
            { value: false, label: t('common.no') },
          ]}
        />
      );
    case 'single_choice':
      return (
        <Radio.Group
          value={value}
          onChange={(event) => onChange?.(event.target.value)}
          id={id}
          aria-label={label}
          data-testid={testId}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          options={(dimension.options ?? []).map((option) => ({
            value: option.key,
            label: localised(option.label, language) ?? option.key,
          }))}
        />
      );
    case 'multi_choice':
      return (
        <Checkbox.Group
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(keys) => onChange?.(keys.length ? keys : undefined)}
          aria-label={label}
          data-testid={testId}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          options={(dimension.options ?? []).map((option) => ({
            value: option.key,
            label: localised(option.label, language) ?? option.key,
          }))}
        />
      );
    case 'text':
      return (
        <Input.TextArea
          value={typeof value === 'string' ? value : undefined}
          onChange={(event) => onChange?.(event.target.value)}
          id={id}
          aria-label={label}
          data-testid={testId}
          autoSize={{ minRows: 2, maxRows: 8 }}
          {...inputLimit(dimension.maxLength ?? DEFAULT_TEXT_MAX_LENGTH)}
        />
      );
  }
}

/**
 * One survey question as a form field `answers.<key>`: its label and help in the survey's language, the control of
 * its type, required when the template says so. The server's field errors (`answers.<key>`) land on it too.
 */
export function SurveyQuestion({ dimension, language }: { dimension: SurveyDimension; language: SurveyLanguage }) {
  const { t } = useTranslation();
  const label = localised(dimension.label, language) ?? dimension.key;
  const help = localised(dimension.help, language);
  return (
    <div data-testid={`follow-up-question-${dimension.key}`} data-type={dimension.type}>
      <Form.Item
        name={['answers', dimension.key]}
        label={label}
        extra={help}
        rules={
          dimension.required
            ? [
                // `whitespace` only on text: any rule key beside `required` makes async-validator check a string,
                // and a number or a boolean answer would then always fail.
                dimension.type === 'text'
                  ? { required: true, whitespace: true, message: t('followUps.survey.required') }
                  : { required: true, message: t('followUps.survey.required') },
              ]
            : []
        }
      >
        <AnswerControl dimension={dimension} language={language} label={label} />
      </Form.Item>
    </div>
  );
}
