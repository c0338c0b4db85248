/**
 * `npm run bench -- --memory`: the heap a push needs beyond the items themselves.
 *
 * The sandbox runs in a process of its own (bench/sandboxProcess.ts), so this process holds
 * only n8n, the items and the node. Each N is run twice with the same engine and items: with
 * "Push Contacts" off (the node hands its input on: what n8n itself needs to carry the items)
 * and on. The live heap (after a full collection) is sampled every 250 ms during the run and
 * once more when the run has ended but its result is still held, so:
 *  - end, on − end, off: the output items the push makes (off, the output is the input);
 *  - peak, on − end, on: what the node holds while it works (its record of each contact and
 *    its window of requests), freed when it returns.
 */
// First: points N8N_USER_FOLDER at a temp folder before n8n-core loads (see dev/engine/env.ts).
import '../dev/engine';

import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from '../dev/engine';
import { installMailchimpHosts, uninstallMailchimpHosts } from '../dev/mailchimpHosts';
import { makeContacts } from './contacts';
import type { LatencyModel } from './measure';
import type { BenchOptions } from './options';
import { items, runOurs, tallyOurs, type PushOutcome } from './peers';
import { startRemoteSandbox } from './remoteSandbox';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 2 ** 20;

function liveHeap(): number {
	gc!();
	return process.memoryUsage().heapUsed;
}

/** The live heap what `build` returns holds. */
function retained(build: () => unknown): number {
	const before = liveHeap();
	const value = build();
	const after = liveHeap();
	return value ? after - before : 0;
}

interface Measured {
	outcome: PushOutcome;
	/** Highest live heap during the run, and at its end with the result held, over the heap before. */
	peak: number;
	end: number;
}

/** Runs the push on `n` fresh contacts (the items and their strings are built inside). */
async function measured(n: number, tag: string, parameters: IDataObject = {}): Promise<Measured> {
	const before = liveHeap();
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, liveHeap())), 250);
	try {
		const result: RunResult = await runOurs(makeContacts(n, tag), parameters);
		const end = liveHeap();
		return { outcome: tallyOurs(result, n), peak: Math.max(peak, end) - before, end: end - before };
	} finally {
		clearInterval(timer);
	}
}

interface MemoryRow {
	n: number;
	items: number;
	off: Measured;
	on: Measured;
	requests: number;
	landed: number;
}

export async function runMemory(options: BenchOptions): Promise<number> {
	if (!gc) throw new Error('--memory needs --expose-gc (run it through npm run bench)');
	const model: LatencyModel = { perRequestMs: options.perRequestMs, perMemberMs: options.perMemberMs, maxConnections: options.maxConnections };
	const sandbox = await startRemoteSandbox(model);
	installMailchimpHosts(sandbox);
	const rows: MemoryRow[] = [];
	try {
		// Warm-up: loads every code path once.
		await measured(20, 'memory.warm');
		await measured(20, 'memory.warm.off', { pushContacts: false });
		for (const n of options.sizes) {
			process.stderr.write(`N=${n.toLocaleString('en-US')}…\n`);
			await sandbox.reset();
			const tag = `memory.${n}`;
			const itemsBytes = retained(() => items(makeContacts(n, tag)));
			const off = await measured(n, `${tag}.off`, { pushContacts: false });
			const on = await measured(n, tag);
			const { landed } = await sandbox.landed(n, tag);
			const { requests } = await sandbox.stats();
			rows.push({ n, items: itemsBytes, off, on, requests, landed });
		}
	} finally {
		uninstallMailchimpHosts();
		await sandbox.close();
	}

	const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
	const perContact = (bytes: number, n: number) => `${Math.round(bytes / n)} B`;
	const header = ['N', 'items', 'off: end', 'off: peak', 'on: end', 'on: peak', 'output', '/contact', 'node, working', '/contact', 'requests', 'landed'];
	const lines = rows.map((r) => [
		r.n.toLocaleString('en-US'),
		mb(r.items),
		mb(r.off.end),
		mb(r.off.peak),
		mb(r.on.end),
		mb(r.on.peak),
		mb(r.on.end - r.off.end),
		perContact(r.on.end - r.off.end, r.n),
		mb(r.on.peak - r.on.end),
		perContact(r.on.peak - r.on.end, r.n),
		String(r.requests),
		`${r.landed.toLocaleString('en-US')}/${r.n.toLocaleString('en-US')}`,
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
	console.log('Live heap of this process (after a full collection; the sandbox runs in another), over the heap before each run.');
	console.log('items: the input items alone. off/on: the run with Push Contacts off (items handed on) and on;');
	console.log('end: when the run has ended, its result still held; peak: the highest of samples every 250 ms and the end.');
	console.log('output: on − off at the end (the output items the push makes). node, working: peak − end with the push on');
	console.log('(what the node holds while it works and frees when it returns).');
	console.log('');
	console.log(format(header));
	console.log(widths.map((w) => '─'.repeat(w)).join('  '));
	for (const line of lines) console.log(format(line));
	const broken = rows.filter((r) => r.landed !== r.n || r.on.outcome.failed || r.on.outcome.runError);
	if (broken.length) console.error(`\n${broken.length} run(s) did not land every contact.`);
	return broken.length ? 1 : 0;
}
