import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CASE_TRANSITIONS } from '../../../common/cases';
import type { CaseStatus } from '../../../common/sla';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { useFormatDate } from '../../app/format';
import { problemSlug } from '../../app/problemText';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { RatingItem } from '../work-orders/RatingsPanel';
import { usePermissions, useWorkOrder, useWorkOrderRatings } from '../work-orders/workOrdersApi';
import { CaseTimeline } from './CaseTimeline';
import { CloseCaseModal, type CloseValues } from './CloseCaseModal';
import {
  type CaseDetail,
  caseKeys,
  caseName,
  durationText,
  minutesText,
  rootCauseLabel,
  SEVERITY_COLORS,
  STATUS_COLORS,
  useCase,
  useCaseDepartments,
  useRootCauses,
} from './casesApi';
import { RecoveryCard } from './RecoveryCard';
import { SlaCountdown } from './SlaCountdown';

/** The status buttons' order: forward moves first, then pausing and reopening. */
const PRIMARY: readonly CaseStatus[] = ['contacted', 'resolving', 'resolved', 'closed'];

/** The case's actions: status moves, closing, notes and logged calls; each answer is the case as it is now. */
function useCaseActions(id: string, onClosed: () => void, closeForm: ReturnType<typeof Form.useForm<CloseValues>>[0]) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const done = async (detail: CaseDetail) => {
    queryClient.setQueryData(caseKeys.detail(id), detail);
    await queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] === caseKeys.all[0] && query.queryKey[1] !== 'detail',
    });
  };
  const failed = (error: unknown, form?: typeof closeForm) => {
    // A move another user made meanwhile: say so in the case's words (the generic text speaks of work orders).
    if (error instanceof ApiError && problemSlug(error.problem) === 'illegal-transition') {
      message.error(t('cases.errors.illegalTransition'));
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
      return;
    }
    onError(error, form);
  };
  const move = useMutation({
    mutationFn: (body: { status: CaseStatus } & CloseValues) =>
      ok(client.POST('/cases/{id}/status', { params: { path: { id } }, body })),
    onSuccess: async (detail) => {
      message.success(t('cases.moved', { status: t(`cases.status.${detail.status}`) }));
      if (detail.status === 'closed') onClosed();
      await done(detail);
    },
    onError: (error, body) => failed(error, body.status === 'closed' ? closeForm : undefined),
  });
  const addEntry = useMutation({
    mutationFn: (body: { kind: 'note' | 'call'; text: string }) =>
      ok(client.POST('/cases/{id}/entries', { params: { path: { id } }, body })),
    onSuccess: done,
    onError: (error) => failed(error),
  });
  return { move, addEntry };
}

