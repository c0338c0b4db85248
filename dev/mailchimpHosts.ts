/**
 * Dev and test only: makes this process reach the sandbox the way real traffic reaches
 * Mailchimp, by Mailchimp's host names over TLS. The shipped node knows nothing of it.
 *
 * Every TLS client in Node (https agents, superagent in the SDK, n8n's HTTP stack, fetch)
 * opens its connections through `tls.connect`. While installed, a connection to
 * `<anything>.api.mailchimp.com:443` or `login.mailchimp.com:443` is opened to the sandbox's
 * loopback address instead, keeping the host name for SNI and certificate verification, and
 * trusting the sandbox's CA for that connection only. Everything else (other hosts, other
 * ports, connections over an existing socket such as a proxy tunnel) is passed through as is.
 *
 * Why not DNS: the sandbox listens on a random port (parallel jest workers each run their
 * own), and a resolver cannot change the port; nor does it need root for port 443.
 *
 * Real n8n processes (dev/n8n) get the same through a preload script: `mailchimpHostsEnv()`
 * gives the NODE_OPTIONS and the two variables dev/mailchimpHostsPreload.ts reads.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import tls from 'tls';

export interface MailchimpHostsTarget {
	/** The sandbox's own URL (https://127.0.0.1:<port>). */
	url: string;
	/** PEM of the CA behind the sandbox's certificate. */
	ca: string;
}

/** The variables the preload reads: the sandbox's `host:port` and its CA (PEM). */
export const SANDBOX_ADDRESS_ENV = 'MAILCHIMP_SANDBOX_ADDRESS';
export const SANDBOX_CA_ENV = 'MAILCHIMP_SANDBOX_CA';

const MAILCHIMP_HOST = /^(?:[a-z0-9-]+\.api|login)\.mailchimp\.com\.?$/i;

export function isMailchimpHost(name: unknown): boolean {
	return typeof name === 'string' && MAILCHIMP_HOST.test(name);
}

interface Redirect {
	host: string;
	port: number;
	/**
	 * Trusts the sandbox's CA; made once, as Node makes its default one once for real traffic
	 * (a `ca` option would build a new context, a millisecond of CPU, for every connection).
	 */
	secureContext: tls.SecureContext;
}

type Connect = typeof tls.connect;

interface Installed {
	original: Connect;
	redirect: Redirect;
}

// Kept on the `tls` module itself: jest gives every test file fresh copies of this module
// but one shared `tls`, so a later install must find the one original, never a wrapper.
const SLOT = Symbol.for('n8n-nodes-mailchimp-push.mailchimpHosts');
type TlsWithSlot = typeof tls & { [SLOT]?: Installed };
const tlsModule = tls as TlsWithSlot;

function redirectTo(target: MailchimpHostsTarget): Redirect {
	const url = new URL(target.url);
	if (url.protocol !== 'https:' || !/^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/.test(url.hostname)) {
		throw new Error(`The sandbox must be a loopback https URL, got ${target.url}`);
	}
	if (!target.ca.includes('BEGIN CERTIFICATE')) throw new Error('The sandbox CA is not a PEM certificate');
	return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443), secureContext: tls.createSecureContext({ ca: target.ca }) };
}

/** tls.connect(options[, cb]) or tls.connect(port[, host][, options][, cb]) → options and callback. */
function connectArgs(args: unknown[]): { options: tls.ConnectionOptions; callback?: () => void } | undefined {
	const callback = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as () => void) : undefined;
	const rest = callback ? args.slice(0, -1) : args;
	if (rest[0] !== null && typeof rest[0] === 'object') return { options: rest[0] as tls.ConnectionOptions, callback };
	if (typeof rest[0] !== 'number' && typeof rest[0] !== 'string') return undefined;
	const host = typeof rest[1] === 'string' ? rest[1] : undefined;
	const extra = rest.find((a, i) => i > 0 && a !== null && typeof a === 'object') as tls.ConnectionOptions | undefined;
	return { options: { ...extra, port: Number(rest[0]), ...(host ? { host } : {}) }, callback };
}

