import { sleep } from 'n8n-workflow';

/** Mailchimp allows 10 simultaneous connections per account; past that it answers 429. */
export const MAILCHIMP_CONNECTION_LIMIT = 10;

/** A counting semaphore: at most `size` tasks run at once, the rest wait in arrival order. */
export class Semaphore {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly size: number) {}

	get idle(): boolean {
		return this.active === 0 && this.waiting.length === 0;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.size) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.active++;
		}
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}

/** Without a 429 for this long, the window grows by one more (besides what its successes add). */
export const REGROW_MS = 1_000;
/**
 * A slot whose request was refused with a 429 stays taken this long. A refusal comes back at once,
 * so a freed slot would send the next waiting request straight into the same full account: the
 * window bounds requests in flight, and this bounds how fast refused ones are replaced.
 */
export const THROTTLED_HOLD_MS = 100;

/**
 * How many requests this process sends to one account at once, adapted to what Mailchimp says
 * (additive increase, multiplicative decrease). Other n8n processes (queue-mode workers, a second
 * instance) and other tools share the account's 10 connections without telling us: a 429 means
 * the account is full, so the window halves at once (never below 1), and each success grows it by
 * 1/window, about one more request per window of successes, back up to the ceiling. One shrink
 * per round trip: the 429s of requests sent before the last shrink report the same congestion.
 * Time grows it too, by one per REGROW_MS without a 429: calls of 500 members take a second or
 * more, so successes alone would take tens of seconds to win back connections another process
 * has stopped using, and a window that an earlier burst shrank would stay small for the next push.
 */
export class AdaptiveWindow {
	private limit: number;
	private active = 0;
	private readonly waiting: Array<() => void> = [];
	/** Bumped at every shrink; a request remembers the epoch it was sent in. */
	private epoch = 0;
	/** Since when the window has grown by time (the last shrink, or the last step of growth by time). */
	private quietSince: number;

	constructor(
		readonly ceiling: number = MAILCHIMP_CONNECTION_LIMIT,
		private readonly now: () => number = Date.now,
	) {
		this.limit = ceiling;
		this.quietSince = now();
	}

	/** Requests allowed in flight now. */
	get size(): number {
		this.regrow();
		return Math.max(1, Math.floor(this.limit));
	}

	get inFlight(): number {
		return this.active;
	}

	/** Runs the request in a slot; `throttled` tells whether Mailchimp refused it for the limit. */
	async run<T>(send: () => Promise<T>, throttled: (error: unknown) => boolean): Promise<T> {
		if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		const sentIn = this.epoch;
		let refused = false;
		try {
			return await send().then(
				(value) => {
					this.grow();
					return value;
				},
				(error: unknown) => {
					refused = throttled(error);
					if (refused) this.shrink(sentIn);
					return Promise.reject(error);
				},
			);
		} finally {
			if (refused) void sleep(THROTTLED_HOLD_MS).then(() => this.release());
			else this.release();
		}
	}

	private release(): void {
		this.active--;
		this.drain();
	}

	grow(): void {
		if (this.limit < this.ceiling) this.limit = Math.min(this.ceiling, this.limit + 1 / this.limit);
	}

	shrink(sentIn = this.epoch): void {
		if (sentIn !== this.epoch) return;
		this.epoch++;
		this.limit = Math.max(1, this.limit / 2);
		this.quietSince = this.now();
	}

	private regrow(): void {
		const steps = Math.floor((this.now() - this.quietSince) / REGROW_MS);
		if (steps <= 0) return;
		this.quietSince += steps * REGROW_MS;
		if (this.limit < this.ceiling) this.limit = Math.min(this.ceiling, this.limit + steps);
	}

	private drain(): void {
		while (this.active < this.size && this.waiting.length) {
			this.active++;
			this.waiting.shift()!();
		}
	}
}

/**
 * One window per Mailchimp account for the whole process: n8n runs many executions in one
 * process, and they share the account's connections. `account` is Connection.account (a hash
 * of the key or token), so no secret is held as a map key. A window outlives its executions
 * for a while, so what it learned carries over to the next push on the same account.
 */
const accounts = new Map<string, { window: AdaptiveWindow; lastUsed: number }>();
const FORGET_AFTER_MS = 10 * 60_000;

export function accountWindow(account: string): AdaptiveWindow {
	const now = Date.now();
	let entry = accounts.get(account);
	if (!entry) {
		for (const [key, other] of accounts) {
			if (other.window.inFlight === 0 && now - other.lastUsed > FORGET_AFTER_MS) accounts.delete(key);
		}
		entry = { window: new AdaptiveWindow(), lastUsed: now };
		accounts.set(account, entry);
	}
	entry.lastUsed = now;
	return entry.window;
}

/** Forgets what every window learned, as a fresh process would start (the tests use it between cases). */
export function forgetAccountWindows(): void {
	accounts.clear();
}
