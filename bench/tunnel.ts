/**
 * Network-level redirect of `https://<dc>.api.mailchimp.com` to the loopback sandbox, for
 * n8n's built-in Mailchimp node, whose URL is hard-wired (`https://${dc}.api.mailchimp.com/3.0`
 * from the API key's suffix) and which has no base-URL setting.
 *
 * How: n8n's outbound HTTP stack (@n8n/backend-network, behind every node's
 * `helpers.request*`) sends requests through the proxy named by HTTPS_PROXY / NO_PROXY, as an
 * n8n instance behind a corporate proxy does. The benchmark sets HTTPS_PROXY to the CONNECT
 * proxy below for the built-in node's runs only. The proxy accepts nothing but
 * `CONNECT <dc>.api.mailchimp.com:443`, terminates TLS with a certificate for
 * `*.api.mailchimp.com` issued by a throw-away CA made for this benchmark (trusted through
 * NODE_EXTRA_CA_CERTS, which Node reads only at start-up: bench/run.ts re-executes itself once
 * with it set), and forwards each HTTP request to the sandbox with its Host header kept, so the
 * sandbox still checks the host's data center against the key (sandbox/auth.ts). The hop to
 * the sandbox is HTTPS too, to its own address, trusting its CA for that hop only.
 *
 * Nothing in n8n, the built-in node or Node is patched: the node builds its real URL, speaks
 * TLS, verifies the certificate and sends real HTTP.
 *
 * Compatibility: the built-in node relies on four things real Mailchimp accepts but the
 * sandbox (strict by design: it enforces the OpenAPI schemas to the letter) may not:
 *  - the `Authorization: apikey <key>` scheme            → Basic auth with the same key;
 *  - an e-mail address in place of the subscriber hash   → the MD5 hash;
 *  - an extra `listId` property in member bodies          → the body without it;
 *  - a member PUT without `status_if_new` (Mailchimp needs it only to create a member)
 *                                                         → for a member that exists, the body
 *    with `status_if_new` set to its current status (no effect on an update); a PUT for an
 *    unknown address is forwarded as sent, so it fails as it would at Mailchimp.
 * `probeSandbox` asks the sandbox about each form once; only the refused ones are rewritten,
 * and every rewrite is counted and reported. Once the sandbox accepts those forms itself,
 * this layer forwards requests untouched.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'http';
import { Agent, createServer as createHttpsServer, request } from 'https';
import type { Socket } from 'net';
import { join } from 'path';
import { createSecureContext } from 'tls';

import { subscriberHash } from '../sandbox';

/** `us14.api.mailchimp.com:443` — the only CONNECT target the proxy accepts. */
const TARGET = /^[a-z]+\d+\.api\.mailchimp\.com:443$/i;

export interface BenchCertificate {
	/** PEM of the CA to trust (NODE_EXTRA_CA_CERTS). */
	caFile: string;
	keyFile: string;
	certFile: string;
}

/**
 * A CA and a `*.api.mailchimp.com` leaf certificate (ECDSA P-256: a cheap handshake, so the
 * tunnel adds as little as possible to each of the built-in node's requests), made with the
 * openssl CLI into `dir` and reused while valid (30 days).
 */
