import { MailchimpApiError } from '../../../../nodes/MailchimpPushContact/transport/errors';
import { AdaptiveWindow, accountWindow, REGROW_MS, Semaphore, THROTTLED_HOLD_MS } from '../../../../nodes/MailchimpPushContact/transport/limiter';
import {
	AmbiguousMailchimpError,
	backoffDelay,
	retryAfterMs,
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

describe('429s and Retry-After', () => {
	it('a 429 does not use up the attempts meant for real faults; only the time budget bounds it', async () => {
		let calls = 0;
		const answers: unknown[] = [...Array.from({ length: 10 }, () => failing(429)), failing(503), failing(503), failing(503), 'ok'];
		const result = await withRetries(async () => {
			calls++;
			const next = answers.shift();
			if (next instanceof Error) throw next;
			return next;
		}, fast);
		expect(result).toEqual({ value: 'ok', ambiguous: true });
		expect(calls).toBe(14);
	});

	it('gives up on endless 429s once the budget is spent', async () => {
		const started = Date.now();
		const error = await withRetries(async () => {
			throw failing(429);
		}, { ...fast, budgetMs: 300 }).catch((e) => e);
		expect(error).toMatchObject({ status: 429 });
		expect(error).not.toBeInstanceOf(AmbiguousMailchimpError);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
	});

	it('waits out a Retry-After in seconds or as a date', async () => {
		const throttled = (after: string) => Object.assign(failing(429), { response: { status: 429, body: {}, headers: { 'retry-after': after } } });
		expect(retryAfterMs(throttled('2'))).toBe(2000);
		expect(retryAfterMs(throttled('Wed, 21 Oct 2026 07:28:05 GMT'), Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000);
		expect(retryAfterMs(throttled('3600'))).toBe(60_000);
		expect(retryAfterMs(failing(429))).toBeUndefined();
		const answers: unknown[] = [throttled('0.3'), 'ok'];
		const started = Date.now();
		await withRetries(async () => {
			const next = answers.shift();
			if (next instanceof Error) throw next;
			return next;
		}, fast);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});
});

describe('AdaptiveWindow', () => {
	const throttledError = () => failing(429);
	const isThrottled = (e: unknown) => (e as { status?: number }).status === 429;

	it('starts at the ceiling and never lets more than its size run', async () => {
		const window = new AdaptiveWindow(4);
		let running = 0;
		let peak = 0;
		await Promise.all(
			Array.from({ length: 20 }, () =>
				window.run(async () => {
					peak = Math.max(peak, ++running);
					await new Promise((r) => setTimeout(r, 2));
					running--;
				}, isThrottled),
			),
		);
		expect(peak).toBe(4);
		expect(window.size).toBe(4);
	});

	it('halves at a 429, once per round trip, never below 1', async () => {
		const window = new AdaptiveWindow(10);
		// Ten requests sent together all meet a 429: one congestion signal, one halving.
		await Promise.all(Array.from({ length: 10 }, () => window.run(async () => Promise.reject(throttledError()), isThrottled).catch(() => undefined)));
		expect(window.size).toBe(5);
		for (const expected of [2, 1, 1, 1]) {
			await window.run(async () => Promise.reject(throttledError()), isThrottled).catch(() => undefined);
			expect(window.size).toBe(expected);
		}
	});

	it('grows back by about one per window of successes, up to the ceiling', async () => {
		const window = new AdaptiveWindow(10);
		window.shrink();
		window.shrink();
		expect(window.size).toBe(2);
		const ok = () => window.run(async () => 'ok', isThrottled);
		await ok();
		await ok();
		expect(window.size).toBe(3);
		for (let i = 0; i < 200; i++) await ok();
		expect(window.size).toBe(10);
	});

	it(`grows by one more per ${REGROW_MS} ms without a 429, up to the ceiling; a 429 starts the count again`, () => {
		let now = 0;
		const window = new AdaptiveWindow(10, () => now);
		window.shrink();
		window.shrink();
		expect(window.size).toBe(2);
		now += REGROW_MS - 1;
		expect(window.size).toBe(2);
		now += 1;
		expect(window.size).toBe(3);
		now += 3 * REGROW_MS;
		expect(window.size).toBe(6);
		window.shrink();
		expect(window.size).toBe(3);
		now += REGROW_MS / 2;
		expect(window.size).toBe(3);
		now += 60 * REGROW_MS;
		expect(window.size).toBe(10);
	});

	it(`keeps a refused request's slot ${THROTTLED_HOLD_MS} ms: the next waiting request is not sent straight into the full account`, async () => {
		const window = new AdaptiveWindow(1);
		const sentAt: number[] = [];
		const refused = window.run(async () => {
			sentAt.push(Date.now());
			throw throttledError();
		}, isThrottled);
		const next = window.run(async () => {
			sentAt.push(Date.now());
			return 'ok';
		}, isThrottled);
		await expect(refused).rejects.toMatchObject({ status: 429 });
		expect(await next).toBe('ok');
		expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(THROTTLED_HOLD_MS - 5);
		// A request that fails otherwise frees its slot at once.
		const failedAt: number[] = [];
		const failing503 = window.run(async () => {
			failedAt.push(Date.now());
			throw failing(503);
		}, isThrottled);
		const after = window.run(async () => failedAt.push(Date.now()), isThrottled);
		await failing503.catch(() => undefined);
		await after;
		expect(failedAt[1] - failedAt[0]).toBeLessThan(THROTTLED_HOLD_MS / 2);
	});

	it('other errors neither shrink nor grow it', async () => {
		const window = new AdaptiveWindow(10);
		window.shrink();
		await window.run(async () => Promise.reject(failing(503)), isThrottled).catch(() => undefined);
		await window.run(async () => Promise.reject(failing(400)), isThrottled).catch(() => undefined);
		expect(window.size).toBe(5);
	});

	it('is one per account: one account\'s 429s leave another\'s window alone', () => {
		const a = accountWindow('account-a');
		const b = accountWindow('account-b');
		expect(accountWindow('account-a')).toBe(a);
		a.shrink();
		expect(a.size).toBe(5);
		expect(b.size).toBe(10);
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
