import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { followUpRuleKeys, useFollowUpAgents } from './followUpRulesApi';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The current agent's name (from the rule), shown until the search has loaded them. */
  initialLabel?: string | null;
  disabled?: boolean;
  style?: CSSProperties;
  /** The input's id, for a form label's `htmlFor`. */
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * Picks an active follow-up agent (what the server accepts for a rule's or a follow-up node's named agent), searching
 * as the user types. A value not among the results is still shown by name: the rule's, or read once by id.
 */
export function FollowUpAgentSelect({ value, onChange, initialLabel, disabled, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const agents = useFollowUpAgents(debounced, !disabled);
  const options = (agents.data ?? []).map((employee) => ({
    value: employee.id,
    label: `${employee.name} (${employee.employeeNo})`,
  }));
  const missing = Boolean(value) && !options.some((option) => option.value === value);
  const current = useQuery({
    queryKey: [...followUpRuleKeys.agents(''), 'one', value ?? null],
    enabled: missing && !initialLabel && !agents.isLoading,
    queryFn: () => ok(client.GET('/employees/{id}', { params: { path: { id: value! } } })),
    retry: false,
  });
  if (value && missing) {
    const label = initialLabel ?? (current.data ? `${current.data.name} (${current.data.employeeNo})` : undefined);
    if (label) options.unshift({ value, label });
  }
  const label = rest['aria-label'] ?? t('followUpRules.agentPlaceholder');
  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      style={style}
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      loading={agents.isFetching}
      placeholder={t('followUpRules.agentPlaceholder')}
      aria-label={label}
      notFoundContent={agents.isFetching ? t('common.loading') : t('followUpRules.noAgents')}
      options={options}
    />
  );
}
