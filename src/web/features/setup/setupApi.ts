import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, client, ok } from '../../api/client';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';

export type SetupStatus = Answer<'/setup-status'>;
export type DeliveryProblem = Answer<'/delivery-problems'>['items'][number];

/** Every query key of the feature. */
export const setupKeys = {
  status: ['setup-status'] as const,
  problems: ['delivery-problems'] as const,
};

/** Set-up and delivery health are admin matters (the routes ask for channels.read). */
export function useIsChannelAdmin(): boolean {
  const { session } = useAuth();
  return hasPermission(session?.user.roles, 'channels.read');
}

export function useSetupStatus() {
  const enabled = useIsChannelAdmin();
  return useQuery({ queryKey: setupKeys.status, queryFn: () => ok(client.GET('/setup-status')), enabled });
}

export function useDeliveryProblems() {
  const enabled = useIsChannelAdmin();
  return useQuery({
    queryKey: setupKeys.problems,
    queryFn: () => ok(client.GET('/delivery-problems')),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useAcknowledgeProblem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(client.POST('/delivery-problems/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: setupKeys.problems }),
  });
}
