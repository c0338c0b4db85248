import type { IDataObject } from 'n8n-workflow';

import { ConnectionError } from '../transport/connection';
import { toMailchimpError, type MailchimpApiError } from '../transport/errors';
import { explainProblem } from './explainProblem';

/** In preview mode, the request an operation would send for the item, and what else it would change. */
export interface Preview {
	request?: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: Record<string, unknown> };
	tags?: { add: string[]; remove: string[] };
	welcomeJourney?: boolean;
}

/** What happened to one item. Every input item ends with exactly one. */
export type Outcome = Done | Failed;

export interface Done {
	ok: true;
	/** created, updated, skipped, unsubscribed, archived, … (Get has none). */
	action?: string;
	status?: string;
	reason?: string;
	welcomeJourneyTriggered?: boolean;
	/** Preview only: what would be sent. */
	preview?: Preview;
	/** Fields the operation adds to the output item (a member read by Get, a note's id, …). */
	data?: IDataObject;
}

export interface Failed {
	ok: false;
	message: string;
	problem?: MailchimpApiError;
	/** Set when the contact was written before a later step failed: the write is reported too. */
	action?: string;
	status?: string;
	/** The welcome journey's fate, when it was decided before the failure. */
	welcomeJourneyTriggered?: boolean;
}

// Outcomes are values, never changed once made: the plain ones are shared, so a push of
// 100,000 contacts does not keep 100,000 copies of "created, subscribed".
const plain = new Map<string, Done>();

export function done(action: string | undefined, status?: string, extra: Omit<Done, 'ok' | 'action' | 'status'> = {}): Done {
	if (Object.values(extra).some((v) => v !== undefined)) return { ok: true, action, status, ...extra };
	const key = `${action} ${status}`;
	let outcome = plain.get(key);
	if (!outcome) plain.set(key, (outcome = Object.freeze({ ok: true as const, action, status })));
	return outcome;
}

export const failed = (message: string, problem?: MailchimpApiError): Failed => ({ ok: false, message, problem });

/** A request that failed for good, as the item's outcome: Mailchimp's title and detail in plain words. */
export function failedFrom(error: unknown): Failed {
	// The credential itself is unusable (checked before any request): its message says why.
	if (error instanceof ConnectionError) return failed(error.message);
	const problem = toMailchimpError(error);
	return failed(explainProblem(problem), problem);
}

/** Runs a step whose failure becomes the item's outcome, never a lost item. */
export async function guarded(step: () => Promise<Outcome>): Promise<Outcome> {
	try {
		return await step();
	} catch (error) {
		return failedFrom(error);
	}
}

/** A write that happened, followed by a step that did not: both are reported. */
export function failedAfter(written: Done, message: string, problem?: MailchimpApiError): Failed {
	return {
		ok: false,
		action: written.action,
		status: written.status,
		welcomeJourneyTriggered: written.welcomeJourneyTriggered,
		message,
		problem,
	};
}
