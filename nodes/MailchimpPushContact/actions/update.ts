import { toMailchimpError } from '../transport/errors';
import type { Member, MemberBody } from '../transport/types';
import { explainProblem } from './explain';
import type { Contact } from './contacts';
import { memberFields, newMemberStatus, type PushContext } from './context';
import { failed, pushed, type Outcome } from './outcome';

const COMPLIANCE_STATES = new Set(['unsubscribed', 'cleaned']);

/**
 * A contact already in the audience (or one that can't be created without a required merge
 * field): read its status, then update it by the node's rules. Subscribed and pending
 * members keep their status; unsubscribed and cleaned ones are only ever sent a
 * re-confirmation (pending), and only with "Resubscribe" on.
 */
export async function pushExisting(push: PushContext, contact: Contact): Promise<Outcome> {
	const { client, settings } = push;
	const member = await client.getMember(settings.audienceId, contact.hash);
	if (!member) return createMissing(push, contact);

	if (!settings.updateExisting) {
		return pushed('skipped', member.status, { reason: 'Already in the audience and "Update Existing" is off' });
	}
	const inCompliance = COMPLIANCE_STATES.has(member.status);
	if (inCompliance && !settings.resubscribe) {
		return pushed('skipped', member.status, {
			reason: `The contact is ${member.status}; it was left unchanged (turn on "Resubscribe" to send a re-confirmation e-mail)`,
		});
	}

	const body: MemberBody = { ...memberFields(contact), status_if_new: newMemberStatus(settings) };
	const status = statusChange(member, push);
	if (status) body.status = status;
	const updated = await client.setMember(settings.audienceId, contact.hash, body, settings.skipMergeValidation);
	return withTags(push, contact, pushed('updated', updated.status));
}

/** Only these status changes are ever sent to an existing member. */
function statusChange(member: Member, push: PushContext): string | undefined {
	// Mailchimp's only compliant way back for unsubscribed/cleaned contacts: a re-confirmation.
	if (COMPLIANCE_STATES.has(member.status)) return 'pending';
	// Transactional contacts (e.g. from a purchase) are not subscribers yet: this push subscribes them.
	if (member.status === 'transactional') return newMemberStatus(push.settings);
	return undefined;
}

/** Not in the audience after all (new, or deleted meanwhile): create it by upsert. */
async function createMissing(push: PushContext, contact: Contact): Promise<Outcome> {
	const { client, settings } = push;
	if (contact.missingRequired.length && !settings.skipMergeValidation) {
		return failed(
			`The contact is new to the audience and Mailchimp requires ${contact.missingRequired.join(', ')}: map ${
				contact.missingRequired.length > 1 ? 'them' : 'it'
			} or turn on "Skip Merge Validation"`,
		);
	}
	const body: MemberBody = { ...memberFields(contact), status_if_new: newMemberStatus(settings) };
	const created = await client.setMember(settings.audienceId, contact.hash, body, settings.skipMergeValidation);
	return withTags(push, contact, pushed('created', created.status));
}

/** The member PUT carries no tags, so they go through the member tags endpoint. */
async function withTags(push: PushContext, contact: Contact, outcome: Outcome): Promise<Outcome> {
	if (!contact.tags.length || !outcome.ok) return outcome;
	try {
		await push.client.addTags(push.settings.audienceId, contact.hash, contact.tags);
		return outcome;
	} catch (error) {
		const problem = toMailchimpError(error);
		const message = `The contact was ${outcome.action}, but its tags could not be set: ${explainProblem(problem)}`;
		return { ok: false, action: outcome.action, status: outcome.status, message, problem };
	}
}
