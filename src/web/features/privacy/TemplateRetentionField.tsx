import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useRetention } from './privacyApi';
import { RetentionDaysInput, useRetentionRule } from './RetentionDaysInput';

/**
 * A rating template's own free-text retention (`freeTextRetentionDays`, a `DaysChoice` in the form): the
 * organisation's default (Settings → Privacy) or N days. Who may read the default (`privacy.manage`) sees it in the
 * choice's label.
 */
export function TemplateRetentionField({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const rule = useRetentionRule();
  const retention = useRetention(hasPermission(session?.user.roles, 'privacy.manage'));
  const fallback = retention.data?.freeTextDays;
  const keepLabel =
    fallback === undefined
      ? t('privacy.templateRetention.default')
      : fallback === null
        ? t('privacy.templateRetention.defaultKept')
        : t('privacy.templateRetention.defaultDays', { count: fallback });
  return (
    <Form.Item
      name="freeTextRetentionDays"
      label={t('privacy.templateRetention.label')}
      extra={t('privacy.templateRetention.help')}
      rules={[rule]}
    >
      <RetentionDaysInput
        keepLabel={keepLabel}
        numberLabel={t('privacy.templateRetention.numberLabel')}
        testId="template-free-text-days"
        disabled={disabled}
      />
    </Form.Item>
  );
}
