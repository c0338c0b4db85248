/**
 * The sandbox in a process of its own, for `npm run bench -- --memory`: its members and request
 * log then stay out of the heap being measured. Started by remoteSandbox.ts over IPC.
 */
import { startSandbox } from '../sandbox';
import { makeContacts, verifyLanded } from './contacts';
import type { RemoteRequest } from './remoteSandbox';

async function serve(): Promise<void> {
	const latency = JSON.parse(process.argv[2] ?? '{}') as { perRequestMs: number; perMemberMs: number; maxConnections: number };
	const sandbox = await startSandbox({
		latency: { perRequestMs: latency.perRequestMs, perMemberMs: latency.perMemberMs },
		maxConnectionsPerAccount: latency.maxConnections,
	});
	const send = (message: unknown) => process.send!(message);
	process.on('message', (request: RemoteRequest) => {
		switch (request.op) {
			case 'reset':
				sandbox.reset();
				send({ id: request.id });
				break;
			case 'landed':
				send({ id: request.id, value: verifyLanded(sandbox, makeContacts(request.n, request.tag)) });
				break;
			case 'stats':
				send({ id: request.id, value: { requests: sandbox.requests.length, peak: sandbox.peakInFlight(), sent429: sandbox.count429() } });
				break;
			case 'close':
				void sandbox.close().then(() => process.exit(0));
		}
	});
	// The parent going away takes the sandbox with it.
	process.on('disconnect', () => process.exit(0));
	send({ url: sandbox.url, ca: sandbox.ca });
}

void serve();
