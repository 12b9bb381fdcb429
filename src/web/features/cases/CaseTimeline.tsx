import { Card, Empty, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { type CaseEntry, type RootCause, rootCauseLabel } from './casesApi';

const COLORS: Partial<Record<CaseEntry['kind'], string>> = {
  opened: 'blue',
  status_changed: 'green',
  note: 'gray',
  call: 'cyan',
  escalated: 'orange',
  warned: 'orange',
  breached: 'red',
  assigned: 'purple',
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What an entry says, in the console's language (its own text — a note, a call — shown below it). */
export function entryTitle(t: TFunction, entry: CaseEntry, causes: readonly RootCause[], language: string): string {
  const data = entry.data;
  const status = (value: unknown) => (text(value) ? t(`cases.status.${text(value)}`) : '?');
  switch (entry.kind) {
    case 'status_changed': {
      const moved = t('cases.timeline.status_changed', { from: status(data.from), to: status(data.to) });
      const cause = causes.find((c) => c.id === data.rootCauseId);
      return cause ? `${moved} · ${t('cases.timeline.rootCause', { cause: rootCauseLabel(cause, language) })}` : moved;
    }
    case 'breached':
    case 'warned':
      return t(`cases.timeline.${entry.kind}`, {
        target: text(data.target) ? t(`cases.targets.${text(data.target)}`) : '',
      });
    case 'escalated':
      return t('cases.timeline.escalated', { level: typeof data.level === 'number' ? data.level : '' });
    default:
      return t(`cases.timeline.${entry.kind}`);
  }
}

/** The case's timeline, oldest first: opened, moves, notes, calls, warnings, breaches, escalations. */
export function CaseTimeline({ entries, causes }: { entries: readonly CaseEntry[]; causes: readonly RootCause[] }) {
  const { t, i18n } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Card title={t('cases.timeline.title')} data-testid="case-timeline">
      {entries.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          items={entries.map((entry) => {
            const corrective = entry.kind === 'status_changed' ? text(entry.data.correctiveAction) : undefined;
            return {
              key: entry.id,
              color: COLORS[entry.kind] ?? 'gray',
              content: (
                <div data-testid="case-entry" data-kind={entry.kind}>
                  <Typography.Text strong>{entryTitle(t, entry, causes, i18n.language)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDate(entry.at)} ·{' '}
                      {entry.actorType === 'system' || !entry.actorName
                        ? t(`cases.actors.${entry.actorType}`)
                        : entry.actorName}
                    </Typography.Text>
                  </div>
                  {entry.text ? (
                    <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                      {entry.text}
                    </Typography.Paragraph>
                  ) : null}
                  {corrective ? (
                    <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                      {t('cases.timeline.correctiveAction', { action: corrective })}
                    </Typography.Paragraph>
                  ) : null}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
