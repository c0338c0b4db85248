import { toMailchimpError } from '../transport/errors';
import { forEachConcurrent } from '../helpers/pool';
import type { Contact } from './contacts';
import type { PushContext } from './context';
import { createContacts } from './create';
import { explainProblem } from './explain';
import { failed, type Outcome } from './outcome';
import { pushExisting } from './update';
import { triggerWelcome } from './welcome';

/**
 * Pushes every contact and returns one outcome per item index:
 * 1. create the new ones (one call alone, batch subscribe in bulk);
 * 2. update those already in the audience, and those that can't be created without a
 *    required merge field;
 * 3. repeat addresses, after their first occurrence, so they read as sequential pushes;
 * 4. start the welcome journey for the contacts this push created.
 */
export async function pushContacts(push: PushContext, contacts: Contact[]): Promise<Map<number, Outcome>> {
	const { maxConcurrency, skipMergeValidation } = push.settings;
	const outcomes = new Map<number, Outcome>();
	const firsts: Contact[] = [];
	const repeats = new Map<string, Contact[]>();
	const seen = new Set<string>();
	for (const contact of contacts) {
		if (seen.has(contact.hash)) repeats.set(contact.hash, [...(repeats.get(contact.hash) ?? []), contact]);
		else (seen.add(contact.hash), firsts.push(contact));
	}

	const creatable: Contact[] = [];
	const existing: Contact[] = [];
	for (const contact of firsts) {
		(skipMergeValidation || contact.missingRequired.length === 0 ? creatable : existing).push(contact);
	}
	const created = await createContacts(push, creatable);
	for (const contact of creatable) {
		const result = created.get(contact.itemIndex)!;
		if (result === 'exists') existing.push(contact);
		else outcomes.set(contact.itemIndex, result);
	}

	await forEachConcurrent(existing, maxConcurrency, async (contact) => {
		outcomes.set(contact.itemIndex, await guarded(() => pushExisting(push, contact)));
	});
	await forEachConcurrent([...repeats.values()], maxConcurrency, async (sameAddress) => {
		for (const contact of sameAddress) outcomes.set(contact.itemIndex, await guarded(() => pushExisting(push, contact)));
	});

	await forEachConcurrent(contacts, maxConcurrency, async (contact) => {
		const outcome = outcomes.get(contact.itemIndex)!;
		outcomes.set(contact.itemIndex, await guarded(() => triggerWelcome(push, contact.email, outcome)));
	});
	return outcomes;
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
