/** Characters that do not show: an address holding one looks like another contact's, but is not. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/;

/** RFC 5321: 64 characters before the @, 254 in all. */
const MAX_LOCAL = 64;
const MAX_LENGTH = 254;

/** Trims the address and checks it has the shape of an e-mail; Mailchimp judges the rest. */
export function normalizeEmail(value: unknown): { email: string } | { problem: string } {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { problem: 'The e-mail address is empty' };
	}
	if (typeof value !== 'string') {
		const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
		return { problem: `The e-mail address must be text, got ${kind}` };
	}
	const email = value.trim();
	const invisible = INVISIBLE.exec(email);
	if (invisible) {
		const code = invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		return { problem: `"${email}" contains an invisible character (U+${code}); remove it so the address matches the contact's` };
	}
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
		return { problem: `"${email}" is not an e-mail address` };
	}
	if (email.length > MAX_LENGTH || email.indexOf('@') > MAX_LOCAL) {
		return { problem: `"${email.slice(0, 40)}…" is too long for an e-mail address (at most ${MAX_LOCAL} characters before the @ and ${MAX_LENGTH} in all)` };
	}
	return { email };
}
