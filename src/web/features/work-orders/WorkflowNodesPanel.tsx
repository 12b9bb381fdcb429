import { StopOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Empty, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { localised } from '../workflows/workflowsApi';
import { NodeCard } from './NodeCard';
import { type NodeState, nodesByRound, type RatingSettings } from './workOrdersApi';

/**
 * The work order's node instances round by round ("Round 2 (rework)" after a rework), each in flow order; an active
 * rating node offers "skip" when `canSkip` says so, and the skip names that node.
 */
export function WorkflowNodesPanel({
  nodes,
  canSkip,
  onSkip,
}: {
  nodes: readonly NodeState[];
  canSkip: (node: NodeState) => boolean;
  onSkip: (node: NodeState) => void;
}) {
  const { t, i18n } = useTranslation();
  const rounds = nodesByRound(nodes);
  const several = rounds.length > 1 || rounds.some((r) => r.round > 1);
  return (
    <Card title={t('workOrders.nodes.title')} data-testid="workflow-nodes">
      {nodes.length === 0 ? (
        <Empty description={t('workOrders.nodes.empty')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {rounds.map(({ round, nodes: ofRound }) => (
            <Space
              key={round}
              orientation="vertical"
              size="middle"
              style={{ width: '100%' }}
              data-testid="node-round"
              data-round={round}
            >
              {several ? (
                <Divider titlePlacement="start" plain style={{ margin: '4px 0' }} data-testid="node-round-title">
                  {round > 1 ? t('workOrders.nodes.roundRework', { round }) : t('workOrders.nodes.round', { round })}
                </Divider>
              ) : null}
              {ofRound.map((node) => {
                const settings = node.settings as RatingSettings;
                return (
                  <NodeCard
                    key={node.id ?? `${node.round}:${node.key}`}
                    node={node}
                    extra={
                      canSkip(node) ? (
                        <Button
                          size="small"
                          icon={<StopOutlined />}
                          onClick={() => onSkip(node)}
                          data-testid="skip-rating"
                        >
                          {t('workOrders.nodes.skip')}
                        </Button>
                      ) : null
                    }
                    mainLabel={
                      node.type === 'rating'
                        ? localised(settings.mainButtonLabel, i18n.language) || t('workOrders.invitations.send')
                        : undefined
                    }
                  />
                );
              })}
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}
