/**
 * n8n's queue mode, as production installs scale it: PostgreSQL for the database, Redis for the
 * job queue, a main process that takes the webhooks and two workers that run the executions, all with
 * the package installed. 200 webhook calls at once: every contact lands in the sandbox exactly once,
 * and both workers did part of the work. Then issue #14's multi-worker workload: 4 × 1,500 new
 * contacts at once on one account, under the benchmark's latency model, against the ideal.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { newRunDir } from '../../dev/n8n/host';
import { postgresEnv, redisQueueEnv, startPostgres, startRedis, type PostgresService, type Service } from '../../dev/n8n/services';
import { NEWSLETTER, pushWorkflow, startStack, type Stack } from '../../dev/n8n/stack';
import type { RecordedRequest } from '../../sandbox';
import { packageTarball, postJson, progress, seconds } from './support';

const CONTACTS = 200;

let redis: Service | undefined;
let pg: PostgresService | undefined;
let stack: Stack | undefined;

beforeAll(async () => {
	const t0 = Date.now();
	const runDir = newRunDir('e2e-queue');
	const logDir = join(runDir, 'logs');
	[redis, pg] = await Promise.all([startRedis(logDir), startPostgres(logDir)]);
	progress(`redis on ${redis.port}, postgres on ${pg.port} (${seconds(t0)})`);
	stack = await startStack({
		packageTarball: packageTarball(),
		runDir,
		workers: 2,
		workerConcurrency: 10,
		env: { ...postgresEnv(pg), DB_POSTGRESDB_POOL_SIZE: '10', ...redisQueueEnv(redis) },
		log: progress,
	});
	progress(`main + 2 workers up, workflow active in ${seconds(t0)}`);
}, 420000);

afterAll(async () => {
	await stack?.stop();
	await Promise.all([redis?.stop(), pg?.stop()]);
});

test('main and workers run in queue mode on PostgreSQL', () => {
	const mainLog = readFileSync(stack!.n8n.main.logFile, 'utf8');
	expect(stack!.n8n.workers).toHaveLength(2);
	for (const w of stack!.n8n.workers) {
		expect(w.isRunning).toBe(true);
		expect(readFileSync(w.logFile, 'utf8')).toMatch(/n8n worker is now ready/i);
	}
	expect(mainLog).not.toMatch(/sqlite/i);
});

test(`${CONTACTS} webhook calls at once: every contact lands exactly once, run by both workers`, async () => {
	const { sandbox, webhookUrl } = stack!;
	const before = sandbox.listMembers('acme', NEWSLETTER.id).length;
	const stamp = Date.now();
	const emails = Array.from({ length: CONTACTS }, (_, i) => `queue.${stamp}.${i}@example-mail.org`);

	const t0 = Date.now();
	const responses = await Promise.all(
		emails.map((email, i) => postJson(webhookUrl, { email, firstName: `Queue${i}`, lastName: 'Load', company: 'Queue Co' })),
	);
	progress(`${CONTACTS} parallel webhook executions answered in ${seconds(t0)}`);

	// Every call answered with its own contact, created.
	const failed = responses.filter((r) => r.status !== 200);
	expect(failed.map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
	responses.forEach((r, i) => expect(r.json).toEqual([expect.objectContaining({ email: emails[i], action: 'created', status: 'subscribed' })]));

	// Every contact is in the audience, once; nothing else was added.
	const members = sandbox.listMembers('acme', NEWSLETTER.id);
	expect(members.length).toBe(before + CONTACTS);
	const copies = new Map<string, number>();
	for (const m of members) copies.set(m.email_address, (copies.get(m.email_address) ?? 0) + 1);
	for (const e of emails) expect([e, copies.get(e)]).toEqual([e, 1]);

	// And it was written once: exactly one successful write request carried each address.
	const writes = new Map<string, number>();
	for (const r of sandbox.requests) {
		if (r.method === 'GET' || r.status >= 300 || !r.body) continue;
		const body = JSON.stringify(r.body);
		for (const m of body.matchAll(/queue\.\d+\.\d+@example-mail\.org/g)) writes.set(m[0], (writes.get(m[0]) ?? 0) + 1);
	}
	const writtenTwice = emails.filter((e) => (writes.get(e) ?? 0) > 1);
	const notWritten = emails.filter((e) => !writes.get(e));
	expect({ writtenTwice, notWritten }).toEqual({ writtenTwice: [], notWritten: [] });

	// Both workers ran executions, each execution on exactly one worker (from the workers' own logs).
	const perWorker = stack!.n8n.workers.map((w) => {
		const log = readFileSync(w.logFile, 'utf8');
		return new Set([...log.matchAll(/Worker finished execution (\S+)/g)].map((m) => m[1]));
	});
	progress(`executions per worker: ${perWorker.map((s) => s.size).join(' + ')}`);
	for (const s of perWorker) expect(s.size).toBeGreaterThan(0);
	const overlap = [...perWorker[0]].filter((id) => perWorker[1].has(id));
	expect(overlap).toEqual([]);
	expect(perWorker[0].size + perWorker[1].size).toBe(CONTACTS);

	// n8n's own record: 200 successful webhook executions of the workflow, none otherwise.
	const count = async (filter: Record<string, unknown>) => {
		const q = encodeURIComponent(JSON.stringify({ workflowId: stack!.workflowId, ...filter }));
		return (await stack!.client.rest<{ count: number }>('GET', `/executions?filter=${q}`)).count;
	};
	expect(await count({})).toBe(CONTACTS);
	expect(await count({ status: ['success'] })).toBe(CONTACTS);
});

// --- 4 × 1,500 new contacts at once on one account (issue #14) ---------------------------------

const BULK = { executions: 4, contacts: 1500 };
/** The benchmark's latency model (BENCHMARKS.md) and Mailchimp's 10 connections per account. */
const LATENCY = { perRequestMs: 20, perMemberMs: 2 };
const CONNECTIONS = 10;
const MAX_BATCH = 500;

