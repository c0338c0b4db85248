// The HTTP side: loopback HTTPS server, request recording, authentication, the per-account
// connection limit, latency and fault injection around the router.
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { createServer, type Server } from 'https';
import type { AddressInfo } from 'net';
import { authenticateApi, authenticateMetadata, metadataBody } from './auth';
import { sandboxCertificate } from './certificate';
import { FaultInjector } from './faults';
import { ApiProblem, internalError, jsonParse, notFound, serviceUnavailable, tooManyRequests } from './problems';
import { createRouter } from './routes';
import { SANDBOX_ACCOUNTS, type AccountName } from './seed';
import { mcTime, Store } from './store';
import type { ContractViolation, FaultKind, FaultOptions, LatencyOptions, RecordedRequest, SandboxOptions } from './types';

const API_PREFIX = '/3.0';
const SECRET_QUERY = /^(apikey|api_key|access_token|token|key)$/i;

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

export class SandboxServer {
	readonly store = new Store();
	readonly requests: RecordedRequest[] = [];
	readonly contractViolations: ContractViolation[] = [];
	url = '';
	/** PEM of the CA that signed the server's certificate (for *.api.mailchimp.com, login.mailchimp.com, 127.0.0.1). */
	ca = '';
	private readonly router = createRouter();
	private readonly server: Server;
	private readonly faults: FaultInjector;
	private latency: LatencyOptions;
	private readonly maxConnections: number;
	private readonly inFlight = new Map<AccountName, number>();
	private readonly peaks = new Map<AccountName, number>();
	private tooMany = 0;
	private connections = 0;
	/** A request's slot of its account's connections, freed as its answer is written. */
	private readonly slots = new WeakMap<ServerResponse, () => void>();
	private currentFaults: FaultOptions | undefined;

	constructor(private readonly options: SandboxOptions = {}) {
		this.latency = { perRequestMs: 0, perMemberMs: 0, ...options.latency };
		this.maxConnections = options.maxConnectionsPerAccount ?? 10;
		this.currentFaults = options.faults;
		this.faults = new FaultInjector(options.seed ?? 1, options.faults);
		this.server = createServer((req, res) => {
			this.onRequest(req, res).catch((e: unknown) => {
				console.error('[sandbox] request failed:', e);
				if (!res.headersSent && !res.destroyed) this.sendProblem(res, internalError());
			});
		});
		// Connections stay open between requests, as behind Mailchimp's load balancers (longer than
		// a client's own idle timeout, so the client is the one that closes them).
		this.server.keepAliveTimeout = 60_000;
		this.server.on('secureConnection', () => this.connections++);
	}

