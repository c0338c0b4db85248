/** Trims the address and checks it has the shape of an e-mail; Mailchimp judges the rest. */
export function normalizeEmail(value: unknown): { email: string } | { problem: string } {
	if (typeof value !== 'string' || value.trim() === '') {
		return { problem: 'The e-mail address is empty' };
	}
	const email = value.trim();
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
		return { problem: `"${email}" is not an e-mail address` };
	}
	return { email };
}
