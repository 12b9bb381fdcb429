import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Card, Empty, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { ServiceType } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { useUsableTemplates } from '../templates/templatesApi';
import { ruleKeys, useRatingDefaults } from './rulesApi';

/** Each service type's default template: used when no rule matches a work order of that type. */
export function RatingDefaultsCard({
  serviceTypes,
  serviceTypesLoading,
  canEdit,
}: {
  serviceTypes: ServiceType[];
  serviceTypesLoading: boolean;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const defaults = useRatingDefaults();
  const templates = useUsableTemplates();
  const byServiceType = new Map((defaults.data ?? []).map((d) => [d.serviceTypeId, d]));

  const change = useMutation({
    mutationFn: ({ serviceTypeId, templateId }: { serviceTypeId: string; templateId: string | null }) =>
      templateId
        ? ok(
            client.PUT('/rating-defaults/{serviceTypeId}', {
              params: { path: { serviceTypeId } },
              body: { templateId },
            }),
          )
        : ok(client.DELETE('/rating-defaults/{serviceTypeId}', { params: { path: { serviceTypeId } } })),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.defaults });
    },
    onError: (error) => onError(error),
  });

  return (
    <Card title={t('rules.defaults.title')} data-testid="rating-defaults">
      <Typography.Paragraph type="secondary">{t('rules.defaults.intro')}</Typography.Paragraph>
      {defaults.isError ? (
        <ErrorState error={defaults.error} onRetry={() => void defaults.refetch()} />
      ) : (
        <Table<ServiceType>
          rowKey="id"
          size="small"
          loading={defaults.isLoading || serviceTypesLoading}
          dataSource={serviceTypes}
          pagination={false}
          locale={{ emptyText: <Empty description={t('rules.defaults.noServiceTypes')} /> }}
          columns={[
            {
              title: t('rules.defaults.serviceType'),
              key: 'name',
              render: (_, st) => (
                <>
                  {st.name} {st.active ? null : <Tag>{t('templates.inactive')}</Tag>}
                </>
              ),
            },
            {
              title: t('rules.defaults.template'),
              key: 'template',
              width: '55%',
              render: (_, st) => {
                const current = byServiceType.get(st.id);
                const options = (templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }));
                if (current && !options.some((o) => o.value === current.templateId)) {
                  options.unshift({ value: current.templateId, label: current.templateName });
                }
                return canEdit ? (
                  <Select
                    allowClear
                    style={{ width: '100%' }}
                    data-testid={`default-template-${st.code}`}
                    aria-label={t('rules.defaults.templateFor', { name: st.name })}
                    placeholder={t('rules.defaults.useOrganisationDefault')}
                    loading={templates.isLoading}
                    disabled={change.isPending && change.variables?.serviceTypeId === st.id}
                    value={current?.templateId}
                    options={options}
                    onChange={(templateId?: string) =>
                      change.mutate({ serviceTypeId: st.id, templateId: templateId ?? null })
                    }
                  />
                ) : (
                  (current?.templateName ?? (
                    <Typography.Text type="secondary">{t('rules.defaults.useOrganisationDefault')}</Typography.Text>
                  ))
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
