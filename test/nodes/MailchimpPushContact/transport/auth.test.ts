import { NodeApiError } from 'n8n-workflow';

import { testCredential } from '../../../../dev/engine';
import { credentialFor, nodeTypes, NODE_TYPE } from '../../../../dev/package';
import { GLOBEX_LEADS_LIST_ID, NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS } from '../../../../sandbox';
import { audience, failure, mapEach, push, useSandbox } from '../fixture';

const sandbox = useSandbox();
const node = nodeTypes()[NODE_TYPE];
const secrets = Object.values(SANDBOX_ACCOUNTS).flatMap((a) => [a.apiKey, a.accessToken]);

/** Everything reachable from `value` as text, errors' own non-enumerable properties included. */
function dump(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	return Object.getOwnPropertyNames(value)
		.map((key) => `${key}: ${dump((value as Record<string, unknown>)[key], seen)}`)
		.join('\n');
}

/** No key or token, raw or inside an Authorization header (Basic base64 or Bearer). */
const expectNoSecrets = (value: unknown, more: string[] = []) => {
	const text = dump(value);
	for (const secret of [...secrets, ...more]) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(Buffer.from(`n8n:${secret}`).toString('base64'));
	}
	expect(text).not.toMatch(/\b(Basic|Bearer|OAuth) [A-Za-z0-9+/=._-]{8,}/);
};

describe('the secret check', () => {
	it('finds a key in an error message and an Authorization header in a nested object', () => {
		expect(() => expectNoSecrets({ error: new Error(`failed with ${secrets[0]}`) })).toThrow();
		expect(() => expectNoSecrets([{ headers: { authorization: `Bearer ${'x'.repeat(20)}` } }])).toThrow();
	});
});

describe('OAuth2', () => {
	it('pushes with the token, looking the data center up once per execution', async () => {
		const run = await push({
			authentication: 'oAuth2',
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 'o1@initech-mail.com' }, { email: 'o2@initech-mail.com' }, { email: 'o3@initech-mail.com' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'created', 'created']);
		expect(sandbox().requests.filter((r) => r.path === '/oauth2/metadata')).toHaveLength(1);
		expect(sandbox().requests.every((r) => r.account === 'acme')).toBe(true);
		expectNoSecrets(run.run);
	});
});

describe('API key', () => {
	const attempt = (apiKey: string) =>
		push({
			credential: { ...credentialFor(SANDBOX_ACCOUNTS.acme), data: { apiKey } },
			parameters: { mergeFields: mapEach({ COMPANY: 'I' }) },
			items: [{ email: 'x@initech-mail.com' }],
		});

	it.each(['5f3c9d2a7b1e4c8f9a0d6e2b3c4f5a6b-us14.evil.io', '5f3c9d2a7b1e4c8f9a0d6e2b3c4f5a6b', 'key-14'])(
		'refuses %s (no valid data center) before any request',
		async (apiKey) => {
			const run = await attempt(apiKey);
			expect(failure(run).message).toMatch(/must end with its data center/);
			expect(sandbox().requests).toHaveLength(0);
			expectNoSecrets([run.run, run.error], [apiKey]);
		},
	);

	it('reports a wrong key as Mailchimp does, without the key', async () => {
		const wrongKey = 'ffffffffffffffffffffffffffffffff-us14';
		const run = await attempt(wrongKey);
		const error = failure(run);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/API Key Invalid/);
		expectNoSecrets([run.run, error], [wrongKey]);
	});
});

