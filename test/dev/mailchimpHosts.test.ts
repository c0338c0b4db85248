import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { get, type RequestOptions } from 'https';
import { tmpdir } from 'os';
import { join } from 'path';
import tls from 'tls';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

import {
	installMailchimpHosts,
	installMailchimpHostsFromEnv,
	isMailchimpHost,
	mailchimpHostsEnv,
	SANDBOX_ADDRESS_ENV,
	SANDBOX_CA_ENV,
	uninstallMailchimpHosts,
} from '../../dev/mailchimpHosts';
import { SANDBOX_ACCOUNTS, startSandbox, type Sandbox } from '../../sandbox';

const ACME = SANDBOX_ACCOUNTS.acme;
const basic = (key: string) => `Basic ${Buffer.from(`n8n:${key}`).toString('base64')}`;

/** The preload and the module it loads, compiled from source (no build needed), as Node runs them. */
function compiledPreload(): string {
	const dir = mkdtempSync(join(tmpdir(), 'mailchimp-hosts-'));
	for (const name of ['mailchimpHosts', 'mailchimpHostsPreload']) {
		const source = readFileSync(join(__dirname, '..', '..', 'dev', `${name}.ts`), 'utf8');
		const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2021, esModuleInterop: true } });
		writeFileSync(join(dir, `${name}.js`), outputText);
	}
	return join(dir, 'mailchimpHostsPreload.js');
}

/** GET over Node's https (the global agent, as superagent in the SDK uses it). */
function fetchJson(url: string, headers: Record<string, string> = {}, extra: RequestOptions = {}): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		get(url, { headers, ...extra }, (res) => {
			let text = '';
			res.on('data', (c: Buffer) => (text += c.toString('utf8')));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
		}).on('error', reject);
	});
}

/** Opens a TLS connection with a lookup that records the name and fails: shows where it would have gone. */
function lookedUp(host: string, port: number): Promise<string[]> {
	const seen: string[] = [];
	return new Promise((resolve) => {
		const socket = tls.connect({
			host,
			port,
			lookup: (name: string, _o: unknown, cb: (e: Error) => void) => {
				seen.push(name);
				cb(Object.assign(new Error('no DNS in this test'), { code: 'ENOTFOUND' }));
			},
		} as tls.ConnectionOptions);
		socket.on('error', () => resolve(seen));
		socket.on('secureConnect', () => {
			socket.destroy();
			resolve(seen);
		});
	});
}

