import { forEachConcurrent } from '../helpers/pool';
import { toMailchimpError } from '../transport/errors';
import type { Contact, ContactRef } from './contacts';
import type { PushContext } from './context';
import { CreatePipeline } from './create';
import { explainProblem } from './explain';
import { failed, type Outcome } from './outcome';
import { readStatusBook } from './statusBook';
import { applyTags, type Tagged } from './tags';
import { pushExisting } from './update';
import { updateSubscribed } from './updateBatch';
import type { MemberStatus } from '../transport/types';
import { triggerWelcome } from './welcome';

/**
 * A push: contacts are added as the items are read, and finish() settles every one and
 * returns one outcome per item index:
 * 1. create the new ones (one call alone; in bulk, batch subscribe calls leave while the
 *    items are still being read);
 * 2. update those already in the audience, and those that can't be created without a
 *    required merge field (in bulk, a status book spares one GET per contact, and the
 *    subscribed ones are updated 500 per batch call);
 * 3. repeated addresses, after their first occurrence, so they read as sequential pushes;
 * 4. tags for every contact whose create call did not carry them;
 * 5. the welcome journey for the contacts this push created.
 */
export class ContactPush {
	/**
	 * The contacts the steps after the writes concern (tags to set, a welcome journey to start),
	 * slim: the full record goes with its write.
	 */
	private readonly refs: ContactRef[] = [];
	private readonly unknown: Contact[] = [];
	private readonly repeats = new Map<string, Contact[]>();
	private readonly seen = new Set<string>();
	private readonly creates: CreatePipeline;

	constructor(private readonly push: PushContext, itemCount: number) {
		this.creates = new CreatePipeline(push, itemCount);
	}

	async add(contact: Contact): Promise<void> {
		const { itemIndex, email, hash, tags } = contact;
		const { tagMode, welcomeJourney } = this.push.settings;
		if (tags.length || tagMode === 'sync' || welcomeJourney) this.refs.push({ itemIndex, email, hash, tags });
		if (this.seen.has(contact.hash)) {
			const group = this.repeats.get(contact.hash) ?? [];
			group.push(contact);
			this.repeats.set(contact.hash, group);
			return;
		}
		this.seen.add(contact.hash);
		if (this.push.settings.skipMergeValidation || contact.missingRequired.length === 0) {
			await this.creates.add(contact);
		} else {
			this.unknown.push(contact);
		}
	}

	async finish(): Promise<Map<number, Outcome>> {
		const { push, refs, unknown, repeats } = this;
		const { maxConcurrency } = push.settings;
		const { outcomes, existing } = await this.creates.finish();

		// Without the book (few contacts, or listing failed) each contact is read before its update.
		const book = await readStatusBook(push, existing.length).catch(() => undefined);
		const known = new Map<Contact, MemberStatus>();
		let one: Contact[] = [...existing, ...unknown];
		if (book) {
			// Contacts the create call found are in the audience: the book holds their status unless subscribed.
			for (const contact of existing) known.set(contact, book.get(contact.hash) ?? 'subscribed');
			const subscribed = existing.filter((c) => known.get(c) === 'subscribed' && !c.profile.marketing_permissions);
			const batched = await updateSubscribed(push, subscribed);
			for (const [itemIndex, outcome] of batched.outcomes) outcomes.set(itemIndex, outcome);
			const inBatch = new Set(subscribed);
			for (const contact of batched.retry) known.delete(contact);
			one = [...existing.filter((c) => !inBatch.has(c)), ...batched.retry, ...unknown];
		}
		await forEachConcurrent(one, maxConcurrency, async (contact) => {
			outcomes.set(contact.itemIndex, await guarded(() => pushExisting(push, contact, known.get(contact))));
		});
		await forEachConcurrent([...repeats.values()], maxConcurrency, async (sameAddress) => {
			for (const contact of sameAddress) outcomes.set(contact.itemIndex, await guarded(() => pushExisting(push, contact)));
		});

		const due = refs.flatMap((contact): Tagged[] => {
			const outcome = outcomes.get(contact.itemIndex)!;
			return outcome.ok && outcome.action !== 'skipped' ? [{ contact, outcome }] : [];
		});
		for (const [itemIndex, outcome] of await applyTags(push, due)) outcomes.set(itemIndex, outcome);

		await forEachConcurrent(refs, maxConcurrency, async (contact) => {
			const outcome = outcomes.get(contact.itemIndex)!;
			outcomes.set(contact.itemIndex, await guarded(() => triggerWelcome(push, contact.email, outcome)));
		});
		return outcomes;
	}
}

/** A request that fails for good becomes that contact's outcome, never a lost item. */
async function guarded(step: () => Promise<Outcome>): Promise<Outcome> {
	try {
		return await step();
	} catch (error) {
		const problem = toMailchimpError(error);
		return failed(explainProblem(problem), problem);
	}
}
