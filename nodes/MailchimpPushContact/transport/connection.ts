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
export const SANDBOX_URL_ENV = 'MAILCHIMP_PUSH_SANDBOX_URL';
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
 * Tests and the demo point the node at a loopback Mailchimp sandbox through an explicit
 * environment variable. Only loopback addresses are accepted, so a stray setting can never
 * send credentials to another host.
 */
export function sandboxOrigin(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const raw = env[SANDBOX_URL_ENV];
	if (!raw) return undefined;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ConnectionError(`${SANDBOX_URL_ENV} is not a URL`);
	}
	const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
	if (!loopback || !['http:', 'https:'].includes(url.protocol)) {
		throw new ConnectionError(`${SANDBOX_URL_ENV} must point at a loopback address (127.0.0.1, localhost or [::1])`);
	}
	return url.origin;
}

export function apiKeyConnection(credential: ApiKeyCredential): Connection {
	const apiKey = (credential.apiKey ?? '').trim();
	if (!apiKey) throw new ConnectionError('The credential has no API key');
	const dc = dataCenterFromApiKey(apiKey);
	// Mailchimp accepts any user name with the key; Mautic asked for the login name, so keep it when given.
	const user = (credential.username ?? '').trim() || 'n8n';
	return {
		basePath: apiBasePath(dc),
		authorization: `Basic ${Buffer.from(`${user}:${apiKey}`).toString('base64')}`,
		// The user name is free text: the same key under two names is still one account.
		account: secretHash(apiKey),
	};
}

export function oAuth2Connection(accessToken: string, dc: string): Connection {
	return { basePath: apiBasePath(dc), authorization: `Bearer ${accessToken}`, account: secretHash(accessToken) };
}

function secretHash(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

export function loginOrigin(): string {
	return sandboxOrigin() ?? LOGIN_ORIGIN;
}

function apiBasePath(dc: string): string {
	return `${sandboxOrigin() ?? `https://${dc}.api.mailchimp.com`}/3.0`;
}
