import { useQueries } from '@tanstack/react-query';
import { Flex, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { employeeKeys } from '../employees/employeesApi';

interface Props {
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
  max: number;
  id?: string;
}

/** Specific employees to notify: a tag per employee (by name) and a search to add one more. */
export function NotifyEmployeesInput({ value = [], onChange, disabled, max, id }: Props) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<Record<string, string>>({});
  // Names of the employees the rule already had (one request each; a rule lists a handful).
  const known = useQueries({
    queries: value
      .filter((employeeId) => !picked[employeeId])
      .map((employeeId) => ({
        queryKey: employeeKeys.detail(employeeId),
        queryFn: () => ok(client.GET('/employees/{id}', { params: { path: { id: employeeId } } })),
        staleTime: 60_000,
      })),
  });
  const nameOf = (employeeId: string) => {
    if (picked[employeeId]) return picked[employeeId];
    const employee = known.find((q) => q.data?.id === employeeId)?.data;
    return employee ? `${employee.name} (${employee.employeeNo})` : '…';
  };

  return (
    <Flex vertical gap={8} data-testid="notify-employees">
      {value.length ? (
        <Flex gap={4} wrap>
          {value.map((employeeId) => (
            <Tag
              key={employeeId}
              closable={!disabled}
              onClose={() => onChange?.(value.filter((v) => v !== employeeId))}
              data-testid="notify-employee"
            >
              {nameOf(employeeId)}
            </Tag>
          ))}
        </Flex>
      ) : null}
      {disabled || value.length >= max ? null : (
        <EmployeeSelect
          id={id}
          value={null}
          placeholder={t('alertRules.notify.addEmployee')}
          style={{ width: '100%', maxWidth: 360 }}
          data-testid="notify-employee-select"
          onChange={(employeeId, label) => {
            if (!employeeId || value.includes(employeeId)) return;
            if (label) setPicked((old) => ({ ...old, [employeeId]: label }));
            onChange?.([...value, employeeId]);
          }}
        />
      )}
    </Flex>
  );
}
