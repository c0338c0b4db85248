import { membersPerCall } from '../../../helpers/batchSize';
import { toMailchimpError } from '../../../transport/errors';
import { AmbiguousMailchimpError } from '../../../transport/retry';
import type { MemberStatus } from '../../../transport/types';
import { problemFromBatchError } from '../../explainProblem';
import { done, failed, failedFrom } from '../../outcome';
import { createBody, createOneBody, subscribedUpdateBody } from './memberBodies';
import { statusBookOf } from '../readStatusBook';
import { sendBatch, UNREPORTED } from './sendBatch';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

/** Said of a contact whose create may have landed although its answer was lost. */
export const UNKNOWN_CREATE =
	'Mailchimp\'s answer to creating this contact was lost and it was then found in the audience, so whether this push created it cannot be known: it was updated, and no welcome journey was started';

/**
 * Creates the contacts that are new, in one request each when alone (the trigger-driven case)
 * or through batch subscribe (≤ Batch Size per call, spread over the connections) when many.
 * Batch subscribe with update_existing:false only creates: existing addresses come back as
 * ERROR_CONTACT_EXISTS and are updated afterwards, by the same rules as a single push.
 *
 * Contacts are added while the items are still being read, and a batch leaves as soon as it is
 * full, so reading the items (n8n's expression evaluation) overlaps with sending. At most Max
 * Concurrent Requests calls are in flight; reading waits for a free one (a bounded window).
 * A created contact's heavy fields are let go once its call is answered.
 */
export class CreatePipeline {
	readonly existing: Contact[] = [];
	private readonly inFlight = new Set<Promise<void>>();
	private pending: Contact[] = [];
	private upserts: Contact[] = [];
	private readonly bulk: boolean;
	private readonly batchSize: number;

	constructor(private readonly group: PushGroup) {
		const { execution, expected } = group;
		this.batchSize = membersPerCall(expected, execution.maxConcurrency, execution.batchSize);
		this.bulk = expected > 1 && this.batchSize > 1;
		// Asked for now, while the items are read: the first batch call needs it.
		if (this.bulk) void statusBookOf(group, expected);
	}

	async add(contact: Contact): Promise<void> {
		// Batch subscribe has no marketing_permissions: contacts that carry them are created one by one.
		if (!this.bulk || contact.profile.marketing_permissions) {
			await this.send(() => this.createOne(contact));
			return;
		}
		if (upsertable(contact)) {
			this.upserts.push(contact);
			if (this.upserts.length >= this.batchSize) await this.flushUpserts();
			return;
		}
		this.pending.push(contact);
		if (this.pending.length >= this.batchSize) await this.flush();
	}

	/** Every contact added is settled, or in `existing` (found in the audience), sorted by item. */
	async finish(): Promise<Contact[]> {
		await this.flushUpserts();
		await this.flush();
		await Promise.all(this.inFlight);
		return this.existing.sort((a, b) => a.itemIndex - b.itemIndex);
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (!batch.length) return;
		await this.send(() => this.createBatch(batch));
		// Let the call leave, and the answers already in be handled, before reading on.
		await this.group.pauses.take();
	}

	/**
	 * Single opt-in contacts that may be updated go out in one pass: batch subscribe with
	 * update_existing and status subscribed creates the new ones and updates the subscribed ones,
	 * and Mailchimp's answer says which was which. Only members the status book lists as not
	 * subscribed (pending, unsubscribed, …) are kept back for the update rules, so no status is
	 * ever changed by it. Without a book (listing would cost more than it saves), the push creates
	 * first and updates what it finds, as for every other contact.
	 */
	private async flushUpserts(): Promise<void> {
		const batch = this.upserts;
		this.upserts = [];
		if (!batch.length) return;
		// The book is awaited inside the call's slot, so reading the next items goes on meanwhile.
		await this.send(async () => {
			const book = await statusBookOf(this.group, this.group.expected);
			// Without a book (listing would cost more than it saves): create first, update what is found.
			return book ? this.upsertBatch(batch, book) : this.createBatch(batch);
		});
		await this.group.pauses.take();
	}

	private async upsertBatch(contacts: Contact[], book: Map<string, MemberStatus>): Promise<void> {
		const batch: Contact[] = [];
		for (const contact of contacts) {
			if (book.has(contact.subscriberHash)) this.existing.push(contact);
			else batch.push(contact);
		}
		const answer = batch.length ? await sendBatch(this.group, batch, subscribedUpdateBody, true) : undefined;
		if (!answer) return;
		const { created, updated, errors, unreported } = answer;
		for (const [contact, member] of created) this.created(contact, member.status);
		for (const [contact, member] of updated) {
			// A retried call meets the members its lost attempt created: those can't be told from older ones.
			contact.currentTags = member.tags?.map((t) => t.name);
			contact.outcome = done('updated', member.status, answer.ambiguous ? { reason: UNKNOWN_CREATE } : {});
			release(contact);
		}
		for (const [contact, error] of errors) {
			const problem = problemFromBatchError(error);
			// A member that changed status since the book was read: the update rules decide.
			if (problem.title === 'Member In Compliance State') this.existing.push(contact);
			else contact.outcome = failedFrom(problem);
		}
		for (const contact of unreported) contact.outcome = failed(UNREPORTED);
	}

	private async send(task: () => Promise<void>): Promise<void> {
		while (this.inFlight.size >= this.group.execution.maxConcurrency) await Promise.race(this.inFlight);
		const running: Promise<void> = task().finally(() => this.inFlight.delete(running));
		this.inFlight.add(running);
	}

	private async createOne(contact: Contact): Promise<void> {
		const { client, audienceId, skipMergeValidation } = this.group;
		try {
			const { value } = await client.addMember(audienceId, createOneBody(contact), skipMergeValidation);
			contact.tagsApplied = true;
			this.created(contact, value.status);
		} catch (error) {
			const problem = toMailchimpError(error);
			if (problem.title === 'Member Exists') this.exists(contact, problem instanceof AmbiguousMailchimpError);
			else contact.outcome = failedFrom(problem);
		}
	}

	private async createBatch(batch: Contact[]): Promise<void> {
		const answer = await sendBatch(this.group, batch, createBody, false);
		if (!answer) return;
		const { created, errors, updated, unreported } = answer;
		for (const [contact, member] of created) this.created(contact, member.status);
		for (const [contact, error] of errors) {
			// A retried batch meets the members its lost attempt created: those can't be told from older ones.
			if (error.error_code === 'ERROR_CONTACT_EXISTS') this.exists(contact, answer.ambiguous);
			else contact.outcome = failedFrom(problemFromBatchError(error));
		}
		for (const [contact] of updated) this.exists(contact, answer.ambiguous);
		for (const contact of unreported) contact.outcome = failed(UNREPORTED);
	}

	private created(contact: Contact, status: string): void {
		contact.outcome = done('created', status);
		release(contact);
	}

	private exists(contact: Contact, mayBeOurs: boolean): void {
		if (mayBeOurs) contact.createUnknown = true;
		this.existing.push(contact);
	}
}

/** Contacts whose create and update are one and the same batch-subscribe member. */
function upsertable(contact: Contact): boolean {
	return !contact.settings.doubleOptIn && contact.settings.updateExisting;
}

const NOTHING = Object.freeze({});

/** What only the write needed, let go once it is written: tags and the address stay for the steps after it. */
export function release(contact: Contact): void {
	contact.mergeFields = NOTHING;
	contact.profile = NOTHING;
}
