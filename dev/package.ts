/**
 * This package as n8n sees it: its node and credential types, and the workflow JSON of
 * "trigger → Mailchimp Push Contact". Shared by the workflow tests and the demo.
 */
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { MailchimpPushApi } from '../credentials/MailchimpPushApi.credentials';
import { MailchimpPushOAuth2Api } from '../credentials/MailchimpPushOAuth2Api.credentials';
import { MailchimpPushContact } from '../nodes/MailchimpPushContact/MailchimpPushContact.node';
import { MANUAL_TRIGGER_TYPE, type EngineCredential } from './engine';

/** The type name n8n gives the node when the package is installed from npm. */
export const NODE_TYPE = 'n8n-nodes-mailchimp-push.mailchimpPushContact';
export const PUSH_NODE = 'Mailchimp Push Contact';
export const TRIGGER_NODE = 'When contacts arrive';

export const nodeTypes = () => ({ [NODE_TYPE]: new MailchimpPushContact() });
export const credentialTypes = () => [new MailchimpPushApi(), new MailchimpPushOAuth2Api()];

export type Authentication = 'apiKey' | 'oAuth2';

export interface MailchimpAccount {
	name: string;
	apiKey: string;
	accessToken: string;
}

/** The credential a user would create for the account, of the kind the node authenticates with. */
export function credentialFor(account: MailchimpAccount, authentication: Authentication = 'apiKey'): EngineCredential {
	return authentication === 'apiKey'
		? { id: `${account.name}-key`, name: `${account.name} (API key)`, type: 'mailchimpPushApi', data: { apiKey: account.apiKey } }
		: {
				id: `${account.name}-oauth`,
				name: `${account.name} (OAuth2)`,
				type: 'mailchimpPushOAuth2Api',
				data: { oauthTokenData: { access_token: account.accessToken, token_type: 'bearer' } },
			};
}

/** Workflow JSON as the editor saves it: a trigger wired to the push node. */
export function pushWorkflow(
	parameters: IDataObject,
	credential: EngineCredential,
	node: Partial<INode> = {},
): { name: string; nodes: INode[]; connections: IConnections } {
	const authentication = credential.type === 'mailchimpPushOAuth2Api' ? 'oAuth2' : 'apiKey';
	return {
		name: 'Push contacts to Mailchimp',
		nodes: [
			{ id: 'trigger', name: TRIGGER_NODE, type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'push',
				name: PUSH_NODE,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				parameters: { authentication, ...parameters },
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
				...node,
			},
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: PUSH_NODE, type: 'main', index: 0 }]] } },
	};
}
