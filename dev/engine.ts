/**
 * In-process n8n runner: executes real n8n workflow JSON with n8n-core's WorkflowExecute and
 * n8n-workflow's Workflow — the same engine n8n itself runs — without a server or database.
 * Used by the package's jest workflow tests and by its demo (`npm start`).
 *
 *   const result = await runWorkflow({ workflow, nodeTypes, credentials, triggerItems });
 *   result.status;                  // 'success' | 'error' | …
 *   result.output('Mailchimp');     // items the node emitted on its main output
 *
 * Set N8N_DEV_ENGINE_LOG_LEVEL (silent|error|warn|info|debug, default error) to see more of
 * n8n-core's logging on stderr.
 */

// Must stay the first import: points N8N_USER_FOLDER at a temp folder (when unset) before
// n8n-core is loaded, so n8n-core never writes ~/.n8n/config. See engine/env.ts.
import './engine/env';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	CredentialTestContext,
	ErrorReporter,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	InstanceSettings,
	Tracing,
	WorkflowExecute,
	WorkflowHasIssuesError,
} from 'n8n-core';
import {
	LoggerProxy,
	OperationalError,
	UserError,
	Workflow,
	createRunExecutionData,
	type ExecutionBaseError,
	type ExecutionError,
	type ICredentialType,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeCredentialTestResult,
	type INodeType,
	type IPinData,
	type IVersionedNodeType,
	type IRun,
	type ITaskData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { EngineCredentialsHelper, type EngineCredential } from './engine/credentials-helper';
import { EngineLogger, logLevelFromEnv } from './engine/logger';
import {
	DevManualTrigger,
	EngineNodeTypes,
	MANUAL_TRIGGER_TYPE,
	N8N_MANUAL_TRIGGER_TYPE,
	STICKY_NOTE_TYPE,
	type AnyNodeType,
} from './engine/node-types';

export { MANUAL_TRIGGER_TYPE, type EngineCredential };

export interface RunOptions {
	/** Real n8n workflow JSON (as exported from the editor) or just its nodes and connections. */
	workflow:
		| IWorkflowBase
		| { nodes: INode[]; connections: IConnections; name?: string; settings?: IWorkflowSettings };
	/**
	 * Node types keyed by the node `type` used in the JSON, e.g.
	 * 'n8n-nodes-mailchimp-push.mailchimpPushContact'. MANUAL_TRIGGER_TYPE and
	 * 'n8n-nodes-base.manualTrigger' are built in (both emit `triggerItems`) unless given here.
	 */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Credential types (e.g. `new MailchimpPushApi()`): defaults, `authenticate`, `extends`. */
	credentialTypes?: ICredentialType[];
	/** Credentials, looked up by the node's credential id (and type), falling back to the type. */
	credentials?: EngineCredential[];
	/** Items the start node emits. Default: one empty item, like n8n's Manual Trigger. */
	triggerItems?: INodeExecutionData[];
	/**
	 * Node the run starts at. Default: among enabled nodes without incoming connections, the
	 * first trigger node, else the first such node.
	 */
	startNode?: string;
	/**
	 * Execution mode. Default 'manual' (as when clicking "Execute workflow" in the editor; a
	 * node sees it through this.getMode(), expressions through $execution.mode === 'test').
	 * Pinned data in the workflow JSON is used only in 'manual' mode, as in n8n.
	 */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	/** The full IRun, exactly as n8n would store it (status normalised, see `status`). */
	run: IRun;
	/**
	 * run.status. n8n-core leaves 'running' on a run that ended in an unexpected engine error;
	 * the engine sets such runs to 'error' (in `run` too).
	 */
	status: string;
	/** Top-level execution error, if any: the original error object where one could be kept. */
	error?: ExecutionBaseError | Error;
	/** Items the node emitted on its (last) run, main output `outputIndex` (default 0). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The node's error if its (last) run failed: the original error object where possible. */
	nodeError(nodeName: string): unknown;
	/** Names of the nodes in the order they finished, one entry per node run. */
	executedNodes: string[];
	/** The run's credentials after the run, e.g. with OAuth token data refreshed during it. */
	credentials: EngineCredential[];
}

const BUILTIN_NODE_TYPES: Record<string, AnyNodeType> = {
	[MANUAL_TRIGGER_TYPE]: new DevManualTrigger(),
	[N8N_MANUAL_TRIGGER_TYPE]: new DevManualTrigger(),
};

// Base URLs of a default local n8n; n8n-core parses several of them with `new URL()`.
const N8N_BASE_URL = 'http://localhost:5678/';

/** Executions in progress in this process, by id, for routing n8n-core's error reports. */
const liveExecutions = new Set<string>();
let executionCounter = 0;

/**
 * n8n-core reports every node error to its ErrorReporter (Sentry in n8n), whose default
 * just logs it. Errors of a run in progress here are handed back in that run's RunResult, so
 * logging them too would only add noise (at debug level they still show); anything else —
 * an error n8n-core reports outside any run of ours — is logged as n8n would.
 */
class EngineErrorReporter extends ErrorReporter {
	constructor(
		private readonly engineLogger: EngineLogger,
		tracing: Tracing,
	) {
		super(engineLogger as unknown as Logger, tracing);
	}

	error(e: unknown, options?: Parameters<ErrorReporter['error']>[1]): void {
		const executionId = options?.executionId ?? options?.extra?.executionId;
		if (typeof executionId === 'string' && liveExecutions.has(executionId)) {
			const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
			this.engineLogger.debug(`Error in execution ${executionId}: ${message}`, {
				...(options?.extra ?? {}),
			});
			return;
		}
		super.error(e, options);
	}
}

let engineLogger: EngineLogger | undefined;

/**
 * One-time set-up of what n8n-core takes from its DI container: a quiet logger (also behind
 * n8n-workflow's LoggerProxy), the error reporter above, and InstanceSettings — created now,
 * which loads or writes $N8N_USER_FOLDER/.n8n/config with the instance's encryption key.
 */
function ensureInitialized(): EngineLogger {
	if (engineLogger) return engineLogger;
	const logger = new EngineLogger(logLevelFromEnv());
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);
	Container.set(ErrorReporter, new EngineErrorReporter(logger, Container.get(Tracing)));
	Container.get(InstanceSettings);
	engineLogger = logger;
	return logger;
}

