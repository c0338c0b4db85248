// Public entry point: startSandbox() and everything tests, the demo and the benchmark need.
import { SANDBOX_ACCOUNTS } from './seed';
import { SandboxServer } from './server';
import { mcTime, subscriberHash, type StoredMember } from './store';
import type {
	ContractViolation,
	FaultOptions,
	JourneyTrigger,
	LatencyOptions,
	RecordedRequest,
	SandboxMember,
	SandboxOptions,
} from './types';

export * from './types';
export * from './seed';
export { subscriberHash } from './store';
export { validateRequest, validateResponse, schemaDir } from './contract';
export { FAKE_DOMAINS, FAKE_LOCAL_PARTS, FAKE_TLDS } from './rules';

export interface Sandbox {
	url: string;
	accounts: typeof SANDBOX_ACCOUNTS;
	requests: RecordedRequest[];
	contractViolations: ContractViolation[];
	peakInFlight(accountName?: string): number;
	count429(): number;
	reset(): void;
	setFaults(f: FaultOptions | undefined): void;
	setLatency(l: LatencyOptions): void;
	getMember(accountName: string, listId: string, email: string): SandboxMember | undefined;
	listMembers(accountName: string, listId: string): SandboxMember[];
	journeyTriggers(accountName: string): JourneyTrigger[];
	addMembers(accountName: string, listId: string, members: Array<Partial<SandboxMember> & { email_address: string }>): void;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const server = new SandboxServer(options);
	await server.listen();
	const { store } = server;
	const listOf = (accountName: string, listId: string) => {
		const list = store.list(store.account(accountName), listId);
		if (!list) throw new Error(`Sandbox account "${accountName}" has no audience "${listId}"`);
		return list;
	};
	return {
		url: server.url,
		accounts: SANDBOX_ACCOUNTS,
		requests: server.requests,
		contractViolations: server.contractViolations,
		peakInFlight: (name) => server.peakInFlight(name),
		count429: () => server.count429(),
		reset: () => server.reset(),
		setFaults: (f) => server.setFaults(f),
		setLatency: (l) => server.setLatency(l),
		getMember(accountName, listId, email) {
			const list = listOf(accountName, listId);
			const m = store.member(list, subscriberHash(email));
			return m && store.view(list, m);
		},
		listMembers(accountName, listId) {
			const list = listOf(accountName, listId);
			return [...list.members.values()].map((m) => store.view(list, m));
		},
		journeyTriggers: (accountName) => structuredClone(store.account(accountName).triggers),
		addMembers(accountName, listId, members) {
			// Direct state load for tests and benchmarks: no validation, no HTTP.
			const account = store.account(accountName);
			const list = listOf(accountName, listId);
			const now = mcTime();
			for (const input of members) {
				const { tags, tags_count: _count, id: _id, ...fields } = input;
				const m: StoredMember = store.newMember(account, list, input.email_address, input.status ?? 'subscribed', now);
				for (const [k, v] of Object.entries(fields)) (m as unknown as Record<string, unknown>)[k] = typeof v === 'object' && v !== null ? structuredClone(v) : v;
				store.insert(list, m);
				for (const t of tags ?? []) store.setTag(account, list, m.id, t.name, true, now);
			}
		},
		close: () => server.close(),
	};
}
