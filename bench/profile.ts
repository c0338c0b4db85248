/**
 * Where the CPU time of a push goes, by a V8 CPU profile of this process taken with the
 * inspector. The sandbox runs in a process of its own (bench/sandboxProcess.ts), so its bucket
 * stays at ~0 here: it is kept to show that none of its work is counted. Used on an extra run
 * of our node (`--profile`), never on a measured one: profiling slows the process down.
 */
import { Session } from 'inspector';
import { performance } from 'perf_hooks';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Buckets, first match wins along the stack (innermost frame first for GC/idle, whole stack for the rest). */
const BUCKETS: Array<[name: string, test: (stack: ProfileNode[]) => boolean]> = [
	['idle (waiting for the network / timers)', (s) => s[0]?.callFrame.functionName === '(idle)'],
	['garbage collection', (s) => s[0]?.callFrame.functionName === '(garbage collector)'],
	['sandbox (in its own process: ~0 here)', (s) => s.some((n) => /\/sandbox\//.test(n.callFrame.url))],
	['n8n getNodeParameter (expressions, per item)', (s) => s.some((n) => n.callFrame.functionName.includes('getNodeParameter'))],
	['SDK + HTTP client (superagent, JSON)', (s) => s.some((n) => /superagent|mailchimp_marketing|formidable/.test(n.callFrame.url))],
	['our node (dist/nodes)', (s) => s.some((n) => /\/dist\/nodes\//.test(n.callFrame.url))],
	['n8n engine (n8n-core, n8n-workflow)', (s) => s.some((n) => /n8n-core|n8n-workflow/.test(n.callFrame.url))],
	['other (Node internals: HTTP parsing, net, TLS, timers)', () => true],
];

export type ProfileBuckets = Array<{ name: string; ms: number }>;

function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return new Promise((resolve, reject) =>
		session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
	);
}

export async function profiled<T>(run: () => Promise<T>): Promise<{ value: T; buckets: ProfileBuckets; totalMs: number }> {
	const session = new Session();
	session.connect();
	try {
		await post(session, 'Profiler.enable');
		await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
		await post(session, 'Profiler.start');
		const value = await run();
		const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
		return { value, ...summarise(profile) };
	} finally {
		session.disconnect();
	}
}

function summarise(profile: Profile): { buckets: ProfileBuckets; totalMs: number } {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const bucketOf = new Map<number, string>();
	const totals = new Map<string, number>(BUCKETS.map(([name]) => [name, 0]));
	let totalUs = 0;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i] ?? 0;
		totalUs += us;
		let bucket = bucketOf.get(id);
		if (bucket === undefined) {
			const stack: ProfileNode[] = [];
			for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!);
			bucket = BUCKETS.find(([, test]) => test(stack))![0];
			bucketOf.set(id, bucket);
		}
		totals.set(bucket, totals.get(bucket)! + us);
	});
	return {
		buckets: [...totals.entries()].map(([name, us]) => ({ name, ms: us / 1000 })).filter((b) => b.ms > 0),
		totalMs: totalUs / 1000,
	};
}

export type ParameterReads = Array<{ name: string; calls: number; ms: number }>;

type GetParameter = (this: { node?: { name?: string } }, name: string, ...rest: unknown[]) => unknown;

/**
 * Counts and times every getNodeParameter() call of the given node during `run`, by parameter
 * name, by wrapping n8n-core's NodeExecutionContext._getNodeParameter (found on the prototype
 * chain of its exported ExecuteContext) for the duration of the run only.
 */
export async function countParameterReads<T>(nodeName: string, run: () => Promise<T>): Promise<{ value: T; reads: ParameterReads }> {
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const { ExecuteContext } = require('n8n-core') as { ExecuteContext: { prototype: object } };
	let owner: Record<string, unknown> | null = ExecuteContext.prototype as Record<string, unknown>;
	while (owner && !Object.prototype.hasOwnProperty.call(owner, '_getNodeParameter')) owner = Object.getPrototypeOf(owner) as Record<string, unknown> | null;
	if (!owner) return { value: await run(), reads: [] };
	const target = owner;
	const original = target._getNodeParameter as GetParameter;
	const stats = new Map<string, { calls: number; ms: number }>();
	target._getNodeParameter = function (this: { node?: { name?: string } }, name: string, ...rest: unknown[]) {
		if (this.node?.name !== nodeName) return original.call(this, name, ...rest);
		const t = performance.now();
		try {
			return original.call(this, name, ...rest);
		} finally {
			const s = stats.get(name) ?? { calls: 0, ms: 0 };
			s.calls++;
			s.ms += performance.now() - t;
			stats.set(name, s);
		}
	} as GetParameter;
	try {
		const value = await run();
		return { value, reads: [...stats.entries()].map(([name, s]) => ({ name, ...s })).sort((a, b) => b.ms - a.ms) };
	} finally {
		target._getNodeParameter = original;
	}
}