/** Runs a workflow to its end in this process and returns the full run. */
export async function runWorkflow(opts: RunOptions): Promise<RunResult> {
	ensureInitialized();

	const mode: WorkflowExecuteMode = opts.mode ?? 'manual';
	const source = opts.workflow;
	const executionId = String(++executionCounter);

	// Everything below is this run's own: Workflow mutates node parameters (defaults filled in)
	// and the engine mutates run data, so nothing may be shared with the caller or other runs.
	const allTypes = { ...BUILTIN_NODE_TYPES, ...opts.nodeTypes };
	const nodes = structuredClone(source.nodes).filter(
		(node) => !(node.type === STICKY_NOTE_TYPE && !(node.type in allTypes)),
	);
	validateNodes(nodes, allTypes);

	const capturedErrors = new Map<string, unknown>();
	const nodeTypes = new EngineNodeTypes(allTypes, (nodeName, error) =>
		capturedErrors.set(nodeName, error),
	);

	const sourceBase = source as Partial<IWorkflowBase>;
	const workflowId = sourceBase.id || `dev-workflow-${executionId}`;
	const workflowName = source.name ?? 'Workflow';
	const settings = structuredClone(source.settings ?? {});
	const workflow = new Workflow({
		id: workflowId,
		name: workflowName,
		nodes,
		connections: structuredClone(source.connections),
		active: false,
		nodeTypes,
		settings,
		staticData: structuredClone(sourceBase.staticData),
	});

	const startNode = resolveStartNode(workflow, nodes, nodeTypes, opts.startNode);
	const triggerItems = structuredClone(opts.triggerItems ?? [{ json: {} }]);
	const pinData: IPinData | undefined =
		mode === 'manual' && sourceBase.pinData ? structuredClone(sourceBase.pinData) : undefined;

	const credentialsHelper = new EngineCredentialsHelper(
		opts.credentials ?? [],
		opts.credentialTypes ?? [],
	);

	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: workflowName,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings,
		pinData,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});

	const additionalData = createAdditionalData({
		executionId,
		workflowId,
		settings,
		hooks,
		credentialsHelper,
	});

	const startTask: ITaskData = {
		startTime: Date.now(),
		executionTime: 0,
		executionIndex: 0,
		executionStatus: 'success',
		source: [],
		data: { main: [triggerItems] },
	};

	liveExecutions.add(executionId);
	let run: IRun;
	let startError: WorkflowHasIssuesError | undefined;
	try {
		run = await new WorkflowExecute(additionalData, mode).run({
			workflow,
			startNode,
			triggerToStartFrom: { name: startNode.name, data: startTask },
			pinData,
		});
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have issues (e.g. a required parameter is
		// empty); report that like any other failed run. Anything else is a bug: rethrow.
		if (!(error instanceof WorkflowHasIssuesError)) throw error;
		startError = error;
		run = failedBeforeStart(error, mode);
	} finally {
		liveExecutions.delete(executionId);
	}

	return buildResult(run, workflow, {
		capturedErrors,
		startError,
		executedNodes,
		credentials: credentialsHelper.snapshot(),
	});
}

