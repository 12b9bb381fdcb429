import { INVITATION_SOURCES as SOURCES, INVITATION_STATUSES as STATUSES } from '../../../common/invitations';
import { allOf, type ItemOf, type QueryOf } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';
import { RATING_CHANNELS } from '../rules/rulesApi';

type InvitationStatus = NonNullable<InvitationFilters['status']>;
type InvitationSource = NonNullable<InvitationFilters['source']>;

/** The server's lists (src/common), checked against the API's filter enums both ways. */
export const INVITATION_STATUSES = allOf<InvitationStatus>()(STATUSES);
export const INVITATION_SOURCES = allOf<InvitationSource>()(SOURCES);

export const INVITATION_COLORS: Record<string, string> = {
  pending: 'default',
  sending: 'processing',
  delivered: 'blue',
  failed: 'red',
  opened: 'cyan',
  submitted: 'green',
  expired: 'default',
  revoked: 'default',
};

export const ATTEMPT_COLORS: Record<string, string> = { sending: 'processing', succeeded: 'green', failed: 'red' };

/** One row of GET /invitations. */
export type InvitationListItem = ItemOf<'/invitations'>;

export type InvitationFilters = Pick<QueryOf<'/invitations'>, 'status' | 'channel' | 'source' | 'q' | 'from' | 'to'>;

/** How the list's filters travel in the URL (`useListState`). */
export const invitationFiltersUrl: UrlSpec<InvitationFilters> = {
  q: urlParam.text(),
  status: urlParam.oneOf(INVITATION_STATUSES),
  channel: urlParam.oneOf(RATING_CHANNELS),
  source: urlParam.oneOf(INVITATION_SOURCES),
  from: urlParam.instant(),
  to: urlParam.instant(),
};

export const invitationKeys = {
  all: ['invitations'] as const,
  list: (query: object) => [...invitationKeys.all, 'list', query] as const,
  counts: ['invitations', 'counts'] as const,
};
