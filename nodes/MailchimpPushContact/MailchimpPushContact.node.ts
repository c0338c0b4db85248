import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { authenticationProperty } from './actions/common.descriptions';
import { description as contactDescription } from './actions/contact/Contact.resource';
import { router } from './actions/router';
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
		subtitle:
			'={{ ({ push: "Create or Update", get: "Get", unsubscribe: "Unsubscribe", archive: "Archive", deletePermanently: "Delete Permanently", changeEmail: "Change Email", recordEvent: "Record Event", addNote: "Add Note" })[$parameter["operation"] || "push"] }}',
		description: 'Create, update, look up and manage contacts in a Mailchimp audience',
		defaults: { name: 'Mailchimp Push Contact' },
		usableAsTool: true,
		// n8n's community-package scanner asks for the constant; this older lint rule knows only the string.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong
		outputs: [NodeConnectionTypes.Main],
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
		properties: [
			authenticationProperty,
			...contactDescription,
		],
	};

	methods = {
		listSearch: { searchAudiences },
		loadOptions: { getInterests, getMarketingPermissions },
		resourceMapping: { getMergeFields },
		credentialTest: { mailchimpPushApiTest, mailchimpPushOAuth2ApiTest },
	};

	async execute(this: IExecuteFunctions) {
		return router.call(this);
	}
}