export interface EditorRequest {
	workflow: RunOptions['workflow'];
	nodeTypes: Record<string, AnyNodeType>;
	credentialTypes?: ICredentialType[];
	credentials?: EngineCredential[];
	/** The node being configured. */
	nodeName: string;
	/** e.g. 'listSearch' / 'searchAudiences', or 'resourceMapping' / 'getMergeFields'. */
	kind: 'listSearch' | 'resourceMapping' | 'loadOptions';
	method: string;
	/** The parameter the editor asks for, as n8n's server passes it (e.g. 'parameters.audience'). */
	path?: string;
	args?: unknown[];
}

/**
 * What n8n's editor asks a node while it is being configured (dropdowns, searchable lists,
 * field mappings), run the way n8n's server runs it: the node's method called with
 * n8n-core's LoadOptionsContext over the workflow as saved.
 */
export async function callEditorMethod<T>(req: EditorRequest): Promise<T> {
	ensureInitialized();
	const allTypes = { ...BUILTIN_NODE_TYPES, ...req.nodeTypes };
	const nodes = structuredClone(req.workflow.nodes);
	validateNodes(nodes, allTypes);
	const nodeTypes = new EngineNodeTypes(allTypes, () => {});
	const workflow = new Workflow({
		id: 'dev-editor',
		nodes,
		connections: structuredClone(req.workflow.connections),
		active: false,
		nodeTypes,
		settings: {},
	});
	const node = workflow.getNode(req.nodeName);
	if (!node) throw new UserError(`There is no node named "${req.nodeName}" in the workflow`);
	const methods = (allTypes[node.type] as INodeType).methods?.[req.kind] as
		| Record<string, (...args: unknown[]) => Promise<T>>
		| undefined;
	const method = methods?.[req.method];
	if (!method) throw new UserError(`Node type "${node.type}" has no ${req.kind} method "${req.method}"`);
	const additionalData = createAdditionalData({
		executionId: 'editor',
		workflowId: 'dev-editor',
		settings: {},
		hooks: new ExecutionLifecycleHooks('manual', 'editor', { id: 'dev-editor' } as IWorkflowBase),
		credentialsHelper: new EngineCredentialsHelper(req.credentials ?? [], req.credentialTypes ?? []),
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, req.path ?? 'parameters');
	return method.call(context, ...(req.args ?? []));
}

/** The credential dialog's "Test" button for a credential tested by a node method (testedBy). */
export async function testCredential(
	nodeType: AnyNodeType,
	credential: EngineCredential,
): Promise<INodeCredentialTestResult> {
	ensureInitialized();
	const description = (nodeType as INodeType).description;
	const testedBy = description.credentials?.find((c) => c.name === credential.type)?.testedBy;
	const test = typeof testedBy === 'string' ? (nodeType as INodeType).methods?.credentialTest?.[testedBy] : undefined;
	if (!test) throw new UserError(`No credential test for "${credential.type}" on node "${description.name}"`);
	return test.call(new CredentialTestContext(), {
		id: credential.id,
		name: credential.name,
		type: credential.type,
		data: structuredClone(credential.data),
	});
}

function validateNodes(nodes: INode[], types: Record<string, AnyNodeType>) {
	const names = new Set<string>();
	for (const node of nodes) {
		if (names.has(node.name)) {
			throw new UserError(`The workflow has more than one node named "${node.name}"`);
		}
		names.add(node.name);
	}
	const unknown = [...new Set(nodes.map((n) => n.type).filter((type) => !(type in types)))];
	if (unknown.length) {
		throw new UserError(
			`No node type given for ${unknown.map((t) => `"${t}"`).join(', ')}: add ${
				unknown.length === 1 ? 'it' : 'them'
			} to runWorkflow({ nodeTypes })`,
			{ description: `Known node types: ${Object.keys(types).join(', ')}` },
		);
	}
}

function resolveStartNode(
	workflow: Workflow,
	nodes: INode[],
	nodeTypes: EngineNodeTypes,
	requested: string | undefined,
): INode {
	if (requested !== undefined) {
		const node = workflow.getNode(requested);
		if (!node) throw new UserError(`Start node "${requested}" is not in the workflow`);
		if (node.disabled) throw new UserError(`Start node "${requested}" is disabled`);
		return node;
	}
	const roots = nodes.filter(
		(node) =>
			!node.disabled &&
			!Object.values(workflow.connectionsByDestinationNode[node.name] ?? {}).some((inputs) =>
				inputs?.some((connections) => connections?.length),
			),
	);
	const start =
		roots.find((node) => nodeTypes.isTriggerLike(node.type, node.typeVersion)) ?? roots[0];
	if (!start) {
		throw new UserError('The workflow has no enabled node without incoming connections to start from');
	}
	return start;
}

function createAdditionalData(args: {
	executionId: string;
	workflowId: string;
	settings: IWorkflowSettings;
	hooks: ExecutionLifecycleHooks;
	credentialsHelper: EngineCredentialsHelper;
}): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async (): Promise<never> => {
		throw new OperationalError(`${what} is not supported by the in-process dev engine`);
	};
	return {
		executionId: args.executionId,
		workflowId: args.workflowId,
		workflowSettings: args.settings,
		hooks: args.hooks,
		credentialsHelper: args.credentialsHelper,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		currentNodeExecutionIndex: 0,
		instanceBaseUrl: N8N_BASE_URL,
		restApiUrl: `${N8N_BASE_URL}rest`,
		formBaseUrl: `${N8N_BASE_URL}form`,
		formTestBaseUrl: `${N8N_BASE_URL}form-test`,
		formWaitingBaseUrl: `${N8N_BASE_URL}form-waiting`,
		webhookBaseUrl: `${N8N_BASE_URL}webhook`,
		webhookTestBaseUrl: `${N8N_BASE_URL}webhook-test`,
		webhookWaitingBaseUrl: `${N8N_BASE_URL}webhook-waiting`,
		mcpBaseUrl: `${N8N_BASE_URL}mcp`,
		mcpTestBaseUrl: `${N8N_BASE_URL}mcp-test`,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		startRunnerTask: unsupported('Running code in a task runner (Code node)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

/** The IRun n8n records when a workflow could not start (WorkflowHasIssuesError). */
function failedBeforeStart(error: WorkflowHasIssuesError, mode: WorkflowExecuteMode): IRun {
	const now = new Date();
	return {
		data: createRunExecutionData({
			resultData: { runData: {}, error: { ...error, message: error.message, stack: error.stack } },
		}),
		mode,
		startedAt: now,
		stoppedAt: now,
		storedAt: 'db',
		status: 'error',
	};
}

/**
 * n8n-core keeps errors as plain-object copies ({ ...error, message, stack }); this returns the
 * error object the node threw if it is the same error, else the copy turned back into an Error.
 */
function restoreError(stored: ExecutionError | undefined, original: unknown): Error | undefined {
	if (stored === undefined) return undefined;
	const copy = stored as unknown as { name?: string; message: string };
	if (original instanceof Error && original.message === copy.message && original.name === copy.name) {
		return original;
	}
	if ((stored as unknown) instanceof Error) return stored;
	return Object.assign(new Error(copy.message), copy);
}

function buildResult(
	run: IRun,
	workflow: Workflow,
	extra: {
		capturedErrors: Map<string, unknown>;
		startError?: Error;
		executedNodes: string[];
		credentials: EngineCredential[];
	},
): RunResult {
	const { capturedErrors } = extra;
	const { resultData } = run.data;
	if (resultData.error !== undefined && (run.status === 'running' || run.status === 'new')) {
		run.status = 'error';
	}

	const lastTask = (nodeName: string): ITaskData | undefined => {
		if (!workflow.getNode(nodeName)) {
			throw new UserError(`There is no node named "${nodeName}" in the workflow`, {
				description: `Nodes: ${Object.keys(workflow.nodes).join(', ')}`,
			});
		}
		return resultData.runData[nodeName]?.at(-1);
	};

	const failedNode = resultData.lastNodeExecuted;
	const error = restoreError(
		resultData.error,
		extra.startError ?? (failedNode !== undefined ? capturedErrors.get(failedNode) : undefined),
	);

	return {
		run,
		status: run.status,
		error,
		output(nodeName, outputIndex = 0) {
			return lastTask(nodeName)?.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName) {
			const task = lastTask(nodeName);
			return restoreError(task?.error, capturedErrors.get(nodeName));
		},
		executedNodes: extra.executedNodes,
		credentials: extra.credentials,
	};
}

// --- For dev/engine/webhookTrigger.ts (webhook triggers): the same set-up and additionalData runWorkflow uses. ---
export const engineInternals = {
	ensureInitialized,
	createAdditionalData,
	validateNodes,
	builtinNodeTypes: BUILTIN_NODE_TYPES,
};