/** The perfect client's time for n contacts in full calls of 500, scheduled on the first free of the 10 connections. */
function fullCallsMs(n: number): number {
	const slots = new Array<number>(CONNECTIONS).fill(0);
	for (let left = n; left > 0; left -= MAX_BATCH) {
		slots[slots.indexOf(Math.min(...slots))] += LATENCY.perRequestMs + LATENCY.perMemberMs * Math.min(MAX_BATCH, left);
	}
	return Math.max(...slots);
}

/** The same client free to size its calls (≤ 500) so all 10 connections share the members evenly (bench/measure.ts idealCallsMs). */
function evenCallsMs(n: number): number {
	let best = Infinity;
	for (let calls = Math.ceil(n / MAX_BATCH); calls <= CONNECTIONS * Math.ceil(n / MAX_BATCH); calls++) {
		best = Math.min(best, Math.ceil(calls / CONNECTIONS) * (LATENCY.perRequestMs + LATENCY.perMemberMs * Math.ceil(n / calls)));
	}
	return best;
}

/** Most requests the sandbox was serving at once for acme among `requests` (429s are refused at once: left out). */
function peakServed(requests: RecordedRequest[]): number {
	const edges = requests
		.filter((r) => r.account === 'acme' && r.status !== 429)
		.flatMap((r) => [
			[r.startedAt, 1],
			[r.endedAt || Date.now(), -1],
		])
		.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let peak = 0;
	for (const [, d] of edges) peak = Math.max(peak, (now += d));
	return peak;
}

/**
 * Webhook (body {contacts: [...]}) → Split Out (one item per contact) → Mailchimp Push Contact,
 * On Error: Continue, so each item reports its own outcome; the webhook answers every output item.
 */
