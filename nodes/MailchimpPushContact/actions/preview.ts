import { forEachConcurrent } from '../helpers/pool';
import { toMailchimpError } from '../transport/errors';
import type { MemberStatus } from '../transport/types';
import type { Contact } from './contacts';
import { newMemberStatus, type PushContext } from './context';
import { createOneBody } from './create';
import { explainProblem } from './explain';
import { failed, pushed, type Outcome } from './outcome';
import { tagChange } from './tags';
import { decideUpdate, missingRequiredProblem } from './update';

/**
 * Preview (dry run): for each contact, what a push would do and send — the same decisions as
 * a real push, from the member's current status — with reads only, never a write.
 */
export async function previewContacts(push: PushContext, contacts: Contact[]): Promise<Map<number, Outcome>> {
	const { client, settings } = push;
	const outcomes = new Map<number, Outcome>();
	// A repeated address finds, in a real push, what its first occurrence left.
	const seen = new Set<string>();
	const firsts = contacts.filter((c) => !seen.has(c.hash) && (seen.add(c.hash), true));
	const members = new Map<string, { status: MemberStatus; tags: string[] } | undefined>();
	await forEachConcurrent(firsts, settings.maxConcurrency, async (contact) => {
		try {
			const member = await client.getMember(settings.audienceId, contact.hash);
			members.set(contact.hash, member && { status: member.status, tags: (member.tags ?? []).map((t) => t.name) });
		} catch (error) {
			const problem = toMailchimpError(error);
			outcomes.set(contact.itemIndex, failed(explainProblem(problem), problem));
		}
	});

	for (const contact of contacts) {
		if (outcomes.has(contact.itemIndex)) continue;
		const member = members.get(contact.hash);
		const outcome = member ? previewUpdate(push, contact, member) : previewCreate(push, contact);
		outcomes.set(contact.itemIndex, outcome);
		if (outcome.ok) members.set(contact.hash, { status: outcome.status as MemberStatus, tags: contact.tags });
	}
	return outcomes;
}

function previewCreate(push: PushContext, contact: Contact): Outcome {
	const problem = missingRequiredProblem(push, contact);
	if (problem) return failed(problem);
	const status = newMemberStatus(push.settings);
	const body = createOneBody(push, contact);
	return pushed('created', status, {
		preview: {
			request: { method: 'POST', path: `/lists/${push.settings.audienceId}/members`, body },
			...(push.settings.welcomeJourney ? { welcomeJourney: status === 'subscribed' } : {}),
		},
	});
}

function previewUpdate(push: PushContext, contact: Contact, member: { status: MemberStatus; tags: string[] }): Outcome {
	const decision = decideUpdate(push, contact, member.status);
	if ('skip' in decision) return pushed('skipped', member.status, { reason: decision.skip, preview: {} });
	const status = (decision.body.status as MemberStatus | undefined) ?? member.status;
	const outcome = pushed('updated', status, { currentTags: member.tags }) as Extract<Outcome, { ok: true }>;
	const tags = tagChange({ contact, outcome }, push.settings.tagMode);
	return pushed('updated', status, {
		preview: {
			request: { method: 'PUT', path: `/lists/${push.settings.audienceId}/members/${contact.hash}`, body: decision.body },
			...(tags.add.length || tags.remove.length ? { tags } : {}),
			...(push.settings.welcomeJourney ? { welcomeJourney: false } : {}),
		},
	});
}