/**
 * One case (`/cases/:id`): status, severity and owner with the allowed moves (`CASE_TRANSITIONS`), the live SLA
 * countdown, the customer (the call button dials and logs the call) and the rating, the timeline with notes, and
 * the closing form (root cause + corrective action).
 */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const formatDate = useFormatDate();
  const can = usePermissions();
  const detail = useCase(id);
  const causes = useRootCauses();
  const workOrderId = detail.data?.workOrderId ?? '';
  const workOrder = useWorkOrder(workOrderId);
  const ratings = useWorkOrderRatings(workOrderId);
  const departments = useCaseDepartments(can('org.read'));
  const [closeForm] = Form.useForm<CloseValues>();
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const { move, addEntry } = useCaseActions(id, () => setClosing(false), closeForm);

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('cases.notFound')}
          extra={
            <Link to="/cases">
              <Button type="primary">{t('cases.back')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }

  const c = detail.data;
  const canWrite = can('cases.write');
  const moves = [...CASE_TRANSITIONS[c.status]].sort(
    (a, b) => (PRIMARY.includes(a) ? 0 : 1) - (PRIMARY.includes(b) ? 0 : 1),
  );
  const movingTo = move.isPending ? move.variables?.status : undefined;
  const rating = ratings.data?.find((item) => item.id === c.ratingId);
  const phone = workOrder.data?.customer.phone;
  const cause = causes.data?.find((item) => item.id === c.rootCauseId);
  const departmentName = c.departmentId
    ? (departments.data?.find((department) => department.id === c.departmentId)?.name ?? '—')
    : '—';

  const firstContact = c.firstContactedAt
    ? t('cases.sla.firstContactMet', {
        at: formatDate(c.firstContactedAt),
        used: durationText(t, c.firstContactUsedMs ?? 0),
      })
    : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="case-detail">
      <Link to="/cases">
        <ArrowLeftOutlined /> {t('cases.back')}
      </Link>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Flex justify="space-between" align="center" wrap gap={12}>
            <Space wrap size={[8, 8]} align="center">
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title">
                {caseName(c.number)}
              </Typography.Title>
              <Tag color={STATUS_COLORS[c.status]} data-testid="case-status">
                {t(`cases.status.${c.status}`)}
              </Tag>
              <Tag color={SEVERITY_COLORS[c.severity]} data-testid="case-severity">
                {t(`cases.severity.${c.severity}`)}
              </Tag>
              {c.escalationLevel > 0 ? (
                <Tag color="orange" data-testid="case-escalation">
                  {t('cases.escalationLevel', { level: c.escalationLevel })}
                </Tag>
              ) : null}
            </Space>
            {canWrite ? (
              <Space wrap data-testid="case-moves">
                {moves.map((to) => (
                  <Button
                    key={to}
                    type={to === moves[0] ? 'primary' : 'default'}
                    loading={movingTo === to}
                    disabled={move.isPending && movingTo !== to}
                    data-testid={`case-move-${to}`}
                    onClick={() => (to === 'closed' ? setClosing(true) : move.mutate({ status: to }))}
                  >
                    {t(`cases.moves.${to}`)}
                  </Button>
                ))}
              </Space>
            ) : null}
          </Flex>
          <SlaCountdown value={c} variant="text" />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'owner',
                label: t('cases.columns.owner'),
                children: <span data-testid="case-owner">{c.ownerName ?? t('cases.noOwner')}</span>,
              },
              { key: 'department', label: t('cases.columns.department'), children: departmentName },
              {
                key: 'workOrder',
                label: t('cases.columns.workOrder'),
                children: (
                  <Link to={`/work-orders/${c.workOrderId}`} data-testid="case-work-order">
                    {c.workOrderNumber}
                  </Link>
                ),
              },
              {
                key: 'targets',
                label: t('cases.sla.targets'),
                children: t('cases.sla.targetsText', {
                  firstContact: minutesText(t, c.firstContactMinutes),
                  resolution: minutesText(t, c.resolutionMinutes),
                }),
              },
              {
                key: 'firstContact',
                label: t('cases.targets.first_contact'),
                children: firstContact ?? <Typography.Text type="secondary">{t('cases.sla.notYet')}</Typography.Text>,
              },
              { key: 'createdAt', label: t('cases.columns.createdAt'), children: formatDate(c.createdAt) },
              ...(c.summary ? [{ key: 'summary', label: t('cases.columns.summary'), children: c.summary }] : []),
              ...(c.status === 'closed'
                ? [
                    {
                      key: 'rootCause',
                      label: t('cases.close.rootCause'),
                      children: (
                        <span data-testid="case-root-cause-label">
                          {cause ? rootCauseLabel(cause, i18n.language) : '—'}
                        </span>
                      ),
                    },
                    {
                      key: 'correctiveAction',
                      label: t('cases.close.correctiveAction'),
                      children: c.correctiveAction ?? '—',
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      </Card>

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Card title={t('cases.customer.title')} data-testid="case-customer">
              {workOrder.isPending ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : (
                <Flex justify="space-between" align="center" wrap gap={12}>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{workOrder.data?.customer.name ?? '—'}</Typography.Text>
                    <Typography.Text type="secondary">{workOrder.data?.subject}</Typography.Text>
                  </Space>
                  {phone ? (
                    <Button
                      type="primary"
                      icon={<PhoneOutlined />}
                      href={`tel:${phone}`}
                      data-testid="case-call"
                      onClick={() =>
                        canWrite && addEntry.mutate({ kind: 'call', text: t('cases.customer.called', { phone }) })
                      }
                    >
                      {t('cases.customer.call', { phone })}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{t('cases.customer.noPhone')}</Typography.Text>
                  )}
                </Flex>
              )}
            </Card>
            <Card title={t('cases.rating')} data-testid="case-rating">
              {!c.ratingId ? (
                <Empty description={t('cases.noRating')} />
              ) : ratings.isPending ? (
                <Skeleton active />
              ) : rating ? (
                <RatingItem rating={rating} highlighted={false} />
              ) : (
                <Empty description={t('cases.noRating')} />
              )}
            </Card>
            <RecoveryCard detail={c} canWrite={canWrite} canReadTemplates={can('templates.read')} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {canWrite ? (
              <Card title={t('cases.note.title')}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    data-testid="case-note"
                    value={note}
                    onChange={(event) => setNote(event.target.value)}
                    placeholder={t('cases.note.placeholder')}
                    aria-label={t('cases.note.title')}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    {...inputLimit(5000)}
                  />
                  <Button
                    data-testid="case-note-add"
                    disabled={!note.trim()}
                    loading={addEntry.isPending && addEntry.variables?.kind === 'note'}
                    onClick={() =>
                      addEntry.mutate({ kind: 'note', text: note.trim() }, { onSuccess: () => setNote('') })
                    }
                  >
                    {t('cases.note.add')}
                  </Button>
                </Space>
              </Card>
            ) : null}
            <CaseTimeline entries={c.entries} causes={causes.data ?? []} />
          </Space>
        </Col>
      </Row>
      <CloseCaseModal
        open={closing}
        form={closeForm}
        closing={move.isPending}
        onCancel={() => setClosing(false)}
        onClose={(values) =>
          move.mutate({
            status: 'closed',
            rootCauseId: values.rootCauseId,
            correctiveAction: values.correctiveAction?.trim(),
            note: values.note?.trim() || undefined,
          })
        }
      />
    </Space>
  );
}
