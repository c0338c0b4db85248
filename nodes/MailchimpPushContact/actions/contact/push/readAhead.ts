import type { Pauses } from '../../../helpers/pause';
import type { ItemRecord } from '../../items';
import { completeContact, type ContactDraft, type ReadContext } from './readContact';

/** At most this many items are read ahead of their audience's merge fields. */
export const READ_AHEAD_LIMIT = 5_000;

/**
 * Items read while their audience's merge fields are still on their way: n8n's expression work
 * for the next items overlaps that first round trip instead of following it. Drafts are completed
 * in item order, each as soon as its audience's fields are in; past READ_AHEAD_LIMIT, reading
 * waits for them.
 */
export class ReadAhead {
	private queue: ContactDraft[] = [];
	private head = 0;

	constructor(
		private readonly read: ReadContext,
		private readonly completed: (record: ItemRecord) => Promise<void>,
		private readonly pauses: Pauses,
	) {}

	async add(draft: ContactDraft): Promise<void> {
		this.queue.push(draft);
		if (this.queue.length - this.head >= READ_AHEAD_LIMIT) return this.drain(true);
		await this.drain(false);
		// Reading is synchronous: without a pause now and then, the answer it waits for is never let in.
		if (this.head < this.queue.length) {
			await this.pauses.take();
			await this.drain(false);
		}
	}

	/** Completes the drafts whose audience has answered, in item order; `all`: waits for every one. */
	async drain(all: boolean): Promise<void> {
		while (this.head < this.queue.length) {
			const draft = this.queue[this.head];
			if (!all && !this.read.catalogs.for(draft.audienceId).fieldsSettled) return;
			this.head++;
			await this.completed(await completeContact(this.read, draft));
		}
		this.queue = [];
		this.head = 0;
	}
}
