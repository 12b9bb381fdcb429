import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/useApiError';

/** Error panel with a retry button, for a query that failed. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('common.loadFailed')}
      subTitle={errorText(error, t('errors.generic'))}
      extra={
        <Button type="primary" onClick={onRetry} data-testid="retry">
          {t('common.retry')}
        </Button>
      }
    />
  );
}