	async listen(): Promise<void> {
		// Real traffic reaches Mailchimp over TLS only, so does traffic to the sandbox.
		const { ca, key, cert } = await sandboxCertificate();
		this.server.setSecureContext({ key, cert });
		this.ca = ca;
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
		});
		this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		this.store.cancelBackgroundWork();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	reset(): void {
		this.store.reset();
		this.requests.length = 0;
		this.contractViolations.length = 0;
		this.peaks.clear();
		this.tooMany = 0;
		this.connections = 0;
		this.faults.set(this.currentFaults);
	}

	setFaults(f: FaultOptions | undefined): void {
		this.currentFaults = f;
		this.faults.set(f);
	}

	setLatency(l: LatencyOptions): void {
		this.latency = { ...l };
	}

	peakInFlight(account?: string): number {
		if (account) return this.peaks.get(account as AccountName) ?? 0;
		return Math.max(0, ...this.peaks.values());
	}

	/** TLS connections opened since the last reset (a client that reuses connections opens few). */
	connectionsOpened(): number {
		return this.connections;
	}

	count429(): number {
		return this.tooMany;
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const query: Record<string, string> = {};
		url.searchParams.forEach((v, k) => {
			if (!SECRET_QUERY.test(k)) query[k] = v;
		});
		const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0, startedAt: Date.now(), endedAt: 0 };
		this.requests.push(rec);
		const done = () => {
			if (rec.endedAt) return;
			rec.endedAt = Date.now();
			if (res.headersSent) rec.status = res.statusCode;
		};
		res.on('finish', done);
		res.on('close', done);

		if (url.pathname.startsWith('/sandbox-files/')) return this.serveFile(res, url.pathname.slice('/sandbox-files/'.length), req);
		if (url.pathname === '/oauth2/metadata') return this.serveMetadata(req, res, rec);
		if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
			await this.readBody(req);
			return this.sendProblem(res, notFound());
		}
		return this.serveApi(req, res, rec, url.pathname.slice(API_PREFIX.length) || '/', query);
	}

	private async serveApi(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, path: string, query: Record<string, string>) {
		const auth = authenticateApi(req.headers);
		if ('problem' in auth) {
			rec.body = parseJson(await this.readBody(req)).value;
			return this.sendProblem(res, auth.problem);
		}
		const account = auth.account;
		rec.account = account;

		// The (N+1)th simultaneous request of an account is refused at once.
		const current = this.inFlight.get(account) ?? 0;
		if (current >= this.maxConnections) {
			this.tooMany++;
			return this.sendProblem(res, tooManyRequests(this.maxConnections));
		}
		this.inFlight.set(account, current + 1);
		this.peaks.set(account, Math.max(this.peaks.get(account) ?? 0, current + 1));
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1);
		};
		// Freed as the answer is written: the client hears of it only after that, and may send its
		// next request at once (on the same kept-alive connection). 'finish' comes later than that.
		this.slots.set(res, release);
		res.on('close', release);

		const method = (req.method ?? 'GET').toUpperCase();
		const fault = this.faults.decide(method, path);
		if (fault) rec.fault = fault;
		const raw = await this.readBody(req);
		const parsed = parseJson(raw);
		rec.body = parsed.value;
		if (fault && fault !== 'lostResponse') return this.injectFault(req, res, fault);
		if (parsed.error) return this.sendProblem(res, jsonParse());

		const match = this.router.match(method, path);
		if (match instanceof ApiProblem) return this.sendProblem(res, match);
		// The answer leaves the modelled latency after the request arrived; the handling happens
		// within that time, as on a remote server, rather than adding to it.
		const members = match.route.members?.(parsed.value) ?? 0;
		const answerAt = rec.startedAt + this.latency.perRequestMs + this.latency.perMemberMs * members;
		if (res.destroyed) return;

		const result = await this.router.run(match, {
			store: this.store,
			account: this.store.account(account),
			method,
			path,
			query,
			body: parsed.value,
			apiBase: `https://${SANDBOX_ACCOUNTS[account].dc}.api.mailchimp.com${API_PREFIX}`,
			sandboxUrl: this.url,
			now: mcTime(),
			violations: this.contractViolations,
		});
		const answer = this.serialize(result.status, result.body, result.problem);
		await sleep(answerAt - Date.now());
		if (fault === 'lostResponse') {
			// The write is applied; the client never hears about it.
			rec.status = result.status;
			req.socket.destroy();
			return;
		}
		this.write(res, answer);
	}

	private injectFault(req: IncomingMessage, res: ServerResponse, fault: FaultKind): void {
		switch (fault) {
			case '429':
				this.tooMany++;
				return this.sendProblem(res, tooManyRequests(this.maxConnections), fault);
			case '500':
				return this.sendProblem(res, internalError(), fault);
			case '503':
				return this.sendProblem(res, serviceUnavailable(), fault);
			default:
				req.socket.destroy();
		}
	}

	private async serveMetadata(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<void> {
		await this.readBody(req);
		const auth = authenticateMetadata(req.headers);
		if ('problem' in auth) return this.sendProblem(res, auth.problem);
		rec.account = auth.account;
		this.send(res, 200, metadataBody(auth.account));
	}

	/** Batch results, like Mailchimp's pre-signed download URL: no credentials needed. */
	private async serveFile(res: ServerResponse, name: string, req: IncomingMessage): Promise<void> {
		await this.readBody(req);
		const file = this.store.files.get(name);
		if (!file) return this.sendProblem(res, notFound());
		res.writeHead(200, { 'Content-Type': 'application/x-gzip', 'Content-Length': file.length });
		res.end(file);
	}

	private readBody(req: IncomingMessage): Promise<string> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			req.on('error', reject);
		});
	}

	private sendProblem(res: ServerResponse, p: ApiProblem, fault?: FaultKind): void {
		if (fault) res.setHeader('X-Sandbox-Fault', fault);
		this.send(res, p.status, p.toBody(), true);
	}

	private send(res: ServerResponse, status: number, body: unknown, problem = false): void {
		this.write(res, this.serialize(status, body, problem));
	}

	private serialize(status: number, body: unknown, problem = false): Answer {
		const headers: Record<string, string> = { 'X-Request-Id': randomUUID() };
		if (status === 204 || body === undefined) return { status, headers };
		const text = JSON.stringify(body);
		headers['Content-Type'] = problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
		headers['Content-Length'] = String(Buffer.byteLength(text));
		return { status, headers, text };
	}

	private write(res: ServerResponse, answer: Answer): void {
		if (res.destroyed || res.headersSent) return;
		this.slots.get(res)?.();
		res.writeHead(answer.status, answer.headers);
		res.end(answer.text);
	}
}

interface Answer {
	status: number;
	headers: Record<string, string>;
	text?: string;
}

function parseJson(raw: string): { value?: unknown; error?: true } {
	if (raw.trim() === '') return {};
	try {
		return { value: JSON.parse(raw) };
	} catch {
		return { value: raw, error: true };
	}
}