/**
 * Sends Mailchimp's host names to the sandbox in this process until the returned function (or
 * `uninstallMailchimpHosts`) is called. A second install replaces the first target.
 */
export function installMailchimpHosts(target: MailchimpHostsTarget): () => void {
	const redirect = redirectTo(target);
	const installed = tlsModule[SLOT];
	if (installed) {
		installed.redirect = redirect;
		return uninstallMailchimpHosts;
	}
	const original = tls.connect;
	const call = original as unknown as (this: unknown, ...args: unknown[]) => tls.TLSSocket;
	const state: Installed = { original, redirect };
	const connect = function (this: unknown, ...args: unknown[]) {
		const parsed = connectArgs(args);
		const options = parsed?.options;
		// Where the connection goes decides, not the SNI name it asks for.
		const name = options?.host;
		const port = Number(options?.port ?? 443);
		// A given socket (a proxy's tunnel) or a Unix path is already routed: left alone.
		if (!parsed || !options || options.socket || options.path || port !== 443 || !isMailchimpHost(name)) {
			return call.apply(this, args);
		}
		const { host, port: sandboxPort, secureContext } = state.redirect;
		const redirected: tls.ConnectionOptions = { ...options, host, port: sandboxPort, servername: String(name).replace(/\.$/, ''), secureContext };
		return parsed.callback ? call.call(this, redirected, parsed.callback) : call.call(this, redirected);
	} as Connect;
	tlsModule.connect = connect;
	tlsModule[SLOT] = state;
	return uninstallMailchimpHosts;
}

/** Mailchimp's host names are Mailchimp's again (real DNS, the system's CAs). */
export function uninstallMailchimpHosts(): void {
	const installed = tlsModule[SLOT];
	if (!installed) return;
	tlsModule.connect = installed.original;
	delete tlsModule[SLOT];
}

/** Where the sandbox currently is for this process, if installed. */
export function installedMailchimpHosts(): { host: string; port: number } | undefined {
	const installed = tlsModule[SLOT];
	return installed && { host: installed.redirect.host, port: installed.redirect.port };
}

/** Installs from SANDBOX_ADDRESS_ENV / SANDBOX_CA_ENV; false when they are not set. */
export function installMailchimpHostsFromEnv(env: NodeJS.ProcessEnv): boolean {
	const address = env[SANDBOX_ADDRESS_ENV];
	const ca = env[SANDBOX_CA_ENV];
	if (!address || !ca) return false;
	installMailchimpHosts({ url: `https://${address}`, ca });
	return true;
}

/** The compiled preload script (a child process loads JavaScript: `npm run build` makes it). */
export function preloadScript(): string {
	const candidates = [join(__dirname, 'mailchimpHostsPreload.js'), join(__dirname, '..', 'dist', 'dev', 'mailchimpHostsPreload.js')];
	const found = candidates.find((f) => existsSync(f));
	if (!found) throw new Error(`dist/dev/mailchimpHostsPreload.js is missing: run npm run build first`);
	return found;
}

/**
 * The environment for a child Node process (a real n8n, its workers) that must reach the
 * sandbox by Mailchimp's host names: the preload in NODE_OPTIONS, the sandbox's address and CA.
 */
export function mailchimpHostsEnv(target: MailchimpHostsTarget, o: { nodeOptions?: string; preload?: string } = {}): Record<string, string> {
	const { host, port } = redirectTo(target);
	const preload = `--require ${JSON.stringify(o.preload ?? preloadScript())}`;
	return {
		NODE_OPTIONS: [o.nodeOptions, preload].filter(Boolean).join(' '),
		[SANDBOX_ADDRESS_ENV]: `${host.includes(':') ? `[${host}]` : host}:${port}`,
		[SANDBOX_CA_ENV]: target.ca,
	};
}
