/**
 * The sandbox in a process of its own, as a remote Mailchimp would be: its CPU work (TLS, JSON,
 * schema checks of batch bodies, the store) and its heap (members, request log) stay out of the
 * process being measured. Started by remoteSandbox.ts; answers its requests over IPC.
 */
import { SANDBOX_ACCOUNTS, startSandbox, type Sandbox } from '../sandbox';
import { BENCH_ACCOUNT, BENCH_LIST, makeContacts, preload, verifyLanded } from './contacts';
import { summariseRequest } from './measure';
import type { RemoteReply, RemoteRequest, RemoteStats } from './remoteSandbox';

function answer(sandbox: Sandbox, request: RemoteRequest): unknown {
	switch (request.op) {
		case 'reset':
			return sandbox.reset();
		case 'setLatency':
			return sandbox.setLatency({ perRequestMs: request.perRequestMs, perMemberMs: request.perMemberMs });
		case 'preload':
			return preload(sandbox, makeContacts(request.n, request.tag));
		case 'landed':
			return verifyLanded(sandbox, makeContacts(request.n, request.tag));
		case 'stats':
			return {
				requests: sandbox.requests.length,
				peak: sandbox.peakInFlight(BENCH_ACCOUNT),
				sent429: sandbox.count429(),
				connections: sandbox.connectionsOpened(),
			} satisfies RemoteStats;
		case 'requests':
			return sandbox.requests.map(summariseRequest);
		case 'statuses':
			return Object.fromEntries(sandbox.listMembers(BENCH_ACCOUNT, BENCH_LIST).map((m) => [m.email_address, m.status]));
		case 'activity': {
			const contacts = makeContacts(request.n, request.tag);
			return {
				events: contacts.map((c) => sandbox.memberEvents(BENCH_ACCOUNT, BENCH_LIST, c.email).length),
				notes: contacts.map((c) => sandbox.memberNotes(BENCH_ACCOUNT, BENCH_LIST, c.email).length),
			};
		}
		case 'memberStatus': {
			const name = Object.values(SANDBOX_ACCOUNTS).find((a) => a.apiKey === request.apiKey)?.name;
			try {
				return name ? sandbox.getMember(name, request.listId, request.email)?.status : undefined;
			} catch {
				return undefined; // unknown audience: the tunnel forwards the request as sent
			}
		}
		case 'close':
			return undefined;
	}
}

async function serve(): Promise<void> {
	const latency = JSON.parse(process.argv[2] ?? '{}') as { perRequestMs: number; perMemberMs: number; maxConnections: number };
	const sandbox = await startSandbox({
		latency: { perRequestMs: latency.perRequestMs, perMemberMs: latency.perMemberMs },
		maxConnectionsPerAccount: latency.maxConnections,
	});
	const send = (message: RemoteReply | { url: string; ca: string }) => process.send!(message);
	process.on('message', (request: RemoteRequest) => {
		if (request.op === 'close') {
			void sandbox.close().then(() => process.exit(0));
			return;
		}
		try {
			send({ id: request.id, value: answer(sandbox, request) });
		} catch (error) {
			send({ id: request.id, error: error instanceof Error ? error.message : String(error) });
		}
	});
	// The parent going away (even killed) closes the IPC channel: the sandbox goes with it.
	process.on('disconnect', () => process.exit(0));
	send({ url: sandbox.url, ca: sandbox.ca });
}

void serve();
