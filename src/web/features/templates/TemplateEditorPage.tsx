import { ArrowLeftOutlined, DeleteOutlined, InboxOutlined, StarOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { type DaysChoice, fromChoice, toChoice } from '../privacy/privacyApi';
import { TemplateRetentionField } from '../privacy/TemplateRetentionField';
import { TemplateMetadataFields } from './CreateTemplateModal';
import { DraftEditor } from './DraftEditor';
import {
  type TemplateDetail,
  type TemplateVersion,
  templateKeys,
  useServiceTypes,
  useTemplateDetail,
  useTemplateVersions,
  type VersionSummary,
} from './templatesApi';

export function TemplateEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useTemplateDetail(id);
  const [tab, setTab] = useState('questions');
  const [selected, setSelected] = useState<string | undefined>(undefined);

  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Skeleton active />;
  const template = detail.data;
  const versionId = selected ?? template.draft?.id ?? template.published?.id;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Header template={template} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'questions',
            label: t('templates.tabs.questions'),
            children: (
              <QuestionsTab
                template={template}
                versionId={versionId}
                onSelect={setSelected}
                key={versionId ?? 'none'}
              />
            ),
          },
          { key: 'details', label: t('templates.tabs.details'), children: <DetailsTab template={template} /> },
          {
            key: 'history',
            label: t('templates.tabs.history'),
            children: (
              <HistoryTab
                templateId={template.id}
                onOpen={(version) => {
                  setSelected(version);
                  setTab('questions');
                }}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}

function Header({ template }: { template: TemplateDetail }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const action = useMutation({
    mutationFn: async (kind: 'archive' | 'unarchive' | 'set-default' | 'delete') => {
      if (kind === 'delete')
        await ok(client.DELETE('/rating-templates/{id}', { params: { path: { id: template.id } } }));
      else await ok(client.POST(`/rating-templates/{id}/${kind}`, { params: { path: { id: template.id } } }));
    },
    onSuccess: async (_, kind) => {
      message.success(t(`templates.actions.${kind === 'set-default' ? 'setDefault' : kind}Done`));
      if (kind === 'delete') {
        queryClient.removeQueries({ queryKey: templateKeys.detail(template.id) });
        navigate('/rating/templates', { replace: true });
      }
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
    },
    onError: (error) => onError(error),
  });
  const archived = template.status === 'archived';

  return (
    <Flex justify="space-between" align="center" wrap gap={12}>
      <Space size="middle" wrap>
        <Link to="/rating/templates" aria-label={t('templates.backToList')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="template-title">
          {template.name}
        </Typography.Title>
        <Space size={4} data-testid="template-tags">
          {archived ? (
            <Tag>{t('templates.status.archived')}</Tag>
          ) : (
            <Tag color="green">{t('templates.status.active')}</Tag>
          )}
          {template.isDefault ? <Tag color="blue">{t('templates.default')}</Tag> : null}
          {template.published ? <Tag color="geekblue">v{template.published.number}</Tag> : null}
          {template.draft ? <Tag color="orange">{t('templates.status.draft')}</Tag> : null}
        </Space>
      </Space>
      {canEdit ? (
        <Space wrap>
          {!archived && !template.isDefault && template.published ? (
            <Button
              icon={<StarOutlined />}
              onClick={() => action.mutate('set-default')}
              loading={action.isPending && action.variables === 'set-default'}
              data-testid="set-default"
            >
              {t('templates.actions.setDefault')}
            </Button>
          ) : null}
          {archived ? (
            <Button
              icon={<UndoOutlined />}
              onClick={() => action.mutate('unarchive')}
              loading={action.isPending && action.variables === 'unarchive'}
              data-testid="unarchive"
            >
              {t('templates.actions.unarchive')}
            </Button>
          ) : (
            <Popconfirm
              title={t('templates.actions.archiveConfirm')}
              okText={t('templates.actions.archive')}
              cancelText={t('common.cancel')}
              onConfirm={() => action.mutate('archive')}
            >
              <Button
                icon={<InboxOutlined />}
                loading={action.isPending && action.variables === 'archive'}
                data-testid="archive"
              >
                {t('templates.actions.archive')}
              </Button>
            </Popconfirm>
          )}
          {template.published ? null : (
            <Popconfirm
              title={t('templates.actions.deleteConfirm', { name: template.name })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => action.mutate('delete')}
            >
              <Button
                danger
                icon={<DeleteOutlined />}
                loading={action.isPending && action.variables === 'delete'}
                data-testid="delete-template"
              >
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ) : null}
    </Flex>
  );
}

function versionLabel(t: ReturnType<typeof useTranslation>['t'], v: VersionSummary, formatDate: (s: string) => string) {
  return v.status === 'draft'
    ? t('templates.versionDraft', { number: v.number })
    : t('templates.versionPublished', { number: v.number, date: formatDate(v.publishedAt ?? v.updatedAt) });
}

function QuestionsTab({
  template,
  versionId,
  onSelect,
}: {
  template: TemplateDetail;
  versionId: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const formatDate = useFormatDate();
  const versions = useTemplateVersions(template.id);
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const known =
    versionId === template.draft?.id
      ? template.draft
      : versionId === template.published?.id
        ? template.published
        : null;
  const other = useQuery({
    queryKey: templateKeys.version(versionId),
    queryFn: () =>
      ok(client.GET('/rating-template-versions/{versionId}', { params: { path: { versionId: versionId ?? '' } } })),
    enabled: Boolean(versionId) && !known,
  });
  const version = known ?? other.data;
  const archived = template.status === 'archived';

  const startDraft = useMutation({
    mutationFn: (from: TemplateVersion | null) =>
      ok(
        client.PUT('/rating-templates/{id}/draft', {
          params: { path: { id: template.id } },
          body: from
            ? { layout: from.layout, weighting: from.weighting, dimensions: from.dimensions }
            : { layout: 'vertical', weighting: true, dimensions: [] },
        }),
      ),
    onSuccess: async (draft) => {
      message.success(t('templates.editor.draftStarted', { number: draft.number }));
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      onSelect(draft.id);
    },
    onError: (error) => onError(error),
  });

  if (!versionId) {
    return (
      <Card>
        <Empty description={t('templates.editor.noVersion')}>
          {canEdit && !archived ? (
            <Button type="primary" onClick={() => startDraft.mutate(null)} loading={startDraft.isPending}>
              {t('templates.editor.startDraft')}
            </Button>
          ) : null}
        </Empty>
      </Card>
    );
  }
  if (other.isError) return <ErrorState error={other.error} onRetry={() => void other.refetch()} />;
  if (!version) return <Skeleton active />;

  const isDraft = version.status === 'draft';
  const readOnly = !canEdit || !isDraft || archived;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex align="center" gap={12} wrap>
        <Typography.Text>{t('templates.version')}</Typography.Text>
        <Select
          data-testid="version-select"
          aria-label={t('templates.version')}
          style={{ minWidth: 280 }}
          loading={versions.isLoading}
          value={version.id}
          onChange={(value: string) => onSelect(value)}
          options={(versions.data ?? [version]).map((v) => ({ value: v.id, label: versionLabel(t, v, formatDate) }))}
        />
      </Flex>
      {archived ? <Alert type="info" showIcon title={t('templates.editor.archivedReadOnly')} /> : null}
      {!isDraft ? (
        <Alert
          type="info"
          showIcon
          data-testid="published-readonly"
          title={t('templates.editor.publishedReadOnly', { number: version.number })}
          action={
            canEdit && !archived ? (
              template.draft ? (
                <Space>
                  <Button size="small" onClick={() => onSelect(template.draft?.id)} data-testid="open-draft">
                    {t('templates.editor.openDraft', { number: template.draft.number })}
                  </Button>
                  <Popconfirm
                    title={t('templates.editor.replaceDraftConfirm', { number: version.number })}
                    okText={t('templates.editor.copyToDraft')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => startDraft.mutate(version)}
                  >
                    <Button size="small" loading={startDraft.isPending}>
                      {t('templates.editor.copyToDraft')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => startDraft.mutate(version)}
                  loading={startDraft.isPending}
                  data-testid="edit-as-draft"
                >
                  {t('templates.editor.editAsDraft')}
                </Button>
              )
            ) : null
          }
        />
      ) : null}
      <DraftEditor
        key={version.id}
        templateId={template.id}
        version={version}
        readOnly={readOnly}
        onPublished={(published) => onSelect(published.id)}
        onDiscarded={() => onSelect(undefined)}
      />
    </Space>
  );
}

interface DetailsValues {
  name: string;
  description?: string;
  serviceTypeIds?: string[];
  recordTypes?: string[];
  /** The template's own free-text retention, or the organisation's default ("keep"). */
  freeTextRetentionDays?: DaysChoice;
}

function DetailsTab({ template }: { template: TemplateDetail }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const [form] = Form.useForm<DetailsValues>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const serviceTypes = useServiceTypes();

  useEffect(() => {
    form.setFieldsValue({
      name: template.name,
      description: template.description ?? '',
      serviceTypeIds: template.serviceTypeIds,
      recordTypes: template.recordTypes,
      freeTextRetentionDays: toChoice(template.freeTextRetentionDays),
    });
  }, [template, form]);

  const save = useMutation({
    mutationFn: (values: DetailsValues) =>
      ok(
        client.PATCH('/rating-templates/{id}', {
          params: { path: { id: template.id } },
          body: {
            name: values.name.trim(),
            description: values.description?.trim() || null,
            serviceTypeIds: values.serviceTypeIds ?? [],
            recordTypes: (values.recordTypes ?? []).map((r) => r.trim()).filter(Boolean),
            freeTextRetentionDays: fromChoice(values.freeTextRetentionDays),
          },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Card style={{ maxWidth: 720 }}>
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        onFinish={(values) => save.mutate(values)}
        data-testid="template-details-form"
      >
        <TemplateMetadataFields
          serviceTypes={serviceTypes.data ?? []}
          serviceTypesLoading={serviceTypes.isLoading}
          withRecordTypes
        />
        <TemplateRetentionField disabled={!canEdit} />
        {canEdit ? (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-details-save">
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

function HistoryTab({ templateId, onOpen }: { templateId: string; onOpen: (versionId: string) => void }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const versions = useTemplateVersions(templateId);
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <Card>
      <Table<VersionSummary>
        data-testid="versions-table"
        rowKey="id"
        size="middle"
        loading={versions.isFetching}
        dataSource={versions.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('templates.history.empty')} /> }}
        columns={[
          { title: t('templates.version'), dataIndex: 'number', key: 'number', width: 90, render: (n) => `v${n}` },
          {
            title: t('templates.statusLabel'),
            dataIndex: 'status',
            key: 'status',
            width: 120,
            render: (status: VersionSummary['status']) =>
              status === 'draft' ? (
                <Tag color="orange">{t('templates.status.draft')}</Tag>
              ) : (
                <Tag color="geekblue">{t('templates.status.published')}</Tag>
              ),
          },
          {
            title: t('templates.editor.layout'),
            dataIndex: 'layout',
            key: 'layout',
            render: (layout: VersionSummary['layout']) => t(`templates.layouts.${layout}`),
          },
          {
            title: t('templates.editor.weighting'),
            dataIndex: 'weighting',
            key: 'weighting',
            render: (on: boolean) => (on ? t('common.yes') : t('common.no')),
          },
          { title: t('templates.questionCount'), dataIndex: 'dimensionCount', key: 'count' },
          {
            title: t('templates.history.publishedAt'),
            key: 'publishedAt',
            render: (_, v) =>
              v.publishedAt
                ? `${formatDate(v.publishedAt)}${v.publishedBy?.name ? ` · ${v.publishedBy.name}` : ''}`
                : '—',
          },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: formatDate },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, v) => (
              <Button size="small" onClick={() => onOpen(v.id)}>
                {t('templates.history.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
