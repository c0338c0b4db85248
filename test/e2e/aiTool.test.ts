/**
 * Every operation as an AI-agent tool, in a real n8n 2.40: n8n generates the node's Tool variant
 * (`mailchimpPushContactTool`, from `usableAsTool`), and an MCP Server Trigger exposes one Tool node
 * per operation, each filled by `$fromAI(...)`. A minimal MCP client (mcpClient.ts) lists the tools
 * and calls them over Streamable HTTP, as an agent or an MCP client would; the sandbox shows what
 * reached "Mailchimp".
 */
import { randomUUID } from 'crypto';
import { startStack, NEWSLETTER, CREDENTIAL_NAME, type Stack } from '../../dev/n8n/stack';
import { newRunDir, NODE_TYPE, sleep, type WorkflowJson } from '../../dev/n8n/host';
import { SANDBOX_ACCOUNTS } from '../../sandbox';
import { McpClient, McpError, toolOutput, type McpTool } from './mcpClient';
import { packageTarball, progress, seconds } from './support';

const TOOL_TYPE = `${NODE_TYPE}Tool`;
const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
const MCP_PATH = 'mailchimp-contact-tools';

/** The arguments each tool asks for: `$fromAI(key, description, type)`. */
const EMAIL = `={{ $fromAI("email", "The contact's e-mail address", "string") }}`;
const ai = (key: string, description: string, type = 'string') => `={{ $fromAI("${key}", "${description}", "${type}") }}`;

const fixedAudience = { __rl: true, mode: 'id', value: NEWSLETTER.id };

/** One Tool node per operation: node name → tool name (n8n's nodeNameToToolName), parameters, the $fromAI keys. */
const TOOLS: Array<{ node: string; tool: string; operation: string; keys: string[]; parameters: Record<string, unknown> }> = [
	{
		node: 'Create or Update Contact',
		tool: 'Create_or_Update_Contact',
		operation: 'push',
		keys: ['email', 'firstName', 'lastName', 'company', 'tags'],
		parameters: {
			audience: fixedAudience,
			email: EMAIL,
			mergeFields: {
				mappingMode: 'defineBelow',
				value: {
					FNAME: ai('firstName', 'First name'),
					LNAME: ai('lastName', 'Last name'),
					COMPANY: ai('company', 'Company the contact works for'),
				},
				matchingColumns: [],
				schema: [],
			},
			options: { tags: ai('tags', 'Comma-separated tags, or empty') },
		},
	},
	{
		node: 'Get Contact',
		tool: 'Get_Contact',
		operation: 'get',
		keys: ['audienceId', 'email'],
		// The audience too comes from the agent here: a $fromAI inside a resource locator.
		parameters: { audience: { __rl: true, mode: 'id', value: ai('audienceId', 'The Mailchimp audience ID') }, email: EMAIL },
	},
	{
		node: 'Record Event',
		tool: 'Record_Event',
		operation: 'recordEvent',
		keys: ['email', 'eventName', 'eventProperties'],
		parameters: {
			audience: fixedAudience,
			email: EMAIL,
			eventName: ai('eventName', 'What the contact did, such as attended_webinar'),
			specifyEventProperties: 'json',
			eventPropertiesJson: ai('eventProperties', 'Details of the event as an object of names and text values', 'json'),
		},
	},
	{
		node: 'Add Note',
		tool: 'Add_Note',
		operation: 'addNote',
		keys: ['email', 'note'],
		parameters: { audience: fixedAudience, email: EMAIL, note: ai('note', 'The note for the contact profile') },
	},
	{
		node: 'Change Email',
		tool: 'Change_Email',
		operation: 'changeEmail',
		keys: ['email', 'newEmail'],
		parameters: { audience: fixedAudience, email: EMAIL, newEmail: ai('newEmail', 'The address the contact moves to') },
	},
	{
		node: 'Unsubscribe Contact',
		tool: 'Unsubscribe_Contact',
		operation: 'unsubscribe',
		keys: ['email'],
		parameters: { audience: fixedAudience, email: EMAIL },
	},
	{
		node: 'Archive Contact',
		tool: 'Archive_Contact',
		operation: 'archive',
		keys: ['email'],
		parameters: { audience: fixedAudience, email: EMAIL },
	},
	{
		node: 'Delete Contact Permanently',
		tool: 'Delete_Contact_Permanently',
		operation: 'deletePermanently',
		keys: ['email'],
		parameters: { audience: fixedAudience, email: EMAIL, confirmDeletePermanently: true },
	},
];

