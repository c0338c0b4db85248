import { type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { execute } from './actions/execute';
import { pushProperties } from './actions/push.description';
import { mailchimpPushApiTest, mailchimpPushOAuth2ApiTest } from './methods/credentialTest';
import { searchAudiences } from './methods/listSearch';
import { getInterests, getMarketingPermissions } from './methods/loadOptions';
import { getMergeFields } from './methods/resourceMapping';

export class MailchimpPushContact implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mailchimp Push Contact',
		name: 'mailchimpPushContact',
		icon: { light: 'file:mailchimp.svg', dark: 'file:mailchimp.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "Push to audience " + ($parameter["audience"] || "…") }}',
		description: 'Create or update contacts in a Mailchimp audience',
		defaults: { name: 'Mailchimp Push Contact' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{
				name: 'mailchimpPushApi',
				required: true,
				testedBy: 'mailchimpPushApiTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'mailchimpPushOAuth2Api',
				required: true,
				testedBy: 'mailchimpPushOAuth2ApiTest',
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiKey',
			},
			...pushProperties,
		],
	};

	methods = {
		listSearch: { searchAudiences },
		loadOptions: { getInterests, getMarketingPermissions },
		resourceMapping: { getMergeFields },
		credentialTest: { mailchimpPushApiTest, mailchimpPushOAuth2ApiTest },
	};

	async execute(this: IExecuteFunctions) {
		return execute.call(this);
	}
}
