import type { MailchimpClient } from '../transport/client';
import type { MemberBody, MemberStatus } from '../transport/types';
import type { Contact } from './contacts';
import type { PushSettings } from './settings';

/** What every step of a push shares. */
export interface PushContext {
	client: MailchimpClient;
	settings: PushSettings;
}

/** New contacts: pending makes Mailchimp send its confirmation e-mail (double opt-in). */
export function newMemberStatus(settings: PushSettings): MemberStatus {
	return settings.doubleOptIn ? 'pending' : 'subscribed';
}

/** The member fields every write carries (status is the caller's decision). */
export function memberFields(contact: Contact): MemberBody {
	const body: MemberBody = { email_address: contact.email, ...contact.profile };
	if (Object.keys(contact.mergeFields).length) body.merge_fields = contact.mergeFields;
	return body;
}
