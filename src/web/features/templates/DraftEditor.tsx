import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Radio,
  Row,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { appKeys } from '../../app/queryKeys';
import { useApiError } from '../../app/useApiError';
import { SortableItem, SortableList } from '../../components/Sortable';
import { DimensionCard } from './DimensionCard';
import {
  type DimensionValues,
  type DraftValues,
  duplicateDimension,
  fromVersion,
  newDimension,
  type PublishErrorGroup,
  splitPublishErrors,
  toDraftBody,
} from './draft';
import { PhonePreview } from './PhonePreview';
import { type TemplateVersion, templateKeys } from './templatesApi';
import { WeightsPanel } from './WeightsPanel';

interface Props {
  templateId: string;
  version: TemplateVersion;
  /** Published versions, archived templates and read-only users. */
  readOnly: boolean;
  /** Called with the new published version after a successful publish. */
  onPublished: (version: TemplateVersion) => void;
  onDiscarded: () => void;
}

/** The draft editor (or a read-only view of a published version) with its live phone preview. */
export function DraftEditor({ templateId, version, readOnly, onPublished, onDiscarded }: Props) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<DraftValues>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  // The preview shows the organisation's own name, as the customer page does.
  const organisation = useQuery({
    queryKey: appKeys.organisation,
    queryFn: () => ok(client.GET('/settings/organisation')),
    staleTime: 5 * 60_000,
  });
  const initial = useMemo(() => fromVersion(version), [version]);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(toDraftBody(initial)));
  const [publishErrors, setPublishErrors] = useState<PublishErrorGroup[]>([]);
  const values = Form.useWatch([], { form, preserve: true }) as Partial<DraftValues> | undefined;
  const body = useMemo(() => toDraftBody(values ?? initial), [values, initial]);
  const dirty = !readOnly && JSON.stringify(body) !== savedJson;
  const isDraft = version.status === 'draft';

  const current = () => toDraftBody(form.getFieldsValue(true) as DraftValues);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: templateKeys.all });

  const save = useMutation({
    mutationFn: () => {
      const draft = current();
      return ok(client.PUT('/rating-templates/{id}/draft', { params: { path: { id: templateId } }, body: draft })).then(
        (saved) => ({ saved, json: JSON.stringify(draft) }),
      );
    },
    onSuccess: async ({ json }) => {
      setSavedJson(json);
      message.success(t('templates.editor.draftSaved'));
      await invalidate();
    },
    onError: (error) => onError(error, form),
  });

  const publish = useMutation({
    mutationFn: async () => {
      const draft = current();
      await ok(client.PUT('/rating-templates/{id}/draft', { params: { path: { id: templateId } }, body: draft }));
      setSavedJson(JSON.stringify(draft));
      return ok(client.POST('/rating-templates/{id}/publish', { params: { path: { id: templateId } } }));
    },
    onMutate: () => setPublishErrors([]),
    onSuccess: async (published) => {
      message.success(t('templates.editor.published', { number: published.number }));
      await invalidate();
      onPublished(published);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400 && error.problem.errors?.length) {
        const groups = splitPublishErrors(error.problem.errors);
        const fields = groups.flatMap((g) => (g.name ? [{ name: g.name, errors: [g.message] }] : []));
        // The paths come from the server; the form's typed name paths cannot describe them statically.
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
        setPublishErrors(groups);
        message.error(t('templates.editor.publishInvalid', { count: groups.length }));
        return;
      }
      onError(error, form);
    },
  });

  const discard = useMutation({
    mutationFn: () => ok(client.DELETE('/rating-templates/{id}/draft', { params: { path: { id: templateId } } })),
    onSuccess: async () => {
      message.success(t('templates.editor.discarded'));
      await invalidate();
      onDiscarded();
    },
    onError: (error) => onError(error),
  });

  const busy = save.isPending || publish.isPending || discard.isPending;
  const dimensionName = (index: number | null) => {
    if (index === null) return null;
    const d = body.dimensions[index];
    const name = d?.label[i18n.language === 'en' ? 'en' : 'zh-CN'] || d?.label['zh-CN'] || d?.label.en;
    const title = t('templates.editor.questionN', { n: index + 1 });
    return name ? `${title} “${name}”` : title;
  };

  return (
    <Row gutter={[24, 24]} wrap>
      <Col flex="1 1 560px" style={{ minWidth: 0 }}>
        <Form<DraftValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          disabled={readOnly}
          data-testid="draft-form"
          requiredMark={false}
        >
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {readOnly ? null : (
              <Card size="small" style={{ position: 'sticky', top: 0, zIndex: 5 }}>
                <Flex justify="space-between" align="center" wrap gap={8}>
                  <Space>
                    <Tag color="orange">{t('templates.status.draft')}</Tag>
                    <Typography.Text type="secondary" data-testid="draft-state">
                      {dirty ? t('templates.editor.unsaved') : t('templates.editor.allSaved')}
                    </Typography.Text>
                  </Space>
                  <Space wrap>
                    {isDraft ? (
                      <Popconfirm
                        title={t('templates.editor.discardConfirm')}
                        okText={t('templates.editor.discard')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => discard.mutate()}
                      >
                        <Button danger disabled={busy} loading={discard.isPending} data-testid="discard-draft">
                          {t('templates.editor.discard')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                    <Button
                      onClick={() => save.mutate()}
                      loading={save.isPending}
                      disabled={busy || !dirty}
                      data-testid="save-draft"
                    >
                      {t('templates.editor.saveDraft')}
                    </Button>
                    <Popconfirm
                      title={t('templates.editor.publishConfirm')}
                      description={t('templates.editor.publishConfirmHelp')}
                      okText={t('templates.editor.publish')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => publish.mutate()}
                    >
                      <Button type="primary" loading={publish.isPending} disabled={busy} data-testid="publish">
                        {t('templates.editor.publish')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </Flex>
              </Card>
            )}
            {publishErrors.length > 0 ? (
              <Alert
                type="error"
                showIcon
                closable={{ onClose: () => setPublishErrors([]) }}
                data-testid="publish-errors"
                title={t('templates.editor.publishInvalid', { count: publishErrors.length })}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {publishErrors.map((error) => (
                      <li key={`${error.dimensionIndex}-${error.field}`}>
                        {[dimensionName(error.dimensionIndex), fieldName(t, error.field)].filter(Boolean).join(' · ')}
                        {': '}
                        {error.message}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            <Card size="small" title={t('templates.editor.pageSettings')}>
              <Flex wrap gap={32}>
                <Form.Item name="layout" label={t('templates.editor.layout')} style={{ marginBottom: 0 }}>
                  <Radio.Group
                    data-testid="layout"
                    optionType="button"
                    options={[
                      { value: 'vertical', label: t('templates.layouts.vertical') },
                      { value: 'horizontal', label: t('templates.layouts.horizontal') },
                    ]}
                  />
                </Form.Item>
                <Form.Item
                  name="weighting"
                  label={t('templates.editor.weighting')}
                  tooltip={t('templates.editor.weightingHelp')}
                  valuePropName="checked"
                  style={{ marginBottom: 0 }}
                >
                  <Switch data-testid="weighting" />
                </Form.Item>
              </Flex>
            </Card>
            <Form.List name="dimensions">
              {(fields, { add, remove, move }, { errors }) => (
                <Card
                  size="small"
                  title={t('templates.editor.questions', { count: fields.length })}
                  data-testid="dimensions"
                  extra={
                    readOnly ? null : (
                      <Button
                        type="primary"
                        ghost
                        size="small"
                        icon={<PlusOutlined />}
                        data-testid="add-dimension"
                        onClick={() =>
                          add(
                            newDimension(
                              'star5',
                              (current().dimensions ?? []).map((d) => d.key),
                            ),
                          )
                        }
                      >
                        {t('templates.editor.addQuestion')}
                      </Button>
                    )
                  }
                >
                  {fields.length === 0 ? (
                    <Empty description={t('templates.editor.noQuestions')} />
                  ) : (
                    <SortableList ids={fields.map((field) => field.key)} onMove={move}>
                      {fields.map((field, index) => (
                        <SortableItem key={field.key} id={field.key} disabled={readOnly}>
                          {(handle, dragging) => (
                            <DimensionCard
                              name={field.name}
                              index={index}
                              readOnly={readOnly}
                              handle={handle}
                              dragging={dragging}
                              onRemove={() => remove(field.name)}
                              onDuplicate={() => {
                                const all = (form.getFieldValue('dimensions') ?? []) as DimensionValues[];
                                const source = all[index];
                                if (source)
                                  add(
                                    duplicateDimension(
                                      source,
                                      all.map((d) => d.key),
                                    ),
                                    index + 1,
                                  );
                              }}
                            />
                          )}
                        </SortableItem>
                      ))}
                    </SortableList>
                  )}
                  <Form.ErrorList errors={errors} />
                </Card>
              )}
            </Form.List>
            <WeightsPanel readOnly={readOnly} />
          </Space>
        </Form>
      </Col>
      <Col flex="0 0 410px">
        <div style={{ position: 'sticky', top: 16 }}>
          <PhonePreview
            template={body}
            companyName={organisation.data?.companyName ?? t('templates.preview.company')}
          />
        </div>
      </Col>
    </Row>
  );
}

type TFunction = ReturnType<typeof useTranslation>['t'];

/** A readable name for a field path inside a dimension (`label.en`, `options.1.score`). */
export function fieldName(t: TFunction, field: string): string {
  if (!field) return '';
  const option = /^options\.(\d+)\.?(.*)$/.exec(field);
  if (option) {
    const rest = option[2] ? ` · ${fieldName(t, option[2])}` : '';
    return `${t('templates.fields.option', { n: Number(option[1]) + 1 })}${rest}`;
  }
  return t(`templates.fields.${field.replace('zh-CN', 'zhCN')}`, { defaultValue: field });
}
