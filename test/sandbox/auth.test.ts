import { GLOBEX_LEADS_LIST_ID, NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS } from '../../sandbox';
import { acme, globex, problem, raw, sdk, useSandbox } from './helpers';

const { acme: ACME, globex: GLOBEX } = SANDBOX_ACCOUNTS;
const sb = useSandbox();

describe('authentication', () => {
	it('accepts each account API key through the official SDK (Basic user:<key>)', async () => {
		await expect(acme(sb.get()).ping.get()).resolves.toEqual({ health_status: "Everything's Chimpy!" });
		await expect(globex(sb.get()).ping.get()).resolves.toEqual({ health_status: "Everything's Chimpy!" });
		expect(sb.get().requests.map((r) => r.account)).toEqual(['acme', 'globex']);
	});

	it('accepts HTTP Basic with any user name', async () => {
		for (const user of ['anystring', 'n8n', '']) {
			const res = await raw(sb.get(), {
				path: '/3.0/ping',
				headers: { Authorization: `Basic ${Buffer.from(`${user}:${ACME.apiKey}`).toString('base64')}` },
			});
			expect(res.status).toBe(200);
		}
	});

	it('accepts OAuth tokens as Bearer for both accounts', async () => {
		const lists = await sdk(sb.get(), { accessToken: GLOBEX.accessToken }).lists.getAllLists({ count: 100 });
		expect(lists.total_items).toBe(3);
		await expect(sdk(sb.get(), { accessToken: ACME.accessToken }).ping.get()).resolves.toBeDefined();
	});

	it('answers 401 API Key Invalid for a wrong key or token', async () => {
		const p = await problem(sdk(sb.get(), { apiKey: '00000000000000000000000000000000-us14' }).ping.get());
		expect(p).toMatchObject({
			status: 401,
			title: 'API Key Invalid',
			detail: "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
		});
		expect((await problem(sdk(sb.get(), { accessToken: 'nope' }).ping.get())).status).toBe(401);
		const res = await raw(sb.get(), { path: '/3.0/ping', headers: { Authorization: `Bearer ${ACME.apiKey}` } });
		expect(res.status).toBe(401);
		expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
	});

	it('answers 401 API Key Missing without credentials', async () => {
		const res = await raw(sb.get(), { path: '/3.0/ping' });
		expect(res.status).toBe(401);
		expect(res.json.title).toBe('API Key Missing');
	});

	it('checks the data center when addressed by a real Mailchimp host name', async () => {
		const wrong = await raw(sb.get(), { path: '/3.0/ping', apiKey: ACME.apiKey, headers: { Host: 'us21.api.mailchimp.com' } });
		expect(wrong.status).toBe(401);
		expect(wrong.json.title).toBe('API Key Invalid');
		const right = await raw(sb.get(), { path: '/3.0/ping', apiKey: ACME.apiKey, headers: { Host: 'us14.api.mailchimp.com:443' } });
		expect(right.status).toBe(200);
		const token = await raw(sb.get(), { path: '/3.0/ping', headers: { Host: 'us14.api.mailchimp.com', Authorization: `Bearer ${GLOBEX.accessToken}` } });
		expect(token.status).toBe(401);
		const loopback = await raw(sb.get(), { path: '/3.0/ping', apiKey: GLOBEX.apiKey, headers: { Host: 'localhost' } });
		expect(loopback.status).toBe(200);
	});

	it('keeps accounts apart', async () => {
		expect((await problem(acme(sb.get()).lists.getList(GLOBEX_LEADS_LIST_ID))).status).toBe(404);
		expect((await problem(globex(sb.get()).lists.getList(NEWSLETTER_LIST_ID))).title).toBe('Resource Not Found');
		expect((await globex(sb.get()).lists.getList(GLOBEX_LEADS_LIST_ID)).name).toBe('Globex Leads');
	});
});

describe('OAuth metadata', () => {
	it('answers dc and api_endpoint for `Authorization: OAuth <token>`', async () => {
		const res = await raw(sb.get(), { path: '/oauth2/metadata', headers: { Authorization: `OAuth ${ACME.accessToken}` } });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ dc: 'us14', role: 'owner', login_url: 'https://login.mailchimp.com', api_endpoint: 'https://us14.api.mailchimp.com' });
		expect(res.json.accountname).toBe(ACME.accountName);
		const g = await raw(sb.get(), { path: '/oauth2/metadata', headers: { Authorization: `OAuth ${GLOBEX.accessToken}` } });
		expect(g.json.dc).toBe('us21');
	});

	it('answers 401 for an unknown token', async () => {
		const res = await raw(sb.get(), { path: '/oauth2/metadata', headers: { Authorization: 'OAuth not-a-token' } });
		expect(res.status).toBe(401);
	});
});

describe('request records', () => {
	it('never contain the API key, the token or the Authorization header', async () => {
		await acme(sb.get()).ping.get();
		await sdk(sb.get(), { accessToken: GLOBEX.accessToken }).lists.getAllLists();
		await raw(sb.get(), { path: '/oauth2/metadata', headers: { Authorization: `OAuth ${ACME.accessToken}` } });
		await raw(sb.get(), { path: `/3.0/ping?apikey=${ACME.apiKey}`, apiKey: 'wrong-us14' });
		const dump = JSON.stringify(sb.get().requests);
		expect(sb.get().requests).toHaveLength(4);
		for (const secret of [ACME.apiKey, ACME.apiKey.split('-')[0], ACME.accessToken, GLOBEX.accessToken, 'Basic ', 'Bearer ', 'OAuth ']) {
			expect(dump).not.toContain(secret);
		}
		expect(dump.toLowerCase()).not.toContain('authorization');
		expect(sb.get().requests[0]).toMatchObject({ account: 'acme', method: 'GET', path: '/3.0/ping', status: 200 });
	});
});
