/**
 * The parent's side of bench/sandboxProcess.ts: start it, ask it things, close it. The
 * benchmark (every peer, the other operations) and --memory both reach the sandbox this way, so
 * its CPU work (TLS, JSON, schema checks, the store) never runs in the process being measured.
 */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';

import type { Landed } from './contacts';
import type { LatencyModel, RequestSummary } from './measure';

export type RemoteRequest =
	| { id: number; op: 'reset' }
	| { id: number; op: 'setLatency'; perRequestMs: number; perMemberMs: number }
	| { id: number; op: 'preload'; n: number; tag: string }
	| { id: number; op: 'landed'; n: number; tag: string }
	| { id: number; op: 'stats' }
	| { id: number; op: 'requests' }
	| { id: number; op: 'statuses' }
	| { id: number; op: 'activity'; n: number; tag: string }
	| { id: number; op: 'memberStatus'; apiKey: string; listId: string; email: string }
	| { id: number; op: 'close' };

export interface RemoteReply {
	id: number;
	value?: unknown;
	error?: string;
}

type Op = RemoteRequest['op'];
/** The fields of an op's request besides id and op. */
type Extra<O extends Op> = Omit<Extract<RemoteRequest, { op: O }>, 'id' | 'op'>;

export interface RemoteStats {
	requests: number;
	/** Highest number of the benchmark account's requests in flight at once. */
	peak: number;
	sent429: number;
	/** TLS connections opened (a client that reuses its connections opens few). */
	connections: number;
}

export interface RemoteSandbox {
	url: string;
	/** PEM of the CA behind its certificate (for dev/mailchimpHosts). */
	ca: string;
	/** Everything since the last reset is forgotten: members pushed, requests, counters. */
	reset(): Promise<void>;
	setLatency(latency: { perRequestMs: number; perMemberMs: number }): Promise<void>;
	/** Puts the `makeContacts(n, tag)` contacts in the audience as existing ones (contacts.ts preload). */
	preload(n: number, tag: string): Promise<void>;
	/** Whether the `makeContacts(n, tag)` contacts are all in the audience as pushed. */
	landed(n: number, tag: string): Promise<Landed>;
	stats(): Promise<RemoteStats>;
	/** The requests seen since the last reset, summarised (no bodies). */
	requests(): Promise<RequestSummary[]>;
	/** Every member's status in the benchmark audience, by address. */
	statuses(): Promise<Record<string, string>>;
	/** The events and notes each of the `makeContacts(n, tag)` contacts has, in their order. */
	activity(n: number, tag: string): Promise<{ events: number[]; notes: number[] }>;
	/** A member's status, for the account of `apiKey` (undefined: not a member, or not a known audience). */
	memberStatus(apiKey: string, listId: string, email: string): Promise<string | undefined>;
	close(): Promise<void>;
}

export async function startRemoteSandbox(model: LatencyModel): Promise<RemoteSandbox> {
	// No inherited flags (--expose-gc, profilers): the child is not what is measured.
	const child: ChildProcess = fork(join(__dirname, 'sandboxProcess.js'), [JSON.stringify(model)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	// Should this process end without closing it, the child sees the IPC channel go (sandboxProcess.ts).
	const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	let nextId = 0;
	let gone: Error | undefined;
	const { url, ca } = await new Promise<{ url: string; ca: string }>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			gone = new Error(`The sandbox process exited (${signal ?? code})`);
			reject(gone);
			for (const w of waiting.values()) w.reject(gone);
			waiting.clear();
		});
		child.on('message', (message: RemoteReply | { url: string; ca: string }) => {
			if ('url' in message) return resolve(message);
			const w = waiting.get(message.id);
			waiting.delete(message.id);
			if (message.error !== undefined) w?.reject(new Error(`sandbox process: ${message.error}`));
			else w?.resolve(message.value);
		});
	});
	const ask = <T, O extends Op = Op>(op: O, extra?: Extra<O>) =>
		new Promise<T>((resolve, reject) => {
			if (gone) return reject(gone);
			const id = nextId++;
			waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ id, op, ...extra });
		});
	return {
		url,
		ca,
		reset: () => ask('reset'),
		setLatency: (l) => ask('setLatency', { perRequestMs: l.perRequestMs, perMemberMs: l.perMemberMs }),
		preload: (n, tag) => ask('preload', { n, tag }),
		landed: (n, tag) => ask('landed', { n, tag }),
		stats: () => ask('stats'),
		requests: () => ask('requests'),
		statuses: () => ask('statuses'),
		activity: (n, tag) => ask('activity', { n, tag }),
		memberStatus: (apiKey, listId, email) => ask('memberStatus', { apiKey, listId, email }),
		close: async () => {
			if (gone) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.send({ id: nextId++, op: 'close' });
			await exited;
		},
	};
}
