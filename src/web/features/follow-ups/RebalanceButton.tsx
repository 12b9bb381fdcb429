import { ClusterOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { testId } from '../../components/testId';
import { type AgentWorkload, followUpKeys } from './followUpsApi';

/**
 * Rebalance (均衡分配) a team: the manager picks one of the teams in the workload and the server spreads its
 * not-yet-called tasks evenly over its active agents (`POST /follow-ups/teams/{id}/rebalance`); tasks already called
 * stay with their agent. The answer says how many moved.
 */
export function RebalanceButton({ agents }: { agents: AgentWorkload[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ departmentId?: string }>();
  const teams = useMemo(() => {
    const byId = new Map<string, string>();
    for (const agent of agents) {
      if (agent.departmentId) byId.set(agent.departmentId, agent.departmentName ?? agent.departmentId);
    }
    return [...byId].map(([value, label]) => ({ value, label }));
  }, [agents]);
  const rebalance = useMutation({
    mutationFn: (departmentId: string) =>
      ok(client.POST('/follow-ups/teams/{id}/rebalance', { params: { path: { id: departmentId } } })),
    onSuccess: async (answer) => {
      message.success(
        answer.moved + answer.assigned === 0
          ? t('followUps.rebalance.balanced')
          : t('followUps.rebalance.done', { moved: answer.moved, assigned: answer.assigned }),
      );
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: followUpKeys.all });
    },
    onError: (error) => onError(error, form),
  });
  if (teams.length === 0) return null;
  return (
    <>
      <Button size="small" icon={<ClusterOutlined />} onClick={() => setOpen(true)} data-testid="follow-up-rebalance">
        {t('followUps.rebalance.action')}
      </Button>
      <Modal
        open={open}
        title={t('followUps.rebalance.title')}
        okText={t('followUps.rebalance.confirm')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: rebalance.isPending, ...testId('follow-up-rebalance-save') }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('followUps.rebalance.help')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ departmentId: teams.length === 1 ? teams[0]?.value : undefined }}
          onFinish={(values: { departmentId?: string }) => values.departmentId && rebalance.mutate(values.departmentId)}
        >
          <Form.Item
            name="departmentId"
            label={t('followUps.rebalance.team')}
            rules={[{ required: true, message: t('followUps.rebalance.teamRequired') }]}
          >
            <Select options={teams} data-testid="follow-up-rebalance-team" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