function toolsWorkflow(credentialId: string): WorkflowJson {
	const trigger = 'MCP Server Trigger';
	return {
		name: 'MCP Server → Mailchimp Push Contact tools',
		nodes: [
			{
				id: randomUUID(),
				name: trigger,
				type: MCP_TRIGGER_TYPE,
				typeVersion: 2,
				position: [600, 0],
				webhookId: randomUUID(),
				parameters: { authentication: 'none', path: MCP_PATH },
			},
			...TOOLS.map((t, i) => ({
				id: randomUUID(),
				name: t.node,
				type: TOOL_TYPE,
				typeVersion: 1,
				position: [i * 200, 300],
				parameters: { authentication: 'apiKey', operation: t.operation, descriptionType: 'auto', ...t.parameters },
				credentials: { mailchimpPushApi: { id: credentialId, name: CREDENTIAL_NAME } },
			})),
		],
		connections: Object.fromEntries(TOOLS.map((t) => [t.node, { ai_tool: [[{ node: trigger, type: 'ai_tool', index: 0 }]] }])),
		settings: { executionOrder: 'v1' },
	};
}

let stack: Stack;
let mcp: McpClient;
let tools: McpTool[];

const mcpUrl = () => `${stack.n8n.baseUrl}/mcp/${MCP_PATH}`;

/** An MCP session once the production endpoint is registered (404 until the activation has landed). */
async function connectWhenLive(timeoutMs = 30000): Promise<McpClient> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const client = new McpClient(mcpUrl());
		try {
			await client.connect();
			return client;
		} catch (e) {
			if (!(e instanceof McpError) || e.status !== 404 || Date.now() > deadline) throw e;
			await sleep(250);
		}
	}
}

/** Every answer a tool gave, as the agent read it. */
const answers: string[] = [];

async function call(tool: string, args: Record<string, unknown>): Promise<{ isError: boolean; output: any }> {
	const result = await mcp.callTool(tool, args);
	answers.push(JSON.stringify(result));
	return { isError: result.isError === true, output: toolOutput(result) };
}

beforeAll(async () => {
	const t0 = Date.now();
	stack = await startStack({ packageTarball: packageTarball(), runDir: newRunDir('e2e-aitool'), log: progress, workflow: false });
	const { id } = await stack.client.createWorkflow(toolsWorkflow(stack.credentialId));
	await stack.client.activateWorkflow(id);
	mcp = await connectWhenLive();
	tools = await mcp.listTools();
	progress(`n8n up, MCP Server Trigger with ${tools.length} tools live in ${seconds(t0)}`);
}, 240000);

afterAll(async () => {
	await mcp?.close();
	await stack?.stop();
});

const newsletterMember = (email: string) => stack.sandbox.getMember('acme', NEWSLETTER.id, email);

