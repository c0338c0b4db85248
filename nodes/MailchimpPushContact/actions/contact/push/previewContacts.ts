import { forEachConcurrent } from '../../../helpers/pool';
import { sequentialTagChange } from '../../../helpers/tagChange';
import type { MemberStatus } from '../../../transport/types';
import { done, failed, failedFrom } from '../../outcome';
import { decideUpdate, missingRequiredProblem } from './decideUpdate';
import { createOneBody, newMemberStatus, upsertBody } from './memberBodies';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

type Held = { status: MemberStatus; tags: string[] };

/**
 * Preview (dry run): for each contact, what a push would do and send — the same decisions as a
 * real push, from the member's current status — with reads only, never a write.
 */
export async function previewContacts(group: PushGroup, contacts: Contact[]): Promise<void> {
	const { client, audienceId, execution } = group;
	// A repeated address finds, in a real push, what its first occurrence left.
	const members = new Map<string, Held | undefined>();
	const firsts = contacts.filter((c) => !members.has(c.subscriberHash) && (members.set(c.subscriberHash, undefined), true));
	await forEachConcurrent(firsts, execution.maxConcurrency, async (contact) => {
		try {
			const member = await client.getMember(audienceId, contact.subscriberHash);
			members.set(contact.subscriberHash, member && { status: member.status, tags: (member.tags ?? []).map((t) => t.name) });
		} catch (error) {
			contact.outcome = failedFrom(error);
		}
	});

	for (const contact of contacts) {
		if (contact.outcome) continue;
		const member = members.get(contact.subscriberHash);
		contact.outcome = member ? previewUpdate(group, contact, member) : previewCreate(group, contact);
		if (contact.outcome.ok) {
			const tags = sequentialTagChange([{ tags: contact.tags, mode: contact.settings.tagMode, current: member?.tags ?? [] }]);
			const status = (contact.outcome.status as MemberStatus | undefined) ?? member?.status ?? 'subscribed';
			members.set(contact.subscriberHash, { status, tags: [...(member?.tags ?? []).filter((t) => !tags.remove.includes(t)), ...tags.add] });
		}
	}
}

function previewCreate(group: PushGroup, contact: Contact) {
	const problem = missingRequiredProblem(contact.missingRequired, group.skipMergeValidation);
	if (problem) return failed(problem);
	const status = newMemberStatus(contact.settings);
	return done('created', status, {
		preview: {
			request: { method: 'POST', path: `/lists/${group.audienceId}/members`, body: createOneBody(contact) },
			...(contact.settings.welcomeJourney ? { welcomeJourney: status === 'subscribed' } : {}),
		},
	});
}

function previewUpdate(group: PushGroup, contact: Contact, member: Held) {
	const decision = decideUpdate(contact.settings, member.status);
	if ('skip' in decision) return done('skipped', member.status, { reason: decision.skip, preview: {} });
	const body = upsertBody(contact);
	if (decision.status) body.status = decision.status;
	const tags = sequentialTagChange([{ tags: contact.tags, mode: contact.settings.tagMode, current: member.tags }]);
	return done('updated', decision.status ?? member.status, {
		preview: {
			request: { method: 'PUT', path: `/lists/${group.audienceId}/members/${contact.subscriberHash}`, body },
			...(tags.add.length || tags.remove.length ? { tags } : {}),
			...(contact.settings.welcomeJourney ? { welcomeJourney: false } : {}),
		},
	});
}
