import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { MailchimpClient } from '../transport/client';
import type { ApiKeyCredential } from '../transport/connection';
import type { OAuth2Credential } from '../transport/connect';
import { explainProblem } from '../actions/explainProblem';
import { MailchimpApiError } from '../transport/errors';

/** The credential dialog's "Test": checks the data center first, then pings Mailchimp. */
export async function mailchimpPushApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return ping(() => MailchimpClient.forApiKey((credential.data ?? {}) as ApiKeyCredential));
}

export async function mailchimpPushOAuth2ApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as OAuth2Credential;
	return ping(() => MailchimpClient.forOAuth2(data.oauthTokenData?.access_token));
}

async function ping(client: () => MailchimpClient | Promise<MailchimpClient>): Promise<INodeCredentialTestResult> {
	try {
		await (await client()).ping();
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		const message = error instanceof MailchimpApiError ? explainProblem(error) : (error as Error).message;
		return { status: 'Error', message };
	}
}
