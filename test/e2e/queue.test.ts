/**
 * n8n's queue mode, as production installs scale it: PostgreSQL for the database, Redis for the
 * job queue, a main process that takes the webhooks and two workers that run the executions, all with
 * the package installed. 200 webhook calls at once: every contact lands in the sandbox exactly once,
 * and both workers did part of the work.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { newRunDir } from '../../dev/n8n/host';
import { postgresEnv, redisQueueEnv, startPostgres, startRedis, type PostgresService, type Service } from '../../dev/n8n/services';
import { NEWSLETTER, startStack, type Stack } from '../../dev/n8n/stack';
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
