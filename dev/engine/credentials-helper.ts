import { Credentials, getAdditionalKeys, UnrecognizedCredentialTypeError } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UserError,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** A stored credential, as the engine's in-memory credential store holds it. */
export interface EngineCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** Stand-in node for resolving expressions in credential data outside any node (as n8n's CLI). */
const RESOLVER_NODE: INode = {
	id: 'dev-engine-credential-resolver',
	name: '',
	type: 'dev.credentialResolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const RESOLVER_NODE_TYPE: INodeType = {
	description: {
		displayName: 'Credential resolver',
		name: 'credentialResolver',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const RESOLVER_NODE_TYPES: INodeTypes = {
	getByName: () => RESOLVER_NODE_TYPE,
	getByNameAndVersion: () => RESOLVER_NODE_TYPE,
	getKnownTypes: () => ({}),
};

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return isExpression(value);
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

/**
 * n8n's ICredentialsHelper over an in-memory list of credentials, one instance per run.
 *
 * Mirrors packages/cli/src/credentials-helper.ts where it matters to a node: lookup by the
 * node's credential reference, defaults of the credential type filled in, expressions in the
 * credential data resolved, generic/function `authenticate`, `preAuthentication` for
 * expirable tokens, OAuth token updates persisted (here: in the run's own store).
 *
 * Differences from n8n, on purpose:
 * - lookup: by id and type; if no credential has that id, the first credential of the type
 *   (so tests need not keep ids in sync with the workflow JSON);
 * - values given in the credential data always win and keys the type does not declare are
 *   kept (n8n drops them, and pins some hidden OAuth fields to the type's default) — the engine
 *   may not know a parent type such as `oAuth2Api`, so it cannot tell which keys are declared;
 * - `isCredentialUsableByNode` is always true.
 */
export class EngineCredentialsHelper extends ICredentialsHelper {
	/** This run's own copy: token updates made during the run never reach the caller's objects. */
	private readonly store: EngineCredential[];

	private readonly types: Map<string, ICredentialType>;

	constructor(credentials: readonly EngineCredential[], credentialTypes: readonly ICredentialType[]) {
		super();
		this.store = credentials.map((c) => structuredClone(c));
		this.types = new Map(credentialTypes.map((t) => [t.name, t]));
	}

	/** The run's credentials as they are now, including token data updated during the run. */
	snapshot(): EngineCredential[] {
		return this.store.map((c) => structuredClone(c));
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnrecognizedCredentialTypeError(name);
		return type;
	}

	/** All ancestors named in `extends`, nearest first, walking types the engine knows. */
	getParentTypes(typeName: string): string[] {
		const parents: string[] = [];
		const walk = (name: string) => {
			for (const parent of this.types.get(name)?.extends ?? []) {
				if (parents.includes(parent)) continue;
				parents.push(parent);
				walk(parent);
			}
		};
		walk(typeName);
		return parents;
	}

	isCredentialUsableByNode(_credentialType: string, _nodeType: string): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.get(type);
		if (!credentialType) return [];
		if (!credentialType.extends?.length) return credentialType.properties;

		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		// Properties of the type itself take precedence over its parents'.
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getType(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			if (!workflow || !node) {
				throw new UserError(
					`Credential type "${typeName}" authenticates declaratively, which needs the workflow and node`,
				);
			}
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const resolvedKey = this.resolveValue(key, credentials, workflow, node);
					const resolvedValue = this.resolveValue(value, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][resolvedKey] = resolvedValue;
				}
			}
		}
		return requestOptions;
	}

	/** Resolves an `={{ $credentials.x }}` value of a declarative `authenticate` block. */
	private resolveValue(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (typeof value !== 'string' || !isExpression(value)) return value as string;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;

		const nodeCredentials = node.credentials?.[credentialType.name];
		if (!nodeCredentials) return undefined;
		const stored = this.find(nodeCredentials, credentialType.name);
		stored.data = { ...stored.data, ...structuredClone(output) } as ICredentialDataDecryptedObject;
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.get(typeName);
		if (typeof credentialType?.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	/** Same lookup as getDecrypted, wrapped in n8n-core's (encrypting) Credentials class. */
	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const stored = this.find(nodeCredentials, type);
		const credentials = new Credentials({ id: stored.id, name: stored.name }, stored.type);
		await credentials.setData(structuredClone(stored.data));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = structuredClone(this.find(nodeCredentials, type).data);
		if (raw === true) return data;
		return this.applyDefaultsAndResolve(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	private applyDefaultsAndResolve(
		additionalData: IWorkflowExecuteAdditionalData,
		data: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		let result = data;
		const properties = this.getCredentialsProperties(type);
		if (properties.length) {
			const withDefaults = NodeHelpers.getNodeParameters(
				properties,
				data as INodeParameters,
				true,
				false,
				null,
				null,
			);
			result = { ...(withDefaults as ICredentialDataDecryptedObject), ...data };
		}
		if (!containsExpression(result)) return result;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			try {
				return workflow.expression.getParameterValue(
					result as INodeParameters,
					runExecutionData,
					runIndex,
					itemIndex,
					node.name,
					connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					result,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				if (error instanceof Error) error.message += ' [Error resolving credentials]';
				throw error;
			}
		}
		const workflow = new Workflow({
			nodes: [{ ...RESOLVER_NODE }],
			connections: {},
			active: false,
			nodeTypes: RESOLVER_NODE_TYPES,
		});
		return workflow.expression.getComplexParameterValue(
			RESOLVER_NODE,
			result as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			result,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.find(nodeCredentials, type).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.find(nodeCredentials, type);
		stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
	}

	/** By id and type first; failing that, the first credential of the type. */
	private find(nodeCredentials: INodeCredentialsDetails | undefined, type: string): EngineCredential {
		const id = nodeCredentials?.id ?? null;
		const found =
			(id !== null && this.store.find((c) => c.id === id && c.type === type)) ||
			this.store.find((c) => c.type === type);
		if (found) return found;

		const known = this.store.length
			? this.store.map((c) => `"${c.id}" (${c.type})`).join(', ')
			: 'none';
		throw new UserError(
			`Credential ${id === null ? '' : `with ID "${id}" `}does not exist for type "${type}"`,
			{ description: `runWorkflow() was given these credentials: ${known}` },
		);
	}
}
