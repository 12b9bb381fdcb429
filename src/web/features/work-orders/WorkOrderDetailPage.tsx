import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { ErrorState } from '../../components/ErrorState';
import { type FollowUpNodeConfig, localised } from '../workflows/workflowsApi';
import { AssignModal } from './AssignModal';
import { InvitationsPanel } from './InvitationsPanel';
import { PadModeButton } from './PadModeButton';
import { QrCardPanel } from './QrCardPanel';
import { RatingsPanel } from './RatingsPanel';
import { ReworkModal } from './ReworkModal';
import { SkipRatingModal } from './SkipRatingModal';
import { TimelinePanel } from './TimelinePanel';
import { useWorkOrderActions } from './useWorkOrderActions';
import { WorkflowNodesPanel } from './WorkflowNodesPanel';
import { WorkOrderHeader } from './WorkOrderHeader';
import { WorkOrderSummary } from './WorkOrderSummary';
import {
  type Invitation,
  type NodeState,
  type RatingSettings,
  ratingNode,
  useInvitations,
  usePermissions,
  useWorkflow,
  useWorkOrder,
} from './workOrdersApi';

/** Invitations a customer can still answer (not yet submitted, failed, expired or revoked). */
const OPEN_STATUSES = new Set<Invitation['status']>(['pending', 'sending', 'delivered', 'opened']);

/**
 * The QR invitation of each QR-mode rating node of the current round that a customer can still answer: the active
 * ones, and a rated one whose code takes more submissions. Only an invitation shown on site has a card: a link sent
 * to the customer is not shown to staff.
 */
function qrCards(nodes: readonly NodeState[], round: number, invitations: readonly Invitation[]) {
  return nodes.flatMap((node) => {
    if (node.type !== 'rating' || node.mode !== 'qr' || node.round !== round || !node.id) return [];
    const invitation = invitations.find(
      (inv) => node.invitationIds.includes(inv.id) && inv.qr && inv.status !== 'revoked' && inv.status !== 'expired',
    );
    if (!invitation) return [];
    const open = node.status === 'active' || invitation.submissionCount < invitation.submissionLimit;
    return open && node.status !== 'skipped' ? [{ node, invitation }] : [];
  });
}

/**
 * One work order: header with the status buttons (rework too), the QR card(s) (on site), summary, ratings,
 * invitations, the workflow nodes round by round and the timeline. The parts live beside this file;
 * `useWorkOrderActions` holds what the page can change.
 */
