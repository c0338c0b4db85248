import { randomBytes, timingSafeEqual } from 'crypto';

/**
 * Mailchimp signs nothing, so the URL registered with it carries a random secret as a query
 * parameter; a delivery without it is refused. n8n routes webhooks by path only, so the query
 * never changes which workflow is reached.
 */
export const SECRET_PARAMETER = 'secret';

/** 32 random bytes, URL-safe. */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** The URL Mailchimp gets: n8n's webhook URL plus the secret. */
export function urlWithSecret(webhookUrl: string, secret: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	return url.toString();
}

/** The URL without its query: what identifies "our" webhook among an audience's webhooks. */
export function urlWithoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.search = '';
		parsed.hash = '';
		return parsed.toString();
	} catch {
		return url;
	}
}

/** The secret a URL carries, if any. */
export function secretOf(url: string): string | undefined {
	try {
		return new URL(url).searchParams.get(SECRET_PARAMETER) ?? undefined;
	} catch {
		return undefined;
	}
}

/** Constant-time comparison; false for anything but two non-empty equal strings. */
export function secretMatches(given: unknown, expected: unknown): boolean {
	if (typeof given !== 'string' || typeof expected !== 'string' || !given || !expected) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}
