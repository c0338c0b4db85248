/** Command line of `npm run bench`. */
import { PEERS, type Peer } from './names';
import type { Scenario } from './contacts';

export interface BenchOptions {
	sizes: number[];
	scenarios: Scenario[];
	peers: Peer[];
	perRequestMs: number;
	perMemberMs: number;
	maxConnections: number;
	quick: boolean;
	/** Our node's runs are repeated this often and the median is reported (the peers' runs are long and sequential). */
	repeat: number;
	/** Two extra runs of our node per measurement: CPU profile, getNodeParameter() count. */
	profile: boolean;
	/** Write the results as JSON here. */
	json?: string;
	/** Also print the result table as Markdown (for BENCHMARKS.md). */
	markdown: boolean;
	/** Measure our node's memory instead (bench/memory.ts). */
	memory: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --n 1000,10000          contact counts to push (default 1000,10000)
  --scenario new,existing which contacts: new ones, existing ones (default both)
  --only ours|builtin|naive[,…]
                          peers to run (default all three)
  --latency 20            sandbox latency per request, ms (default 20)
  --per-member 2          extra latency per member of a batch-subscribe call, ms (default 2)
  --max-connections 10    connections per account before the sandbox answers 429 (default 10)
  --repeat 3              runs of our node per measurement; the median is reported
                          (default 3; the peers' long sequential runs are run once)
  --quick                 smoke run: N=200, one run each (CI)
  --profile               two extra (unmeasured) runs of our node per measurement: one
                          CPU-profiled, one timing its getNodeParameter() calls
  --json FILE             also write the results as JSON
  --markdown              also print the table as Markdown
  --memory                our node's memory instead: the live heap a push needs beyond
                          the items, with the sandbox in a process of its own
                          (default --n 10000,100000)
  --help

Environment: BENCH_CACHE (default ~/.cache/n8n-nodes-mailchimp-push) holds n8n-nodes-base
and the benchmark's TLS certificate.`;

function numberList(value: string, flag: string): number[] {
	const list = value.split(',').map((v) => Number(v.trim().replace(/_/g, '')));
	if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} needs positive integers, e.g. 1000,10000`);
	return list;
}

function nonNegative(value: string, flag: string): number {
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number ≥ 0`);
	return n;
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
	const o: BenchOptions = {
		sizes: [1000, 10000],
		scenarios: ['new', 'existing'],
		peers: [...PEERS],
		perRequestMs: 20,
		perMemberMs: 2,
		maxConnections: 10,
		quick: false,
		repeat: 3,
		profile: false,
		markdown: false,
		memory: false,
	};
	let sizesGiven = false;
	let repeatGiven = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		switch (flag) {
			case '--help':
			case '-h':
				return 'help';
			case '--n':
				o.sizes = numberList(value(), flag);
				sizesGiven = true;
				break;
			case '--scenario': {
				const list = value().split(',').map((s) => s.trim());
				if (list.some((s) => s !== 'new' && s !== 'existing')) throw new Error('--scenario takes new, existing or both');
				o.scenarios = list as Scenario[];
				break;
			}
			case '--only': {
				const list = value().split(',').map((s) => s.trim());
				const bad = list.filter((p) => !(PEERS as string[]).includes(p));
				if (bad.length) throw new Error(`--only takes ${PEERS.join(', ')} (got ${bad.join(', ')})`);
				o.peers = PEERS.filter((p) => list.includes(p));
				break;
			}
			case '--latency':
				o.perRequestMs = nonNegative(value(), flag);
				break;
			case '--per-member':
				o.perMemberMs = nonNegative(value(), flag);
				break;
			case '--max-connections':
				o.maxConnections = Math.max(1, Math.round(nonNegative(value(), flag)));
				break;
			case '--quick':
				o.quick = true;
				break;
			case '--repeat':
				o.repeat = Math.max(1, Math.round(nonNegative(value(), flag)));
				repeatGiven = true;
				break;
			case '--profile':
				o.profile = true;
				break;
			case '--json':
				o.json = value();
				break;
			case '--markdown':
				o.markdown = true;
				break;
			case '--memory':
				o.memory = true;
				break;
			default:
				throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
		}
	}
	if (o.memory) {
		o.peers = ['ours'];
		if (!sizesGiven) o.sizes = [10000, 100000];
	}
	if (o.quick && !sizesGiven) o.sizes = [200];
	if (o.quick && !repeatGiven) o.repeat = 1;
	return o;
}
