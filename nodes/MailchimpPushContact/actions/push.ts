import { forEachConcurrent } from '../helpers/pool';
import { toMailchimpError } from '../transport/errors';
import type { Contact } from './contacts';
import type { PushContext } from './context';
import { createContacts } from './create';
import { explainProblem } from './explain';
import { failed, type Outcome } from './outcome';
import { readStatusBook } from './statusBook';
import { applyTags, type Tagged } from './tags';
import { pushExisting } from './update';
import { updateSubscribed } from './updateBatch';
import type { MemberStatus } from '../transport/types';
import { triggerWelcome } from './welcome';

/**
 * Pushes every contact and returns one outcome per item index:
 * 1. create the new ones (one call alone, batch subscribe in bulk);
 * 2. update those already in the audience, and those that can't be created without a
 *    required merge field (in bulk, a status book spares one GET per contact, and the
 *    subscribed ones are updated 500 per batch call);
 * 3. repeated addresses, after their first occurrence, so they read as sequential pushes;
 * 4. tags for every contact whose create call did not carry them;
 * 5. the welcome journey for the contacts this push created.
 */
export async function pushContacts(push: PushContext, contacts: Contact[]): Promise<Map<number, Outcome>> {
	const { maxConcurrency, skipMergeValidation } = push.settings;
	const outcomes = new Map<number, Outcome>();
	const { firsts, repeats } = splitRepeats(contacts);

	const creatable: Contact[] = [];
	const unknown: Contact[] = [];
	for (const contact of firsts) {
		(skipMergeValidation || contact.missingRequired.length === 0 ? creatable : unknown).push(contact);
	}
	const existing: Contact[] = [];
	const created = await createContacts(push, creatable);
	for (const contact of creatable) {
		const result = created.get(contact.itemIndex)!;
		if (result === 'exists') existing.push(contact);
		else outcomes.set(contact.itemIndex, result);
	}

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

	const due = contacts.flatMap((contact): Tagged[] => {
		const outcome = outcomes.get(contact.itemIndex)!;
		return outcome.ok && outcome.action !== 'skipped' ? [{ contact, outcome }] : [];
	});
	for (const [itemIndex, outcome] of await applyTags(push, due)) outcomes.set(itemIndex, outcome);

	await forEachConcurrent(contacts, maxConcurrency, async (contact) => {
		const outcome = outcomes.get(contact.itemIndex)!;
		outcomes.set(contact.itemIndex, await guarded(() => triggerWelcome(push, contact.email, outcome)));
	});
	return outcomes;
}

/** The first occurrence of each address, and the later ones grouped by address. */
function splitRepeats(contacts: Contact[]): { firsts: Contact[]; repeats: Map<string, Contact[]> } {
	const firsts: Contact[] = [];
	const repeats = new Map<string, Contact[]>();
	const seen = new Set<string>();
	for (const contact of contacts) {
		if (!seen.has(contact.hash)) {
			seen.add(contact.hash);
			firsts.push(contact);
		} else {
			const group = repeats.get(contact.hash) ?? [];
			group.push(contact);
			repeats.set(contact.hash, group);
		}
	}
	return { firsts, repeats };
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
