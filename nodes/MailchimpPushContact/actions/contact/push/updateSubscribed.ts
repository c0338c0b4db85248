import { membersPerCall } from '../../../helpers/batchSize';
import { chunk, forEachConcurrent } from '../../../helpers/pool';
import { done } from '../../outcome';
import { release, UNKNOWN_CREATE } from './createPipeline';
import { subscribedUpdateBody } from './memberBodies';
import type { PushGroup } from './pushGroup';
import { sendBatch } from './sendBatch';
import type { Contact } from './readContact';

/**
 * Updates contacts known to be subscribed through batch subscribe with update_existing (up to
 * Batch Size per call), instead of one PUT each. Sending `subscribed` keeps their status, so the
 * outcome is the one a PUT would give. Returns the contacts the batch did not settle (their
 * status changed since the status book was read, say) for the single-push path to retry.
 */
export async function updateSubscribed(group: PushGroup, contacts: Contact[]): Promise<Contact[]> {
	const { execution } = group;
	const retry: Contact[] = [];
	const size = membersPerCall(contacts.length, execution.maxConcurrency, execution.batchSize);
	await forEachConcurrent(chunk(contacts, size), execution.maxConcurrency, async (batch) => {
		const answer = await sendBatch(group, batch, subscribedUpdateBody, true);
		if (!answer) return;
		const { created, updated, errors, unreported } = answer;
		for (const [list, action] of [
			[updated, 'updated'],
			[created, 'created'],
		] as const) {
			for (const [contact, member] of list) {
				contact.currentTags = member.tags?.map((t) => t.name);
				contact.outcome = done(action, member.status, contact.createUnknown && action === 'updated' ? { reason: UNKNOWN_CREATE } : {});
				release(contact);
			}
		}
		for (const [contact] of errors) retry.push(contact);
		retry.push(...unreported);
	});
	return retry;
}
