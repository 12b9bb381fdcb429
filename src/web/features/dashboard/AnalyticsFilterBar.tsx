import { useQuery } from '@tanstack/react-query';
import { DatePicker, Flex, Grid, Segmented, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RATING_CHANNELS, type RatingChannel } from '../../../common/channels';
import { client, ok } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { SearchFilter } from '../../components/SearchFilter';
import { templateKeys, useServiceTypes } from '../templates/templatesApi';
import { type AnalyticsFilters, RATING_SOURCES, type RatingSource } from './analyticsApi';
import { addDays, effectivePreset, isDay, PERIOD_PRESETS, type Range } from './period';
import { useOfferedDepartments } from './useAnalyticsScope';

/** Every rating template, archived ones included (old ratings answered them), for the template filter. */
function useAllTemplates() {
  return useQuery({
    queryKey: templateKeys.list({ limit: 500 }),
    // Without `status`, active and archived ones.
    queryFn: () =>
      ok(client.GET('/rating-templates', { params: { query: { limit: 500 } } })).then((page) => page.items),
  });
}

type PeriodChoice = (typeof PERIOD_PRESETS)[number] | 'all';

/**
 * The analytics filter bar the dashboard and the ratings list share, every value in the URL (`update` is the page's
 * `useListState().update`): the period (presets, or a custom range of local days; `allowAnyTime` adds "any time"
 * for the ratings list) and the attributes a rating was credited to. `children` are a page's own filters.
 */
