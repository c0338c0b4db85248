import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Mailchimp API key. Its suffix (`-us14`) names the data center the requests go to; the
 * node checks it before any request. The "Test" button is the node's credentialTest
 * (mailchimpPushApiTest), because the host depends on the key.
 */
export class MailchimpPushApi implements ICredentialType {
	name = 'mailchimpPushApi';

	displayName = 'Mailchimp Push API';

	documentationUrl = 'https://mailchimp.com/help/about-api-keys/';

	icon = { light: 'file:../nodes/MailchimpPushContact/mailchimp.svg', dark: 'file:../nodes/MailchimpPushContact/mailchimp.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '0123456789abcdef0123456789abcdef-us14',
			description: 'In Mailchimp: Profile → Extras → API keys → Create A Key. The part after the dash is your data center.',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Optional. The user name you log in to Mailchimp with; Mailchimp accepts any name with an API key.',
		},
	];
}