export function WorkOrderDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const can = usePermissions();
  const { session } = useAuth();
  const detail = useWorkOrder(id);
  const invitations = useInvitations(id);
  const workflow = useWorkflow(detail.data?.serviceType.id);
  // The node whose "skip" was clicked (several rating nodes may be waiting).
  const [skipNode, setSkipNode] = useState<NodeState | null>(null);
  const [skipReason, setSkipReason] = useState('');
  const [assignOpen, setAssignOpen] = useState(false);
  const [reworkOpen, setReworkOpen] = useState(false);
  const nodeName = (nodeKey: string, nodeId: string | null) => {
    const node = detail.data?.workflow.nodes.find((n) => (nodeId ? n.id === nodeId : n.key === nodeKey));
    return node
      ? t('workOrders.nodes.named', { key: node.key, stage: t(`workflows.stages.${node.stage}`) })
      : nodeKey || '—';
  };
  const { transition, invite, skipRating, conflict, clearConflict } = useWorkOrderActions(id, {
    onRatingSkipped: () => {
      setSkipNode(null);
      setSkipReason('');
    },
    onAssigned: () => setAssignOpen(false),
    onReworked: () => setReworkOpen(false),
    nodeName,
  });
  const moving = transition.isPending
    ? typeof transition.variables === 'string'
      ? transition.variables
      : transition.variables?.status
    : undefined;

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('workOrders.detail.notFound')}
          extra={
            <Link to="/work-orders">
              <Button type="primary">{t('workOrders.detail.back')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }

  const wo = detail.data;
  const canWrite = can('work_orders.write');
  const rating = ratingNode(wo);
  const ratingSettings = (rating?.settings ?? {}) as RatingSettings;
  const mainLabel = localised(ratingSettings.mainButtonLabel, i18n.language) || t('workOrders.invitations.send');
  const canSkip = (node: NodeState) => {
    const settings = node.settings as RatingSettings;
    return (
      node.type === 'rating' &&
      node.status === 'active' &&
      node.id !== null &&
      can('work_orders.skip_rating') &&
      settings.staffMaySkip !== false &&
      settings.showSkipButton !== false
    );
  };
  const cards = qrCards(wo.workflow.nodes, wo.round, invitations.data ?? []);
  // On site without a QR card, the work order's own engineer may still hand their device to the customer to rate
  // the invitation texted or e-mailed to them (pad mode; the server checks it again).
  const ownEngineer = wo.engineers.some((e) => e.id === session?.user.employeeId);
  const padInvitation =
    !cards.length && ownEngineer
      ? (invitations.data ?? []).find(
          (inv) => OPEN_STATUSES.has(inv.status) && inv.submissionCount < inv.submissionLimit,
        )
      : undefined;
  // "Send back for rework": the follow-up node's label when the workflow has one.
  const followUp = workflow.data?.nodes.find((n): n is FollowUpNodeConfig => n.type === 'follow_up');
  const reworkLabel = localised(followUp?.sendBackButtonLabel, i18n.language) || t('workOrders.rework.action');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/work-orders">
        <ArrowLeftOutlined /> {t('workOrders.detail.back')}
      </Link>
      <WorkOrderHeader
        workOrder={wo}
        canWrite={canWrite}
        moving={moving}
        onMove={(status) => transition.mutate(status)}
        onAssign={() => setAssignOpen(true)}
        conflict={conflict}
        onCloseConflict={clearConflict}
        canRework={can('work_orders.rework')}
        reworkLabel={reworkLabel}
        onRework={() => setReworkOpen(true)}
        canCall={can('follow_ups.work')}
      />

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {/* First: on site, the engineer shows this to the customer. */}
            {padInvitation ? (
              <Card size="small" data-testid="pad-card">
                <Flex wrap gap="small" align="center" justify="space-between">
                  <Typography.Text type="secondary">{t('workOrders.qr.padHint')}</Typography.Text>
                  <PadModeButton workOrderId={wo.id} invitationId={padInvitation.id} />
                </Flex>
              </Card>
            ) : null}
            {cards.map(({ node, invitation }) => (
              <QrCardPanel
                key={invitation.id}
                invitation={invitation}
                workOrderNumber={wo.number}
                nodeKey={cards.length > 1 ? node.key : undefined}
              />
            ))}
            <WorkOrderSummary workOrder={wo} definitions={workflow.data?.fieldDefinitions ?? []} />
            <RatingsPanel workOrderId={wo.id} />
            <InvitationsPanel
              invitations={invitations}
              canSend={canWrite && wo.status === 'completed'}
              sending={invite.isPending}
              onSend={() => invite.mutate()}
              sendLabel={mainLabel}
            />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <WorkflowNodesPanel nodes={wo.workflow.nodes} canSkip={canSkip} onSkip={setSkipNode} />
            <TimelinePanel workOrderId={wo.id} />
          </Space>
        </Col>
      </Row>

      <AssignModal
        workOrder={wo}
        open={assignOpen}
        assigning={transition.isPending}
        onAssign={(engineerId) => transition.mutate({ status: 'assigned', engineerIds: [engineerId] })}
        onCancel={() => setAssignOpen(false)}
      />
      <SkipRatingModal
        open={skipNode !== null}
        nodeKey={skipNode?.key}
        reason={skipReason}
        onReasonChange={setSkipReason}
        skipping={skipRating.isPending}
        onSkip={(reason) => skipRating.mutate({ reason, nodeId: skipNode?.id ?? null })}
        onCancel={() => setSkipNode(null)}
      />
      <ReworkModal
        open={reworkOpen}
        title={reworkLabel}
        round={wo.round + 1}
        reworking={transition.isPending}
        onRework={(reason) => transition.mutate({ status: 'in_service', reason })}
        onCancel={() => setReworkOpen(false)}
      />
    </Space>
  );
}
