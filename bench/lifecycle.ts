/**
 * Unsubscribe and Archive of N subscribed contacts by our node, beside their limits: the calls a
 * perfect client needs, spread over every connection the latency model allows.
 */
import { performance } from 'perf_hooks';

import { runWorkflow } from '../dev/engine';
import { credentialFor, credentialTypes, nodeTypes, PUSH_NODE, pushWorkflow } from '../dev/package';
import { MAX_BATCH_SIZE } from '../nodes/MailchimpPushContact/helpers/batchSize';
import { SANDBOX_ACCOUNTS, type Sandbox } from '../sandbox';
import { BENCH_ACCOUNT, BENCH_LIST, makeContacts, preload } from './contacts';
import type { LatencyModel } from './measure';

export type LifecycleOperation = 'unsubscribe' | 'archive';
export const LIFECYCLE_OPERATIONS: LifecycleOperation[] = ['unsubscribe', 'archive'];

/** What the operation leaves each contact as. */
const EXPECTED: Record<LifecycleOperation, string> = { unsubscribe: 'unsubscribed', archive: 'archived' };

/**
 * The perfect client, its calls spread evenly over every connection. Unsubscribe, knowing every
 * status already: each connection carries N/10 members in batch calls of at most 500
 * (ceil(share/500) × per-request + share × per-member). Archive has no batch call: N DELETEs,
 * ten at a time, one request's latency each.
 */
export function lifecycleLimitMs(operation: LifecycleOperation, n: number, model: LatencyModel): number {
	const connections = Math.max(1, model.maxConnections);
	const share = Math.ceil(n / connections);
	if (operation === 'unsubscribe') return Math.ceil(share / MAX_BATCH_SIZE) * model.perRequestMs + share * model.perMemberMs;
	return share * model.perRequestMs;
}

export interface LifecycleResult {
	operation: LifecycleOperation;
	n: number;
	wallMs: number;
	limitMs: number;
	requests: number;
	peakInFlight: number;
	/** Contacts that ended with the operation's status, and items that ended with its action. */
	landed: number;
	done: number;
}

export async function measureLifecycle(sandbox: Sandbox, model: LatencyModel, operation: LifecycleOperation, n: number): Promise<LifecycleResult> {
	sandbox.reset();
	const contacts = makeContacts(n, `${operation}.${n}`);
	preload(sandbox, contacts);
	const credential = credentialFor(SANDBOX_ACCOUNTS[BENCH_ACCOUNT]);
	const workflow = pushWorkflow(
		{ operation, audience: { __rl: true, mode: 'list', value: BENCH_LIST }, email: '={{ $json.email }}', options: {} },
		credential,
		{ onError: 'continueRegularOutput' },
	);
	const t0 = performance.now();
	const run = await runWorkflow({
		workflow,
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: contacts.map((c) => ({ json: { email: c.email } })),
	});
	const wallMs = performance.now() - t0;
	const output = run.status === 'success' ? run.output(PUSH_NODE) : [];
	const statuses = new Map(sandbox.listMembers(BENCH_ACCOUNT, BENCH_LIST).map((m) => [m.email_address, m.status]));
	return {
		operation,
		n,
		wallMs,
		limitMs: lifecycleLimitMs(operation, n, model),
		requests: sandbox.requests.length,
		peakInFlight: sandbox.peakInFlight(BENCH_ACCOUNT),
		landed: contacts.filter((c) => statuses.get(c.email) === EXPECTED[operation]).length,
		done: output.filter((i) => i.json.action === EXPECTED[operation]).length,
	};
}

/** The section of the report, and whether every contact ended as it should. */
export async function lifecycleSection(
	sandbox: Sandbox,
	model: LatencyModel,
	sizes: number[],
	log: (line: string) => void,
): Promise<{ lines: string; results: LifecycleResult[]; broken: LifecycleResult[] }> {
	const results: LifecycleResult[] = [];
	for (const n of sizes) {
		for (const operation of LIFECYCLE_OPERATIONS) {
			log(`[lifecycle] ours, ${operation} of N=${n.toLocaleString('en-US')} subscribed contacts…`);
			const r = await measureLifecycle(sandbox, model, operation, n);
			log(`        ${(r.wallMs / 1000).toFixed(2)} s, ${r.requests} requests, ${r.landed}/${n} ${EXPECTED[operation]}`);
			results.push(r);
		}
	}
	const header = ['operation', 'N', 'wall s', 'limit s', 'vs limit', 'requests', 'peak in flight', 'ended as expected'];
	const rows = results.map((r) => [
		r.operation,
		r.n.toLocaleString('en-US'),
		(r.wallMs / 1000).toFixed(2),
		(r.limitMs / 1000).toFixed(2),
		`${(r.wallMs / r.limitMs).toFixed(2)}×`,
		String(r.requests),
		String(r.peakInFlight),
		`${r.landed}/${r.n}`,
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	const lines = [
		`Unsubscribe and Archive (our node, N subscribed contacts). Limit: the perfect client's calls spread over ${model.maxConnections} connections;`,
		`unsubscribe = batch calls of ≤ ${MAX_BATCH_SIZE}, statuses known without asking; archive = N DELETEs (no batch call exists), ${model.perRequestMs} ms each.`,
		line(header),
		...rows.map(line),
	].join('\n');
	return { lines, results, broken: results.filter((r) => r.landed !== r.n || r.done !== r.n) };
}
