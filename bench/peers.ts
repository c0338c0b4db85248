/**
 * The three ways of pushing contacts that the benchmark compares, each given the same items:
 *  - ours:    this package's node, in n8n-core's WorkflowExecute (dev/engine);
 *  - builtin: n8n's own Mailchimp node (member → create / update), same engine;
 *  - naive:   the official SDK, one upsert PUT at a time.
 * Each returns what reached the user: items that succeeded, items that failed (and how many
 * of those failures were 429s), or the run's own error.
 */
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runWorkflow, type EngineCredential, type RunResult } from '../dev/engine';
import { credentialFor, credentialTypes, nodeTypes, PUSH_NODE, pushWorkflow } from '../dev/package';
import { toMapperField } from '../nodes/MailchimpPushContact/methods/resourceMapping';
import type { MergeField } from '../nodes/MailchimpPushContact/transport/types';
import { buildSeed, SANDBOX_ACCOUNTS, subscriberHash } from '../sandbox';
import { BUILTIN_NODE_TYPE, type Builtin } from './builtin';
import { BENCH_ACCOUNT, BENCH_LIST, type BenchContact, type Scenario } from './contacts';

export { PEERS, PEER_LABEL, type Peer } from './names';

export interface PushOutcome {
	succeeded: number;
	failed: number;
	/** Failures the user saw that were a 429 (rate limit). */
	user429: number;
	/** The run itself failed (the workflow stopped), with its message. */
	runError?: string;
	/** A few failure messages, for the report. */
	samples: string[];
}

const ACCOUNT = SANDBOX_ACCOUNTS[BENCH_ACCOUNT];
const RATE_LIMITED = /\b429\b|too many requests/i;

/** Both n8n nodes run with "On Error: Continue", so every item reports its own outcome. */
const ON_ERROR: Partial<INode> = { onError: 'continueRegularOutput' };

/** The items a trigger would hand the node: one per contact. */
export const items = (contacts: BenchContact[]): INodeExecutionData[] => contacts.map((c) => ({ json: { ...c } as unknown as IDataObject }));

function tally(output: INodeExecutionData[], expected: number, is429: (json: IDataObject) => boolean): PushOutcome {
	const outcome: PushOutcome = { succeeded: 0, failed: 0, user429: 0, samples: [] };
	for (const { json } of output) {
		if (json.error === undefined) {
			outcome.succeeded++;
			continue;
		}
		outcome.failed++;
		if (is429(json)) outcome.user429++;
		if (outcome.samples.length < 3) outcome.samples.push(String(json.error));
	}
	// Items the node swallowed count as failures the user would have to find out about.
	if (output.length < expected) outcome.failed += expected - output.length;
	return outcome;
}

function runFailure(result: { error?: Error | { message?: string }; status: string }, is429: (text: string) => boolean): PushOutcome {
	const message = result.error?.message ?? `run ended with status ${result.status}`;
	return { succeeded: 0, failed: 0, user429: is429(message) ? 1 : 0, runError: message, samples: [message] };
}

// --- ours ---------------------------------------------------------------------------------

/** The mapping as the editor stores it for the Newsletter audience (schema included), built once. */
const MERGE_FIELD_MAPPING: IDataObject = (() => {
	const list = buildSeed()
		.find((a) => a.name === BENCH_ACCOUNT)!
		.lists.find((l) => l.id === BENCH_LIST)!;
	return {
		mappingMode: 'defineBelow',
		value: { FNAME: '={{ $json.first }}', LNAME: '={{ $json.last }}', COMPANY: '={{ $json.company }}' },
		schema: list.mergeFields.map((f) => toMapperField(f as unknown as MergeField)) as unknown as IDataObject[],
	};
})();

export async function pushOurs(contacts: BenchContact[]): Promise<PushOutcome> {
	return tallyOurs(await runOurs(contacts), contacts.length);
}

/** The run itself, for the memory measurement; `parameters`: more of the node's parameters. */
export async function runOurs(contacts: BenchContact[], parameters: IDataObject = {}): Promise<RunResult> {
	const credential = credentialFor(ACCOUNT);
	const workflow = pushWorkflow(
		{
			audience: { __rl: true, mode: 'list', value: BENCH_LIST },
			email: '={{ $json.email }}',
			mergeFields: MERGE_FIELD_MAPPING,
			...parameters,
		},
		credential,
		ON_ERROR,
	);
	return runWorkflow({
		workflow,
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: items(contacts),
	});
}

