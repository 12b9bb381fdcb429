import { ClockCircleOutlined, PauseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { type Case, durationText, runningTarget } from './casesApi';

/** The current time, ticking every `intervalMs` (one timer per component using it). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

type Props = {
  value: Pick<Case, 'status' | 'firstContactedAt' | 'firstContactDueAt' | 'resolutionDueAt' | 'usedMs'>;
  /** `tag`: compact, for the list; `text`: the case page's headline figure. */
  variant?: 'tag' | 'text';
};

/**
 * The live countdown to the running target's due time (first contact, then resolution): time left, "overdue by …"
 * once passed, "paused" while the policy stops the clock (waiting for the customer), nothing once the case ended.
 * The due time is stored by the server in working time; the countdown is wall-clock time until that instant.
 */
export function SlaCountdown({ value, variant = 'tag' }: Props) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const now = useNow();
  const running = runningTarget(value);
  if (!running) {
    return variant === 'text' ? (
      <Typography.Text type="secondary" data-testid="sla-countdown" data-state="ended">
        {t('cases.countdown.ended', { time: durationText(t, value.usedMs) })}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  }
  const targetName = t(`cases.targets.${running.target}`);
  if (!running.dueAt) {
    return (
      <Tag icon={<PauseCircleOutlined />} color="default" data-testid="sla-countdown" data-state="paused">
        {t('cases.countdown.paused', { target: targetName })}
      </Tag>
    );
  }
  const left = new Date(running.dueAt).getTime() - now;
  const overdue = left <= 0;
  const text = overdue
    ? t('cases.countdown.overdue', { target: targetName, time: durationText(t, -left) })
    : t('cases.countdown.left', { target: targetName, time: durationText(t, left) });
  const soon = !overdue && left < 30 * 60_000;
  const tag = (
    <Tag
      icon={overdue ? <WarningOutlined /> : <ClockCircleOutlined />}
      color={overdue ? 'red' : soon ? 'orange' : 'blue'}
      data-testid="sla-countdown"
      data-state={overdue ? 'overdue' : 'running'}
      style={variant === 'text' ? { fontSize: 16, padding: '4px 10px', lineHeight: '24px' } : undefined}
    >
      {text}
    </Tag>
  );
  return <Tooltip title={t('cases.countdown.due', { time: formatDate(running.dueAt) })}>{tag}</Tooltip>;
}
