import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import {
	Expression,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialType,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWorkflowBase,
} from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runWorkflow, type EngineCredential } from '../../dev/engine';

// ---------------------------------------------------------------------------------------------
// Test credential types: an API-key credential with generic auth, an OAuth2 one via `extends`.
// ---------------------------------------------------------------------------------------------

class TestApiKeyApi implements ICredentialType {
	name = 'testApiKeyApi';
	displayName = 'Test API Key';
	properties: ICredentialType['properties'] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Server', name: 'server', type: 'string', default: 'https://api.example.test' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
	};
}

class TestOAuth2Api implements ICredentialType {
	name = 'testOAuth2Api';
	extends = ['oAuth2Api'];
	displayName = 'Test OAuth2';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://login.example.test/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://login.example.test/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
	];
}

const CREDENTIAL_TYPES = [new TestApiKeyApi(), new TestOAuth2Api()];

// ---------------------------------------------------------------------------------------------
// Test node types.
// ---------------------------------------------------------------------------------------------

const ECHO_TYPE = 'test.echo';
const FAIL_TYPE = 'test.fail';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Reads parameters (with expressions) and a credential, optionally calls a URL with auth. */
class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'Echoes parameters and credentials',
		defaults: { name: 'Echo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'testApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
			{ name: 'testOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiKey',
			},
			{ displayName: 'Email', name: 'email', type: 'string', default: '' },
			{ displayName: 'Label', name: 'label', type: 'string', default: 'default-label' },
			{ displayName: 'Call URL', name: 'callUrl', type: 'string', default: '' },
			{ displayName: 'Delay (ms)', name: 'delay', type: 'number', default: 0 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0) as string;
		const credentialType = authentication === 'oAuth2' ? 'testOAuth2Api' : 'testApiKeyApi';
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const credentials = await this.getCredentials(credentialType, i);
			await sleep(this.getNodeParameter('delay', i) as number);
			const callUrl = this.getNodeParameter('callUrl', i) as string;
			const response = callUrl
				? await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
						url: callUrl,
						method: 'GET',
						json: true,
					})
				: undefined;
			out.push({
				json: {
					email: this.getNodeParameter('email', i) as string,
					label: this.getNodeParameter('label', i) as string,
					apiKey: credentials.apiKey ?? null,
					server: credentials.server ?? null,
					oauthTokenData: credentials.oauthTokenData ?? null,
					clientId: credentials.clientId ?? null,
					accessTokenUrl: credentials.accessTokenUrl ?? null,
					mode: this.getMode(),
					response: response ?? null,
				},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

/** Fails for items with `fail: 'api' | 'operation'`; honours continueOnFail unless told not to. */
class FailNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fail',
		name: 'fail',
		group: ['transform'],
		version: 1,
		description: 'Throws for some items',
		defaults: { name: 'Fail' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Handle Errors Itself', name: 'handleErrors', type: 'boolean', default: true },
			{ displayName: 'Required Thing', name: 'requiredThing', type: 'string', default: 'set', required: true },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const handleErrors = this.getNodeParameter('handleErrors', 0) as boolean;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const fail = items[i].json.fail;
				if (fail === 'api') {
					throw new NodeApiError(
						this.getNode(),
						{ status: 400, title: 'Member Exists', detail: 'already a list member' },
						{ message: 'Member Exists', description: 'already a list member', httpCode: '400', itemIndex: i },
					);
				}
				if (fail === 'operation') {
					throw new NodeOperationError(this.getNode(), 'Bad merge field', { itemIndex: i });
				}
				out.push({ json: { ...items[i].json, ok: true }, pairedItem: { item: i } });
			} catch (error) {
				if (handleErrors && this.continueOnFail()) {
					out.push({ json: { ...items[i].json, error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

const NODE_TYPES = {
	[ECHO_TYPE]: new EchoNode(),
	[FAIL_TYPE]: new FailNode(),
};

// ---------------------------------------------------------------------------------------------
// Workflow JSON helpers.
// ---------------------------------------------------------------------------------------------

const trigger: INode = {
	id: 'a1',
	name: 'Trigger',
	type: MANUAL_TRIGGER_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function node(name: string, type: string, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return { id: name, name, type, typeVersion: 1, position: [200, 0], parameters, ...extra };
}

/** trigger → nodes[0] → nodes[1] → … */
function chain(...nodes: INode[]) {
	const all = [trigger, ...nodes];
	const connections: IWorkflowBase['connections'] = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections, settings: { executionOrder: 'v1' as const } };
}

const apiKeyCredential = (id: string, apiKey: string): EngineCredential => ({
	id,
	name: `Key ${id}`,
	type: 'testApiKeyApi',
	data: { apiKey },
});

const apiKeyRef = { testApiKeyApi: { id: 'k1', name: 'Key k1' } };

// A loopback server that records request headers and answers with JSON.
let server: Server;
let baseUrl: string;
const seenHeaders: IncomingHttpHeaders[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		seenHeaders.push(req.headers);
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ path: req.url }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

// ---------------------------------------------------------------------------------------------

describe('runWorkflow', () => {
	test('trigger items flow through the trigger into the next node; defaults are filled in', async () => {
		const workflow = chain(node('Echo', ECHO_TYPE, { email: '={{ $json.email }}' }, { credentials: apiKeyRef }));
		const before = JSON.stringify(workflow);

		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentialTypes: CREDENTIAL_TYPES,
			credentials: [apiKeyCredential('k1', 'secret-1')],
			triggerItems: [{ json: { email: 'a@example.com' } }, { json: { email: 'b@example.com' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.run.status).toBe('success');
		expect(result.executedNodes).toEqual(['Trigger', 'Echo']);
		expect(result.output('Trigger').map((i) => i.json)).toEqual([
			{ email: 'a@example.com' },
			{ email: 'b@example.com' },
		]);
		const echo = result.output('Echo').map((i) => i.json);
		expect(echo.map((j) => j.email)).toEqual(['a@example.com', 'b@example.com']);
		expect(echo.map((j) => j.label)).toEqual(['default-label', 'default-label']);
		expect(echo[0].mode).toBe('manual');
		// the caller's workflow JSON is untouched (n8n's Workflow writes defaults into its nodes)
		expect(JSON.stringify(workflow)).toBe(before);
		expect(() => result.output('No Such Node')).toThrow(/no node named "No Such Node"/);
	});

	test('runs without triggerItems (one empty item) and honours an explicit startNode', async () => {
		const workflow = chain(node('Echo', ECHO_TYPE, { email: 'fixed@example.com' }, { credentials: apiKeyRef }));
		const plain = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
		});
		expect(plain.output('Trigger')).toEqual([expect.objectContaining({ json: {} })]);
		expect(plain.output('Echo')).toHaveLength(1);

		const fromEcho = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			startNode: 'Echo',
			triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});
		expect(fromEcho.executedNodes).toEqual(['Echo']);
		expect(fromEcho.output('Echo')).toHaveLength(2);
	});

	test('expressions evaluate with the in-process (legacy) engine — no isolated-vm', async () => {
		const workflow = chain(
			node(
				'Echo',
				ECHO_TYPE,
				{
					email: '={{ $json.email.toUpperCase() }}',
					label: "={{ $('Trigger').item.json.first + ' ' + $json.email.isEmail() + ' ' + $execution.mode }}",
				},
				{ credentials: apiKeyRef },
			),
		);
		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: { email: 'ada@example.com', first: 'Ada' } }],
		});
		expect(result.status).toBe('success');
		expect(result.output('Echo')[0].json).toMatchObject({
			email: 'ADA@EXAMPLE.COM',
			label: 'Ada true test',
		});
		expect(Expression.getActiveImplementation()).toBe('legacy');
	});

	test('API-key credential: by id, else by type; generic authenticate adds the header', async () => {
		seenHeaders.length = 0;
		const workflow = chain(
			node('Echo', ECHO_TYPE, { callUrl: '={{ $json.url }}' }, { credentials: apiKeyRef }),
		);

		const byId = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentialTypes: CREDENTIAL_TYPES,
			credentials: [apiKeyCredential('k0', 'wrong-key'), apiKeyCredential('k1', 'right-key')],
			triggerItems: [{ json: { url: `${baseUrl}/ping` } }],
		});
		expect(byId.error).toBeUndefined();
		expect(byId.output('Echo')[0].json).toMatchObject({
			apiKey: 'right-key',
			server: 'https://api.example.test', // default of the credential type
			response: { path: '/ping' },
		});
		expect(seenHeaders[0]['x-api-key']).toBe('right-key');

		const byType = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentialTypes: CREDENTIAL_TYPES,
			credentials: [apiKeyCredential('some-other-id', 'only-key')],
			triggerItems: [{ json: { url: `${baseUrl}/pong` } }],
		});
		expect(byType.output('Echo')[0].json.apiKey).toBe('only-key');
		expect(seenHeaders[1]['x-api-key']).toBe('only-key');
	});

	test('a missing credential fails the node with a clear message', async () => {
		const result = await runWorkflow({
			workflow: chain(node('Echo', ECHO_TYPE, {}, { credentials: apiKeyRef })),
			nodeTypes: NODE_TYPES,
			credentials: [],
		});
		expect(result.status).toBe('error');
		expect((result.nodeError('Echo') as Error).message).toBe(
			'Credential with ID "k1" does not exist for type "testApiKeyApi"',
		);
	});

	test('OAuth2 credential extending oAuth2Api: token data returned, requests signed via getParentTypes', async () => {
		seenHeaders.length = 0;
		const workflow = chain(
			node(
				'Echo',
				ECHO_TYPE,
				{ authentication: 'oAuth2', callUrl: '={{ $json.url }}' },
				{ credentials: { testOAuth2Api: { id: 'o1', name: 'OAuth' } } },
			),
		);
		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentialTypes: CREDENTIAL_TYPES,
			credentials: [
				{
					id: 'o1',
					name: 'OAuth',
					type: 'testOAuth2Api',
					data: { clientId: 'cid', clientSecret: 'cs', oauthTokenData: { access_token: 'tok-123' } },
				},
			],
			triggerItems: [{ json: { url: `${baseUrl}/me` } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Echo')[0].json).toMatchObject({
			oauthTokenData: { access_token: 'tok-123' },
			clientId: 'cid',
			accessTokenUrl: 'https://login.example.test/token', // hidden default of the type
			response: { path: '/me' },
		});
		expect(seenHeaders[0].authorization).toBe('Bearer tok-123');
	});

	test('continueOnFail (onError: continueRegularOutput): the item gets an error, the run goes on', async () => {
		const workflow = chain(
			node('Fail', FAIL_TYPE, {}, { onError: 'continueRegularOutput' }),
			node('Echo', ECHO_TYPE, { email: '={{ $json.email }}' }, { credentials: apiKeyRef }),
		);
		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [
				{ json: { email: 'one@example.com' } },
				{ json: { email: 'two@example.com', fail: 'api' } },
				{ json: { email: 'three@example.com', fail: 'operation' } },
			],
		});
		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.output('Fail').map((i) => i.json.error)).toEqual([
			undefined,
			'Member Exists',
			'Bad merge field',
		]);
		expect(result.output('Echo').map((i) => i.json.email)).toEqual([
			'one@example.com',
			'two@example.com',
			'three@example.com',
		]);
		expect(result.nodeError('Fail')).toBeUndefined();
	});

	test('continueOnFail also covers a node that throws without handling it (as n8n does)', async () => {
		const workflow = chain(
			node('Fail', FAIL_TYPE, { handleErrors: false }, { onError: 'continueRegularOutput' }),
			node('Echo', ECHO_TYPE, {}, { credentials: apiKeyRef }),
		);
		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: { fail: 'api' } }, { json: {} }],
		});
		expect(result.status).toBe('success');
		// n8n passes the node's input on and records the error on the node's task data
		expect(result.output('Fail')).toHaveLength(2);
		expect(result.nodeError('Fail')).toBeInstanceOf(NodeApiError);
		expect(result.executedNodes).toEqual(['Trigger', 'Fail', 'Echo']);
	});

	test('without continueOnFail the run fails and nodeError returns the NodeApiError', async () => {
		const workflow = chain(
			node('Fail', FAIL_TYPE, {}),
			node('Echo', ECHO_TYPE, {}, { credentials: apiKeyRef }),
		);
		const result = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: {} }, { json: { fail: 'api' } }],
		});
		expect(result.status).toBe('error');
		expect(result.run.status).toBe('error');
		const error = result.nodeError('Fail');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ message: 'Member Exists', httpCode: '400', description: 'already a list member' });
		expect(result.error).toBe(error);
		expect(result.run.data.resultData.lastNodeExecuted).toBe('Fail');
		expect(result.output('Fail')).toEqual([]);
		expect(result.output('Echo')).toEqual([]);
		expect(result.executedNodes).toEqual(['Trigger', 'Fail']);
		expect(result.nodeError('Trigger')).toBeUndefined();

		const operation = await runWorkflow({
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: { fail: 'operation' } }],
		});
		expect(operation.nodeError('Fail')).toBeInstanceOf(NodeOperationError);
	});

	test('a node with parameter issues stops the run before it starts, as in n8n', async () => {
		const result = await runWorkflow({
			workflow: chain(node('Fail', FAIL_TYPE, { requiredThing: '' })),
			nodeTypes: NODE_TYPES,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/'Fail' node has issues/);
		expect(result.executedNodes).toEqual([]);
	});

	test('misuse is thrown, not returned: unknown node types, unknown start node', async () => {
		await expect(
			runWorkflow({ workflow: chain(node('X', 'nope.unknown', {})), nodeTypes: NODE_TYPES }),
		).rejects.toThrow('No node type given for "nope.unknown"');
		await expect(
			runWorkflow({ workflow: chain(), nodeTypes: NODE_TYPES, startNode: 'Missing' }),
		).rejects.toThrow('Start node "Missing" is not in the workflow');
	});

	test('two concurrent runs with different credentials each see their own', async () => {
		const workflow = chain(
			node('Echo', ECHO_TYPE, { email: '={{ $json.email }}', delay: '={{ $json.delay }}' }, { credentials: apiKeyRef }),
		);
		const credsA = [apiKeyCredential('k1', 'key-A')];
		const credsB = [apiKeyCredential('k1', 'key-B')];
		const [a, b] = await Promise.all([
			runWorkflow({
				workflow,
				nodeTypes: NODE_TYPES,
				credentials: credsA,
				triggerItems: [{ json: { email: 'a@example.com', delay: 30 } }, { json: { email: 'a2@example.com', delay: 0 } }],
			}),
			runWorkflow({
				workflow,
				nodeTypes: NODE_TYPES,
				credentials: credsB,
				triggerItems: [{ json: { email: 'b@example.com', delay: 0 } }],
			}),
		]);
		expect(a.output('Echo').map((i) => [i.json.email, i.json.apiKey])).toEqual([
			['a@example.com', 'key-A'],
			['a2@example.com', 'key-A'],
		]);
		expect(b.output('Echo').map((i) => [i.json.email, i.json.apiKey])).toEqual([['b@example.com', 'key-B']]);
		expect(a.run.data.resultData.runData).not.toBe(b.run.data.resultData.runData);
		expect(credsA[0].data).toEqual({ apiKey: 'key-A' }); // the caller's objects are untouched
	});

	test('accepts exported n8n workflow JSON with n8n-nodes-base.manualTrigger and sticky notes', async () => {
		const exported: IWorkflowBase = {
			id: 'wf-1',
			name: 'Exported',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			settings: { executionOrder: 'v1' },
			nodes: [
				node('Note', 'n8n-nodes-base.stickyNote', { content: 'hello' }),
				{ ...trigger, name: "When clicking 'Execute workflow'", type: 'n8n-nodes-base.manualTrigger' },
				node('Echo', ECHO_TYPE, { email: '={{ $json.email }}' }, { credentials: apiKeyRef }),
			],
			connections: {
				"When clicking 'Execute workflow'": { main: [[{ node: 'Echo', type: 'main', index: 0 }]] },
			},
		};
		const result = await runWorkflow({
			workflow: exported,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: { email: 'c@example.com' } }],
		});
		expect(result.status).toBe('success');
		expect(result.output('Echo')[0].json.email).toBe('c@example.com');
	});

	test('pinned data is used in manual mode only; mode reaches the node', async () => {
		const workflow: IWorkflowBase = {
			id: 'wf-pinned',
			name: 'Pinned',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			...chain(node('Echo', ECHO_TYPE, { email: '={{ $json.email }}' }, { credentials: apiKeyRef })),
			pinData: { Echo: [{ json: { pinned: true } }] },
		};
		const opts = {
			workflow,
			nodeTypes: NODE_TYPES,
			credentials: [apiKeyCredential('k1', 'x')],
			triggerItems: [{ json: { email: 'p@example.com' } }],
		};
		const manual = await runWorkflow(opts);
		expect(manual.output('Echo').map((i) => i.json)).toEqual([{ pinned: true }]);

		const production = await runWorkflow({ ...opts, mode: 'trigger' });
		expect(production.output('Echo')[0].json).toMatchObject({ email: 'p@example.com', mode: 'trigger' });
	});
});
