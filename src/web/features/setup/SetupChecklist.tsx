import { CheckCircleFilled } from '@ant-design/icons';
import { Card, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSetupStatus } from './setupApi';

/** Where each step is done in the console. */
const STEP_LINKS: Record<string, string> = {
  department: '/org/departments',
  employee: '/org/employees',
  serviceType: '/org/service-types',
  template: '/rating/templates',
  channel: '/settings/channels',
  testMessage: '/settings/channels',
};

/** The home page's first-run checklist (admins), shown until every step is done (GET /setup-status). */
export function SetupChecklist() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  if (!status.data || status.data.complete) return null;
  const steps = status.data.steps;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card title={t('setup.title')} data-testid="setup-checklist" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      <Progress
        percent={Math.round((done / steps.length) * 100)}
        format={() => t('setup.progress', { done, total: steps.length })}
        aria-label={t('setup.progress', { done, total: steps.length })}
      />
      <ol style={{ listStyle: 'none', padding: 0, margin: '12px 0 0' }}>
        {steps.map((s) => (
          <li
            key={s.step}
            data-testid="setup-step"
            data-step={s.step}
            data-done={String(s.done)}
            style={{ display: 'flex', justifyContent: 'space-between', gap: 12, padding: '8px 0' }}
          >
            <Typography.Text delete={s.done} type={s.done ? 'secondary' : undefined}>
              {s.done ? <CheckCircleFilled style={{ color: '#389e0d', marginRight: 8 }} aria-hidden /> : null}
              {t(`setup.steps.${s.step}`)}
            </Typography.Text>
            {s.done ? null : (
              <Link to={STEP_LINKS[s.step] ?? '/'} aria-label={`${t('setup.go')}: ${t(`setup.steps.${s.step}`)}`}>
                {t('setup.go')}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
