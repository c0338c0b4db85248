import type { Pauses } from '../../../helpers/pause';
import type { MailchimpClient } from '../../../transport/client';
import type { MemberStatus } from '../../../transport/types';
import type { ExecutionSettings } from './readSettings';

/**
 * Contacts that can share calls: one audience, and one value of Skip Merge Validation (a query
 * parameter of the call, not of a member). Every step of a push works within one group.
 */
export interface PushGroup {
	client: MailchimpClient;
	execution: ExecutionSettings;
	audienceId: string;
	skipMergeValidation: boolean;
	/** How many contacts the push may create at most (the item count), for sizing calls. */
	expected: number;
	/** The audience's members that are not subscribed, once read (readStatusBook); undefined: not worth it. */
	book?: Promise<Map<string, MemberStatus> | undefined>;
	/** The execution's pauses for I/O, shared by every step that works through items synchronously. */
	pauses: Pauses;
}

export const groupKey = (audienceId: string, skipMergeValidation: boolean) => `${audienceId}\u0000${skipMergeValidation}`;
