import { sleep } from 'n8n-workflow';

import { MailchimpApiError, toMailchimpError } from './errors';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No new attempt starts after this much time since the first. */
	budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 8000, budgetMs: 90_000 };

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
 */
export async function withRetries<T>(
	send: () => Promise<T>,
	policy: RetryPolicy = DEFAULT_RETRY,
	{ idempotent = true }: { idempotent?: boolean } = {},
): Promise<Attempted<T>> {
	const startedAt = Date.now();
	let ambiguous = false;
	for (let attempt = 0; ; attempt++) {
		try {
			return { value: await send(), ambiguous };
		} catch (raw) {
			const error = toMailchimpError(raw);
			const outOfBudget =
				attempt + 1 >= policy.maxAttempts || Date.now() - startedAt >= policy.budgetMs;
			if (!error.retryable || outOfBudget) throw withAmbiguity(error, ambiguous);
			// A 429 is refused before any work; a 5xx or a lost answer may have been applied.
			if (error.status !== 429) {
				ambiguous = true;
				if (!idempotent) throw withAmbiguity(error, true);
			}
			await sleep(backoffDelay(attempt, policy));
		}
	}
}

/** Marks a final error whose earlier attempts may have been applied. */
export class AmbiguousMailchimpError extends MailchimpApiError {}

function withAmbiguity(error: MailchimpApiError, ambiguous: boolean): MailchimpApiError {
	if (!ambiguous) return error;
	return new AmbiguousMailchimpError(error.status, error.title, error.detail, error.fieldErrors, error.code);
}
