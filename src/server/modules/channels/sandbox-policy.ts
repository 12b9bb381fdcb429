import { sandboxChannelAllowed } from '../../config.js';
import type { ChannelProvider } from '../../db/schema/channels.js';
import { ProblemError } from '../../http/problem.js';

export const isSandboxProvider = (provider: ChannelProvider): boolean => provider.startsWith('sandbox_');

/** 403 `sandbox-disabled`: a sandbox configuration in production without SANDBOX_CHANNEL_ENABLED=true. */
export function assertSandboxAllowed(provider: ChannelProvider, allowed = sandboxChannelAllowed()): void {
  if (isSandboxProvider(provider) && !allowed) {
    throw new ProblemError(
      403,
      'sandbox-disabled',
      'Sandbox channels are disabled',
      'Sandbox channels keep messages instead of sending them; in production set SANDBOX_CHANNEL_ENABLED=true to allow them.',
    );
  }
}