describe('tools/list', () => {
	test('shows one tool per operation, named after its node', () => {
		expect(tools.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.tool).sort());
	});

	test.each(TOOLS.map((t) => [t.tool, t] as const))('%s asks for its $fromAI arguments, all required', (_name, t) => {
		const tool = tools.find((x) => x.name === t.tool)!;
		expect(tool.inputSchema.type).toBe('object');
		expect(Object.keys(tool.inputSchema.properties ?? {}).sort()).toEqual([...t.keys].sort());
		expect([...(tool.inputSchema.required ?? [])].sort()).toEqual([...t.keys].sort());
		expect(tool.inputSchema.properties!.email).toMatchObject({ type: 'string', description: "The contact's e-mail address" });
	});

	/*
	 * n8n (n8n-workflow NodeHelpers.makeDescription) takes the `action` of the operation for "Tool
	 * Description: Set Automatically" only from an `operation` shown for a `resource`: the node has a
	 * hidden `resource` for that, else every tool would read the node's description.
	 */
	test('each tool is described by its operation\'s action ("Set Automatically")', () => {
		const described = Object.fromEntries(tools.map((t) => [t.name, t.description]));
		expect(described).toEqual({
			Create_or_Update_Contact: 'Create or update a contact in Mailchimp Push Contact',
			Get_Contact: 'Get a contact in Mailchimp Push Contact',
			Record_Event: 'Record an event for a contact in Mailchimp Push Contact',
			Add_Note: 'Add a note to a contact in Mailchimp Push Contact',
			Change_Email: 'Change the email address of a contact in Mailchimp Push Contact',
			Unsubscribe_Contact: 'Unsubscribe a contact in Mailchimp Push Contact',
			Archive_Contact: 'Archive a contact in Mailchimp Push Contact',
			Delete_Contact_Permanently: 'Delete a contact permanently in Mailchimp Push Contact',
		});
	});

	test('each argument keeps the type and description its $fromAI gives', () => {
		const props = (name: string) => tools.find((x) => x.name === name)!.inputSchema.properties!;
		expect(props('Create_or_Update_Contact').company).toMatchObject({ type: 'string', description: 'Company the contact works for' });
		expect(props('Get_Contact').audienceId).toMatchObject({ type: 'string', description: 'The Mailchimp audience ID' });
		expect(props('Change_Email').newEmail).toMatchObject({ type: 'string', description: 'The address the contact moves to' });
		// n8n 2.40 validates a "json" argument as a non-empty object or list, but its MCP schema keeps only
		// the description (zodToDraft202012 drops the custom type): the description must say "object".
		expect(props('Record_Event').eventProperties).toEqual({ description: 'Details of the event as an object of names and text values' });
	});
});

