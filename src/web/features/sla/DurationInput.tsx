import { InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Minutes entered as hours + minutes (a form control: `value`/`onChange` in minutes; empty = undefined). Used for
 * the SLA targets and the warning.
 */
export function DurationInput({
  value,
  onChange,
  id,
  maxHours = 2160,
  testId,
}: {
  value?: number;
  onChange?: (minutes: number | undefined) => void;
  id?: string;
  maxHours?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const hours = value === undefined ? null : Math.floor(value / 60);
  const minutes = value === undefined ? null : value % 60;
  const change = (h: number | null, m: number | null) =>
    onChange?.(h === null && m === null ? undefined : (h ?? 0) * 60 + (m ?? 0));
  return (
    <Space.Compact>
      <InputNumber
        id={id}
        min={0}
        max={maxHours}
        precision={0}
        value={hours}
        onChange={(h) => change(h, minutes)}
        suffix={t('sla.policies.hoursUnit')}
        aria-label={t('sla.policies.hoursUnit')}
        data-testid={testId ? `${testId}-hours` : undefined}
        style={{ width: 110 }}
      />
      <InputNumber
        min={0}
        max={59}
        precision={0}
        value={minutes}
        onChange={(m) => change(hours, m)}
        suffix={t('sla.policies.minutesUnit')}
        aria-label={t('sla.policies.minutesUnit')}
        data-testid={testId ? `${testId}-minutes` : undefined}
        style={{ width: 100 }}
      />
    </Space.Compact>
  );
}