export function tallyOurs(result: RunResult, expected: number): PushOutcome {
	const is429 = (json: IDataObject) =>
		(json.errorDetails as IDataObject | undefined)?.status === 429 || RATE_LIMITED.test(String(json.error));
	if (result.status !== 'success') return runFailure(result, (t) => RATE_LIMITED.test(t));
	return tally(result.output(PUSH_NODE), expected, is429);
}

// --- n8n's built-in Mailchimp node ---------------------------------------------------------

const BUILTIN_NODE = 'Mailchimp';
const BUILTIN_CREDENTIAL: EngineCredential = {
	id: `${BENCH_ACCOUNT}-builtin`,
	name: `${BENCH_ACCOUNT} (Mailchimp API)`,
	type: 'mailchimpApi',
	data: { apiKey: ACCOUNT.apiKey },
};

const MERGE_FIELDS_UI = {
	mergeFieldsValues: [
		{ name: 'FNAME', value: '={{ $json.first }}' },
		{ name: 'LNAME', value: '={{ $json.last }}' },
		{ name: 'COMPANY', value: '={{ $json.company }}' },
	],
};

/** "Member → Create" for new contacts, "Member → Update" for existing ones, as a user would set them up. */
function builtinParameters(scenario: Scenario): INodeParameters {
	const common = { authentication: 'apiKey', resource: 'member', list: BENCH_LIST, email: '={{ $json.email }}', jsonParameters: false };
	return scenario === 'new'
		? { ...common, operation: 'create', status: 'subscribed', options: {}, mergeFieldsUi: MERGE_FIELDS_UI }
		: { ...common, operation: 'update', updateFields: { mergeFieldsUi: MERGE_FIELDS_UI } };
}

export async function pushBuiltin(builtin: Builtin, scenario: Scenario, contacts: BenchContact[]): Promise<PushOutcome> {
	const trigger = 'When contacts arrive';
	const workflow = {
		name: 'Built-in Mailchimp node',
		nodes: [
			{ id: 'trigger', name: trigger, type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
			{
				id: 'mailchimp',
				name: BUILTIN_NODE,
				type: BUILTIN_NODE_TYPE,
				typeVersion: 1,
				position: [240, 0] as [number, number],
				parameters: builtinParameters(scenario),
				credentials: { mailchimpApi: { id: BUILTIN_CREDENTIAL.id, name: BUILTIN_CREDENTIAL.name } },
				...ON_ERROR,
			},
		],
		connections: { [trigger]: { main: [[{ node: BUILTIN_NODE, type: 'main' as const, index: 0 }]] } },
	};
	const result = await runWorkflow({
		workflow,
		nodeTypes: { [BUILTIN_NODE_TYPE]: builtin.nodeType },
		credentialTypes: [builtin.credentialType],
		credentials: [structuredClone(BUILTIN_CREDENTIAL)],
		triggerItems: items(contacts),
	});
	if (result.status !== 'success') return runFailure(result, (t) => RATE_LIMITED.test(t));
	return tally(result.output(BUILTIN_NODE), contacts.length, (json) => RATE_LIMITED.test(String(json.error)));
}

// --- naive loop over the official SDK ------------------------------------------------------

interface SdkClient {
	basePath: string;
	setConfig(config: Record<string, unknown>): void;
	lists: { setListMember(listId: string, hash: string, body: unknown): Promise<unknown> };
}

/** One PUT (upsert by subscriber hash) at a time, no retries: the first thing one would write. */
export async function pushNaive(contacts: BenchContact[]): Promise<PushOutcome> {
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => SdkClient;
	const client = new ApiClient();
	// The SDK's own https://<dc>.api.mailchimp.com/3.0, which dev/mailchimpHosts sends to the sandbox.
	client.setConfig({ apiKey: ACCOUNT.apiKey, server: ACCOUNT.dc });
	const outcome: PushOutcome = { succeeded: 0, failed: 0, user429: 0, samples: [] };
	for (const c of contacts) {
		const hash = subscriberHash(c.email);
		try {
			await client.lists.setListMember(BENCH_LIST, hash, {
				email_address: c.email,
				status_if_new: 'subscribed',
				merge_fields: { FNAME: c.first, LNAME: c.last, COMPANY: c.company },
			});
			outcome.succeeded++;
		} catch (error) {
			const e = error as { status?: number; message?: string };
			outcome.failed++;
			if (e.status === 429) outcome.user429++;
			if (outcome.samples.length < 3) outcome.samples.push(`${e.status ?? ''} ${e.message ?? String(error)}`.trim());
		}
	}
	return outcome;
}
