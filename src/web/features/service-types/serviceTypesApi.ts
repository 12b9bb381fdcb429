import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** The service-type list's filter (GET /service-types `active`). */
export interface ServiceTypeFilters {
  active: 'all' | 'true' | 'false';
}

export const serviceTypeFiltersUrl: UrlSpec<ServiceTypeFilters> = {
  active: urlParam.oneOf(['all', 'true', 'false'] as const),
};

export const serviceTypeKeys = {
  all: ['service-types'] as const,
  list: (query: object) => [...serviceTypeKeys.all, 'list', query] as const,
  /** Every service type, for pickers and name lookups. */
  options: () => [...serviceTypeKeys.all, 'options'] as const,
  detail: (id: string) => [...serviceTypeKeys.all, 'detail', id] as const,
};

/** Every service type (up to 500), for pickers and name lookups. */
export function useServiceTypes() {
  return useQuery({
    queryKey: serviceTypeKeys.options(),
    queryFn: () => ok(client.GET('/service-types', { params: { query: { limit: 500 } } })).then((page) => page.items),
  });
}
