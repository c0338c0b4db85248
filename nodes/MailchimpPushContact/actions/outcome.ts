import type { MailchimpApiError } from '../transport/errors';
import type { MemberStatus } from '../transport/types';

export type PushAction = 'created' | 'updated' | 'skipped';

/** In preview mode, the request a push would send for the contact, and its tag changes. */
export interface Preview {
	request?: { method: 'POST' | 'PUT'; path: string; body: Record<string, unknown> };
	tags?: { add: string[]; remove: string[] };
	welcomeJourney?: boolean;
}

/** What happened to one contact. Every input item ends with exactly one. */
export type Outcome =
	| {
			ok: true;
			action: PushAction;
			status: MemberStatus | string;
			reason?: string;
			welcomeJourneyTriggered?: boolean;
			/** The contact's tags went with the write that created it (no tags call needed). */
			tagsApplied?: boolean;
			/** The member's tags after its update, for "sync" tag mode. */
			currentTags?: string[];
			/** Preview only: what would be sent. */
			preview?: Preview;
	  }
	| {
			ok: false;
			message: string;
			problem?: MailchimpApiError;
			/** Set when the contact was written before a later step (tags, welcome) failed. */
			action?: PushAction;
			status?: MemberStatus | string;
	  };

type Extra = {
	reason?: string;
	welcomeJourneyTriggered?: boolean;
	tagsApplied?: boolean;
	currentTags?: string[];
	preview?: Preview;
};

// Outcomes are values, never changed once made: the plain ones are shared, so a push of
// 100,000 contacts does not keep 100,000 copies of "created, subscribed".
const plain = new Map<string, Outcome>();

export const pushed = (action: PushAction, status: MemberStatus | string, extra: Extra = {}): Outcome => {
	if (Object.values(extra).some((v) => v !== undefined)) return { ok: true, action, status, ...extra };
	const key = `${action} ${status}`;
	let outcome = plain.get(key);
	if (!outcome) plain.set(key, (outcome = Object.freeze({ ok: true, action, status })));
	return outcome;
};

export const failed = (message: string, problem?: MailchimpApiError): Outcome => ({ ok: false, message, problem });
