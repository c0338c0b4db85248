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

/**
 * One semaphore per Mailchimp account for the whole process: n8n runs many executions in one
 * process, and they share the account's 10 connections. `account` is Connection.account (a
 * hash of the key or token), so no secret is held as a map key.
 */
const accounts = new Map<string, { semaphore: Semaphore; users: number }>();

export async function withAccountSlot<T>(account: string, task: () => Promise<T>): Promise<T> {
	let entry = accounts.get(account);
	if (!entry) {
		entry = { semaphore: new Semaphore(MAILCHIMP_CONNECTION_LIMIT), users: 0 };
		accounts.set(account, entry);
	}
	entry.users++;
	try {
		return await entry.semaphore.run(task);
	} finally {
		if (--entry.users === 0) accounts.delete(account);
	}
}
