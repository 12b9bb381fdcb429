import { allOf, type ItemOf } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** One message kept by a sandbox channel (GET /sandbox/messages; server: modules/channels/sandbox.*). */
export type SandboxMessage = ItemOf<'/sandbox/messages'>;
export type SandboxChannel = SandboxMessage['channel'];

export const SANDBOX_CHANNELS = allOf<SandboxChannel>()(['sms', 'email', 'wechat']);

/** How often the inbox looks for new messages while its first page is shown. */
export const SANDBOX_REFRESH_MS = 3000;

export interface SandboxFilters {
  channel?: SandboxChannel;
}

export const sandboxFiltersUrl: UrlSpec<SandboxFilters> = { channel: urlParam.oneOf(SANDBOX_CHANNELS) };

export const sandboxKeys = {
  all: ['sandbox-messages'] as const,
  list: (query: object) => [...sandboxKeys.all, 'list', query] as const,
};