export function AnalyticsFilterBar({
  filters,
  update,
  range,
  allowAnyTime = false,
  children,
}: {
  filters: AnalyticsFilters;
  update: (patch: Partial<AnalyticsFilters>) => void;
  /** The period shown (null: any time). */
  range: Range | null;
  allowAnyTime?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const serviceTypes = useServiceTypes();
  const templates = useAllTemplates();
  const departments = useOfferedDepartments();
  // On a phone the filters go two to a row and the period is a select (the preset buttons would not fit).
  const phone = Grid.useBreakpoint().md === false;
  const width = (desktop: number) => ({ width: phone ? 'calc(50% - 6px)' : desktop, maxWidth: '100%' });
  return (
    <Flex vertical gap={12} style={{ width: '100%' }} data-testid="analytics-filters">
      <PeriodFilter filters={filters} update={update} range={range} allowAnyTime={allowAnyTime} />
      <Flex wrap gap={12} align="center">
        <Select
          allowClear
          data-testid="filter-service-type"
          style={width(170)}
          placeholder={t('analytics.filters.serviceType')}
          aria-label={t('analytics.filters.serviceType')}
          value={filters.serviceTypeId}
          onChange={(serviceTypeId?: string) => update({ serviceTypeId })}
          options={(serviceTypes.data ?? []).map((type) => ({ value: type.id, label: type.name }))}
        />
        <TreeSelect
          allowClear
          data-testid="filter-department"
          style={width(200)}
          placeholder={t('analytics.filters.department')}
          aria-label={t('analytics.filters.department')}
          treeData={departments.tree}
          loading={departments.loading}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
          value={filters.departmentId}
          onChange={(departmentId?: string) => update({ departmentId })}
        />
        <EmployeeSelect
          style={width(190)}
          data-testid="filter-engineer"
          placeholder={t('analytics.filters.engineer')}
          value={filters.engineerId ?? null}
          initialLabel={filters.engineerLabel}
          onChange={(engineerId, label) => update({ engineerId: engineerId ?? undefined, engineerLabel: label })}
        />
        <SearchFilter
          testId="filter-store"
          width={phone ? 'calc(50% - 6px)' : 150}
          placeholder={t('analytics.filters.store')}
          value={filters.store}
          onSearch={(store) => update({ store })}
        />
        <SearchFilter
          testId="filter-touchpoint"
          width={phone ? 'calc(50% - 6px)' : 150}
          placeholder={t('analytics.filters.touchpoint')}
          value={filters.touchpoint}
          onSearch={(touchpoint) => update({ touchpoint })}
        />
        <Select<RatingChannel>
          allowClear
          data-testid="filter-channel"
          style={width(130)}
          placeholder={t('analytics.filters.channel')}
          aria-label={t('analytics.filters.channel')}
          value={filters.channel}
          onChange={(channel?: RatingChannel) => update({ channel })}
          options={RATING_CHANNELS.map((channel) => ({ value: channel, label: t(`rules.channels.${channel}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="filter-template"
          style={width(180)}
          placeholder={t('analytics.filters.template')}
          aria-label={t('analytics.filters.template')}
          value={filters.templateId}
          onChange={(templateId?: string) => update({ templateId })}
          options={(templates.data ?? []).map((template) => ({ value: template.id, label: template.name }))}
        />
        <Select<RatingSource>
          allowClear
          data-testid="filter-source"
          style={width(140)}
          placeholder={t('analytics.filters.source')}
          aria-label={t('analytics.filters.source')}
          value={filters.source}
          onChange={(source?: RatingSource) => update({ source })}
          options={RATING_SOURCES.map((source) => ({ value: source, label: t(`analytics.sources.${source}`) }))}
        />
        {children}
      </Flex>
    </Flex>
  );
}

/** The period row of the filter bar (presets, or a custom range of local days), alone on pages with no other filter. */
export function PeriodFilter({
  filters,
  update,
  range,
  allowAnyTime = false,
  children,
}: {
  filters: AnalyticsFilters;
  update: (patch: Partial<AnalyticsFilters>) => void;
  range: Range | null;
  allowAnyTime?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const anyTime = allowAnyTime && !range;
  const choice: PeriodChoice = anyTime ? 'all' : effectivePreset(filters.period, filters.from, filters.to);
  const choices: PeriodChoice[] = [...(allowAnyTime ? (['all'] as const) : []), ...PERIOD_PRESETS];
  // The picker shows inclusive days; `to` is exclusive (the API's convention), so its end day is the day before.
  const picked: [dayjs.Dayjs, dayjs.Dayjs] | null =
    range && isDay(range.from) && isDay(range.to)
      ? [dayjs(range.from), dayjs(addDays(range.to, -1))]
      : range
        ? [dayjs(range.from), dayjs(range.to)]
        : null;

  const onChoice = (next: PeriodChoice) => {
    if (next === 'all') update({ period: undefined, from: undefined, to: undefined });
    else if (next === 'custom') {
      // Keep the days shown as the custom range, to be edited in the picker.
      update({ period: 'custom', from: range?.from, to: range?.to });
    } else update({ period: next, from: undefined, to: undefined });
  };

  return (
    <Flex wrap gap={12} align="center">
      {phone ? (
        <Select<PeriodChoice>
          data-testid="period-presets"
          style={{ width: '100%' }}
          aria-label={t('analytics.filters.period')}
          value={choice}
          onChange={onChoice}
          options={choices.map((value) => ({ value, label: t(`analytics.periods.${value}`) }))}
        />
      ) : (
        <Segmented<PeriodChoice>
          data-testid="period-presets"
          aria-label={t('analytics.filters.period')}
          value={choice}
          onChange={onChoice}
          options={choices.map((value) => ({ value, label: t(`analytics.periods.${value}`) }))}
        />
      )}
      <DatePicker.RangePicker
        style={phone ? { width: '100%' } : undefined}
        data-testid="period-range"
        allowClear={allowAnyTime}
        aria-label={t('analytics.filters.range')}
        placeholder={[t('analytics.filters.from'), t('analytics.filters.to')]}
        value={picked}
        onChange={(days) =>
          days?.[0] && days[1]
            ? update({
                period: 'custom',
                from: days[0].format('YYYY-MM-DD'),
                to: addDays(days[1].format('YYYY-MM-DD'), 1),
              })
            : update({ period: undefined, from: undefined, to: undefined })
        }
      />
      {children}
    </Flex>
  );
}
