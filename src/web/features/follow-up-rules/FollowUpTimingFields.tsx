import { Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';

type Field = 'onlyIfUnratedHours' | 'dueHours';

interface Props {
  /** The words' namespace (`followUpRules` or `workflows.followUp`): onlyIfUnrated, dueHours, their help, always, defaultDue. */
  ns: string;
  /** The index of the node in the workflow's list of nodes; none in the rule drawer. */
  listIndex?: number;
  /** The hours' unit. */
  hours: string;
  testIds: Record<Field, string>;
}

/**
 * When a follow-up happens: only if the customer has not rated within some hours, and the task's due time in hours
 * (empty = always, and the settings' default). The follow-up rule drawer and the workflow's follow-up node.
 */
export function FollowUpTimingFields({ ns, listIndex, hours, testIds }: Props) {
  const { t } = useTranslation();
  const name = (field: Field) => (listIndex === undefined ? field : [listIndex, field]);
  const fields = [
    { field: 'onlyIfUnratedHours', label: 'onlyIfUnrated', max: 24 * 30, placeholder: 'always' },
    { field: 'dueHours', label: 'dueHours', max: 24 * 90, placeholder: 'defaultDue' },
  ] as const;
  return (
    <Space size={[24, 0]} align="start" wrap>
      {fields.map(({ field, label, max, placeholder }) => (
        <Form.Item key={field} name={name(field)} label={t(`${ns}.${label}`)} tooltip={t(`${ns}.${label}Help`)}>
          <InputNumber
            aria-label={t(`${ns}.${label}`)}
            data-testid={testIds[field]}
            min={1}
            max={max}
            precision={0}
            placeholder={t(`${ns}.${placeholder}`)}
            suffix={hours}
            style={{ width: 170 }}
          />
        </Form.Item>
      ))}
    </Space>
  );
}
