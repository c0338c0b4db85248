import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Mailchimp OAuth2: register an app at https://admin.mailchimp.com/account/oauth2/ with n8n's
 * OAuth callback URL as its redirect URI. Tokens never expire and carry no data center: the
 * node asks Mailchimp's metadata endpoint for it once per execution.
 */
export class MailchimpPushOAuth2Api implements ICredentialType {
	name = 'mailchimpPushOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Mailchimp Push OAuth2 API';

	documentationUrl = 'https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/';

	icon = { light: 'file:../nodes/MailchimpPushContact/mailchimp.svg', dark: 'file:../nodes/MailchimpPushContact/mailchimp.dark.svg' } as const;

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://login.mailchimp.com/oauth2/authorize',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://login.mailchimp.com/oauth2/token',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}
