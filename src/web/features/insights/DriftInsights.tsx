import { LineChartOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Modal, Segmented, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { ErrorState } from '../../components/ErrorState';
import { DriftChart } from './DriftChart';
import { type DriftBy, type DriftItem, type DriftMember, driftRatingsLink, useDrift } from './insightsApi';

/**
 * The drift watch's alerts (SCORING.md §9): each engineer or department slipping now, in words ("王工 has been
 * slipping for 3 weeks: EWMA 71.2 below the lower limit 74.0"), with the evidence, a link to the ratings of those
 * weeks and the control chart in a modal. `departmentId` limits it to a subtree (a team page).
 */
export function DriftInsights({ departmentId }: { departmentId?: string }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<DriftBy>('engineer');
  const [open, setOpen] = useState<(DriftMember & { name: string }) | null>(null);
  const drift = useDrift(by, departmentId);
  const title = (
    <Tooltip title={t('insights.drift.help')}>
      <span>{t('insights.drift.title')}</span>
    </Tooltip>
  );
  const extra = (
    <Segmented<DriftBy>
      size="small"
      value={by}
      onChange={setBy}
      options={[
        { value: 'engineer', label: t('insights.drift.by.engineer') },
        { value: 'department', label: t('insights.drift.by.department') },
      ]}
      data-testid="drift-by"
    />
  );
  const body = drift.isError ? (
    <ErrorState error={drift.error} onRetry={() => void drift.refetch()} />
  ) : !drift.data ? (
    <Skeleton active />
  ) : drift.data.items.length === 0 ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.drift.none')} data-testid="drift-none" />
  ) : (
    <List<DriftItem>
      dataSource={drift.data.items}
      rowKey="id"
      data-testid="drift-list"
      renderItem={(item) => {
        const name = item.name || t('insights.drift.unnamed');
        return (
          <List.Item data-testid="drift-alert">
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Alert
                type="error"
                showIcon
                title={t('insights.drift.alert', {
                  name,
                  count: item.weeks,
                  z: formatScore(item.z),
                  lower: formatScore(item.lower),
                })}
                description={t('insights.drift.detail', {
                  since: item.since,
                  mean: formatScore(item.mean),
                  sigma: formatScore(item.sigma),
                  weeks: item.baseline.weeks,
                })}
              />
              <Space wrap>
                <Link to={driftRatingsLink(item, by)} data-testid="drift-ratings-link">
                  {t('insights.drift.ratings')}
                </Link>
                <Button
                  size="small"
                  icon={<LineChartOutlined aria-hidden />}
                  onClick={() => setOpen({ by, id: item.id, name })}
                  data-testid="drift-open-chart"
                >
                  {t('insights.drift.chart')}
                </Button>
              </Space>
            </Space>
          </List.Item>
        );
      }}
    />
  );
  return (
    <Card title={title} data-testid="drift-panel">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {extra}
        {body}
      </Space>
      <Modal
        open={open !== null}
        onCancel={() => setOpen(null)}
        footer={null}
        width={760}
        destroyOnHidden
        title={open ? t('insights.chart.title', { name: open.name }) : null}
      >
        {open ? <DriftChart member={{ by: open.by, id: open.id }} /> : null}
        <Typography.Text type="secondary">{t('insights.drift.help')}</Typography.Text>
      </Modal>
    </Card>
  );
}
