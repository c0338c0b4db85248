/**
 * A webhook trigger hosted the way n8n hosts it, in this process: a loopback HTTP server for
 * `/webhook/…` and `/webhook-test/…`, the node's `webhookMethods` (checkExists → create, delete)
 * run with n8n-core's HookContext on activation, and each request handed to the node's
 * `webhook()` with n8n-core's WebhookContext; when it returns items, the workflow runs from the
 * trigger with them (runWorkflow, mode 'webhook' or 'manual' for the test URL).
 *
 *   const host = await WebhookTriggerHost.start({ workflow, nodeTypes, credentials, credentialTypes });
 *   await host.activate();                 // production URL, like publishing the workflow
 *   await host.listenForTestEvent();       // test URL, like "Listen for test event"
 *   host.executions                         // RunResult of every run started
 *   await host.deactivate(); await host.close();
 *
 * What n8n does around it and this host does too: the body is read raw (req.rawBody) and
 * parsed by content type (JSON, form with Node's querystring, text); `onReceived` answers
 * "Workflow was started" / "Webhook call received" unless the node answered itself; static
 * data persists per mode (the test URL gets a fresh copy, as n8n's TestWebhooks does), and a
 * test listener is removed (delete) after its first execution.
 */
import '../engine/env';

import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	UserError,
	Workflow,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';

import { engineInternals, runWorkflow, type EngineCredential, type RunOptions, type RunResult } from '../engine';
import { EngineCredentialsHelper } from './credentials-helper';
import { EngineNodeTypes, type AnyNodeType } from './node-types';

export interface WebhookTriggerHostOptions {
	workflow: RunOptions['workflow'] & { id?: string; staticData?: IDataObject };
	nodeTypes: Record<string, AnyNodeType>;
	credentialTypes?: ICredentialType[];
	credentials?: EngineCredential[];
	/** The trigger node; default: the first node whose type has webhooks. */
	triggerNode?: string;
}

/** One request the host answered, for tests. */
export interface HostedRequest {
	method: string;
	path: string;
	status: number;
	/** Whether it started an execution. */
	executed: boolean;
}

type Mode = 'production' | 'test';

const MAX_BODY_BYTES = 16 * 1024 * 1024; // n8n's default N8N_PAYLOAD_SIZE_MAX (16 MiB)

/** The subset of Express's Response that n8n and webhook nodes use. */
class ExpressLikeResponse {
	statusCode = 200;
	constructor(readonly raw: ServerResponse) {}
	get headersSent(): boolean {
		return this.raw.headersSent;
	}
	status(code: number): this {
		this.statusCode = code;
		return this;
	}
	setHeader(name: string, value: string): this {
		this.raw.setHeader(name, value);
		return this;
	}
	header(name: string, value: string): this {
		return this.setHeader(name, value);
	}
	json(body: unknown): this {
		return this.send(JSON.stringify(body), 'application/json; charset=utf-8');
	}
	send(body?: unknown, contentType = 'text/html; charset=utf-8'): this {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return this.json(body);
		if (!this.raw.hasHeader('Content-Type') && body !== undefined) this.raw.setHeader('Content-Type', contentType);
		this.raw.statusCode = this.statusCode;
		this.raw.end(body === undefined ? undefined : Buffer.isBuffer(body) ? body : String(body));
		return this;
	}
	end(body?: string | Buffer): this {
		this.raw.statusCode = this.statusCode;
		this.raw.end(body);
		return this;
	}
}

interface Registration {
	mode: Mode;
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
	webhooks: IWebhookData[];
}

export class WebhookTriggerHost {
	readonly executions: RunResult[] = [];
	readonly requests: HostedRequest[] = [];
	/** Anything that failed while handling a request (a bug in the node or the host). */
	readonly errors: unknown[] = [];
	/** The production workflow's static data (persisted across activations, like n8n's database). */
	readonly staticData: IDataObject;
	private readonly registrations = new Map<Mode, Registration>();
	private readonly credentialsHelper: EngineCredentialsHelper;
	private readonly workflowId: string;
	private readonly triggerName: string;
	private waiters: Array<() => void> = [];
	private readonly inFlight = new Set<Promise<void>>();
	baseUrl = '';

	private constructor(
		private readonly options: WebhookTriggerHostOptions,
		private readonly server: Server,
	) {
		engineInternals.ensureInitialized();
		this.workflowId = options.workflow.id ?? 'dev-webhook-workflow';
		this.staticData = structuredClone(options.workflow.staticData ?? {});
		this.credentialsHelper = new EngineCredentialsHelper(options.credentials ?? [], options.credentialTypes ?? []);
		const types = this.allTypes();
		const trigger =
			options.triggerNode ??
			options.workflow.nodes.find((n) => (types[n.type] as INodeType | undefined)?.description?.webhooks?.length)?.name;
		if (!trigger) throw new UserError('The workflow has no node with webhooks');
		this.triggerName = trigger;
	}

