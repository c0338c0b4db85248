import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { MailchimpClient, type ClientOptions } from './client';
import type { ApiKeyCredential } from './connection';

export type Authentication = 'apiKey' | 'oAuth2';

export const API_KEY_CREDENTIAL = 'mailchimpPushApi';
export const OAUTH2_CREDENTIAL = 'mailchimpPushOAuth2Api';

export interface OAuth2Credential {
	oauthTokenData?: { access_token?: string };
}

/** A client for this execution (or editor request), from the credential the node is set to use. */
export async function connect(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	options: ClientOptions = {},
): Promise<MailchimpClient> {
	const authentication = ctx.getNodeParameter('authentication', 0, 'apiKey') as Authentication;
	if (authentication === 'oAuth2') {
		const credential = (await ctx.getCredentials(OAUTH2_CREDENTIAL)) as OAuth2Credential;
		return MailchimpClient.forOAuth2(credential.oauthTokenData?.access_token, options);
	}
	return MailchimpClient.forApiKey((await ctx.getCredentials(API_KEY_CREDENTIAL)) as ApiKeyCredential, options);
}