describe('dev/mailchimpHosts', () => {
	let sandbox: Sandbox;
	const original = tls.connect;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	beforeEach(() => sandbox.reset());
	afterEach(() => uninstallMailchimpHosts());
	afterAll(() => sandbox.close());

	it('knows Mailchimp API and login host names, nothing else', () => {
		for (const name of ['us14.api.mailchimp.com', 'login.mailchimp.com', 'US21.API.MAILCHIMP.COM']) expect(isMailchimpHost(name)).toBe(true);
		for (const name of ['mailchimp.com', 'api.mailchimp.com', 'us14.api.mailchimp.com.evil.io', 'x.us14.api.mailchimp.com', 'login.mailchimp.com.evil.io', '127.0.0.1', undefined]) {
			expect(isMailchimpHost(name)).toBe(false);
		}
	});

	it('sends https://<dc>.api.mailchimp.com and login.mailchimp.com to the sandbox over verified TLS', async () => {
		installMailchimpHosts(sandbox);
		const ping = await fetchJson('https://us14.api.mailchimp.com/3.0/ping', { Authorization: basic(ACME.apiKey) });
		expect(ping).toEqual({ status: 200, body: { health_status: "Everything's Chimpy!" } });
		const metadata = await fetchJson('https://login.mailchimp.com/oauth2/metadata', { Authorization: `OAuth ${ACME.accessToken}` });
		expect(metadata.status).toBe(200);
		expect(metadata.body).toMatchObject({ dc: ACME.dc, api_endpoint: `https://${ACME.dc}.api.mailchimp.com` });
		// The sandbox saw Mailchimp's host name, so it checks the key's data center against it.
		const wrongDc = await fetchJson('https://us21.api.mailchimp.com/3.0/ping', { Authorization: basic(ACME.apiKey) });
		expect(wrongDc.status).toBe(401);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /3.0/ping 200', 'GET /oauth2/metadata 200', 'GET /3.0/ping 401']);
	});

	it('trusts the sandbox CA only for the connections it redirects', async () => {
		installMailchimpHosts(sandbox);
		// The sandbox's own address is not a Mailchimp name: no redirect, no extra CA, so not trusted.
		await expect(fetchJson(`${sandbox.url}/3.0/ping`, { Authorization: basic(ACME.apiKey) })).rejects.toMatchObject({
			code: expect.stringMatching(/CERT|SIGNATURE|ISSUER/),
		});
	});

	it('leaves other hosts, other ports and an uninstalled process alone', async () => {
		installMailchimpHosts(sandbox);
		expect(await lookedUp('us14.api.mailchimp.com', 443)).toEqual([]);
		expect(await lookedUp('us14.api.mailchimp.com', 8443)).toEqual(['us14.api.mailchimp.com']);
		expect(await lookedUp('example.org', 443)).toEqual(['example.org']);
		uninstallMailchimpHosts();
		expect(tls.connect).toBe(original);
		expect(await lookedUp('us14.api.mailchimp.com', 443)).toEqual(['us14.api.mailchimp.com']);
	});

	it('keeps one wrapper however often it is installed (jest reloads this module per test file)', async () => {
		installMailchimpHosts(sandbox);
		const wrapper = tls.connect;
		const other = await startSandbox();
		try {
			installMailchimpHosts(other);
			expect(tls.connect).toBe(wrapper);
			await fetchJson('https://us14.api.mailchimp.com/3.0/ping', { Authorization: basic(ACME.apiKey) }, { agent: false });
			expect(other.requests).toHaveLength(1);
			expect(sandbox.requests).toHaveLength(0);
		} finally {
			uninstallMailchimpHosts();
			await other.close();
		}
		expect(tls.connect).toBe(original);
	});

	it('refuses a sandbox that is not a loopback https URL', () => {
		expect(() => installMailchimpHosts({ url: 'https://10.0.0.5:443', ca: sandbox.ca })).toThrow(/loopback/);
		expect(() => installMailchimpHosts({ url: sandbox.url.replace('https:', 'http:'), ca: sandbox.ca })).toThrow(/loopback/);
		expect(tls.connect).toBe(original);
	});

	it('installs from the environment a child process is given', async () => {
		expect(installMailchimpHostsFromEnv({})).toBe(false);
		expect(tls.connect).toBe(original);
		const port = new URL(sandbox.url).port;
		expect(installMailchimpHostsFromEnv({ [SANDBOX_ADDRESS_ENV]: `127.0.0.1:${port}`, [SANDBOX_CA_ENV]: sandbox.ca })).toBe(true);
		expect((await fetchJson('https://us14.api.mailchimp.com/3.0/ping', { Authorization: basic(ACME.apiKey) }, { agent: false })).status).toBe(200);
	});

	it('the preload makes a separate Node process reach the sandbox by host name', async () => {
		const env = mailchimpHostsEnv(sandbox, { preload: compiledPreload() });
		expect(env.NODE_OPTIONS).toMatch(/^--require ".*mailchimpHostsPreload\.js"$/);
		const script = `require('https').get('https://us14.api.mailchimp.com/3.0/ping', { headers: { Authorization: ${JSON.stringify(basic(ACME.apiKey))} } }, (r) => { console.log(r.statusCode); r.resume(); }).on('error', (e) => { console.log(e.code); });`;
		// Async: the sandbox answers from this process's event loop.
		const child = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
			const p = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
			let stdout = '';
			let stderr = '';
			p.stdout.on('data', (c: Buffer) => (stdout += c));
			p.stderr.on('data', (c: Buffer) => (stderr += c));
			p.on('close', () => resolve({ stdout, stderr }));
		});
		expect(child.stdout.trim()).toBe('200');
		expect(child.stderr).toContain(`sandbox at 127.0.0.1:${new URL(sandbox.url).port}`);
		expect(child.stderr).not.toContain('BEGIN');
		// A process given the preload without the variables (as a child n8n spawns may be): nothing installed.
		const probe = "console.log(Object.getOwnPropertySymbols(require('tls')).map(String).join() || 'none')";
		const bare = spawnSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: env.NODE_OPTIONS }, encoding: 'utf8' });
		expect(bare.stderr).not.toContain('[mailchimp-hosts]');
		expect(bare.stdout.trim()).toBe('none');
		const given = spawnSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
		expect(given.stdout.trim()).toBe('Symbol(n8n-nodes-mailchimp-push.mailchimpHosts)');
	});
});
