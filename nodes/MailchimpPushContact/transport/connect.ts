import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

import { MailchimpClient, type ClientOptions } from './client';
import type { ApiKeyCredential } from './connection';

export type Authentication = 'apiKey' | 'oAuth2';

/** The credential type each way of authenticating uses (the nodes' `credentials` name them too). */
export function credentialType(authentication: Authentication): string {
	return authentication === 'oAuth2' ? 'mailchimpPushOAuth2Api' : 'mailchimpPushApi';
}

export interface OAuth2Credential {
	oauthTokenData?: { access_token?: string };
}

/** A client for this execution (or editor request), from the credential the node is set to use. */
export async function connect(
	ctx: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions,
	options: ClientOptions = {},
): Promise<MailchimpClient> {
	const authentication = ctx.getNodeParameter('authentication', 0, 'apiKey') as Authentication;
	if (authentication === 'oAuth2') {
		const credential = (await ctx.getCredentials(credentialType('oAuth2'))) as OAuth2Credential;
		return MailchimpClient.forOAuth2(credential.oauthTokenData?.access_token, options);
	}
	return MailchimpClient.forApiKey((await ctx.getCredentials(credentialType('apiKey'))) as ApiKeyCredential, options);
}
