import { type CallCentreAdapter, calleeOrThrow } from './adapter.js';

/**
 * The default adapter: a `tel:` link (RFC 3966 global number, `tel:+8613800138000`) that the agent's own phone or
 * softphone dials. Nothing is placed, so no call record comes back; the seat is not used.
 */
export function createTelAdapter(): CallCentreAdapter {
  return {
    kind: 'tel',
    async startCall({ callee }) {
      return { kind: 'link', href: `tel:${calleeOrThrow(callee)}` };
    },
  };
}
