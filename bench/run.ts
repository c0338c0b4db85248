/**
 * `npm run bench` — see BENCHMARKS.md and `npm run bench -- --help`.
 *
 * This launcher prepares what must exist before the benchmark process starts, then runs
 * bench/bench.ts in a child Node process:
 *  - n8n-nodes-base (for the built-in Mailchimp node), installed once into a cache folder;
 *  - the benchmark's TLS certificate for *.api.mailchimp.com, whose CA the child trusts via
 *    NODE_EXTRA_CA_CERTS (Node reads it only at start-up);
 *  - --expose-gc, for `--memory`'s measurements from a collected heap.
 */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { cacheRoot, ensureBuiltinInstalled } from './builtin';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { ensureCertificate, type BenchCertificate } from './tunnel';

const CHILD_ENV = 'MAILCHIMP_PUSH_BENCH_CHILD';
const CERT_ENV = 'MAILCHIMP_PUSH_BENCH_CERT_DIR';

function options(argv: string[]): BenchOptions {
	try {
		const parsed = parseOptions(argv);
		if (parsed === 'help') {
			console.log(USAGE);
			process.exit(0);
		}
		return parsed;
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
}

function launch(argv: string[], opts: BenchOptions): number {
	const env: NodeJS.ProcessEnv = { ...process.env, [CHILD_ENV]: '1' };
	if (opts.peers.includes('builtin')) {
		ensureBuiltinInstalled((line) => console.error(line));
		const dir = join(cacheRoot(), 'tls');
		const cert = ensureCertificate(dir);
		env[CERT_ENV] = dir;
		// Keep any CA the user already trusts this way.
		let caFile = cert.caFile;
		if (process.env.NODE_EXTRA_CA_CERTS) {
			caFile = join(dir, 'bundle.pem');
			writeFileSync(caFile, `${readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8')}\n${readFileSync(cert.caFile, 'utf8')}`);
		}
		env.NODE_EXTRA_CA_CERTS = caFile;
	}
	const child = spawnSync(process.execPath, ['--expose-gc', __filename, ...argv], { stdio: 'inherit', env });
	if (child.error) throw child.error;
	return child.status ?? 1;
}

async function child(opts: BenchOptions): Promise<number> {
	const certDir = process.env[CERT_ENV];
	const cert: BenchCertificate | undefined = certDir ? ensureCertificate(certDir) : undefined;
	if (opts.memory) {
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const { runMemory } = require('./memory') as typeof import('./memory');
		return runMemory(opts);
	}
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const { main } = require('./bench') as typeof import('./bench');
	return main(opts, cert);
}

const argv = process.argv.slice(2);
const opts = options(argv);
if (process.env[CHILD_ENV] === '1') {
	child(opts).then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error instanceof Error ? (error.stack ?? error.message) : error);
			process.exit(1);
		},
	);
} else {
	try {
		process.exit(launch(argv, opts));
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
}
