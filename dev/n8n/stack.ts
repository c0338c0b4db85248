/**
 * The whole dev/e2e stack in one call: the Mailchimp sandbox, a real n8n with this package
 * installed as a community package whose processes reach the sandbox by Mailchimp's host names
 * (dev/mailchimpHosts, preloaded through NODE_OPTIONS; the package itself is untouched), an owner,
 * a `mailchimpPushApi` credential for the sandbox account `acme`, and the example workflow
 * (Webhook → Mailchimp Push Contact) imported and active.
 */
import { SANDBOX_ACCOUNTS, startSandbox, type Sandbox } from '../../sandbox';
import { mailchimpHostsEnv } from '../mailchimpHosts';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
	CREDENTIAL_TYPE,
	REPO_ROOT,
	DEFAULT_OWNER,
	N8nClient,
	NODE_TYPE,
	SANDBOX_ACME_API_KEY,
	startN8n,
	type N8nInstance,
	type StartN8nOptions,
	type WorkflowJson,
} from './host';

/** The sandbox's acme "Newsletter" audience (13 merge fields, COMPANY required). */
export const NEWSLETTER = { id: 'b7e2a91c4d', name: 'Newsletter' };
export const WEBHOOK_PATH = 'push-contact';
export const CREDENTIAL_NAME = 'Mailchimp sandbox (acme)';

export interface PushWorkflowOptions {
	credentialId: string;
	credentialName?: string;
	path?: string;
	name?: string;
	/** Extra node parameters (options, doubleOptIn, …). */
	push?: Record<string, unknown>;
}

/**
 * Webhook (POST /webhook/<path>, JSON body {email, firstName, lastName, company, tags?}) →
 * Mailchimp Push Contact (Newsletter). The webhook answers with every item the node outputs.
 */
export function pushWorkflow(o: PushWorkflowOptions): WorkflowJson {
	const path = o.path ?? WEBHOOK_PATH;
	return {
		name: o.name ?? 'Webhook → Mailchimp Push Contact',
		nodes: [
			{
				id: '5d0b8d52-6c2f-4a43-9d1e-2f3a4b5c6d01',
				name: 'Signup Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `b0f5c1de-0000-4000-8000-${Buffer.from(path).toString('hex').slice(0, 12).padEnd(12, '0')}`,
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: '5d0b8d52-6c2f-4a43-9d1e-2f3a4b5c6d02',
				name: 'Mailchimp Push Contact',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					authentication: 'apiKey',
					audience: { __rl: true, mode: 'list', value: NEWSLETTER.id, cachedResultName: NEWSLETTER.name },
					email: '={{ $json.body.email }}',
					mergeFields: {
						mappingMode: 'defineBelow',
						value: {
							FNAME: '={{ $json.body.firstName }}',
							LNAME: '={{ $json.body.lastName }}',
							COMPANY: '={{ $json.body.company }}',
						},
						matchingColumns: [],
						schema: [],
					},
					options: { tags: '={{ $json.body.tags ?? "" }}' },
					...o.push,
				},
				credentials: { mailchimpPushApi: { id: o.credentialId, name: o.credentialName ?? CREDENTIAL_NAME } },
			},
		],
		connections: {
			'Signup Webhook': { main: [[{ node: 'Mailchimp Push Contact', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** A `mailchimpPushApi` credential for a sandbox account; returns its id. */
export async function createSandboxCredential(client: N8nClient, account: 'acme' | 'globex' = 'acme'): Promise<string> {
	const apiKey = account === 'acme' ? SANDBOX_ACME_API_KEY : SANDBOX_ACCOUNTS.globex.apiKey;
	return client.createCredential(account === 'acme' ? CREDENTIAL_NAME : `Mailchimp sandbox (${account})`, CREDENTIAL_TYPE, { apiKey, username: '' });
}

/** Imports the example workflow (pushWorkflow), activates it and waits for its webhook; returns its id. */
export async function importExampleWorkflow(client: N8nClient, credentialId: string, path = WEBHOOK_PATH): Promise<string> {
	const { id } = await client.createWorkflow(pushWorkflow({ credentialId, path }));
	await client.activateWorkflow(id);
	await client.waitForWebhook(path);
	return id;
}

/** examples/*.json: file names, sorted. */
export function exampleFiles(): string[] {
	const dir = join(REPO_ROOT, 'examples');
	return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

/** An example workflow with its Mailchimp credential reference pointed at `credentialId`. */
export function loadExample(file: string, credentialId: string, credentialName = CREDENTIAL_NAME): WorkflowJson {
	const wf = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowJson;
	for (const node of wf.nodes) {
		const creds = node.credentials as Record<string, { id: string; name: string }> | undefined;
		if (creds?.[CREDENTIAL_TYPE]) creds[CREDENTIAL_TYPE] = { id: credentialId, name: credentialName };
	}
	return wf;
}

export interface Stack {
	sandbox: Sandbox;
	n8n: N8nInstance;
	client: N8nClient;
	credentialId: string;
	workflowId: string;
	webhookUrl: string;
	owner: typeof DEFAULT_OWNER;
	stop(): Promise<void>;
}

export interface StartStackOptions extends Omit<StartN8nOptions, 'packageTarball'> {
	packageTarball: string;
	/**
	 * Set up the owner over REST and create the acme credential (default true). False: a fresh
	 * instance whose owner is still to be set up (e.g. through the editor's setup page).
	 */
	owner?: boolean;
	/** Import + activate the example workflow (default true; needs `owner`). */
	workflow?: boolean;
	/** Reuse a sandbox started by the caller (not stopped by stop()). */
	sandbox?: Sandbox;
}

export async function startStack(o: StartStackOptions): Promise<Stack> {
	const log = o.log ?? (() => undefined);
	const ownSandbox = !o.sandbox;
	const sandbox = o.sandbox ?? (await startSandbox());
	log(`sandbox listening on ${sandbox.url}`);
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.stop();
		if (ownSandbox) await sandbox.close();
	};
	try {
		n8n = await startN8n({ ...o, env: { ...o.env, ...mailchimpHostsEnv(sandbox, { nodeOptions: o.env?.NODE_OPTIONS }) } });
		const client = new N8nClient(n8n.baseUrl);
		let credentialId = '';
		let workflowId = '';
		const webhookUrl = `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`;
		if (o.owner !== false) {
			await client.setupOwner(DEFAULT_OWNER);
			await client.login(DEFAULT_OWNER.email, DEFAULT_OWNER.password);
			credentialId = await createSandboxCredential(client);
			if (o.workflow !== false) workflowId = await importExampleWorkflow(client, credentialId);
		}
		return { sandbox, n8n, client, credentialId, workflowId, webhookUrl, owner: DEFAULT_OWNER, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}
