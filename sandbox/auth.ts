// Credential checks: API key as HTTP Basic password (any user name), OAuth token as Bearer
// for /3.0, and `OAuth <token>` for the login metadata endpoint. A request addressed to a
// real Mailchimp host name must match the credential's data center.
import type { IncomingHttpHeaders } from 'http';
import { apiKeyInvalid, apiKeyMissing, type ApiProblem } from './problems';
import { SANDBOX_ACCOUNTS, type AccountName } from './seed';

export type AuthResult = { account: AccountName } | { problem: ApiProblem };

const accounts = Object.values(SANDBOX_ACCOUNTS);

/** `us14.api.mailchimp.com[:port]` → `us14`; loopback and other hosts → undefined (no check). */
function hostDc(host: string | undefined): string | undefined {
	return /^([a-z]+\d+)\.api\.mailchimp\.com(:\d+)?$/i.exec(host ?? '')?.[1]?.toLowerCase();
}

export function authenticateApi(headers: IncomingHttpHeaders): AuthResult {
	const header = headers.authorization;
	if (!header) return { problem: apiKeyMissing() };
	const [scheme, value = ''] = header.split(/\s+/, 2);
	let found: (typeof accounts)[number] | undefined;
	if (/^basic$/i.test(scheme)) {
		const decoded = Buffer.from(value, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const key = colon >= 0 ? decoded.slice(colon + 1) : '';
		found = accounts.find((a) => a.apiKey === key);
	} else if (/^bearer$/i.test(scheme)) {
		found = accounts.find((a) => a.accessToken === value);
	}
	if (!found) return { problem: apiKeyInvalid() };
	const dc = hostDc(headers.host);
	if (dc && dc !== found.dc) return { problem: apiKeyInvalid() };
	return { account: found.name };
}

export function authenticateMetadata(headers: IncomingHttpHeaders): AuthResult {
	const m = /^OAuth\s+(\S+)$/i.exec(headers.authorization ?? '');
	const found = m && accounts.find((a) => a.accessToken === m[1]);
	return found ? { account: found.name } : { problem: apiKeyInvalid() };
}

export function metadataBody(name: AccountName): Record<string, unknown> {
	const a = SANDBOX_ACCOUNTS[name];
	return {
		dc: a.dc,
		role: 'owner',
		accountname: a.accountName,
		user_id: a.userId,
		login: { email: a.loginEmail, avatar: null, login_id: a.loginId, login_name: a.loginName, login_email: a.loginEmail },
		login_url: 'https://login.mailchimp.com',
		api_endpoint: `https://${a.dc}.api.mailchimp.com`,
	};
}
