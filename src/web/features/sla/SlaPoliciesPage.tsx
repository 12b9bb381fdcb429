import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { minutesText } from '../cases/casesApi';
import { usePermissions } from '../work-orders/workOrdersApi';
import { PolicyFormModal } from './PolicyFormModal';
import { type SlaPolicy, slaKeys, useCalendars, usePolicies } from './slaApi';

/** Settings → SLA policies: targets, warning, hours, calendar, pauses and breach actions; one is the default. */
export function SlaPoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const can = usePermissions();
  const canWrite = can('sla.write');
  const policies = usePolicies();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const calendarName = (id: string | null) =>
    id
      ? (calendars.data?.items.find((calendar) => calendar.id === id)?.name ?? '…')
      : t('sla.policies.departmentCalendar');
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/sla-policies/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <ListPage<SlaPolicy>
      title={t('nav.slaPolicies')}
      actions={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-policy">
            {t('sla.policies.add')}
          </Button>
        ) : null
      }
      toolbar={
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('sla.policies.intro')}
        </Typography.Paragraph>
      }
      query={policies}
      tableTestId="policies-table"
      testIdPrefix="policies"
      emptyText={t('sla.policies.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1000 },
        columns: [
          {
            title: t('sla.policies.name'),
            key: 'name',
            render: (_, p) => (
              <Space size={4} wrap>
                <span data-testid="policy-row-name">{p.name}</span>
                {p.isDefault ? <Tag color="blue">{t('sla.policies.default')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('sla.policies.firstContact'),
            key: 'firstContact',
            render: (_, p) => minutesText(t, p.firstContactMinutes),
          },
          {
            title: t('sla.policies.resolution'),
            key: 'resolution',
            render: (_, p) => minutesText(t, p.resolutionMinutes),
          },
          {
            title: t('sla.policies.warnBefore'),
            key: 'warn',
            render: (_, p) => (p.warnBeforeMinutes > 0 ? minutesText(t, p.warnBeforeMinutes) : '—'),
          },
          {
            title: t('sla.policies.hours'),
            key: 'hours',
            render: (_, p) => (p.hours === 'always' ? t('sla.policies.hoursKinds.always') : calendarName(p.calendarId)),
          },
          {
            title: t('sla.policies.pausedStatuses'),
            key: 'paused',
            render: (_, p) =>
              p.pausedStatuses.length
                ? p.pausedStatuses.map((status) => <Tag key={status}>{t(`cases.status.${status}`)}</Tag>)
                : '—',
          },
          {
            title: t('sla.policies.breachActions'),
            key: 'actions',
            render: (_, p) =>
              p.breachActions.length
                ? p.breachActions.map((a) => <Tag key={a.kind}>{t(`sla.policies.actions.${a.kind}`)}</Tag>)
                : '—',
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'edit',
                  width: 150,
                  render: (_: unknown, p: SlaPolicy) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(p)} data-testid="policy-edit">
                        {t('common.edit')}
                      </Button>
                      {p.isDefault ? null : (
                        <Popconfirm
                          title={t('sla.policies.deleteConfirm')}
                          okText={t('common.delete')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => remove.mutate(p.id)}
                        >
                          <Button size="small" danger>
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ],
      }}
    >
      <PolicyFormModal
        open={editing !== null}
        policy={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </ListPage>
  );
}
