import { MailchimpApiError } from '../../../../nodes/MailchimpPushContact/transport/errors';
import { Semaphore } from '../../../../nodes/MailchimpPushContact/transport/limiter';
import {
	AmbiguousMailchimpError,
	backoffDelay,
	withRetries,
	type RetryPolicy,
} from '../../../../nodes/MailchimpPushContact/transport/retry';

const fast: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4, budgetMs: 5000 };
const failing = (status: number) => Object.assign(new Error('x'), { status, response: { status, body: { title: `T${status}`, detail: 'd' } } });

describe('backoffDelay', () => {
	it('grows exponentially with jitter inside [window/2, window], capped', () => {
		const policy = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 1e6 };
		expect(backoffDelay(0, policy, () => 0)).toBe(50);
		expect(backoffDelay(2, policy, () => 1)).toBe(400);
		expect(backoffDelay(8, policy, () => 1)).toBe(1000);
	});
});

describe('withRetries', () => {
	it('retries 429s, then succeeds; a 429 alone is not ambiguous', async () => {
		const answers = [failing(429), failing(429), 'ok'];
		const result = await withRetries(async () => {
			const next = answers.shift();
			if (next instanceof Error) throw next;
			return next;
		}, fast);
		expect(result).toMatchObject({ value: 'ok', ambiguous: false });
	});
	it('retries a 5xx and a dropped connection, and marks the success after them as ambiguous', async () => {
		const answers: unknown[] = [failing(503), Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ok'];
		const result = await withRetries(async () => {
			const next = answers.shift();
			if (next instanceof Error) throw next;
			return next;
		}, fast);
		expect(result.ambiguous).toBe(true);
	});
	it('retries a request that is not idempotent only after a 429', async () => {
		const answers: unknown[] = [failing(429), failing(503), 'ok'];
		let calls = 0;
		const send = async () => {
			calls++;
			const next = answers.shift();
			if (next instanceof Error) throw next;
			return next;
		};
		await expect(withRetries(send, fast, { idempotent: false })).rejects.toBeInstanceOf(AmbiguousMailchimpError);
		expect(calls).toBe(2);
	});
	it('does not retry a 400 and keeps Mailchimp title and detail', async () => {
		let calls = 0;
		await expect(
			withRetries(async () => {
				calls++;
				throw failing(400);
			}, fast),
		).rejects.toMatchObject({ status: 400, title: 'T400', detail: 'd' });
		expect(calls).toBe(1);
	});
	it('gives up after maxAttempts, flagging that an earlier attempt may have landed', async () => {
		let calls = 0;
		const error = await withRetries(async () => {
			calls++;
			throw failing(503);
		}, fast).catch((e) => e);
		expect(calls).toBe(4);
		expect(error).toBeInstanceOf(AmbiguousMailchimpError);
		expect(error).toBeInstanceOf(MailchimpApiError);
	});
});

describe('Semaphore', () => {
	it('never runs more than its size at once', async () => {
		const semaphore = new Semaphore(3);
		let running = 0;
		let peak = 0;
		await Promise.all(
			Array.from({ length: 20 }, () =>
				semaphore.run(async () => {
					peak = Math.max(peak, ++running);
					await new Promise((r) => setTimeout(r, 2));
					running--;
				}),
			),
		);
		expect(peak).toBe(3);
		expect(semaphore.idle).toBe(true);
	});
});
