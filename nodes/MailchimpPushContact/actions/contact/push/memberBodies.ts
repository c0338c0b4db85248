import type { MemberBody, MemberStatus } from '../../../transport/types';
import type { Contact } from './readContact';
import type { ContactSettings } from './readSettings';

/** Every member body the push sends is built here. */

/** New contacts: pending makes Mailchimp send its confirmation e-mail (double opt-in). */
export function newMemberStatus(settings: ContactSettings): MemberStatus {
	return settings.doubleOptIn ? 'pending' : 'subscribed';
}

/** The member fields every write carries (status is the caller's decision). */
export function memberFields(contact: Contact): MemberBody {
	const body: MemberBody = { email_address: contact.email, ...contact.profile };
	if (Object.keys(contact.mergeFields).length) body.merge_fields = contact.mergeFields;
	return body;
}

/** A create (POST, or a batch-subscribe member that only creates). */
export function createBody(contact: Contact): MemberBody {
	return { ...memberFields(contact), status: newMemberStatus(contact.settings) };
}

/** A lone create carries the contact's tags: documented for this call, so one request does it all. */
export function createOneBody(contact: Contact): MemberBody {
	return { ...createBody(contact), ...(contact.tags.length ? { tags: contact.tags } : {}) };
}

/** A PUT by subscriber hash: updates the member, or creates it with the contact's new-member status. */
export function upsertBody(contact: Contact): MemberBody {
	return { ...memberFields(contact), status_if_new: newMemberStatus(contact.settings) };
}

/** A batch-subscribe update of a member known to be subscribed: sending subscribed keeps it so. */
export function subscribedUpdateBody(contact: Contact): MemberBody {
	return { ...memberFields(contact), status: 'subscribed' };
}
