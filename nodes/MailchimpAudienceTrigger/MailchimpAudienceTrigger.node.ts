import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { audienceLocator, authenticationProperty } from '../MailchimpPushContact/actions/common.descriptions';
import { mailchimpPushApiTest, mailchimpPushOAuth2ApiTest } from '../MailchimpPushContact/methods/credentialTest';
import { searchAudiences } from '../MailchimpPushContact/methods/listSearch';
import { audienceWebhookMethods } from './audienceWebhookMethods';
import { receiveDelivery } from './receiveDelivery';

const audience: INodeProperties = {
	...audienceLocator,
	description: 'The Mailchimp audience (list) whose changes start the workflow',
};

export class MailchimpAudienceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mailchimp Audience Trigger',
		name: 'mailchimpAudienceTrigger',
		icon: { light: 'file:mailchimp.svg', dark: 'file:mailchimp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Changes in audience " + ($parameter["audience"] || "…") }}',
		description: 'Starts the workflow when contacts of a Mailchimp audience subscribe, unsubscribe, bounce or change',
		defaults: { name: 'Mailchimp Audience Trigger' },
		inputs: [],
		// n8n's community-package scanner asks for the constant; this older lint rule knows only the string.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong
		outputs: [NodeConnectionTypes.Main],
		eventTriggerDescription: 'Waiting for a change in the Mailchimp audience',
		activationMessage: 'Mailchimp now sends the chosen changes of the audience to this workflow.',
		// Written out here: n8n's package scanner looks for each credential's `testedBy` in the node file.
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
		webhooks: [
			// Mailchimp checks the URL with a GET before it saves the webhook.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			authenticationProperty,
			audience,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Campaign Sent', value: 'campaign', description: 'A campaign was sent or cancelled' },
					{ name: 'Cleaned', value: 'cleaned', description: 'An address bounced or was reported as abuse and was cleaned' },
					{ name: 'Email Address Change', value: 'upemail', description: 'A contact changed their e-mail address' },
					{ name: 'Profile Update', value: 'profile', description: 'A contact\'s merge fields, interests or e-mail type changed' },
					{ name: 'Subscribe', value: 'subscribe', description: 'A contact subscribed (or was added as subscribed)' },
					{ name: 'Unsubscribe', value: 'unsubscribe', description: 'A contact unsubscribed or was deleted' },
				],
				default: ['subscribe', 'unsubscribe', 'profile', 'upemail', 'cleaned'],
				description: 'The changes that start the workflow',
			},
			{
				displayName: 'Sources',
				name: 'sources',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Admin', value: 'admin', description: 'Someone working in the Mailchimp app' },
					{ name: 'API', value: 'api', description: 'Calls to Mailchimp\'s API, this package\'s own pushes included' },
					{ name: 'User', value: 'user', description: 'The contact themselves, through forms and e-mail links' },
				],
				default: ['user', 'admin'],
				description: 'Who made the change',
			},
			{
				displayName:
					'Leave "API" off for two-way sync: changes made through Mailchimp\'s API include the ones the Mailchimp Push Contact node makes, so with "API" every push would come straight back into n8n (and could loop).',
				name: 'apiEchoNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = {
		listSearch: { searchAudiences },
		credentialTest: { mailchimpPushApiTest, mailchimpPushOAuth2ApiTest },
	};

	webhookMethods = {
		default: audienceWebhookMethods,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveDelivery(this);
	}
}
