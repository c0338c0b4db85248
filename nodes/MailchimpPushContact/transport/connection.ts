import { createHash } from 'crypto';

/**
 * Where requests go and how they authenticate, derived from a credential.
 * The data center is spliced into a host name, so it is checked before any request.
 */
export interface Connection {
	/** e.g. https://us14.api.mailchimp.com/3.0 */
	basePath: string;
	/** The Authorization header value; never logged or surfaced. */
	authorization: string;
	/** Which account's 10 connections the requests use: a hash of its key or token, never the secret. */
	account: string;
}

export interface ApiKeyCredential {
	apiKey?: string;
	username?: string;
}

const DC_PATTERN = /^[a-z]+\d+$/;
const API_ENDPOINT_PATTERN = /^https:\/\/([a-z]+\d+)\.api\.mailchimp\.com\/?$/;
export const LOGIN_ORIGIN = 'https://login.mailchimp.com';

export class ConnectionError extends Error {}

/** The data center is the key's suffix: `…-us14` → `us14`. */
export function dataCenterFromApiKey(apiKey: string): string {
	const dash = apiKey.lastIndexOf('-');
	const dc = dash > 0 ? apiKey.slice(dash + 1) : '';
	if (!DC_PATTERN.test(dc)) {
		throw new ConnectionError(
			'The API key must end with its data center, like "-us14" (copy the whole key from Mailchimp: Profile → Extras → API keys)',
		);
	}
	return dc;
}

/** Accepts only `https://<dc>.api.mailchimp.com`, as Mailchimp's OAuth metadata returns it. */
export function dataCenterFromApiEndpoint(apiEndpoint: unknown, dc: unknown): string {
	const match = typeof apiEndpoint === 'string' ? API_ENDPOINT_PATTERN.exec(apiEndpoint) : null;
	if (!match || match[1] !== dc) {
		throw new ConnectionError(
			'Mailchimp\'s OAuth metadata returned an unexpected API endpoint; expected https://<dc>.api.mailchimp.com',
		);
	}
	return match[1];
}

/**
 * A secret goes into an HTTP header: a line break or another character a header can't carry
 * would fail every request as if the connection dropped, so it is refused up front, by name.
 */
export function checkHeaderSafe(value: string, what: string): void {
	const bad = /[\s\u0000-\u001f\u007f-\u00ff]/.exec(value) ?? /[^\u0020-\u007e]/.exec(value);
	if (!bad) return;
	const kind = /[\r\n]/.test(bad[0]) ? 'a line break' : /\s/.test(bad[0]) ? 'a space' : 'a character that is not plain ASCII';
	throw new ConnectionError(`The credential's ${what} contains ${kind}: copy it again from Mailchimp, without anything around it`);
}

export function apiKeyConnection(credential: ApiKeyCredential): Connection {
	const apiKey = (credential.apiKey ?? '').trim();
	if (!apiKey) throw new ConnectionError('The credential has no API key');
	checkHeaderSafe(apiKey, 'API key');
	const dc = dataCenterFromApiKey(apiKey);
	// Mailchimp accepts any user name with the key; Mautic asked for the login name, so keep it when given.
	const user = (credential.username ?? '').trim() || 'n8n';
	if (user.includes(':')) {
		throw new ConnectionError('The credential\'s user name contains ":", which HTTP Basic authentication uses to separate it from the API key: remove it (any user name works)');
	}
	if (/[\r\n\u0000-\u001f\u007f]/.test(user)) throw new ConnectionError('The credential\'s user name contains a line break or another control character: remove it');
	return {
		basePath: apiBasePath(dc),
		authorization: `Basic ${Buffer.from(`${user}:${apiKey}`).toString('base64')}`,
		// The user name is free text: the same key under two names is still one account.
		account: secretHash(apiKey),
	};
}

export function oAuth2Connection(accessToken: string, dc: string): Connection {
	checkHeaderSafe(accessToken, 'OAuth access token');
	return { basePath: apiBasePath(dc), authorization: `Bearer ${accessToken}`, account: secretHash(accessToken) };
}

function secretHash(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Where OAuth2 metadata (the token's data center) is asked for. */
export function loginOrigin(): string {
	return LOGIN_ORIGIN;
}

/** Only ever Mailchimp's own host: `dc` has passed DC_PATTERN before it gets here. */
function apiBasePath(dc: string): string {
	return `https://${dc}.api.mailchimp.com/3.0`;
}