export function ensureCertificate(dir: string): BenchCertificate {
	mkdirSync(dir, { recursive: true });
	const cert: BenchCertificate = {
		caFile: join(dir, 'bench-ca.pem'),
		keyFile: join(dir, 'mailchimp-leaf.key'),
		certFile: join(dir, 'mailchimp-leaf.pem'),
	};
	if (Object.values(cert).every((f) => existsSync(f)) && stillValid(cert.certFile)) return cert;

	const caKey = join(dir, 'bench-ca.key');
	const csr = join(dir, 'mailchimp-leaf.csr');
	const ext = join(dir, 'mailchimp-leaf.ext');
	const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
	openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey);
	openssl('req', '-x509', '-new', '-key', caKey, '-sha256', '-days', '30', '-subj', '/CN=n8n-nodes-mailchimp-push benchmark CA', '-out', cert.caFile);
	openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', cert.keyFile);
	openssl('req', '-new', '-key', cert.keyFile, '-subj', '/CN=*.api.mailchimp.com', '-out', csr);
	writeFileSync(ext, 'subjectAltName=DNS:*.api.mailchimp.com\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
	openssl('x509', '-req', '-in', csr, '-CA', cert.caFile, '-CAkey', caKey, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', ext, '-out', cert.certFile);
	return cert;
}

function stillValid(certFile: string): boolean {
	try {
		execFileSync('openssl', ['x509', '-checkend', '86400', '-noout', '-in', certFile], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** The sandbox as the tunnel reaches it: its own https URL and the CA behind its certificate. */
export interface TunnelUpstream {
	url: string;
	ca: string;
}

/** Which of the built-in node's (Mailchimp-accepted) forms the sandbox refuses. */
export interface CompatNeeds {
	apikeyScheme: boolean;
	emailInPath: boolean;
	listIdInBody: boolean;
	putWithoutStatusIfNew: boolean;
}

/**
 * The status of a member, or undefined when the address is not in the audience. Asynchronous:
 * the sandbox answers it from its own process (bench/remoteSandbox.ts).
 */
export type MemberStatusLookup = (apiKey: string, listId: string, email: string) => Promise<string | undefined>;

export interface ProbeAccount {
	apiKey: string;
	dc: string;
	listId: string;
	/** An address already in the audience. */
	knownEmail: string;
}

/**
 * Asks the sandbox once about each form (read-only or refused requests; the caller resets
 * the sandbox afterwards). A form is "needed" (rewritten) when the sandbox refuses it.
 */
export async function probeSandbox(sandbox: TunnelUpstream, a: ProbeAccount): Promise<CompatNeeds> {
	const host = `${a.dc}.api.mailchimp.com`;
	const basic = `Basic ${Buffer.from(`n8n:${a.apiKey}`).toString('base64')}`;
	const upstream = new URL(sandbox.url);
	const call = (method: string, path: string, authorization: string, body?: unknown) =>
		new Promise<{ status: number; text: string }>((resolve, reject) => {
			const payload = body === undefined ? undefined : JSON.stringify(body);
			const req = request(
				{
					host: upstream.hostname,
					port: Number(upstream.port),
					method,
					path,
					// Addressed to the Mailchimp host (the sandbox checks its data center), verified as 127.0.0.1.
					headers: { host, authorization, 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) },
					ca: sandbox.ca,
					servername: '',
					agent: false,
				},
				(res) => {
					let text = '';
					res.on('data', (c: Buffer) => (text += c.toString('utf8')));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				},
			);
			req.on('error', reject);
			req.end(payload);
		});
	const auth = await call('GET', '/3.0/ping', `apikey ${a.apiKey}`);
	const byEmail = await call('GET', `/3.0/lists/${a.listId}/members/${encodeURIComponent(a.knownEmail)}`, basic);
	// A create of a known address: "Member Exists" when listId is tolerated, a schema error if not.
	const extra = await call('POST', `/3.0/lists/${a.listId}/members`, basic, { listId: a.listId, email_address: a.knownEmail, status: 'subscribed' });
	// An update of a known member that changes nothing (it does touch last_changed: reset after).
	const hash = subscriberHash(a.knownEmail);
	const update = await call('PUT', `/3.0/lists/${a.listId}/members/${hash}`, basic, { email_address: a.knownEmail });
	return {
		apikeyScheme: auth.status !== 200,
		emailInPath: byEmail.status !== 200,
		listIdInBody: !extra.text.includes('Member Exists'),
		putWithoutStatusIfNew: update.status !== 200,
	};
}

export interface TunnelCounters {
	/** CONNECT tunnels opened (the built-in node opens one per request: no keep-alive). */
	tunnels: number;
	/** CONNECT requests refused (any host but `<dc>.api.mailchimp.com:443`): must stay 0. */
	refused: number;
	/** HTTP requests forwarded to the sandbox. */
	forwarded: number;
	rewrites: Record<keyof CompatNeeds, number>;
}

export interface MailchimpTunnel {
	/** For HTTPS_PROXY. */
	proxyUrl: string;
	needs: CompatNeeds;
	counters: TunnelCounters;
	resetCounters(): void;
	close(): Promise<void>;
}

const MEMBER_PATH = /^(\/3\.0\/lists\/[^/]+\/members\/)([^/?]+)(.*)$/;

/** The key of a Basic Authorization header (Mailchimp takes any user name). */
function basicKey(header: string): string | undefined {
	const m = /^basic\s+(\S+)$/i.exec(header);
	if (!m) return undefined;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
}

export async function startMailchimpTunnel(
	sandbox: TunnelUpstream,
	cert: BenchCertificate,
	needs: CompatNeeds,
	memberStatus: MemberStatusLookup,
): Promise<MailchimpTunnel> {
	const upstream = new URL(sandbox.url);
	// Verified as 127.0.0.1 (servername ''), whatever Host the built-in node's request names.
	const upstreamAgent = new Agent({ keepAlive: true, ca: sandbox.ca, servername: '' });
	const secureContext = createSecureContext({ key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) });
	const sockets = new Set<Socket>();
	const track = (s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s)));
	const fresh = (): TunnelCounters => ({ tunnels: 0, refused: 0, forwarded: 0, rewrites: { apikeyScheme: 0, emailInPath: 0, listIdInBody: 0, putWithoutStatusIfNew: 0 } });
	const counters = fresh();

	const forward = (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		// Async: a PUT's rewrite may ask the sandbox for the member's status.
		const send = async () => {
			let body = Buffer.concat(chunks);
			let path = req.url ?? '/';
			const headers: OutgoingHttpHeaders = { ...req.headers };

			const auth = /^apikey\s+(\S+)$/i.exec(String(headers.authorization ?? ''));
			const apiKey = auth?.[1] ?? basicKey(String(headers.authorization ?? ''));
			if (needs.apikeyScheme && auth) {
				headers.authorization = `Basic ${Buffer.from(`n8n:${auth[1]}`).toString('base64')}`;
				counters.rewrites.apikeyScheme++;
			}
			const member = MEMBER_PATH.exec(path);
			if (member) {
				const id = decodeURIComponent(member[2]);
				if (needs.emailInPath && id.includes('@')) {
					path = `${member[1]}${subscriberHash(id)}${member[3]}`;
					counters.rewrites.emailInPath++;
				}
			}
			const memberWrite = /^\/3\.0\/lists\/([^/]+)\/members(\/[^/?]+)?(\?.*)?$/.exec(path);
			if (memberWrite && body.length && (needs.listIdInBody || needs.putWithoutStatusIfNew)) {
				let json: Record<string, unknown> | undefined;
				try {
					json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
				} catch {
					// Not JSON: forwarded as sent.
				}
				if (json && typeof json === 'object') {
					let changed = false;
					if (needs.listIdInBody && 'listId' in json) {
						delete json.listId;
						counters.rewrites.listIdInBody++;
						changed = true;
					}
					const email = typeof json.email_address === 'string' ? json.email_address : undefined;
					if (needs.putWithoutStatusIfNew && req.method === 'PUT' && memberWrite[2] && json.status_if_new === undefined && email && apiKey) {
						// No answer (the sandbox gone): forwarded as sent.
						const current = await memberStatus(apiKey, memberWrite[1], email).catch(() => undefined);
						if (current !== undefined) {
							json.status_if_new = current;
							counters.rewrites.putWithoutStatusIfNew++;
							changed = true;
						}
					}
					if (changed) body = Buffer.from(JSON.stringify(json));
				}
			}

			// The body was read whole: send it with its length, without hop-by-hop headers.
			for (const h of ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding']) delete headers[h];
			if (body.length || headers['content-length'] !== undefined) headers['content-length'] = String(body.length);

			counters.forwarded++;
			const out = request(
				{ host: upstream.hostname, port: Number(upstream.port), method: req.method, path, headers, agent: upstreamAgent },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			out.on('error', () => res.destroy());
			out.end(body);
		};
		req.on('end', () => void send());
	};

	// Not listening: each tunnelled socket is handed to it as a new connection.
	const tlsServer = createHttpsServer({ SNICallback: (_name, cb) => cb(null, secureContext) }, forward);
	tlsServer.on('tlsClientError', (_e, socket) => socket.destroy());

	const proxy: Server = createServer((_req, res) => {
		res.writeHead(405, { 'Content-Type': 'text/plain' }).end('CONNECT only\n');
	});
	proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		track(socket);
		socket.on('error', () => socket.destroy());
		if (!TARGET.test(req.url ?? '')) {
			counters.refused++;
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		counters.tunnels++;
		socket.setNoDelay(true);
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		tlsServer.emit('connection', socket);
	});
	await new Promise<void>((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = proxy.address() as { port: number };
	return {
		proxyUrl: `http://127.0.0.1:${port}`,
		needs,
		counters,
		resetCounters() {
			Object.assign(counters, fresh());
		},
		async close() {
			for (const s of sockets) s.destroy();
			proxy.closeAllConnections();
			upstreamAgent.destroy();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
		},
	};
}
