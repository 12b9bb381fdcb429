import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { DepartmentForm } from './DepartmentForm';
import { buildDepartmentTree, useDepartments } from './departmentsApi';

type Mode = { kind: 'view'; id: string } | { kind: 'create'; parentId: string | null } | { kind: 'none' };

export function DepartmentsPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const formatDate = useFormatDate();
  const departments = useDepartments();
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const all = departments.data ?? [];
  const tree = useMemo(() => buildDepartmentTree(all), [all]);
  const selected = mode.kind === 'view' ? (all.find((item) => item.id === mode.id) ?? null) : null;
  const createDefaults = useMemo(
    () =>
      mode.kind === 'create'
        ? { parentId: mode.parentId, kind: mode.parentId ? ('team' as const) : ('region' as const) }
        : undefined,
    [mode],
  );

  if (departments.isPending) return <Skeleton active />;
  if (departments.isError) return <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />;

  const panel =
    mode.kind === 'create' || selected ? (
      <Card
        title={selected ? selected.name : t('departments.newTitle')}
        extra={
          selected ? (
            <Space>
              <Tag>{t(`departments.kinds.${selected.kind}`)}</Tag>
              {canEdit ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setMode({ kind: 'create', parentId: selected.id })}
                  data-testid="add-child"
                >
                  {t('departments.addChild')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
        data-testid="department-panel"
      >
        {selected ? (
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('departments.employeeCount')}>{selected.employeeCount}</Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>{formatDate(selected.updatedAt)}</Descriptions.Item>
          </Descriptions>
        ) : null}
        <DepartmentForm
          department={selected}
          defaults={createDefaults}
          all={all}
          canEdit={canEdit}
          onSaved={(saved) => setMode({ kind: 'view', id: saved.id })}
          onDeleted={() => setMode({ kind: 'none' })}
        />
      </Card>
    ) : (
      <Card>
        <Empty description={t('departments.selectHint')} />
      </Card>
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.departments')}
      </Typography.Title>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={10}>
          <Card
            title={t('departments.tree')}
            extra={
              canEdit ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setMode({ kind: 'create', parentId: null })}
                  data-testid="add-department"
                >
                  {t('departments.add')}
                </Button>
              ) : null
            }
          >
            {tree.length === 0 ? (
              <Empty description={t('departments.empty')} data-testid="departments-empty">
                {canEdit ? (
                  <Button type="primary" onClick={() => setMode({ kind: 'create', parentId: null })}>
                    {t('departments.createFirst')}
                  </Button>
                ) : null}
              </Empty>
            ) : (
              <Tree
                key={all.length}
                data-testid="department-tree"
                showLine
                defaultExpandAll
                treeData={tree}
                selectedKeys={selected ? [selected.id] : []}
                onSelect={(keys) => {
                  const key = keys[0];
                  setMode(key ? { kind: 'view', id: String(key) } : { kind: 'none' });
                }}
                titleRender={(node) => (
                  <span>
                    {node.title} <Typography.Text type="secondary">({node.department.employeeCount})</Typography.Text>
                  </span>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {panel}
        </Col>
      </Row>
    </Space>
  );
}
