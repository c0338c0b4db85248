import {
	NodeConnectionTypes,
	NodeHelpers,
	UserError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

/** Node type name of the engine's own manual trigger. */
export const MANUAL_TRIGGER_TYPE = 'dev.manualTrigger';

/** Type name n8n's editor gives its Manual Trigger; exported workflows use it. */
export const N8N_MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** UI-only sticky notes in exported workflows; the engine leaves them out of the run. */
export const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';

/**
 * The workflow's start node: emits the items runWorkflow() was given (`triggerItems`).
 *
 * WorkflowExecute hands those items to the start node as its input (`triggerToStartFrom`);
 * this node passes them on unchanged. It uses `execute` rather than `trigger`, so it behaves the
 * same in every execution mode (a `trigger` function would run its own manual-trigger logic in
 * 'manual' mode and ignore the items).
 */
export class DevManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger (dev engine)',
		name: 'manualTrigger',
		icon: 'fa:mouse-pointer',
		group: ['trigger', 'input'],
		version: 1,
		description: 'Starts the workflow with the items given to runWorkflow()',
		maxNodes: 1,
		defaults: { name: "When clicking 'Execute workflow'" },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export type AnyNodeType = INodeType | IVersionedNodeType;

/** Called with the original error object whenever a node's `execute` throws. */
export type NodeErrorListener = (nodeName: string, error: unknown) => void;

/** Whether a node of this type can start a workflow (trigger, poller, webhook or our trigger). */
export function isTriggerLike(nodeType: AnyNodeType, version?: number): boolean {
	const type = NodeHelpers.getVersionedNodeType(nodeType, version);
	return (
		type instanceof DevManualTrigger ||
		type.trigger !== undefined ||
		type.poll !== undefined ||
		type.webhook !== undefined ||
		type.description.group.includes('trigger')
	);
}

/**
 * n8n's INodeTypes over a plain { type name → node type } map, one instance per run.
 *
 * n8n-core stores a failing node's error as a plain-object copy (`{ ...error }`) in the run
 * data, losing its class. So every node type handed out is wrapped in a Proxy that reports the
 * original error thrown by `execute` to `onNodeError` before rethrowing it unchanged; nothing
 * else about the node type changes.
 */
export class EngineNodeTypes implements INodeTypes {
	private readonly types: Map<string, AnyNodeType>;

	private readonly wrapped = new WeakMap<INodeType, INodeType>();

	constructor(
		types: Record<string, AnyNodeType>,
		private readonly onNodeError: NodeErrorListener,
	) {
		this.types = new Map(Object.entries(types));
	}

	has(type: string): boolean {
		return this.types.has(type);
	}

	knownTypeNames(): string[] {
		return [...this.types.keys()];
	}

	getByName(type: string): AnyNodeType {
		const nodeType = this.types.get(type);
		if (!nodeType) {
			throw new UserError(`Unrecognized node type: ${type}`, {
				description: `Known node types: ${this.knownTypeNames().join(', ')}`,
			});
		}
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return this.instrument(NodeHelpers.getVersionedNodeType(this.getByName(type), version));
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, nodeType] of this.types) {
			known[name] = { className: nodeType.constructor.name, sourcePath: '' };
		}
		return known;
	}

	isTriggerLike(type: string, version?: number): boolean {
		return isTriggerLike(this.getByName(type), version);
	}

	private instrument(nodeType: INodeType): INodeType {
		const existing = this.wrapped.get(nodeType);
		if (existing) return existing;

		const onNodeError = this.onNodeError;
		const proxy = new Proxy(nodeType, {
			get(target, property, receiver) {
				const value: unknown = Reflect.get(target, property, receiver);
				if (property !== 'execute' || typeof value !== 'function') return value;
				return async function execute(this: unknown, ...args: unknown[]) {
					try {
						return await value.apply(this, args);
					} catch (error) {
						// Function-style nodes run with the context as `this`; class-style nodes
						// (isNodeClassInstance) get it as the first argument.
						const context = (this === receiver ? args[0] : this) as
							| Partial<IExecuteFunctions>
							| undefined;
						const nodeName = context?.getNode?.().name;
						if (nodeName !== undefined) onNodeError(nodeName, error);
						throw error;
					}
				};
			},
		});
		this.wrapped.set(nodeType, proxy);
		return proxy;
	}
}