function bulkWorkflow(path: string, push: Record<string, unknown> = {}) {
	const wf = pushWorkflow({
		credentialId: stack!.credentialId,
		path,
		name: `Bulk push (${path})`,
		push: {
			email: '={{ $json.email }}',
			mergeFields: {
				mappingMode: 'defineBelow',
				value: { FNAME: '={{ $json.firstName }}', LNAME: '={{ $json.lastName }}', COMPANY: '={{ $json.company }}' },
				matchingColumns: [],
				schema: [],
			},
			options: {},
			...push,
		},
	});
	const [webhook, node] = wf.nodes as Array<Record<string, any>>;
	node.onError = 'continueRegularOutput';
	node.position = [520, 0];
	const split = {
		id: '5d0b8d52-6c2f-4a43-9d1e-2f3a4b5c6d03',
		name: 'Split Out Contacts',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [260, 0],
		parameters: { fieldToSplitOut: 'body.contacts', include: 'noOtherFields', options: {} },
	};
	wf.nodes = [webhook, split, node];
	wf.connections = {
		[webhook.name]: { main: [[{ node: split.name, type: 'main', index: 0 }]] },
		[split.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	};
	return wf;
}

async function activeBulkWorkflow(path: string, push?: Record<string, unknown>): Promise<{ id: string; url: string }> {
	const { client, n8n } = stack!;
	const { id } = await client.createWorkflow(bulkWorkflow(path, push));
	await client.activateWorkflow(id);
	await client.waitForWebhook(path);
	return { id, url: `${n8n.baseUrl}/webhook/${path}` };
}

/** The 4 executions' bodies: 1,500 contacts each, all addresses new. */
function bulkBodies(tag: string): Array<{ contacts: Array<Record<string, string>> }> {
	const stamp = Date.now();
	return Array.from({ length: BULK.executions }, (_, e) => ({
		contacts: Array.from({ length: BULK.contacts }, (_, i) => ({
			email: `${tag}.${stamp}.${e}.${i}@example-mail.org`,
			firstName: `Bulk${i}`,
			lastName: `Run${e}`,
			company: 'Bulk Co',
		})),
	}));
}

/** Posts the bodies at once; wall time from the first request out to the last answer in. */
async function postAtOnce(url: string, bodies: unknown[]) {
	const t0 = Date.now();
	const watch = watchForStall(url);
	try {
		const responses = await Promise.all(bodies.map((b) => postJson(url, b)));
		return { wallMs: Date.now() - t0, responses };
	} finally {
		clearTimeout(watch);
	}
}

/**
 * If the answers have not come after two minutes, says what the sandbox and the workers were doing
 * (a run once waited for them the full test timeout, and its log could not tell where).
 */
function watchForStall(url: string): NodeJS.Timeout {
	return setTimeout(() => {
		const { sandbox, n8n } = stack!;
		const open = sandbox.requests.filter((r) => !r.endedAt);
		const last = sandbox.requests.slice(-5).map((r) => `${r.method} ${r.path} ${r.status} ${r.endedAt ? r.endedAt - r.startedAt : 'open'}`);
		progress(`no answer from ${url} after 120 s: the sandbox has ${sandbox.requests.length} requests, ${open.length} still open; the last: ${last.join('; ')}`);
		for (const w of n8n.workers) progress(`worker log tail: ${readFileSync(w.logFile, 'utf8').split('\n').slice(-8).join(' | ')}`);
		progress(`main log tail: ${readFileSync(n8n.main.logFile, 'utf8').split('\n').slice(-8).join(' | ')}`);
	}, 120_000).unref();
}

test(`${BULK.executions} × ${BULK.contacts} new contacts at once on one account: each lands once, no item fails, within 1.5× the ideal`, async () => {
	const { sandbox } = stack!;
	const pushed = await activeBulkWorkflow('push-contacts-bulk');
	const passThrough = await activeBulkWorkflow('push-contacts-bulk-off', { pushContacts: false });
	sandbox.setLatency(LATENCY);
	try {
		// n8n's own pipeline: the same 4 executions with the push switched off (items pass through,
		// nothing is sent); once to warm up, once measured.
		const warm = await postAtOnce(passThrough.url, bulkBodies('warm'));
		const off = await postAtOnce(passThrough.url, bulkBodies('off'));
		for (const r of [...warm.responses, ...off.responses]) {
			expect(r.status).toBe(200);
			expect(r.json).toHaveLength(BULK.contacts);
		}
		progress(`pipeline (push off): ${(warm.wallMs / 1000).toFixed(2)} s warm-up, ${(off.wallMs / 1000).toFixed(2)} s measured`);

		const bodies = bulkBodies('bulk');
		const emails = bodies.flatMap((b) => b.contacts.map((c) => c.email));
		const before = sandbox.listMembers('acme', NEWSLETTER.id).length;
		const firstRequest = sandbox.requests.length;
		const refusedBefore = sandbox.count429();
		const posted = Date.now();
		const { wallMs, responses } = await postAtOnce(pushed.url, bodies);
		const requests = sandbox.requests.slice(firstRequest).filter((r) => r.account === 'acme');
		const refused = sandbox.count429() - refusedBefore;

		// Each execution answered with one outcome per contact, in order; no item failed.
		expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 200));
		const outputs = responses.flatMap((r) => r.json as Array<Record<string, unknown>>);
		const itemErrors = outputs.filter((o) => o.error !== undefined);
		const counts = (key: string) => {
			const seen: Record<string, number> = {};
			for (const o of outputs) seen[String(o[key])] = (seen[String(o[key])] ?? 0) + 1;
			return seen;
		};

		const ideal = fullCallsMs(emails.length);
		const bound = 1.5 * (ideal + off.wallMs);
		const batchCalls = requests.filter((r) => r.method === 'POST' && r.path === `/3.0/lists/${NEWSLETTER.id}`);
		const perWorker = stack!.n8n.workers.map((w) => {
			const log = readFileSync(w.logFile, 'utf8');
			return new Set([...log.matchAll(/Worker finished execution (\S+)/g)].map((m) => m[1]));
		});
		const executions = await stack!.client.rest<{ count: number; results: Array<{ id: string; status: string }> }>(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: pushed.id }))}`,
		);
		const ranOn = perWorker.map((ids) => executions.results.filter((e) => ids.has(e.id)).length);
		progress(
			`${BULK.executions} × ${BULK.contacts} new contacts, main + 2 workers (executions per worker ${ranOn.join(' + ')}): ` +
				`wall ${(wallMs / 1000).toFixed(2)} s; ideal ${(ideal / 1000).toFixed(2)} s calls (12 × 500 over 10 connections) + ` +
				`${(off.wallMs / 1000).toFixed(2)} s pipeline = ${((ideal + off.wallMs) / 1000).toFixed(2)} s → ${(wallMs / (ideal + off.wallMs)).toFixed(2)}× ` +
				`(even calls ${(evenCallsMs(emails.length) / 1000).toFixed(2)} s → ${(wallMs / (evenCallsMs(emails.length) + off.wallMs)).toFixed(2)}×); ` +
				`${requests.length} requests (${batchCalls.length} batch calls, ${batchCalls.filter((r) => r.status === 200).length} answered), ` +
				`${refused} refused with 429 (${((100 * refused) / Math.max(1, requests.length)).toFixed(1)} %), peak ${peakServed(requests)} served at once; ` +
				`${itemErrors.length} item errors`,
		);

		// Which requests: method and path with ids and hashes as placeholders, with their 429s.
		const kinds = new Map<string, { sent: number; refused: number }>();
		for (const r of requests) {
			const kind = `${r.method} ${r.path.replace(/^\/3\.0/, '').replace(/\/[0-9a-f]{10,}/g, '/{id}')}`;
			const k = kinds.get(kind) ?? { sent: 0, refused: 0 };
			k.sent++;
			if (r.status === 429) k.refused++;
			kinds.set(kind, k);
		}
		// From the account's first request to its last answer, and how busy its 10 connections were then.
		const first = Math.min(...requests.map((r) => r.startedAt));
		const spanMs = Math.max(...requests.map((r) => r.endedAt)) - first;
		const busyMs = requests.filter((r) => r.status !== 429).reduce((sum, r) => sum + r.endedAt - r.startedAt, 0);
		const refusedAt = requests.filter((r) => r.status === 429).map((r) => r.startedAt - first);
		progress(
			`at Mailchimp: ${(spanMs / 1000).toFixed(2)} s from the first request to the last answer, connections busy ${((100 * busyMs) / (CONNECTIONS * spanMs)).toFixed(0)} %` +
				(refusedAt.length ? `, 429s between +${Math.min(...refusedAt)} and +${Math.max(...refusedAt)} ms` : '') +
				` (the workers' windows start from what earlier tests taught them: ${refusedBefore} 429s before this push)`,
		);
		// When each execution's batch calls ran, and the account's connections in use over time.
		const calls = batchCalls.filter((r) => r.status === 200);
		const byExecution = bodies.map((b) => {
			const prefix = b.contacts[0].email.replace(/\d+@.*$/, '');
			return calls.filter((r) => JSON.stringify(r.body).includes(prefix));
		});
		progress(
			`batch calls per execution (ms after the POSTs: first sent – last answered, calls): ` +
				byExecution.map((rs) => `${Math.min(...rs.map((r) => r.startedAt)) - posted}–${Math.max(...rs.map((r) => r.endedAt)) - posted} (${rs.length})`).join(', '),
		);
		const served = requests.filter((r) => r.status !== 429);
		const inUse: number[] = [];
		for (let t = first; t < first + spanMs; t += 100) inUse.push(served.filter((r) => r.startedAt <= t && r.endedAt > t).length);
		progress(`connections in use every 100 ms from the first request: ${inUse.join(' ')}`);
		progress(`requests: ${[...kinds].map(([kind, k]) => `${kind} ${k.sent}${k.refused ? ` (${k.refused} × 429)` : ''}`).join(', ')}`);

		expect(itemErrors.slice(0, 3)).toEqual([]);
		expect(outputs.map((o) => o.email)).toEqual(emails);
		expect(counts('action')).toEqual({ created: emails.length });
		expect(counts('status')).toEqual({ subscribed: emails.length });

		// Every contact is in the audience once, and was written by exactly one accepted request.
		const members = sandbox.listMembers('acme', NEWSLETTER.id);
		expect(members.length).toBe(before + emails.length);
		const copies = new Map<string, number>();
		for (const m of members) copies.set(m.email_address, (copies.get(m.email_address) ?? 0) + 1);
		expect(emails.filter((e) => copies.get(e) !== 1)).toEqual([]);
		const writes = new Map<string, number>();
		for (const r of requests) {
			if (r.method === 'GET' || r.status >= 300 || !r.body) continue;
			for (const m of JSON.stringify(r.body).matchAll(/bulk\.\d+\.\d+\.\d+@example-mail\.org/g)) writes.set(m[0], (writes.get(m[0]) ?? 0) + 1);
		}
		expect(emails.filter((e) => writes.get(e) !== 1)).toEqual([]);

		// n8n's record: 4 successful executions, run by the workers.
		expect(executions.count).toBe(BULK.executions);
		expect(executions.results.map((e) => e.status)).toEqual(bodies.map(() => 'success'));
		expect(ranOn.reduce((a, b) => a + b, 0)).toBe(BULK.executions);

		// Within 1.5× the ideal; 429s a small share of the requests.
		expect(wallMs).toBeLessThanOrEqual(bound);
		expect(refused / requests.length).toBeLessThan(0.3);
	} finally {
		sandbox.setLatency({ perRequestMs: 0, perMemberMs: 0 });
	}
});
