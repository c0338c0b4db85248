/**
 * The benchmark proper (run by bench/run.ts in a child process started with the benchmark's
 * CA trusted and --expose-gc). The n8n engine, our node, the built-in node and the naive SDK
 * loop run in this one process, side by side; the sandbox runs in a process of its own
 * (bench/sandboxProcess.ts), as a remote Mailchimp would, so its CPU work never slows down
 * the client being measured.
 */
// First: points N8N_USER_FOLDER at a temp folder before n8n-core loads (see dev/engine/env.ts).
import '../dev/engine';

import { writeFileSync } from 'fs';
import { cpus, loadavg, totalmem } from 'os';
import { performance } from 'perf_hooks';

import { installMailchimpHosts, uninstallMailchimpHosts } from '../dev/mailchimpHosts';
import { SANDBOX_ACCOUNTS, SEEDED_MEMBERS } from '../sandbox';
import { builtinDir, loadBuiltin, type Builtin } from './builtin';
import { BENCH_ACCOUNT, BENCH_LIST, makeContacts, type BenchContact, type Scenario } from './contacts';
import { HeapSampler, idealCallsMs, requestStats, type LatencyModel } from './measure';
import { runPerfectClient } from './perfectClient';
import { PEER_LABEL, type Peer } from './names';
import type { BenchOptions } from './options';
import { PUSH_NODE } from '../dev/package';
import { pushBuiltin, pushNaive, pushOurs, runOurs, type PushOutcome } from './peers';
import { limitLines, modelLine, phaseLines, resultTable, targetLines, targets, type RunResult } from './report';
import { countParameterReads, profiled } from './profile';
import { memberOperationsSection } from './memberOperations';
import { startRemoteSandbox, type RemoteSandbox } from './remoteSandbox';
import { probeSandbox, startMailchimpTunnel, type BenchCertificate, type MailchimpTunnel } from './tunnel';

const log = (line: string) => process.stderr.write(`${line}\n`);
/**
 * Warm-up pushes of each peer and scenario: enough contacts for the bulk paths (status book,
 * batch calls over several connections), often enough for the JIT to compile them, before
 * anything is measured (one push of 20 left the first measured N = 1,000 run ~60 ms slower).
 */
const WARM_UP = 200;
const WARM_UP_ROUNDS = 3;

interface Harness {
	sandbox: RemoteSandbox;
	builtin?: Builtin;
	tunnel?: MailchimpTunnel;
	/** n8n's own pipeline per N: the same items through our node with the push switched off. */
	pipelineMs: Map<number, number>;
	/** The perfect client's calls, measured in this harness, per `${n}/${scenario}` (bench/perfectClient.ts). */
	perfectMs: Map<string, number>;
}

const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/**
 * HTTPS_PROXY for the built-in node's run only. Our node and the SDK call
 * https://<dc>.api.mailchimp.com directly, which dev/mailchimpHosts sends to the sandbox.
 */
async function throughTunnel<T>(tunnel: MailchimpTunnel, run: () => Promise<T>): Promise<T> {
	const saved = PROXY_ENV.map((k) => [k, process.env[k]] as const);
	for (const k of PROXY_ENV) delete process.env[k];
	process.env.HTTPS_PROXY = tunnel.proxyUrl;
	process.env.NO_PROXY = '127.0.0.1,localhost,::1';
	try {
		return await run();
	} finally {
		for (const [k, v] of saved) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	}
}

async function push(h: Harness, peer: Peer, scenario: Scenario, contacts: BenchContact[]): Promise<PushOutcome> {
	switch (peer) {
		case 'ours':
			return pushOurs(contacts);
		case 'builtin':
			return throughTunnel(h.tunnel!, () => pushBuiltin(h.builtin!, scenario, contacts));
		case 'naive':
			return pushNaive(contacts);
	}
}

type Around = <T>(run: () => Promise<T>) => Promise<T>;
const plain: Around = (run) => run();

