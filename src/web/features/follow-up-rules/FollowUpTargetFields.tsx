import { Radio, type RadioGroupProps, Space, TreeSelect, type TreeSelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { GROUP_STRATEGIES } from './followUpRulesApi';

/**
 * How a group's agents take turns (round robin, least loaded), each with its help: a form control, used by the
 * follow-up rule drawer and the workflow's follow-up node.
 */
export function GroupStrategyRadio(props: RadioGroupProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group {...props}>
      <Space orientation="vertical">
        {GROUP_STRATEGIES.map((strategy) => (
          <Radio key={strategy} value={strategy}>
            {t(`followUpRules.strategies.${strategy}`)}
            <span style={{ color: '#595959', marginInlineStart: 8 }}>
              {t(`followUpRules.strategyHelp.${strategy}`)}
            </span>
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}

/** The group (a department) whose follow-up agents take the tasks: the department tree, opened and searchable. */
export function GroupTreeSelect(props: TreeSelectProps) {
  return <TreeSelect treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} {...props} />;
}
