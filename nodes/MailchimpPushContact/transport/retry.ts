import { sleep } from 'n8n-workflow';

import { MailchimpApiError, toMailchimpError } from './errors';

export interface RetryPolicy {
	/** Attempts that failed for a real fault (5xx, a dropped connection, a timeout), the first included. 429s don't count. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No new attempt starts after this much time since the first. */
	budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 300, maxDelayMs: 5000, budgetMs: 90_000 };

/** After a 429 without Retry-After, a shorter pause than after a fault: the account's window has shrunk already. */
function throttleDelay(throttles: number, policy: RetryPolicy): number {
	return backoffDelay(Math.min(throttles - 1, 5), { ...policy, baseDelayMs: policy.baseDelayMs / 3, maxDelayMs: policy.maxDelayMs / 2.5 });
}

export interface Attempted<T> {
	value: T;
	/** An earlier attempt may have been applied by Mailchimp although no answer came back. */
	ambiguous: boolean;
}

/** Exponential backoff with "equal jitter": half the window fixed, half random. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(window / 2 + (random() * window) / 2);
}

/**
 * Runs a request until it succeeds, fails for good, or the budget is spent. Member writes are
 * idempotent (PUT by subscriber hash) or reconciled by their caller (a create that answers
 * "already exists" after an ambiguous attempt), so retrying them is safe. A request that is
 * neither (`idempotent: false`, a journey trigger) is retried only after a 429, which Mailchimp
 * refuses before doing anything; after a failure that may have been applied it stops, ambiguous.
 *
 * A 429 is Mailchimp saying the account is busy, not that something failed: it does not use up
 * the attempts meant for real faults (only the time budget bounds it), and its Retry-After, when
 * Mailchimp sends one, is waited out.
 */
export async function withRetries<T>(
	send: () => Promise<T>,
	policy: RetryPolicy = DEFAULT_RETRY,
	{ idempotent = true }: { idempotent?: boolean } = {},
): Promise<Attempted<T>> {
	const startedAt = Date.now();
	let ambiguous = false;
	let faults = 0;
	let throttles = 0;
	for (;;) {
		try {
			return { value: await send(), ambiguous };
		} catch (raw) {
			const error = toMailchimpError(raw);
			const throttled = error.status === 429;
			if (throttled) throttles++;
			else faults++;
			const outOfBudget = faults >= policy.maxAttempts || Date.now() - startedAt >= policy.budgetMs;
			if (!error.retryable || outOfBudget) throw withAmbiguity(error, ambiguous);
			// A 429 is refused before any work; a 5xx or a lost answer may have been applied.
			if (!throttled) {
				ambiguous = true;
				if (!idempotent) throw withAmbiguity(error, true);
			}
			const delay = throttled
				? (retryAfterMs(raw) ?? throttleDelay(throttles, policy))
				: backoffDelay(faults - 1, policy);
			await sleep(Math.min(delay, Math.max(0, policy.budgetMs - (Date.now() - startedAt))));
		}
	}
}

/** Retry-After in seconds or as an HTTP date, from a refused request's answer; capped at a minute. */
export function retryAfterMs(raw: unknown, now = Date.now()): number | undefined {
	const headers = (raw as { response?: { headers?: Record<string, unknown> } } | undefined)?.response?.headers;
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
	if (!Number.isFinite(seconds)) return undefined;
	return Math.min(60_000, Math.max(0, seconds));
}

/** Marks a final error whose earlier attempts may have been applied. */
export class AmbiguousMailchimpError extends MailchimpApiError {}

function withAmbiguity(error: MailchimpApiError, ambiguous: boolean): MailchimpApiError {
	if (!ambiguous) return error;
	return new AmbiguousMailchimpError(error.status, error.title, error.detail, error.fieldErrors, error.code);
}
