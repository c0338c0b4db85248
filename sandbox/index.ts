// Public entry point: startSandbox() and everything tests, the demo and the benchmark need.
import { SANDBOX_ACCOUNTS, type MergeFieldDef } from './seed';
import { SandboxServer } from './server';
import { eventsOf, notesOf } from './memberLifecycle';
import { mcTime, subscriberHash, type StoredMember } from './store';
import { deliveries, listWebhooks, sandboxAdmin, type SandboxAdmin, type StoredWebhook, type WebhookDelivery } from './webhooks';
import type {
	ContractViolation,
	FaultOptions,
	JourneyTrigger,
	LatencyOptions,
	MemberEvent,
	MemberNote,
	RecordedRequest,
	SandboxMember,
	SandboxOptions,
} from './types';

export * from './types';
export * from './seed';
export { subscriberHash } from './store';
export { validateRequest, validateResponse, schemaDir } from './contract';
export { FAKE_DOMAINS, FAKE_LOCAL_PARTS, FAKE_TLDS } from './rules';
export type { AdminOptions, SandboxAdmin, StoredWebhook, WebhookDelivery } from './webhooks';

export interface Sandbox {
	/** https://127.0.0.1:<port>, for harness code; the node reaches it by Mailchimp's host names (dev/mailchimpHosts). */
	url: string;
	/** PEM of the CA behind the sandbox's certificate, generated at start-up. */
	ca: string;
	accounts: typeof SANDBOX_ACCOUNTS;
	requests: RecordedRequest[];
	contractViolations: ContractViolation[];
	peakInFlight(accountName?: string): number;
	count429(): number;
	/** TLS connections opened since the last reset. */
	connectionsOpened(): number;
	reset(): void;
	setFaults(f: FaultOptions | undefined): void;
	setLatency(l: LatencyOptions): void;
	getMember(accountName: string, listId: string, email: string): SandboxMember | undefined;
	listMembers(accountName: string, listId: string): SandboxMember[];
	journeyTriggers(accountName: string): JourneyTrigger[];
	/** A member's events and notes, oldest first (empty when the address is not a member). */
	memberEvents(accountName: string, listId: string, email: string): MemberEvent[];
	memberNotes(accountName: string, listId: string, email: string): MemberNote[];
	addMembers(accountName: string, listId: string, members: Array<Partial<SandboxMember> & { email_address: string }>): void;
	/** Changes a merge field as someone editing the audience in Mailchimp would (type, choices, required, …). */
	updateMergeField(accountName: string, listId: string, tag: string, change: Partial<Omit<MergeFieldDef, 'tag' | 'merge_id'>>): void;
	/** The Mailchimp app: member changes made there fire webhooks with source "admin" (or "user"). */
	admin: SandboxAdmin;
	/** The audience's webhooks, as GET /lists/{id}/webhooks lists them. */
	webhooks(accountName: string, listId: string): StoredWebhook[];
	/** Every webhook POST made so far (URLs without their query), oldest first. */
	webhookDeliveries(): WebhookDelivery[];
	/** Resolves once every webhook POST started so far has been answered. */
	webhooksSettled(): Promise<void>;
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
		ca: server.ca,
		accounts: SANDBOX_ACCOUNTS,
		requests: server.requests,
		contractViolations: server.contractViolations,
		peakInFlight: (name) => server.peakInFlight(name),
		count429: () => server.count429(),
		connectionsOpened: () => server.connectionsOpened(),
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
		memberEvents(accountName, listId, email) {
			const list = listOf(accountName, listId);
			const m = store.member(list, subscriberHash(email));
			return m ? eventsOf(list, m) : [];
		},
		memberNotes(accountName, listId, email) {
			const list = listOf(accountName, listId);
			const m = store.member(list, subscriberHash(email));
			return m ? notesOf(list, m) : [];
		},
		updateMergeField(accountName, listId, tag, change) {
			const field = listOf(accountName, listId).mergeFields.find((f) => f.tag === tag);
			if (!field) throw new Error(`Sandbox audience "${listId}" has no merge field "${tag}"`);
			Object.assign(field, structuredClone(change));
		},
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
		admin: sandboxAdmin(store),
		webhooks: (accountName, listId) => structuredClone(listWebhooks(listOf(accountName, listId))),
		webhookDeliveries: () => deliveries(store).current(store).map((d) => ({ ...d, fields: d.fields.map(([k, v]) => [k, v] as [string, string]) })),
		webhooksSettled: () => deliveries(store).settled(),
		close: () => server.close(),
	};
}