async function measure(h: Harness, model: LatencyModel, peer: Peer, scenario: Scenario, n: number, around: Around = plain): Promise<RunResult> {
	const { sandbox } = h;
	await sandbox.reset();
	h.tunnel?.resetCounters();
	const tag = `${peer}.${scenario}.${n}`;
	const contacts = makeContacts(n, tag);
	if (scenario === 'existing') await sandbox.preload(n, tag);

	const heap = new HeapSampler();
	const startedAt = Date.now();
	const t0 = performance.now();
	const outcome = await around(() => push(h, peer, scenario, contacts));
	const wallMs = performance.now() - t0;
	const endedAt = Date.now();
	const { peak, baseline } = heap.stop();

	// Read back after the push: the sandbox answers from its own process.
	const counters = h.tunnel?.counters;
	const { landed, missing } = await sandbox.landed(n, tag);
	const served = await sandbox.stats();
	const requests = await sandbox.requests();
	return {
		peer,
		scenario,
		n,
		wallMs,
		requests: served.requests,
		peakInFlight: served.peak,
		sent429: served.sent429,
		connections: served.connections,
		heapPeak: peak,
		heapBaseline: baseline,
		landed,
		missing,
		outcome,
		limitMs: (h.perfectMs.get(`${n}/${scenario}`) ?? idealCallsMs(n, model)) + (h.pipelineMs.get(n) ?? 0),
		modelLimitMs: idealCallsMs(n, model) + (h.pipelineMs.get(n) ?? 0),
		stats: requestStats(requests, startedAt, endedAt, model),
		tunnel: peer === 'builtin' && counters ? { tunnels: counters.tunnels, refused: counters.refused, rewrites: { ...counters.rewrites } } : undefined,
	};
}

interface LegacyClient {
	requestLegacy(options: Record<string, unknown>): Promise<unknown>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * What the TLS tunnel adds to each of the built-in node's requests: the same GET /ping to
 * https://<dc>.api.mailchimp.com sent through n8n's own HTTP stack (the one the built-in
 * node's helpers use, a fresh agent per request) straight to the sandbox (dev/mailchimpHosts:
 * one TLS handshake, as to Mailchimp) and through the tunnel, alternately, without latency.
 * The difference of the medians is the tunnel's cost (CONNECT, the tunnel's own TLS leg, the
 * extra hop), which the built-in node would not pay to a proxy-less Mailchimp.
 */
async function calibrateTunnel(h: Harness, rounds = 150): Promise<{ directMs: number; tunnelledMs: number; overheadMs: number }> {
	const { sandbox, tunnel } = h;
	const account = SANDBOX_ACCOUNTS[BENCH_ACCOUNT];
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const { Container } = require('@n8n/di') as { Container: { get<T>(token: unknown): T } };
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const { OutboundHttp } = require('@n8n/backend-network') as { OutboundHttp: unknown };
	const client = Container.get<{ requests(): LegacyClient }>(OutboundHttp).requests();
	const direct = () =>
		client.requestLegacy({ method: 'GET', url: `https://${account.dc}.api.mailchimp.com/3.0/ping`, json: true, headers: { Authorization: `Basic ${Buffer.from(`n8n:${account.apiKey}`).toString('base64')}` } });
	const tunnelled = () =>
		throughTunnel(tunnel!, () => client.requestLegacy({ method: 'GET', url: `https://${account.dc}.api.mailchimp.com/3.0/ping`, json: true, headers: { Authorization: `apikey ${account.apiKey}` } }));
	const time = async (send: () => Promise<unknown>) => {
		const t = performance.now();
		await send();
		return performance.now() - t;
	};
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < rounds; i++) {
		a.push(await time(direct));
		b.push(await time(tunnelled));
	}
	await sandbox.reset();
	return { directMs: median(a), tunnelledMs: median(b), overheadMs: Math.max(0, median(b) - median(a)) };
}

function versionOf(pkg: string): string {
	try {
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		return (require(`${pkg}/package.json`) as { version: string }).version;
	} catch {
		return '?';
	}
}

