// Shared helpers for the sandbox's own tests: an independent official-SDK client per call
// (never the module-global singleton) and raw HTTPS for what the SDK cannot express.
import { request } from 'https';
import { startSandbox, type Sandbox, SANDBOX_ACCOUNTS } from '../../sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient');

export type Auth = { apiKey: string } | { accessToken: string };

/** The SDK has no types of its own; tests use it the way the node does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Client = any;

/**
 * An SDK client for this sandbox (a test may run several): it calls the sandbox's own address,
 * trusting the sandbox's CA on each request. The generated client has no TLS setting; its
 * cookie hook is the one place it hands each superagent request out before sending it.
 */
export function sdk(sandbox: Sandbox, auth: Auth = { apiKey: SANDBOX_ACCOUNTS.acme.apiKey }): Client {
	const c = new ApiClient();
	c.basePath = `${sandbox.url}/3.0`;
	c.setConfig(auth);
	c.enableCookies = true;
	c.agent = { attachCookies: (request: { ca(pem: string): void }) => request.ca(sandbox.ca), saveCookies: () => undefined };
	return c;
}

export const acme = (sandbox: Sandbox) => sdk(sandbox, { apiKey: SANDBOX_ACCOUNTS.acme.apiKey });
export const globex = (sandbox: Sandbox) => sdk(sandbox, { apiKey: SANDBOX_ACCOUNTS.globex.apiKey });

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	buffer: Buffer;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RawRequest {
	method?: string;
	path: string;
	headers?: Record<string, string>;
	body?: unknown; // objects are sent as JSON, strings as-is
	apiKey?: string; // Basic auth with user "anystring"
}

export function raw(sandbox: Sandbox, r: RawRequest): Promise<RawResponse> {
	const url = new URL(sandbox.url + r.path);
	const payload = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
	const headers: Record<string, string> = { ...r.headers };
	if (r.apiKey) headers.Authorization = `Basic ${Buffer.from(`anystring:${r.apiKey}`).toString('base64')}`;
	if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
	return new Promise((resolve, reject) => {
		// Straight to the sandbox's own address (checked as 127.0.0.1 whatever Host says), trusting its CA for this request only.
		const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: r.method ?? 'GET', headers, agent: false, ca: sandbox.ca, servername: '' }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const buffer = Buffer.concat(chunks);
				const text = buffer.toString('utf8');
				let json: unknown;
				try {
					json = text ? JSON.parse(text) : undefined;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, buffer, json });
			});
		});
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/** Awaits an SDK call expected to fail and returns Mailchimp's problem document. */
export async function problem(p: Promise<unknown>): Promise<{ status: number; title: string; detail: string; errors?: Array<{ field: string; message: string }> }> {
	try {
		await p;
	} catch (e) {
		const err = e as { status?: number; response?: { body?: Record<string, unknown> } };
		if (!err.response) throw e;
		return { ...(err.response.body as { title: string; detail: string }), status: err.status ?? 0 };
	}
	throw new Error('expected the call to fail');
}

/** One sandbox per test file, reset before each test. */
export function useSandbox(options?: Parameters<typeof startSandbox>[0]): { get(): Sandbox } {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
	});
	beforeEach(() => sandbox!.reset());
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get() {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
