import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RATING_CHANNELS } from '../../../common/channels';
import { formatScore } from '../../../common/scoring/round';
import { toStars } from '../../../common/scoring/score';
import { client, ok, type RequestBody } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { useUsableTemplates } from '../templates/templatesApi';
import { type CaseDetail, caseKeys } from './casesApi';

type ReinviteBody = RequestBody<'/cases/{id}/reinvite', 'post'>;
type RecoveryChannel = NonNullable<ReinviteBody['channels']>[number];
const CHANNELS = RATING_CHANNELS.filter((c): c is RecoveryChannel => c !== 'qr');
/** The statuses in which a case may re-invite its customer (server: `REINVITABLE_STATUSES`). */
const REINVITABLE: readonly CaseDetail['status'][] = ['resolved', 'closed'];

interface Values {
  templateId?: string;
  channels?: RecoveryChannel[];
  note?: string;
}

/** S and its star equivalent (★ = 1 + 4·S/100, SCORING.md §3). */
const scoreText = (score: number | null) =>
  score === null ? '—' : `${formatScore(score)} (${formatScore(toStars(score))}★)`;

/**
 * Recovery on the case page (issue 17 §6): the score before (the case's rating) and after (the re-survey), whether
 * the customer recovered, and — once the case is resolved — the button that re-invites the customer, with an optional
 * template and channel order (`POST /cases/{id}/reinvite`; the fatigue cap does not apply).
 */
export function RecoveryCard({
  detail,
  canWrite,
  canReadTemplates,
}: {
  detail: CaseDetail;
  canWrite: boolean;
  canReadTemplates: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  // The templates a re-survey may use (active, published), asked for only when the form opens.
  const templates = useUsableTemplates(open && canReadTemplates);
  const r = detail.recovery;

  const reinvite = useMutation({
    mutationFn: (body: ReinviteBody) =>
      ok(client.POST('/cases/{id}/reinvite', { params: { path: { id: detail.id } }, body })),
    onSuccess: async (next) => {
      message.success(t('recovery.sent'));
      setOpen(false);
      form.resetFields();
      queryClient.setQueryData(caseKeys.detail(detail.id), next);
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
    },
    onError: (error) => onError(error, form),
  });

  const outcome =
    r.recovered === true ? (
      <Tag color="green">{t('recovery.outcome.recovered')}</Tag>
    ) : r.recovered === false ? (
      <Tag color="red">{t('recovery.outcome.notRecovered')}</Tag>
    ) : r.invitationId ? (
      <Tag>{t('recovery.outcome.waiting')}</Tag>
    ) : null;
  const reinvitable = REINVITABLE.includes(detail.status) && !r.ratingId;

  return (
    <Card
      title={t('recovery.card')}
      data-testid="case-recovery"
      extra={
        canWrite ? (
          <Button
            data-testid="case-reinvite"
            disabled={!reinvitable}
            title={reinvitable ? undefined : t('recovery.reinviteHint')}
            onClick={() => setOpen(true)}
          >
            {t('recovery.reinvite')}
          </Button>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'before',
            label: t('recovery.scoreBefore'),
            children: <span data-testid="case-score-before">{scoreText(r.scoreBefore)}</span>,
          },
          {
            key: 'after',
            label: t('recovery.scoreAfter'),
            children: (
              <Flex gap={8} align="center" wrap>
                <span data-testid="case-score-after">{scoreText(r.scoreAfter)}</span>
                {outcome}
              </Flex>
            ),
          },
        ]}
      />
      {r.reinvitedAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('recovery.invitedAt', { at: formatDate(r.reinvitedAt) })}
        </Typography.Text>
      ) : null}
      <Modal
        open={open}
        title={t('recovery.reinvite')}
        okText={t('recovery.send')}
        okButtonProps={{ 'data-testid': 'case-reinvite-send' }}
        confirmLoading={reinvite.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('recovery.reinviteHelp')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(values) =>
            reinvite.mutate({
              templateId: values.templateId || undefined,
              channels: values.channels?.length ? values.channels : undefined,
              note: values.note?.trim() || undefined,
            })
          }
        >
          {canReadTemplates ? (
            <Form.Item name="templateId" label={t('recovery.template')}>
              <Select
                allowClear
                placeholder={t('recovery.templateDefault')}
                loading={templates.isPending}
                options={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="channels" label={t('recovery.channels')} extra={t('recovery.channelsDefault')}>
            <Select
              mode="multiple"
              allowClear
              options={CHANNELS.map((c) => ({ value: c, label: t(`rules.channels.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('recovery.note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} {...inputLimit(2000)} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