export async function main(options: BenchOptions, cert: BenchCertificate | undefined): Promise<number> {
	const model: LatencyModel = { perRequestMs: options.perRequestMs, perMemberMs: options.perMemberMs, maxConnections: options.maxConnections };
	const sandbox = await startRemoteSandbox(model);
	installMailchimpHosts(sandbox);
	const h: Harness = { sandbox, pipelineMs: new Map(), perfectMs: new Map() };
	try {
		if (options.peers.includes('builtin')) {
			if (!cert) throw new Error('The built-in node needs the benchmark certificate (run through bench/run.js)');
			h.builtin = loadBuiltin(builtinDir());
			const account = SANDBOX_ACCOUNTS[BENCH_ACCOUNT];
			const needs = await probeSandbox(sandbox, { apiKey: account.apiKey, dc: account.dc, listId: BENCH_LIST, knownEmail: SEEDED_MEMBERS.subscribed });
			await sandbox.reset();
			h.tunnel = await startMailchimpTunnel(sandbox, cert, needs, (apiKey, listId, email) => sandbox.memberStatus(apiKey, listId, email));
		}

		const cpu = cpus();
		const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
		const header = [
			'Mailchimp Push Contact — benchmark',
			`machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; n8n-core ${versionOf('n8n-core')}, n8n-workflow ${versionOf('n8n-workflow')}`,
			`model:   ${modelLine(model)}`,
			`sandbox: in a process of its own (bench/sandboxProcess.ts), as a remote Mailchimp would be: its CPU work (TLS, JSON, schemas, store) does not slow the client measured`,
			`load average at start: ${load()} (other processes on the machine skew the figures)`,
		];
		if (h.builtin) {
			header.push(`built-in: n8n-nodes-base ${h.builtin.version} (Mailchimp node v1) from ${h.builtin.dir}, with n8n-workflow ${h.builtin.workflowPackage}`);
			const needs = Object.entries(h.tunnel!.needs)
				.filter(([, v]) => v)
				.map(([k]) => k);
			header.push(`          via HTTPS_PROXY → TLS tunnel → sandbox; compatibility rewrites the sandbox needs: ${needs.length ? needs.join(', ') : 'none'}`);
		}
		console.log(header.join('\n'));
		console.log('');

		// Warm-up (not reported): loads and JIT-compiles every code path once, without latency.
		await sandbox.setLatency({ perRequestMs: 0, perMemberMs: 0 });
		for (let round = 0; round < WARM_UP_ROUNDS; round++) {
			for (const peer of options.peers) {
				for (const scenario of options.scenarios) {
					const r = await measure(h, model, peer, scenario, WARM_UP);
					if (r.landed !== WARM_UP || r.outcome.runError) {
						throw new Error(`Warm-up of ${PEER_LABEL[peer]} (${scenario}) failed: ${r.landed}/${WARM_UP} landed\n${phaseLines(r)}`);
					}
				}
			}
		}
		let tunnelCost: Awaited<ReturnType<typeof calibrateTunnel>> | undefined;
		if (h.tunnel) {
			tunnelCost = await calibrateTunnel(h);
			console.log(
				`tunnel cost: GET /ping through n8n's HTTP stack, no latency: direct ${tunnelCost.directMs.toFixed(2)} ms, via TLS tunnel ${tunnelCost.tunnelledMs.toFixed(2)} ms (median) → ${tunnelCost.overheadMs.toFixed(2)} ms per built-in request is the tunnel's, taken out in "built-in, net of tunnel"`,
			);
			console.log('');
		}
		await sandbox.setLatency({ perRequestMs: model.perRequestMs, perMemberMs: model.perMemberMs });

		// The ceiling's second part, measured here: n8n carrying the same items through our node with
		// the push switched off (median of 3). No request is sent, so the latency model plays no part.
		for (const n of options.sizes) {
			const contacts = makeContacts(n, `pipeline.${n}`);
			const times: number[] = [];
			for (let k = 0; k < 3; k++) {
				const t0 = performance.now();
				const run = await runOurs(contacts, { pushContacts: false });
				times.push(performance.now() - t0);
				if (run.status !== 'success') throw new Error(`The pipeline run (push off) failed: ${run.status}`);
			}
			h.pipelineMs.set(n, median(times));
		}
		// The ceiling's first part, measured side by side: the perfect client's calls through this same
		// harness (median of the run's repetitions). The latency model alone is shown beside it.
		for (const n of options.sizes) {
			for (const scenario of options.scenarios) {
				const times: number[] = [];
				for (let k = 0; k < options.repeat; k++) {
					const run = await runPerfectClient(sandbox, model, scenario, n, `perfect.${scenario}.${n}.${k}`);
					if (run.landed !== n) throw new Error(`The perfect client landed ${run.landed}/${n} contacts (${scenario})`);
					times.push(run.wallMs);
				}
				h.perfectMs.set(`${n}/${scenario}`, median(times));
			}
		}
		console.log('ceiling: the perfect client\'s batch calls spread over all connections, sent through this harness (bench/perfectClient.ts), plus n8n\'s own pipeline');
		console.log(limitLines(options.sizes, options.scenarios, model, (n, scenario) => h.perfectMs.get(`${n}/${scenario}`) ?? 0, (n) => h.pipelineMs.get(n) ?? 0));
		console.log('');

		const results: RunResult[] = [];
		const total = options.sizes.length * options.scenarios.length * options.peers.length;
		for (const n of options.sizes) {
			for (const scenario of options.scenarios) {
				for (const peer of options.peers) {
					log(`[${results.length + 1}/${total}] ${PEER_LABEL[peer]}, N=${n.toLocaleString('en-US')} ${scenario} contacts…`);
					const times = peer === 'ours' ? options.repeat : 1;
					// Warm again (not reported): the other peers' long runs in between leave this one's code and connections cold.
					await measure(h, model, peer, scenario, WARM_UP);
					const runs: RunResult[] = [];
					for (let k = 0; k < times; k++) {
						const r = await measure(h, model, peer, scenario, n);
						runs.push(r);
						log(`        ${(r.wallMs / 1000).toFixed(2)} s, ${r.requests} requests, ${r.landed}/${n} landed`);
					}
					// The median run (by wall time) stands for all; a failed repetition is never hidden.
					const failed = runs.find((r) => r.landed !== r.n || r.outcome.runError || r.outcome.failed || r.outcome.user429);
					const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((runs.length - 1) / 2)];
					const chosen = failed ?? median;
					if (runs.length > 1) chosen.repeats = runs.map((r) => r.wallMs);
					if (peer === 'builtin' && tunnelCost) chosen.tunnelOverheadMs = tunnelCost.overheadMs * chosen.requests;
					if (peer === 'ours' && options.profile) {
						log('        profiling one more run (not measured)…');
						let profile: Omit<Awaited<ReturnType<typeof profiled>>, 'value'> | undefined;
						const r = await measure(h, model, peer, scenario, n, async (run) => {
							const { value, ...rest } = await profiled(run);
							profile = rest;
							return value;
						});
						if (profile) chosen.profile = { wallMs: r.wallMs, totalMs: profile.totalMs, buckets: profile.buckets };
						log('        counting getNodeParameter() calls in one more run (not measured)…');
						let reads: Awaited<ReturnType<typeof countParameterReads>>['reads'] = [];
						await measure(h, model, peer, scenario, n, async (run) => {
							const counted = await countParameterReads(PUSH_NODE, run);
							reads = counted.reads;
							return counted.value;
						});
						if (chosen.profile) chosen.profile.parameterReads = reads;
					}
					results.push(chosen);
				}
			}
		}

		console.log(`load average at end: ${load()}`);
		console.log('');
		console.log(resultTable(results));
		console.log('');
		console.log('vs ceiling: wall time ÷ ceiling (the perfect client measured in this harness + pipeline). vs model: wall time ÷ (the latency model\'s time for the perfect client\'s calls + pipeline). vs <peer>: how many times faster this row is than that peer (same N, same contacts).');
		console.log('429 sent/user: 429s the sandbox answered / 429s that reached the user as an item error.');
		console.log('');
		console.log('Targets');
		console.log(targetLines(results));
		console.log('');
		console.log('Where the time goes (ms from the start of the push; server-side request durations)');
		for (const r of results) console.log(phaseLines(r));
		// Unsubscribe, Archive, Record Event and Add Note beside their limits (bench/memberOperations.ts).
		const operations = options.peers.includes('ours') ? await memberOperationsSection(sandbox, model, options.sizes, log) : undefined;
		if (operations) console.log(`\n${operations.lines}`);
		if (options.markdown) {
			console.log('');
			console.log(resultTable(results, true));
		}
		if (options.json) {
			writeFileSync(
				options.json,
				`${JSON.stringify({ model, options, machine: { cores: cpu.length, cpu: cpu[0]?.model, node: process.version }, results, targets: targets(results) }, null, 2)}\n`,
			);
			log(`Results written to ${options.json}`);
		}

		// A harness that loses contacts, or lets a 429 reach the user from our node, fails the run.
		const broken = results.filter((r) => r.landed !== r.n || r.outcome.runError || (r.peer === 'ours' && r.outcome.user429 > 0));
		if (operations?.broken.length) {
			log(`\n${operations.broken.length} run(s) of the other operations did not leave every contact as expected: see above.`);
			return 1;
		}
		if (broken.length) {
			log(`\n${broken.length} run(s) did not land every contact or failed: see above.`);
			return 1;
		}
		return 0;
	} finally {
		await h.tunnel?.close();
		uninstallMailchimpHosts();
		await sandbox.close();
	}
}
