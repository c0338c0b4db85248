/** The parent's side of bench/sandboxProcess.ts: start it, ask it things, close it. */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';

import type { Landed } from './contacts';
import type { LatencyModel } from './measure';

export type RemoteRequest =
	| { id: number; op: 'reset' }
	| { id: number; op: 'landed'; n: number; tag: string }
	| { id: number; op: 'stats' }
	| { id: number; op: 'close' };

type Op = RemoteRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;

export interface RemoteSandbox {
	url: string;
	/** PEM of the CA behind its certificate (for dev/mailchimpHosts). */
	ca: string;
	reset(): Promise<void>;
	/** Whether the `makeContacts(n, tag)` contacts are all in the audience as pushed. */
	landed(n: number, tag: string): Promise<Landed>;
	stats(): Promise<{ requests: number; peak: number; sent429: number }>;
	close(): Promise<void>;
}

export async function startRemoteSandbox(model: LatencyModel): Promise<RemoteSandbox> {
	// No inherited flags (--expose-gc, profilers): the child is not what is measured.
	const child: ChildProcess = fork(join(__dirname, 'sandboxProcess.js'), [JSON.stringify(model)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const waiting = new Map<number, (value: unknown) => void>();
	let nextId = 0;
	const { url, ca } = await new Promise<{ url: string; ca: string }>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`The sandbox process exited (${code}) before it was ready`)));
		child.on('message', (message: { id?: number; url?: string; ca?: string; value?: unknown }) => {
			if (message.url && message.ca) return resolve({ url: message.url, ca: message.ca });
			if (message.id !== undefined) waiting.get(message.id)?.(message.value);
			waiting.delete(message.id!);
		});
	});
	child.removeAllListeners('exit');
	const ask = <T>(op: Op, extra: object = {}) =>
		new Promise<T>((resolve) => {
			const id = nextId++;
			waiting.set(id, resolve as (value: unknown) => void);
			child.send({ id, op, ...extra });
		});
	return {
		url,
		ca,
		reset: () => ask('reset'),
		landed: (n, tag) => ask('landed', { n, tag }),
		stats: () => ask('stats'),
		close: async () => {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.send({ id: nextId++, op: 'close' });
			await exited;
		},
	};
}
