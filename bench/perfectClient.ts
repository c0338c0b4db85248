/**
 * The perfect client, measured: the ceiling's calls (bench/measure.ts idealCalls) sent through the
 * same harness as every peer — the sandbox in its process, TLS, HTTP, JSON at both ends — but
 * with nothing else to do: bodies built beforehand, statuses known without asking, every call
 * at once over connections already open. What it takes beyond the latency model is the
 * harness's own cost, which no client in this benchmark can avoid.
 */
import { performance } from 'perf_hooks';

import { MailchimpClient } from '../nodes/MailchimpPushContact/transport/client';
import { SANDBOX_ACCOUNTS } from '../sandbox';
import { BENCH_ACCOUNT, BENCH_LIST, makeContacts, type Scenario } from './contacts';
import { idealCalls, type LatencyModel } from './measure';
import type { RemoteSandbox } from './remoteSandbox';

export interface PerfectRun {
	wallMs: number;
	calls: number;
	landed: number;
}

export async function runPerfectClient(sandbox: RemoteSandbox, model: LatencyModel, scenario: Scenario, n: number, tag: string): Promise<PerfectRun> {
	await sandbox.reset();
	const contacts = makeContacts(n, tag);
	if (scenario === 'existing') await sandbox.preload(n, tag);
	const { calls } = idealCalls(n, model);
	const per = Math.ceil(n / calls);
	const bodies = Array.from({ length: calls }, (_, i) =>
		contacts.slice(i * per, (i + 1) * per).map((c) => ({
			email_address: c.email,
			status: 'subscribed' as const,
			merge_fields: { FNAME: c.first, LNAME: c.last, COMPANY: c.company },
		})),
	);
	const client = MailchimpClient.forApiKey({ apiKey: SANDBOX_ACCOUNTS[BENCH_ACCOUNT].apiKey }, { maxConcurrency: model.maxConnections });
	// Opens the connections before the clock starts (a long-running client has them open).
	await Promise.all(Array.from({ length: Math.min(calls, model.maxConnections) }, () => client.ping()));
	await sandbox.reset();
	if (scenario === 'existing') await sandbox.preload(n, tag);

	const t0 = performance.now();
	await Promise.all(bodies.filter((b) => b.length).map((members) => client.batchSubscribe(BENCH_LIST, members, false, true)));
	const wallMs = performance.now() - t0;
	const { landed } = await sandbox.landed(n, tag);
	return { wallMs, calls, landed };
}