describe('tools/call: a contact through every operation', () => {
	const stamp = Date.now();
	const email = `agent.contact+${stamp}@acme-mail.com`;
	const movedTo = `agent.moved+${stamp}@acme-mail.com`;
	const doomed = `agent.doomed+${stamp}@acme-mail.com`;

	test('Create or Update creates the contact with its merge fields and tags', async () => {
		const { isError, output } = await call('Create_or_Update_Contact', {
			email,
			firstName: 'Agnes',
			lastName: 'Agent',
			company: 'Agentic Ltd',
			tags: 'ai, mcp',
		});
		expect(isError).toBe(false);
		expect(output).toEqual([expect.objectContaining({ email, action: 'created', status: 'subscribed', audienceId: NEWSLETTER.id })]);
		const member = newsletterMember(email)!;
		expect(member.status).toBe('subscribed');
		expect(member.id).toBe(output[0].subscriberHash);
		expect(member.merge_fields).toMatchObject({ FNAME: 'Agnes', LNAME: 'Agent', COMPANY: 'Agentic Ltd' });
		expect((member.tags ?? []).map((t) => t.name).sort()).toEqual(['ai', 'mcp']);
	});

	test('a second call updates it', async () => {
		const { isError, output } = await call('Create_or_Update_Contact', { email, firstName: 'Agnes', lastName: 'Agentova', company: 'Agentic Ltd', tags: '' });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email, action: 'updated', status: 'subscribed' });
		expect(newsletterMember(email)!.merge_fields).toMatchObject({ LNAME: 'Agentova' });
	});

	test('Get finds it, in the audience the agent names', async () => {
		const { isError, output } = await call('Get_Contact', { audienceId: NEWSLETTER.id, email });
		expect(isError).toBe(false);
		expect(output).toEqual([
			expect.objectContaining({
				email,
				found: true,
				status: 'subscribed',
				audienceId: NEWSLETTER.id,
				mergeFields: expect.objectContaining({ FNAME: 'Agnes', LNAME: 'Agentova', COMPANY: 'Agentic Ltd' }),
				tags: expect.arrayContaining(['ai', 'mcp']),
			}),
		]);
	});

	test('Get answers found: false for an address not in the audience', async () => {
		const { isError, output } = await call('Get_Contact', { audienceId: NEWSLETTER.id, email: `nobody+${stamp}@acme-mail.com` });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ found: false });
	});

	test('Record Event records the event with the properties the agent gives as an object', async () => {
		const { isError, output } = await call('Record_Event', {
			email,
			eventName: 'asked_agent',
			eventProperties: { topic: 'pricing', seats: 12 },
		});
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email, action: 'eventRecorded', eventName: 'asked_agent' });
		const events = stack.sandbox.memberEvents('acme', NEWSLETTER.id, email);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ name: 'asked_agent', properties: { topic: 'pricing', seats: '12' }, is_syncing: false });
	});

	test('Record Event with a name Mailchimp refuses answers the agent with an error, and records nothing', async () => {
		const { isError, output } = await call('Record_Event', { email, eventName: 'asked the agent!', eventProperties: { topic: 'x' } });
		expect(isError).toBe(true);
		expect(String(output)).toMatch(/characters Mailchimp does not take/);
		expect(stack.sandbox.memberEvents('acme', NEWSLETTER.id, email)).toHaveLength(1);
	});

	test('Add Note adds the note to the contact', async () => {
		const note = 'Asked the agent about the Pro plan';
		const { isError, output } = await call('Add_Note', { email, note });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email, action: 'noteAdded' });
		const notes = stack.sandbox.memberNotes('acme', NEWSLETTER.id, email);
		expect(notes.map((n) => n.note)).toEqual([note]);
		expect(output[0].noteId).toBe(notes[0].id);
	});

	test('Change Email moves the contact to the new address, keeping it', async () => {
		const before = newsletterMember(email)!;
		const { isError, output } = await call('Change_Email', { email, newEmail: movedTo });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email: movedTo, previousEmail: email, action: 'updated', status: 'subscribed' });
		expect(newsletterMember(email)).toBeUndefined();
		const moved = newsletterMember(movedTo)!;
		expect(moved.unique_email_id).toBe(before.unique_email_id);
		expect(moved.merge_fields).toMatchObject({ FNAME: 'Agnes', COMPANY: 'Agentic Ltd' });
		expect(stack.sandbox.memberNotes('acme', NEWSLETTER.id, movedTo)).toHaveLength(1);
	});

	test('Unsubscribe unsubscribes it', async () => {
		const { isError, output } = await call('Unsubscribe_Contact', { email: movedTo });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email: movedTo, action: 'unsubscribed', status: 'unsubscribed' });
		expect(newsletterMember(movedTo)!.status).toBe('unsubscribed');
	});

	test('Archive archives it', async () => {
		const { isError, output } = await call('Archive_Contact', { email: movedTo });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email: movedTo, action: 'archived', status: 'archived' });
		expect(newsletterMember(movedTo)!.status).toBe('archived');
	});

	test('Delete Permanently erases another contact, and only that one', async () => {
		await call('Create_or_Update_Contact', { email: doomed, firstName: 'Dora', lastName: 'Doomed', company: 'Gone Ltd', tags: '' });
		expect(newsletterMember(doomed)?.status).toBe('subscribed');
		const { isError, output } = await call('Delete_Contact_Permanently', { email: doomed });
		expect(isError).toBe(false);
		expect(output[0]).toMatchObject({ email: doomed, action: 'deleted' });
		expect(newsletterMember(doomed)).toBeUndefined();
		expect(newsletterMember(movedTo)!.status).toBe('archived');
		// Mailchimp refuses the address from then on: a new push fails, and the agent hears why.
		const again = await call('Create_or_Update_Contact', { email: doomed, firstName: 'Dora', lastName: 'Doomed', company: 'Gone Ltd', tags: '' });
		expect(again.isError).toBe(true);
		expect(newsletterMember(doomed)).toBeUndefined();
	});

	test('no answer the agent got, errors included, carries the API key', () => {
		const secret = SANDBOX_ACCOUNTS.acme.apiKey.split('-')[0];
		expect(answers.length).toBeGreaterThanOrEqual(12);
		for (const text of [JSON.stringify(tools), ...answers]) expect(text).not.toContain(secret);
	});
});