	static async start(options: WebhookTriggerHostOptions): Promise<WebhookTriggerHost> {
		let host: WebhookTriggerHost | undefined;
		const server = createServer((req, res) => {
			const handling = host!.handle(req, res).catch((error: unknown) => {
				host!.errors.push(error);
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end(JSON.stringify({ message: (error as Error).message }));
				}
			});
			host!.inFlight.add(handling);
			void handling.finally(() => host!.inFlight.delete(handling));
		});
		host = new WebhookTriggerHost(options, server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		host.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
		return host;
	}

	async close(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	/** The node's URL for a webhook (by description name), production or test. */
	webhookUrl(name = 'default', mode: Mode = 'production'): string {
		const reg = this.registration(mode);
		const hook = reg.webhooks.find((w) => w.webhookDescription.name === name);
		if (!hook) throw new UserError(`The trigger has no webhook named "${name}"`);
		return `${this.baseUrl}${mode === 'test' ? 'webhook-test' : 'webhook'}/${hook.path}`;
	}

	/** Like publishing (activating) the workflow: checkExists, then create when missing. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		const reg = this.registration('production');
		this.registrations.set('production', reg);
		try {
			for (const hook of reg.webhooks) await this.createIfNotExists(reg, hook, 'trigger', activation);
		} catch (error) {
			this.registrations.delete('production');
			throw error;
		}
	}

	/** Like unpublishing: delete for every webhook, then the URLs answer 404. */
	async deactivate(): Promise<void> {
		const reg = this.registrations.get('production');
		if (!reg) return;
		for (const hook of reg.webhooks) await this.runMethod(reg, hook, 'delete', 'internal', 'update');
		this.registrations.delete('production');
	}

	/** "Listen for test event": the test URL, fresh static data; removed after the first execution. */
	async listenForTestEvent(): Promise<void> {
		const reg = this.registration('test', {});
		this.registrations.set('test', reg);
		try {
			for (const hook of reg.webhooks) await this.createIfNotExists(reg, hook, 'manual', 'manual');
		} catch (error) {
			this.registrations.delete('test');
			throw error;
		}
	}

	/** Stops listening on the test URL (n8n does it after the test event, or when the editor stops). */
	async stopListening(): Promise<void> {
		const reg = this.registrations.get('test');
		if (!reg) return;
		this.registrations.delete('test');
		for (const hook of reg.webhooks) await this.runMethod(reg, hook, 'delete', 'internal', 'update');
	}

	/**
	 * The workflow as edited and saved (same node, so the same webhook URL): the next activate()
	 * sees the new parameters, with the static data kept, as n8n keeps it in its database.
	 */
	updateWorkflow(workflow: WebhookTriggerHostOptions['workflow']): void {
		(this.options as { workflow: WebhookTriggerHostOptions['workflow'] }).workflow = workflow;
		this.registrations.clear();
	}

	isListening(mode: Mode): boolean {
		return this.registrations.has(mode);
	}

	/** Resolves when every request received so far is fully handled (its run and any clean-up done). */
	async settled(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	/** Resolves once `count` executions have finished (or rejects after `timeoutMs`). */
	async waitForExecutions(count: number, timeoutMs = 10_000): Promise<RunResult[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.executions.length < count) {
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`Waited ${timeoutMs} ms for ${count} executions, saw ${this.executions.length}`);
			await new Promise<void>((resolve) => {
				const t = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(t);
					resolve();
				});
			});
		}
		return this.executions.slice(0, count);
	}

	private allTypes(): Record<string, AnyNodeType> {
		return { ...engineInternals.builtinNodeTypes, ...this.options.nodeTypes };
	}

	/** A Workflow for one mode; production keeps `this.staticData` (by reference), test its own. */
	private registration(mode: Mode, staticData: IDataObject = this.staticData): Registration {
		const existing = this.registrations.get(mode);
		if (existing) return existing;
		const types = this.allTypes();
		const nodes = structuredClone(this.options.workflow.nodes) as INode[];
		engineInternals.validateNodes(nodes, types);
		const workflow = new Workflow({
			id: this.workflowId,
			name: this.options.workflow.name ?? 'Workflow',
			nodes,
			connections: structuredClone(this.options.workflow.connections),
			active: mode === 'production',
			nodeTypes: new EngineNodeTypes(types, () => {}),
			settings: structuredClone(this.options.workflow.settings ?? {}),
			staticData,
		});
		const additionalData = engineInternals.createAdditionalData({
			executionId: `${mode}-hooks`,
			workflowId: this.workflowId,
			settings: {},
			hooks: new ExecutionLifecycleHooks('trigger', `${mode}-hooks`, { id: this.workflowId } as IWorkflowBase),
			credentialsHelper: this.credentialsHelper,
		});
		additionalData.webhookBaseUrl = `${this.baseUrl}webhook`;
		additionalData.webhookTestBaseUrl = `${this.baseUrl}webhook-test`;
		additionalData.instanceBaseUrl = this.baseUrl;
		const node = workflow.getNode(this.triggerName)!;
		const nodeType = types[node.type] as INodeType;
		const webhooks: IWebhookData[] = (nodeType.description.webhooks ?? []).map((description: IWebhookDescription) => ({
			httpMethod: String(description.httpMethod) as IWebhookData['httpMethod'],
			node: node.name,
			path: NodeHelpers.getNodeWebhookPath(this.workflowId, node, String(description.path).replace(/^\//, '')),
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: mode === 'test',
		}));
		return { mode, workflow, additionalData, webhooks };
	}

	private async createIfNotExists(reg: Registration, hook: IWebhookData, mode: WorkflowExecuteMode, activation: WorkflowActivateMode) {
		const exists = await this.runMethod(reg, hook, 'checkExists', mode, activation);
		if (!exists) await this.runMethod(reg, hook, 'create', mode, activation);
	}

	private async runMethod(
		reg: Registration,
		hook: IWebhookData,
		method: 'checkExists' | 'create' | 'delete',
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const node = reg.workflow.getNode(hook.node)!;
		const nodeType = this.allTypes()[node.type] as INodeType;
		const fn = nodeType.webhookMethods?.[hook.webhookDescription.name]?.[method];
		if (!fn) return undefined;
		return fn.call(new HookContext(reg.workflow, node, reg.additionalData, mode, activation, hook));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const method = (req.method ?? 'GET').toUpperCase();
		const record: HostedRequest = { method, path: url.pathname, status: 0, executed: false };
		this.requests.push(record);
		res.on('finish', () => (record.status = res.statusCode));

		const match = /^\/(webhook|webhook-test)\/(.+)$/.exec(url.pathname);
		const mode: Mode | undefined = match ? (match[1] === 'webhook' ? 'production' : 'test') : undefined;
		const reg = mode ? this.registrations.get(mode) : undefined;
		const hook = reg?.webhooks.find((w) => w.path === decodeURIComponent(match![2]) && w.httpMethod === method);
		const rawBody = await readBody(req);
		if (!reg || !hook) {
			res.statusCode = 404;
			res.setHeader('Content-Type', 'application/json');
			res.end(JSON.stringify({ code: 404, message: `The requested webhook "${method} ${url.pathname}" is not registered.` }));
			return;
		}
		if (rawBody === undefined) {
			res.statusCode = 413;
			res.end();
			return;
		}

		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const request = {
			method,
			url: req.url,
			path: url.pathname,
			headers: req.headers,
			params: {},
			query: parseQueryString(url.search.replace(/^\?/, '')),
			rawBody,
			contentType,
			body: parseBody(rawBody, contentType),
		};
		const response = new ExpressLikeResponse(res);
		const additionalData: IWorkflowExecuteAdditionalData = {
			...reg.additionalData,
			httpRequest: request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		};
		const node = reg.workflow.getNode(hook.node)!;
		const nodeType = this.allTypes()[node.type] as INodeType;
		const executeMode: WorkflowExecuteMode = reg.mode === 'test' ? 'manual' : 'webhook';
		const context = new WebhookContext(reg.workflow, node, additionalData, executeMode, hook, [], null);
		const result: IWebhookResponseData = await nodeType.webhook!.call(context);

		if (result.workflowData === undefined) {
			if (!result.noWebhookResponse && !res.headersSent) {
				response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			}
			return;
		}
		if (!res.headersSent) response.status(200).json({ message: 'Workflow was started' });
		record.executed = true;
		const run = await runWorkflow({
			// (n8n's static data holds observable proxies; the run gets a plain copy.)
			workflow: { ...this.options.workflow, id: this.workflowId, staticData: JSON.parse(JSON.stringify(reg.workflow.staticData)) } as RunOptions['workflow'],
			nodeTypes: this.options.nodeTypes,
			credentialTypes: this.options.credentialTypes,
			credentials: this.options.credentials,
			startNode: this.triggerName,
			triggerItems: result.workflowData[0] ?? [],
			mode: executeMode,
		});
		this.executions.push(run);
		for (const wake of this.waiters.splice(0)) wake();
		// n8n removes a test listener once it has run (TestWebhooks: deactivateWebhooks).
		if (reg.mode === 'test') await this.stopListening();
	}
}

/** The body, or undefined past n8n's payload limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** As n8n's parseBody (middlewares/body-parser): JSON, form (querystring), text; else nothing. */
function parseBody(raw: Buffer, contentType: string): unknown {
	if (!raw.length) return {};
	const text = raw.toString('utf8');
	if (contentType === 'application/json') return JSON.parse(text);
	if (contentType === 'application/x-www-form-urlencoded') return parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
	if (contentType === 'text/plain') return text;
	return {};
}
