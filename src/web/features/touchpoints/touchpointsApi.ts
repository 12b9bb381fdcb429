import { useQuery } from '@tanstack/react-query';
import { type Answer, client, ok } from '../../api/client';

export type Touchpoint = Answer<'/touchpoints'>['items'][number];

export const touchpointKeys = {
  all: ['touchpoints'] as const,
  list: () => [...touchpointKeys.all, 'list'] as const,
};

/** Every configured touchpoint (a handful, unpaged) and the weight of the others. */
export function useTouchpoints() {
  return useQuery({ queryKey: touchpointKeys.list(), queryFn: () => ok(client.GET('/touchpoints')) });
}
