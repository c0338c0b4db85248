import type { MemberBody, MemberStatus } from '../transport/types';
import type { Contact } from './contacts';
import { memberFields, newMemberStatus, type PushContext } from './context';
import { failed, pushed, type Outcome } from './outcome';

const COMPLIANCE_STATES = new Set<string>(['unsubscribed', 'cleaned']);

/**
 * A contact already in the audience (or one that can't be created without a required merge
 * field): find its status, then update it by the node's rules. Subscribed and pending members
 * keep their status; unsubscribed and cleaned ones are only ever sent a re-confirmation
 * (pending), and only with "Resubscribe" on.
 *
 * `known` is the status from a bulk status book for a contact known to exist; without it the
 * member is read first.
 */
export async function pushExisting(push: PushContext, contact: Contact, known?: MemberStatus): Promise<Outcome> {
	const { client, settings } = push;
	const status = known ?? (await client.getMember(settings.audienceId, contact.hash))?.status;
	if (!status) return createMissing(push, contact);

	const decision = decideUpdate(push, contact, status);
	if ('skip' in decision) return pushed('skipped', status, { reason: decision.skip });
	const body = decision.body;
	const updated = await client.setMember(settings.audienceId, contact.hash, body, settings.skipMergeValidation);
	return pushed('updated', updated.status, { currentTags: updated.tags?.map((t) => t.name) });
}

/** What an existing member gets: skipped with a reason, or this PUT body. */
export function decideUpdate(
	push: PushContext,
	contact: Contact,
	status: MemberStatus,
): { skip: string } | { body: MemberBody } {
	const { settings } = push;
	if (!settings.updateExisting) return { skip: 'Already in the audience and "Update Existing" is off' };
	if (COMPLIANCE_STATES.has(status) && !settings.resubscribe) {
		return {
			skip: `The contact is ${status}; it was left unchanged (turn on "Resubscribe" to send a re-confirmation e-mail)`,
		};
	}
	const body = upsertBody(push, contact);
	const change = statusChange(status, push);
	if (change) body.status = change;
	return { body };
}

/** Only these status changes are ever sent to an existing member. */
function statusChange(status: string, push: PushContext): MemberStatus | undefined {
	// Mailchimp's only compliant way back for unsubscribed/cleaned contacts: a re-confirmation.
	if (COMPLIANCE_STATES.has(status)) return 'pending';
	// Transactional contacts (e.g. from a purchase) are not subscribers yet: this push subscribes them.
	if (status === 'transactional') return newMemberStatus(push.settings);
	return undefined;
}

/** Not in the audience after all (new, or deleted meanwhile): create it by upsert. */
async function createMissing(push: PushContext, contact: Contact): Promise<Outcome> {
	const { client, settings } = push;
	const problem = missingRequiredProblem(push, contact);
	if (problem) return failed(problem);
	const created = await client.setMember(settings.audienceId, contact.hash, upsertBody(push, contact), settings.skipMergeValidation);
	return pushed('created', created.status);
}

/** A PUT by subscriber hash: updates the member, or creates it with the push's status. */
function upsertBody(push: PushContext, contact: Contact): MemberBody {
	return { ...memberFields(contact), status_if_new: newMemberStatus(push.settings) };
}

/** A new contact needs its required merge fields, unless validation is skipped. */
export function missingRequiredProblem(push: PushContext, contact: Contact): string | undefined {
	const missing = contact.missingRequired;
	if (!missing.length || push.settings.skipMergeValidation) return undefined;
	return `The contact is new to the audience and Mailchimp requires ${missing.join(', ')}: map ${
		missing.length > 1 ? 'them' : 'it'
	} or turn on "Skip Merge Validation"`;
}
