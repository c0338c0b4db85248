import type { MemberStatus } from '../../../transport/types';
import type { ContactSettings } from './readSettings';

const COMPLIANCE_STATES = new Set<string>(['unsubscribed', 'cleaned']);

/**
 * What a push does to a member already in the audience, from its status and the contact's
 * settings: skip it (with the reason in plain words), or update it, changing its status only
 * where the node's rules say so. Subscribed and pending members keep their status; unsubscribed
 * and cleaned ones are only ever sent a re-confirmation (pending), and only with "Resubscribe"
 * on; transactional and archived ones join as a new contact would (Mailchimp refuses that with
 * "Member In Compliance State" for a member archived while unsubscribed: that item's error).
 */
export function decideUpdate(
	settings: Pick<ContactSettings, 'updateExisting' | 'resubscribe' | 'doubleOptIn'>,
	status: MemberStatus,
): { skip: string } | { update: true; status?: MemberStatus } {
	if (!settings.updateExisting) return { skip: 'Already in the audience and "Update Existing" is off' };
	if (COMPLIANCE_STATES.has(status)) {
		if (!settings.resubscribe) {
			return { skip: `The contact is ${status}; it was left unchanged (turn on "Resubscribe" to send a re-confirmation e-mail)` };
		}
		// Mailchimp's only compliant way back for unsubscribed/cleaned contacts: a re-confirmation.
		return { update: true, status: 'pending' };
	}
	// Transactional contacts (a purchase, say) are not subscribers yet; an archived member stays
	// archived unless a status is sent: both join as a new contact would.
	if (status === 'transactional' || status === 'archived') {
		return { update: true, status: settings.doubleOptIn ? 'pending' : 'subscribed' };
	}
	return { update: true };
}

/** A new contact needs its required merge fields, unless validation is skipped. */
export function missingRequiredProblem(missing: string[], skipMergeValidation: boolean): string | undefined {
	if (!missing.length || skipMergeValidation) return undefined;
	return `The contact is new to the audience and Mailchimp requires ${missing.join(', ')}: map ${
		missing.length > 1 ? 'them' : 'it'
	} or turn on "Skip Merge Validation"`;
}
