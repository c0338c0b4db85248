import { membersPerCall } from '../helpers/batchSize';
import { explainProblem, problemFromBatchError } from './explain';
import { toMailchimpError } from '../transport/errors';
import { AmbiguousMailchimpError } from '../transport/retry';
import type { Member, MemberBody } from '../transport/types';
import type { Contact } from './contacts';
import { memberFields, newMemberStatus, type PushContext } from './context';
import { failed, pushed, type Outcome } from './outcome';

/** A create attempt either settles the contact or finds it already in the audience. */
export type CreateResult = Outcome | 'exists';

/**
 * Creates the contacts that are new, in one request each when alone (the trigger-driven
 * case) or through batch subscribe (≤ Batch Size per call, spread over the connections) when many.
 * Batch subscribe with update_existing:false only creates: existing addresses come back as
 * ERROR_CONTACT_EXISTS and are updated afterwards, by the same rules as a single push.
 * (Per-member tags in batch subscribe are undocumented: tags.ts sets them afterwards.)
 *
 * Contacts are added while the items are still being read, and a batch leaves as soon as it
 * is full, so reading the items (n8n's expression evaluation) overlaps with sending. At most
 * maxConcurrency calls are in flight; reading waits for a free one (a bounded window).
 */
export class CreatePipeline {
	private readonly outcomes = new Map<number, Outcome>();
	private readonly existing: Contact[] = [];
	private readonly inFlight = new Set<Promise<void>>();
	private pending: Contact[] = [];
	private readonly bulk: boolean;
	private readonly batchSize: number;

	/** `expected`: how many contacts this push may create (the item count); one goes alone. */
	constructor(private readonly push: PushContext, expected: number) {
		const { settings } = push;
		this.batchSize = membersPerCall(expected, settings.maxConcurrency, settings.batchSize);
		this.bulk = expected > 1 && this.batchSize > 1;
	}

	async add(contact: Contact): Promise<void> {
		// Batch subscribe has no marketing_permissions: contacts that carry them are created one by one.
		if (!this.bulk || contact.profile.marketing_permissions) {
			await this.send(async () => this.settle(contact, await createOne(this.push, contact)));
			return;
		}
		this.pending.push(contact);
		if (this.pending.length >= this.batchSize) await this.flush();
	}

	/**
	 * The outcomes of the contacts created (or failed), and the contacts found in the audience.
	 * Only those are kept: a created contact's record is let go once its call is answered.
	 */
	async finish(): Promise<{ outcomes: Map<number, Outcome>; existing: Contact[] }> {
		await this.flush();
		await Promise.all(this.inFlight);
		this.existing.sort((a, b) => a.itemIndex - b.itemIndex);
		return { outcomes: this.outcomes, existing: this.existing };
	}

	private settle(contact: Contact, result: CreateResult): void {
		if (result === 'exists') this.existing.push(contact);
		else this.outcomes.set(contact.itemIndex, result);
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (!batch.length) return;
		await this.send(async () => {
			for (const [contact, result] of await createBatch(this.push, batch)) this.settle(contact, result);
		});
		// Let the answers already in be handled before reading on.
		await new Promise((resolve) => setImmediate(resolve));
	}

	private async send(task: () => Promise<void>): Promise<void> {
		while (this.inFlight.size >= this.push.settings.maxConcurrency) await Promise.race(this.inFlight);
		const running: Promise<void> = task().finally(() => this.inFlight.delete(running));
		this.inFlight.add(running);
	}
}

function createBody(push: PushContext, contact: Contact): MemberBody {
	return { ...memberFields(contact), status: newMemberStatus(push.settings) };
}

/** A lone create carries the contact's tags: documented for this call, so one request does it all. */
export function createOneBody(push: PushContext, contact: Contact): MemberBody {
	return { ...createBody(push, contact), ...(contact.tags.length ? { tags: contact.tags } : {}) };
}

async function createOne(push: PushContext, contact: Contact): Promise<CreateResult> {
	const { client, settings } = push;
	const since = Date.now();
	try {
		const { value } = await client.addMember(settings.audienceId, createOneBody(push, contact), settings.skipMergeValidation);
		return pushed('created', value.status, { tagsApplied: true });
	} catch (error) {
		const problem = toMailchimpError(error);
		if (problem.title === 'Member Exists') {
			return error instanceof AmbiguousMailchimpError ? reconcile(push, contact, since) : 'exists';
		}
		return failed(explainProblem(problem), problem);
	}
}

async function createBatch(push: PushContext, batch: Contact[]): Promise<Array<[Contact, CreateResult]>> {
	const { client, settings } = push;
	const since = Date.now();
	let answer;
	try {
		answer = await client.batchSubscribe(
			settings.audienceId,
			batch.map((contact) => createBody(push, contact)),
			settings.skipMergeValidation,
		);
	} catch (error) {
		const problem = toMailchimpError(error);
		return batch.map((contact) => [contact, failed(explainProblem(problem), problem)]);
	}
	const byEmail = new Map(batch.map((contact) => [contact.email.toLowerCase(), contact]));
	const results = new Map<number, CreateResult>();
	for (const member of answer.value.new_members ?? []) {
		const contact = byEmail.get(member.email_address.toLowerCase());
		if (contact) results.set(contact.itemIndex, pushed('created', member.status));
	}
	for (const error of answer.value.errors ?? []) {
		const contact = byEmail.get(error.email_address.toLowerCase());
		if (!contact) continue;
		if (error.error_code === 'ERROR_CONTACT_EXISTS') {
			// A retried batch meets the members its lost attempt created: those count as created.
			results.set(contact.itemIndex, answer.ambiguous ? await reconcile(push, contact, since) : 'exists');
		} else {
			const problem = problemFromBatchError(error);
			results.set(contact.itemIndex, failed(explainProblem(problem), problem));
		}
	}
	return batch.map((contact) => [
		contact,
		results.get(contact.itemIndex) ?? failed('Mailchimp did not report on this contact in its batch answer'),
	]);
}

/** Clock skew allowed between this machine and Mailchimp when reading last_changed. */
const SKEW_MS = 120_000;

/**
 * After an attempt whose answer was lost, "already exists" may mean our own write landed.
 * The member counts as created by this push when it changed since the first attempt and
 * holds exactly what was sent; otherwise it was there before and is updated as usual.
 */
async function reconcile(push: PushContext, contact: Contact, since: number): Promise<CreateResult> {
	// When even the read fails, the update path (which reads again) settles the contact.
	const member = await push.client.getMember(push.settings.audienceId, contact.hash).catch(() => undefined);
	if (!member) return 'exists';
	return isOurCreate(push, contact, member, since) ? pushed('created', member.status) : 'exists';
}

function isOurCreate(push: PushContext, contact: Contact, member: Member, since: number): boolean {
	const changed = Date.parse(member.last_changed ?? '');
	if (!(changed >= since - SKEW_MS) || member.status !== newMemberStatus(push.settings)) return false;
	// Text and numbers are compared; Mailchimp may echo dates and addresses in another shape.
	return Object.entries(contact.mergeFields).every(([tag, sent]) => {
		const held = member.merge_fields?.[tag];
		if (typeof sent === 'object' || typeof held === 'object') return true;
		return String(held).toLowerCase() === String(sent).toLowerCase();
	});
}
