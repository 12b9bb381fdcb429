import { Flex, InputNumber, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { choiceProblem, type DaysChoice, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from './privacyApi';

/**
 * A retention period as a form control (`Form.Item` gives `value`/`onChange`): "keep" — kept until erased, or on a
 * template the organisation's default — or "remove after N days" (30–3650, checked by the Form.Item's rule with
 * `choiceProblem`). Typing a number chooses "days"; switching back to "keep" remembers the number until saved.
 */
export function RetentionDaysInput({
  value,
  onChange,
  keepLabel,
  numberLabel,
  testId,
  disabled,
  id,
}: {
  value?: DaysChoice;
  onChange?: (value: DaysChoice) => void;
  /** The "keep" choice's words: "Keep until erased", "Organisation default (…)". */
  keepLabel: string;
  /** The number field's accessible name ("Contact data: days to keep"). */
  numberLabel: string;
  testId: string;
  disabled?: boolean;
  /** Set by Form.Item: the label points at the radio group. */
  id?: string;
}) {
  const { t } = useTranslation();
  const choice = value ?? { mode: 'keep', days: null };
  return (
    <Radio.Group
      id={id}
      value={choice.mode}
      disabled={disabled}
      onChange={(event) => onChange?.({ ...choice, mode: event.target.value as DaysChoice['mode'] })}
      data-testid={testId}
      style={{ width: '100%' }}
    >
      <Flex vertical gap={8}>
        <Radio value="keep" data-testid={`${testId}-keep`}>
          {keepLabel}
        </Radio>
        <Flex align="center" gap={8} wrap>
          <Radio value="days" data-testid={`${testId}-days-mode`} style={{ marginInlineEnd: 0 }}>
            {t('privacy.retention.removeAfter')}
          </Radio>
          <InputNumber<number>
            // No min/max: antd would silently move 10 to 30 on blur; the Form.Item's rule says what is wrong instead.
            precision={0}
            step={30}
            value={choice.days}
            disabled={disabled}
            suffix={t('privacy.retention.daysUnit')}
            aria-label={numberLabel}
            onChange={(days) => onChange?.({ mode: 'days', days: days ?? null })}
            onFocus={() => {
              if (choice.mode !== 'days') onChange?.({ ...choice, mode: 'days' });
            }}
            style={{ width: 150 }}
            data-testid={`${testId}-days`}
          />
        </Flex>
      </Flex>
    </Radio.Group>
  );
}

/** The Form.Item rule of a `RetentionDaysInput`: days chosen need a whole number within the server's bounds. */
export function useRetentionRule() {
  const { t } = useTranslation();
  return {
    validator: async (_: unknown, value: DaysChoice | undefined) => {
      const problem = choiceProblem(value);
      if (problem === 'required') throw new Error(t('privacy.retention.daysRequired'));
      if (problem === 'range') {
        throw new Error(t('privacy.retention.daysRange', { min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS }));
      }
    },
  };
}
