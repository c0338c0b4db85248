/**
 * Record Event and Add Note for 1,000 contacts by our node, beside their limit: the perfect
 * client's N requests (Mailchimp has no batch call for either), spread over every connection
 * the latency model allows.
 */
import { performance } from 'perf_hooks';

import { runWorkflow } from '../dev/engine';
import { credentialFor, credentialTypes, nodeTypes, PUSH_NODE, pushWorkflow } from '../dev/package';
import { SANDBOX_ACCOUNTS, type Sandbox } from '../sandbox';
import { BENCH_ACCOUNT, BENCH_LIST, makeContacts, preload } from './contacts';
import type { LatencyModel } from './measure';

export type ActivityOperation = 'recordEvent' | 'addNote';
export const ACTIVITY_OPERATIONS: ActivityOperation[] = ['recordEvent', 'addNote'];
/** The issue asks for 1,000 events; the run is short, so it does not follow --sizes. */
export const ACTIVITY_N = 1000;

/** The action each item must end with. */
const EXPECTED: Record<ActivityOperation, string> = { recordEvent: 'eventRecorded', addNote: 'noteAdded' };

/** The operation's own parameters: an event with one property, or a note, per contact. */
const PARAMETERS: Record<ActivityOperation, Record<string, unknown>> = {
	recordEvent: {
		eventName: 'attended_webinar',
		eventProperties: { property: [{ name: 'company', value: '={{ $json.company }}' }] },
	},
	addNote: { note: '=Met {{ $json.first }} at the webinar' },
};

/** The perfect client: one request per contact, each one request's latency, ten at a time. */
export function activityLimitMs(n: number, model: LatencyModel): number {
	return Math.ceil(n / Math.max(1, model.maxConnections)) * model.perRequestMs;
}

export interface ActivityResult {
	operation: ActivityOperation;
	n: number;
	wallMs: number;
	limitMs: number;
	requests: number;
	peakInFlight: number;
	/** Contacts holding exactly one event (or note) afterwards, and items that ended with the action. */
	landed: number;
	done: number;
}

export async function measureActivity(sandbox: Sandbox, model: LatencyModel, operation: ActivityOperation, n: number): Promise<ActivityResult> {
	sandbox.reset();
	const contacts = makeContacts(n, `${operation}.${n}`);
	preload(sandbox, contacts);
	const credential = credentialFor(SANDBOX_ACCOUNTS[BENCH_ACCOUNT]);
	const workflow = pushWorkflow(
		{ operation, audience: { __rl: true, mode: 'list', value: BENCH_LIST }, email: '={{ $json.email }}', ...PARAMETERS[operation], options: {} },
		credential,
		{ onError: 'continueRegularOutput' },
	);
	const t0 = performance.now();
	const run = await runWorkflow({
		workflow,
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: contacts.map((c) => ({ json: { email: c.email, first: c.first, company: c.company } })),
	});
	const wallMs = performance.now() - t0;
	const output = run.status === 'success' ? run.output(PUSH_NODE) : [];
	const held = (email: string) =>
		operation === 'recordEvent' ? sandbox.memberEvents(BENCH_ACCOUNT, BENCH_LIST, email).length : sandbox.memberNotes(BENCH_ACCOUNT, BENCH_LIST, email).length;
	return {
		operation,
		n,
		wallMs,
		limitMs: activityLimitMs(n, model),
		requests: sandbox.requests.length,
		peakInFlight: sandbox.peakInFlight(BENCH_ACCOUNT),
		landed: contacts.filter((c) => held(c.email) === 1).length,
		done: output.filter((i) => i.json.action === EXPECTED[operation]).length,
	};
}

/** The section of the report, and whether every contact got exactly one event (or note). */
export async function activitySection(
	sandbox: Sandbox,
	model: LatencyModel,
	log: (line: string) => void,
	n = ACTIVITY_N,
): Promise<{ lines: string; results: ActivityResult[]; broken: ActivityResult[] }> {
	const results: ActivityResult[] = [];
	for (const operation of ACTIVITY_OPERATIONS) {
		log(`[activity] ours, ${operation} for N=${n.toLocaleString('en-US')} contacts…`);
		const r = await measureActivity(sandbox, model, operation, n);
		log(`        ${(r.wallMs / 1000).toFixed(2)} s, ${r.requests} requests, ${r.landed}/${n} recorded once`);
		results.push(r);
	}
	const header = ['operation', 'N', 'wall s', 'limit s', 'vs limit', 'requests', 'peak in flight', 'recorded once'];
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
		`Record Event and Add Note (our node, N contacts already in the audience). Limit: N POSTs (Mailchimp has no batch call`,
		`for either), ${model.maxConnections} at a time, ${model.perRequestMs} ms each.`,
		line(header),
		...rows.map(line),
	].join('\n');
	return { lines, results, broken: results.filter((r) => r.landed !== r.n || r.done !== r.n) };
}
