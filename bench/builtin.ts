/**
 * n8n's built-in Mailchimp node (n8n-nodes-base), kept out of the package's dependencies:
 * ~800 MB installed, so the benchmark installs it once into a cache folder outside the repo
 * and loads the node from there.
 *
 * The built-in node must share this process's n8n-workflow (the one n8n-core, the engine and
 * our node use: error classes, NodeApiError wrapping, expression code). n8n-nodes-base brings
 * its own copy; every `require('n8n-workflow')` made from inside the cache folder is resolved
 * to the repo's copy instead (a Module._resolveFilename hook limited to that folder), and
 * `loadBuiltin` checks that the cache's copy never got loaded.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import Module from 'module';
import { homedir } from 'os';
import { join, sep } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

export const BUILTIN_VERSION = '2.40.2';
export const BUILTIN_NODE_TYPE = 'n8n-nodes-base.mailchimp';

/** Modules the built-in node must share with the repo (one instance per process). */
const SHARED_MODULES = ['n8n-workflow', 'n8n-core'];

export function cacheRoot(): string {
	return process.env.BENCH_CACHE || join(homedir(), '.cache', 'n8n-nodes-mailchimp-push');
}

export function builtinDir(): string {
	return join(cacheRoot(), `n8n-nodes-base-${BUILTIN_VERSION}`);
}

function installedVersion(dir: string): string | undefined {
	try {
		return (JSON.parse(readFileSync(join(dir, 'node_modules', 'n8n-nodes-base', 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return undefined;
	}
}

/**
 * Installs n8n-nodes-base@2.40.2 into the cache folder unless it is already there (~3 min,
 * ~800 MB, once). Install scripts are skipped: some dependencies build native code that the
 * Mailchimp node never loads (and that fails on Node 20).
 */
export function ensureBuiltinInstalled(log: (line: string) => void): string {
	const dir = builtinDir();
	if (installedVersion(dir) === BUILTIN_VERSION) return dir;
	mkdirSync(dir, { recursive: true });
	if (!existsSync(join(dir, 'package.json'))) {
		writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-n8n-nodes-base-cache', private: true }, null, 2)}\n`);
	}
	log(`Installing n8n-nodes-base@${BUILTIN_VERSION} into ${dir} (first run only: a few minutes, ~800 MB)…`);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const result = spawnSync(
		npm,
		['install', `n8n-nodes-base@${BUILTIN_VERSION}`, '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] },
	);
	if (result.status !== 0 || installedVersion(dir) !== BUILTIN_VERSION) {
		throw new Error(`npm install n8n-nodes-base@${BUILTIN_VERSION} failed in ${dir} (exit ${result.status ?? result.signal})`);
	}
	return dir;
}

export interface Builtin {
	nodeType: INodeType;
	credentialType: ICredentialType;
	dir: string;
	version: string;
	/** The n8n-workflow the built-in node runs with (the repo's). */
	workflowPackage: string;
}

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

let pinned = false;

function pinSharedModules(dir: string) {
	if (pinned) return;
	pinned = true;
	const internal = Module as unknown as { _resolveFilename: ResolveFilename };
	const original = internal._resolveFilename;
	const prefix = dir.endsWith(sep) ? dir : dir + sep;
	internal._resolveFilename = function (request, parent, ...rest) {
		const fromCache = parent?.filename?.startsWith(prefix) === true;
		if (fromCache && SHARED_MODULES.some((m) => request === m || request.startsWith(`${m}/`))) {
			return require.resolve(request);
		}
		return original.call(this, request, parent, ...rest);
	};
}

export function loadBuiltin(dir: string): Builtin {
	pinSharedModules(dir);
	const dist = join(dir, 'node_modules', 'n8n-nodes-base', 'dist');
	/* eslint-disable @typescript-eslint/no-var-requires */
	const { Mailchimp } = require(join(dist, 'nodes', 'Mailchimp', 'Mailchimp.node.js')) as { Mailchimp: new () => INodeType };
	const { MailchimpApi } = require(join(dist, 'credentials', 'MailchimpApi.credentials.js')) as { MailchimpApi: new () => ICredentialType };
	/* eslint-enable @typescript-eslint/no-var-requires */
	const cacheCopy = join(dir, 'node_modules', 'n8n-workflow') + sep;
	const leaked = Object.keys(require.cache).filter((f) => f.startsWith(cacheCopy));
	if (leaked.length) throw new Error(`The built-in node loaded its own n8n-workflow (${leaked[0]}), not the repo's`);
	const workflowPackage = require.resolve('n8n-workflow/package.json');
	return {
		nodeType: new Mailchimp(),
		credentialType: new MailchimpApi(),
		dir,
		version: installedVersion(dir) ?? '?',
		workflowPackage: `${(JSON.parse(readFileSync(workflowPackage, 'utf8')) as { version: string }).version} (${workflowPackage.replace(/[/\\]package\.json$/, '')})`,
	};
}
