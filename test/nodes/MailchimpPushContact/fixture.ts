/**
 * Workflow tests: the node runs inside n8n-core's WorkflowExecute (dev/engine) and talks,
 * through the official SDK over real HTTP, to the loopback Mailchimp sandbox.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { callEditorMethod, runWorkflow, type EngineCredential, type RunResult } from '../../../dev/engine';
import {
	credentialFor,
	credentialTypes,
	nodeTypes,
	PUSH_NODE,
	pushWorkflow,
	type Authentication,
} from '../../../dev/package';
import { installMailchimpHosts, uninstallMailchimpHosts } from '../../../dev/mailchimpHosts';
import { forgetAccountWindows } from '../../../nodes/MailchimpPushContact/transport/limiter';
import { toMapperField } from '../../../nodes/MailchimpPushContact/methods/resourceMapping';
import type { MergeField } from '../../../nodes/MailchimpPushContact/transport/types';
import { buildSeed, NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, startSandbox, type Sandbox } from '../../../sandbox';

export interface Push {
	parameters?: IDataObject;
	items: IDataObject[];
	account?: keyof typeof SANDBOX_ACCOUNTS;
	authentication?: Authentication;
	node?: Partial<INode>;
	/** A credential of the test's own instead of the account's. */
	credential?: EngineCredential;
}

export interface Pushed extends RunResult {
	/** The push node's output items' json, in order. */
	json: IDataObject[];
	items: INodeExecutionData[];
}

/** Audience locator as the editor stores a pick from the list. */
export const audience = (id = NEWSLETTER_LIST_ID) => ({ __rl: true, mode: 'list', value: id });

/** The schema the editor shows (and stores with the mapping) for a seeded audience. */
export function editorSchema(listId = NEWSLETTER_LIST_ID, account: keyof typeof SANDBOX_ACCOUNTS = 'acme') {
	const list = buildSeed()
		.find((a) => a.name === account)!
		.lists.find((l) => l.id === listId)!;
	return list.mergeFields.map((f) => toMapperField(f as MergeField));
}

/** A mapping made with "Map Each Field Below", stored as the editor does (with its schema). */
export const mapEach = (value: IDataObject, schema: unknown[] | null = editorSchema()) => ({
	mappingMode: 'defineBelow',
	value,
	...(schema ? { schema } : {}),
});

export function useSandbox(): () => Sandbox {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
		// The node calls https://<dc>.api.mailchimp.com as in production; this process sends those names to the sandbox.
		installMailchimpHosts(sandbox);
	});
	beforeEach(() => {
		sandbox.reset();
		// Each case starts as a fresh process would: no window shrunk by an earlier case's 429s.
		forgetAccountWindows();
	});
	afterEach(() => {
		// Every body the node sent matched Mailchimp's official schemas.
		expect(sandbox.contractViolations).toEqual([]);
	});
	afterAll(async () => {
		uninstallMailchimpHosts();
		await sandbox.close();
	});
	return () => sandbox;
}

export async function push({ parameters = {}, items, account = 'acme', authentication = 'apiKey', node, ...rest }: Push): Promise<Pushed> {
	const credential = rest.credential ?? credentialFor(SANDBOX_ACCOUNTS[account], authentication);
	const result = await runWorkflow({
		workflow: pushWorkflow({ audience: audience(), ...parameters }, credential, node),
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: items.map((json) => ({ json })),
	});
	const outputItems = result.status === 'success' ? result.output(PUSH_NODE) : [];
	return Object.assign(result, { items: outputItems, json: outputItems.map((i) => i.json) });
}

/** The node's error, for runs expected to fail. */
export function failure(result: RunResult): { message: string; description?: string; httpCode?: string } {
	expect(result.status).toBe('error');
	return result.nodeError(PUSH_NODE) as { message: string; description?: string };
}

/** Requests the node made, without the ones the test harness or sandbox made. */
export const writes = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET');

/** Asks the node what the editor asks while it is being configured. */
export async function editor<T>(
	kind: 'listSearch' | 'resourceMapping' | 'loadOptions',
	method: string,
	{ parameters = {}, account = 'acme', authentication = 'apiKey', args = [] }: Partial<Push> & { args?: unknown[] } = {},
): Promise<T> {
	const credential = credentialFor(SANDBOX_ACCOUNTS[account], authentication);
	return callEditorMethod<T>({
		workflow: pushWorkflow({ audience: audience(), ...parameters }, credential),
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		nodeName: PUSH_NODE,
		kind,
		method,
		args,
	});
}
