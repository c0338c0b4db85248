import type { INodeProperties } from 'n8n-workflow';

/** The audience, as every operation and the trigger pick it: from the list (searchable) or by ID. */
export const audienceLocator: INodeProperties = {
	displayName: 'Audience',
	name: 'audience',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Mailchimp audience (list)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an audience…',
			typeOptions: { searchListMethod: 'searchAudiences', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'b7e2a91c4d',
			hint: 'In Mailchimp: Audience → Settings → Audience name and defaults → Audience ID',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[0-9a-zA-Z]+$', errorMessage: 'An audience ID has only letters and digits' },
				},
			],
		},
	],
};

/** The contact's address: it identifies the member (its subscriber hash) in every operation. */
export const emailProperty: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '={{ $json.email }}',
	required: true,
	description: 'The contact\'s e-mail address; it identifies the contact in the audience',
};

/** Both nodes authenticate with either credential (each node lists them), chosen by `authentication`. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Key', value: 'apiKey' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'apiKey',
};
