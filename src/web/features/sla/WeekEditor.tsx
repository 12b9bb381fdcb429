import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Period, periodsProblem, WEEKDAYS } from './slaApi';

/**
 * The weekly working periods, Monday first: each day a list of `HH:mm`–`HH:mm` periods (two for a lunch break), an
 * empty day a day off. Each day's problem (not HH:mm, out of order, overlapping) shows under it, as the server says.
 */
export function WeekEditor({
  value,
  onChange,
  disabled,
}: {
  value: Period[][];
  onChange: (next: Period[][]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const setDay = (day: number, periods: Period[]) => onChange(value.map((p, i) => (i === day ? periods : p)));
  return (
    <div data-testid="week-editor">
      {WEEKDAYS.map((weekday, day) => {
        const periods = value[day] ?? [];
        const problem = periodsProblem(periods);
        return (
          <Flex
            key={weekday}
            gap={12}
            wrap
            align="flex-start"
            style={{ padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}
            data-testid={`week-day-${weekday}`}
          >
            <Typography.Text strong style={{ width: 72, paddingTop: 5 }}>
              {t(`sla.calendars.weekdays.${weekday}`)}
            </Typography.Text>
            <Flex vertical gap={6} style={{ flex: 1, minWidth: 220 }}>
              {periods.length === 0 ? (
                <Typography.Text type="secondary" style={{ paddingTop: 5 }}>
                  {t('sla.calendars.dayOff')}
                </Typography.Text>
              ) : null}
              {periods.map((period, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: periods have no identity but their place
                <Flex key={index} gap={6} align="center">
                  <Input
                    value={period.start}
                    disabled={disabled}
                    aria-label={t('sla.calendars.start')}
                    placeholder="09:00"
                    style={{ width: 84 }}
                    data-testid={`period-start-${weekday}-${index}`}
                    onChange={(event) =>
                      setDay(
                        day,
                        periods.map((p, i) => (i === index ? { ...p, start: event.target.value } : p)),
                      )
                    }
                  />
                  <span aria-hidden>–</span>
                  <Input
                    value={period.end}
                    disabled={disabled}
                    aria-label={t('sla.calendars.end')}
                    placeholder="18:00"
                    style={{ width: 84 }}
                    data-testid={`period-end-${weekday}-${index}`}
                    onChange={(event) =>
                      setDay(
                        day,
                        periods.map((p, i) => (i === index ? { ...p, end: event.target.value } : p)),
                      )
                    }
                  />
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    disabled={disabled}
                    aria-label={t('sla.calendars.removePeriod')}
                    onClick={() =>
                      setDay(
                        day,
                        periods.filter((_, i) => i !== index),
                      )
                    }
                  />
                </Flex>
              ))}
              {problem ? (
                <Typography.Text type="danger" data-testid={`week-problem-${weekday}`}>
                  {t(`fieldErrors.${problem}`)}
                </Typography.Text>
              ) : null}
            </Flex>
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={disabled || periods.length >= 6}
              onClick={() => {
                const last = periods.at(-1);
                setDay(day, [...periods, last ? { start: last.end, end: last.end } : { start: '09:00', end: '18:00' }]);
              }}
              data-testid={`period-add-${weekday}`}
            >
              {t('sla.calendars.addPeriod')}
            </Button>
          </Flex>
        );
      })}
    </div>
  );
}
