import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from './useLiveEvents';

/** A quiet dot in the header: green while live updates flow, grey while (re)connecting. */
export function LiveStatusDot({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  const label = t(`layout.live.${status}`);
  return (
    <Tooltip title={label}>
      <span role="status" aria-label={label} data-testid="live-status" data-status={status} tabIndex={-1}>
        <Badge status={status === 'open' ? 'success' : 'default'} />
      </span>
    </Tooltip>
  );
}
