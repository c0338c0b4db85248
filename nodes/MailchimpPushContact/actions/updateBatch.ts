import { membersPerCall } from '../helpers/batchSize';
import { chunk, forEachConcurrent } from '../helpers/pool';
import { toMailchimpError } from '../transport/errors';
import type { Contact } from './contacts';
import { memberFields, type PushContext } from './context';
import { explainProblem } from './explain';
import { failed, pushed, type Outcome } from './outcome';

/**
 * Updates contacts known to be subscribed through batch subscribe with update_existing (up to
 * Batch Size per call), instead of one PUT each. Sending `subscribed` keeps their status, so the outcome
 * is the one a PUT would give. A contact the batch reports an error for (its status changed
 * since the status book was read, say) is returned for the single-push path to retry.
 */
export async function updateSubscribed(
	push: PushContext,
	contacts: Contact[],
): Promise<{ outcomes: Map<number, Outcome>; retry: Contact[] }> {
	const { client, settings } = push;
	const outcomes = new Map<number, Outcome>();
	const retry: Contact[] = [];
	const size = membersPerCall(contacts.length, settings.maxConcurrency, settings.batchSize);
	await forEachConcurrent(chunk(contacts, size), settings.maxConcurrency, async (batch) => {
		let answer;
		try {
			answer = await client.batchSubscribe(
				settings.audienceId,
				batch.map((contact) => ({ ...memberFields(contact), status: 'subscribed' })),
				settings.skipMergeValidation,
				true,
			);
		} catch (error) {
			const problem = toMailchimpError(error);
			for (const contact of batch) outcomes.set(contact.itemIndex, failed(explainProblem(problem), problem));
			return;
		}
		const byEmail = new Map(batch.map((contact) => [contact.email.toLowerCase(), contact]));
		const settled = new Set<Contact>();
		for (const [members, action] of [
			[answer.value.updated_members ?? [], 'updated'],
			[answer.value.new_members ?? [], 'created'],
		] as const) {
			for (const member of members) {
				const contact = byEmail.get(member.email_address.toLowerCase());
				if (!contact) continue;
				settled.add(contact);
				outcomes.set(contact.itemIndex, pushed(action, member.status, { currentTags: member.tags?.map((t) => t.name) }));
			}
		}
		for (const contact of batch) if (!settled.has(contact)) retry.push(contact);
	});
	return { outcomes, retry };
}
