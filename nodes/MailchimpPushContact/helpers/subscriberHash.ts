import { createHash } from 'crypto';

/** Mailchimp identifies a member by the MD5 of its lower-cased e-mail address. */
export function subscriberHash(email: string): string {
	return createHash('md5').update(email.toLowerCase()).digest('hex');
}
