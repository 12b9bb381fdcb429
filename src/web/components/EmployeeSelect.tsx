import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../api/client';
import { employeeKeys } from '../features/employees/employeesApi';

interface Props {
  value?: string | null;
  /** The picked employee's id and its label (`Name (No.)`), for a caller that shows it again later. */
  onChange?: (value: string | null, label?: string) => void;
  /** Label of the current value, shown before the search has loaded it. */
  initialLabel?: string | null;
  placeholder?: string;
  style?: CSSProperties;
  /** The input's id, for a form label's `htmlFor`. */
  id?: string;
  'data-testid'?: string;
}

/** Employee picker that searches the server as the user types. */
export function EmployeeSelect({ value, onChange, initialLabel, placeholder, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const query = useQuery({
    queryKey: employeeKeys.picker(debounced),
    queryFn: () => ok(client.GET('/employees', { params: { query: { q: debounced, limit: 20 } } })),
  });
  const options = (query.data?.items ?? []).map((employee) => ({
    value: employee.id,
    label: `${employee.name} (${employee.employeeNo})`,
  }));
  if (value && initialLabel && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: initialLabel });
  }

  return (
    <Select
      data-testid={rest['data-testid']}
      id={id}
      style={style}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null, options.find((option) => option.value === next)?.label)}
      loading={query.isFetching}
      placeholder={placeholder ?? t('common.searchEmployee')}
      aria-label={placeholder ?? t('common.searchEmployee')}
      notFoundContent={query.isFetching ? t('common.loading') : t('common.noMatches')}
      options={options}
    />
  );
}