describe('two executions at once with different accounts', () => {
	it('never cross: each contact lands in its own account', async () => {
		const [acme, globex] = await Promise.all([
			push({
				account: 'acme',
				parameters: { mergeFields: mapEach({ COMPANY: 'Acme' }) },
				items: Array.from({ length: 30 }, (_, i) => ({ email: `acme${i}@initech-mail.com` })),
			}),
			push({
				account: 'globex',
				authentication: 'oAuth2',
				parameters: { audience: audience(GLOBEX_LEADS_LIST_ID), mergeFields: mapEach({ FNAME: 'G' }, null) },
				items: Array.from({ length: 30 }, (_, i) => ({ email: `globex${i}@initech-mail.com` })),
			}),
		]);
		expect(acme.json.every((j) => j.action === 'created')).toBe(true);
		expect(globex.json.every((j) => j.action === 'created')).toBe(true);
		expect(sandbox().getMember('acme', NEWSLETTER_LIST_ID, 'globex0@initech-mail.com')).toBeUndefined();
		expect(sandbox().getMember('globex', GLOBEX_LEADS_LIST_ID, 'globex0@initech-mail.com')).toBeDefined();
		expect(sandbox().getMember('acme', NEWSLETTER_LIST_ID, 'acme29@initech-mail.com')).toBeDefined();
		for (const r of sandbox().requests) {
			if (r.path.includes(GLOBEX_LEADS_LIST_ID)) expect(r.account).toBe('globex');
			if (r.path.includes(NEWSLETTER_LIST_ID)) expect(r.account).toBe('acme');
		}
		expectNoSecrets([acme.run, globex.run]);
	});
});

describe('credential test (the dialog\'s "Test" button)', () => {
	it('pings with an API key and with OAuth2', async () => {
		await expect(testCredential(node, credentialFor(SANDBOX_ACCOUNTS.acme))).resolves.toEqual({ status: 'OK', message: 'Connection successful' });
		await expect(testCredential(node, credentialFor(SANDBOX_ACCOUNTS.globex, 'oAuth2'))).resolves.toMatchObject({ status: 'OK' });
		expect(sandbox().requests.map((r) => r.path)).toEqual(['/3.0/ping', '/oauth2/metadata', '/3.0/ping']);
	});
	it('explains a bad data center without sending anything, and a wrong key without echoing it', async () => {
		const badDc = await testCredential(node, { ...credentialFor(SANDBOX_ACCOUNTS.acme), data: { apiKey: 'abc-14us' } });
		expect(badDc).toMatchObject({ status: 'Error', message: expect.stringContaining('data center') });
		expect(sandbox().requests).toHaveLength(0);
		const wrong = await testCredential(node, { ...credentialFor(SANDBOX_ACCOUNTS.acme), data: { apiKey: 'ffffffffffffffffffffffffffffffff-us14' } });
		expect(wrong).toMatchObject({ status: 'Error', message: expect.stringContaining('API Key Invalid') });
		expect(wrong.message).not.toContain('ffffffff');
	});
});

describe('a credential that cannot work says why, before any request', () => {
	const continueOnFail = { onError: 'continueRegularOutput' as const };
	const items = [{ email: 'one@initech-mail.com' }, { email: 'two@initech-mail.com' }];

	it('an OAuth token with a line break: every item says so with "On Error: Continue", and nothing is retried', async () => {
		const token = `${SANDBOX_ACCOUNTS.acme.accessToken.slice(0, 10)}\n${SANDBOX_ACCOUNTS.acme.accessToken.slice(10)}`;
		const credential = { ...credentialFor(SANDBOX_ACCOUNTS.acme, 'oAuth2'), data: { oauthTokenData: { access_token: token } } };
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'I' }) }, items, authentication: 'oAuth2', credential, node: continueOnFail });
		expect(run.status).toBe('success');
		expect(run.json.map((j) => [j.email, j.error])).toEqual(
			items.map(({ email }) => [email, 'The credential\'s OAuth access token contains a line break: copy it again from Mailchimp, without anything around it']),
		);
		expect(sandbox().requests).toHaveLength(0);
		expectNoSecrets(run.run, [token]);
	});

	it('the same without "On Error: Continue" stops the node with that message', async () => {
		const credential = { ...credentialFor(SANDBOX_ACCOUNTS.acme, 'oAuth2'), data: { oauthTokenData: { access_token: 'abc\r\ndef' } } };
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'I' }) }, items, authentication: 'oAuth2', credential });
		expect(failure(run).message).toMatch(/OAuth access token contains a line break/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('a user name with ":" is refused by name instead of reading as "API Key Invalid"', async () => {
		const credential = { ...credentialFor(SANDBOX_ACCOUNTS.acme), data: { apiKey: SANDBOX_ACCOUNTS.acme.apiKey, username: 'ops:team' } };
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'I' }) }, items, credential });
		expect(failure(run).message).toMatch(/user name contains ":"/);
		expect(sandbox().requests).toHaveLength(0);
	});
});
