import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { booleanOf } from '../../helpers/parameterValues';
import { Pauses } from '../../helpers/pause';
import { connect } from '../../transport/connect';
import { AudienceCatalogs } from '../audienceCatalog';
import { ItemParameters } from '../itemParameters';
import { givenEmail, nodeLevelError, outputItems, type ItemRecord } from '../items';
import { failed, failedFrom, type Failed } from '../outcome';
import { ContactPush } from './push/contactPush';
import { previewOption } from './previewOption';
import { previewContacts } from './push/previewContacts';
import { groupKey, type PushGroup } from './push/pushGroup';
import { ReadAhead } from './push/readAhead';
import { isContact, isDraft, readDraft, type Contact, type ReadContext } from './push/readContact';
import { readExecutionSettings, type ExecutionSettings, type PushOptions } from './push/readSettings';

/** "Create or Update": the parameters. Their names are stored in users' workflows: never rename them. */
const properties: INodeProperties[] = [
	{
		displayName: 'Merge Fields',
		name: 'mergeFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: 'The audience\'s merge fields, filled from the item',
		typeOptions: {
			loadOptionsDependsOn: ['audience.value'],
			resourceMapper: {
				resourceMapperMethod: 'getMergeFields',
				mode: 'add',
				valuesLabel: 'Merge Fields to Send',
				fieldWords: { singular: 'merge field', plural: 'merge fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'This audience has no merge fields',
			},
		},
		displayOptions: { hide: { 'audience.value': [''] } },
	},
	{
		displayName: 'Double Opt-In',
		name: 'doubleOptIn',
		type: 'boolean',
		default: false,
		description:
			'Whether new contacts get a confirmation e-mail and join as "pending" until they confirm. Contacts already subscribed are never downgraded.',
	},
	{
		displayName: 'Send Welcome Email',
		name: 'sendWelcomeEmail',
		type: 'boolean',
		default: false,
		description:
			'Whether contacts this push creates get a welcome e-mail. Mailchimp\'s API has no "send welcome" switch: with single opt-in the node starts a Customer Journey you set up for it.',
	},
	{
		displayName:
			'With double opt-in, Mailchimp itself sends the audience\'s final welcome e-mail once the contact confirms. Turn it on in Mailchimp under Audience → Signup forms → Form builder → Final welcome email.',
		name: 'doubleOptInWelcomeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { sendWelcomeEmail: [true], doubleOptIn: [true] } },
	},
	{
		displayName: 'Welcome Journey URL',
		name: 'welcomeJourneyUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://us14.api.mailchimp.com/3.0/customer-journeys/journeys/3127/steps/9384/actions/trigger',
		description:
			'In Mailchimp, build a Customer Journey whose starting point is "API event", add your welcome e-mail, and paste the URL the starting point shows. It is triggered once for each contact this push creates.',
		displayOptions: { show: { sendWelcomeEmail: [true], doubleOptIn: [false] } },
	},
	{
		displayName: 'Push Contacts',
		name: 'pushContacts',
		type: 'boolean',
		default: true,
		description:
			'Whether to push contacts to Mailchimp. Turn off to pause the integration: items pass through unchanged and nothing is sent.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: 500,
				description:
					'How many contacts go in one batch-subscribe call (Mailchimp takes up to 500). Without this option the push is spread over every connection it may use (50 to 500 contacts a call). Read once per execution.',
			},
			{
				displayName: 'Email Type',
				name: 'emailType',
				type: 'options',
				options: [
					{ name: 'HTML', value: 'html' },
					{ name: 'Plain Text', value: 'text' },
				],
				default: 'html',
				description: 'The kind of e-mail the contact prefers',
			},
			{
				displayName: 'Interest Names or IDs',
				name: 'interests',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getInterests', loadOptionsDependsOn: ['audience.value'] },
				default: [],
				description:
					'Interest groups to put the contact in, loaded from the audience. An expression may give interest IDs or names ("Topics › Events" or "Events"), as a list or comma-separated. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'en',
				description: 'The contact\'s language code as Mailchimp lists them (en, fr, de, es_ES, pt_BR, …)',
			},
			{
				displayName: 'Location',
				name: 'location',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Location',
				options: [
					{
						displayName: 'Coordinates',
						name: 'coordinates',
						values: [
							{ displayName: 'Latitude', name: 'latitude', type: 'number', typeOptions: { numberPrecision: 6 }, default: 0 },
							{ displayName: 'Longitude', name: 'longitude', type: 'number', typeOptions: { numberPrecision: 6 }, default: 0 },
						],
					},
				],
			},
			{
				displayName: 'Marketing Permissions (GDPR)',
				name: 'marketingPermissions',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Permission',
				description:
					'For audiences with GDPR fields: which marketing permissions the contact gave. The list is read from the audience; other audiences show that it does not apply.',
				options: [
					{
						displayName: 'Permission',
						name: 'permission',
						values: [
							{
								displayName: 'Permission Name or ID',
								name: 'id',
								type: 'options',
								typeOptions: { loadOptionsMethod: 'getMarketingPermissions', loadOptionsDependsOn: ['audience.value'] },
								default: '',
								description:
									'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
							},
							{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether the contact gave this permission' },
						],
					},
				],
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 10,
				description:
					'Requests in flight at once for this execution. Mailchimp allows 10 per account; the node also slows down by itself when Mailchimp answers that the account is busy (other workers or tools). Lower it to leave connections to other tools. Read once per execution.',
			},
			{
				displayName: 'Opt-In IP',
				name: 'ipOpt',
				type: 'string',
				default: '',
				placeholder: '203.0.113.7',
				description: 'The IP address the contact confirmed their opt-in from',
			},
			{
				displayName: 'Opt-In Time',
				name: 'timestampOpt',
				type: 'dateTime',
				default: '',
				description: 'When the contact confirmed their opt-in; any date n8n understands, sent as ISO 8601',
			},
			previewOption,
			{
				displayName: 'Resubscribe',
				name: 'resubscribe',
				type: 'boolean',
				default: false,
				description:
					'Whether unsubscribed or cleaned contacts get a re-confirmation e-mail (they become "pending"), the only way back Mailchimp allows. Off: they are left unchanged and reported as skipped.',
			},
			{
				displayName: 'Signup IP',
				name: 'ipSignup',
				type: 'string',
				default: '',
				placeholder: '203.0.113.7',
				description: 'The IP address the contact signed up from',
			},
			{
				displayName: 'Signup Time',
				name: 'timestampSignup',
				type: 'dateTime',
				default: '',
				description: 'When the contact signed up; any date n8n understands, sent as ISO 8601',
			},
			{
				displayName: 'Skip Merge Validation',
				name: 'skipMergeValidation',
				type: 'boolean',
				default: false,
				description: 'Whether Mailchimp accepts new contacts even when required merge fields are empty',
			},
			{
				displayName: 'Tag Mode',
				name: 'tagMode',
				type: 'options',
				options: [
					{ name: 'Add', value: 'add', description: 'Add the tags; the contact keeps its other tags' },
					{ name: 'Sync', value: 'sync', description: 'Make the contact\'s tags exactly these, removing any other' },
				],
				default: 'add',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'lead, webinar-2026',
				description: 'Comma-separated tags for every contact, new or existing',
			},
			{
				displayName: 'Update Existing',
				name: 'updateExisting',
				type: 'boolean',
				default: true,
				description: 'Whether contacts already in the audience are updated. Off: they are left untouched and reported as skipped.',
			},
			{
				displayName: 'VIP',
				name: 'vip',
				type: 'boolean',
				default: false,
				description: 'Whether the contact is a VIP in Mailchimp',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['push'] } }, properties);

/**
 * Reads every item into its record (its own audience, settings and fields), pushes the contacts
 * in groups that can share calls while the items are still being read, and outputs one item per
 * input item, in order.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (!items.length) return [[]];
	const params = new ItemParameters(this);
	const execution = readExecutionSettings(this, (params.get('options', 0, {}) ?? {}) as PushOptions);

	const records: ItemRecord[] = [];
	const pauses = new Pauses();
	const groups = new Map<string, { group: PushGroup; push: ContactPush; preview: Contact[] }>();
	/** A read contact joins its group's push (or preview); records hold one record per item, by index. */
	const completed = async (record: ItemRecord, read: ReadContext) => {
		records[record.itemIndex] = record;
		if (!isContact(record)) return;
		const key = groupKey(record.audienceId, record.settings.skipMergeValidation);
		let entry = groups.get(key);
		if (!entry) {
			const group: PushGroup = {
				client: read.catalogs.client,
				execution,
				audienceId: record.audienceId,
				skipMergeValidation: record.settings.skipMergeValidation,
				expected: items.length,
				book: read.catalogs.for(record.audienceId).statusBook,
				pauses,
			};
			groups.set(key, (entry = { group, push: new ContactPush(group), preview: [] }));
		}
		if (record.settings.preview) entry.preview.push(record);
		else await entry.push.add(record);
	};
	try {
		// Connected at the first item to push: a switched-off push sends nothing at all.
		let read: ReadContext | undefined;
		let ahead: ReadAhead | undefined;
		let unusable: Failed | undefined;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			// Mautic's "Push contacts to this integration" switch: off, the item passes through unchanged.
			const pushContacts = booleanOf(params.get('pushContacts', itemIndex, true), 'Push Contacts', true);
			if ('value' in pushContacts && !pushContacts.value) {
				records.push({ itemIndex, email: undefined, passThrough: items[itemIndex] });
				continue;
			}
			if (!read && !unusable) {
				try {
					const context = (read = await readContext(this, params, execution));
					ahead = new ReadAhead(context, async (record) => completed(record, context), pauses);
				} catch (error) {
					// With "On Error: Continue" every item says why nothing could be sent.
					if (!this.continueOnFail()) throw nodeLevelError(this, error);
					unusable = failedFrom(error);
				}
			}
			if (!read || !ahead) {
				records.push({ itemIndex, email: givenEmail(params.get('email', itemIndex, '')), outcome: unusable });
				continue;
			}
			const draft = readDraft(read, itemIndex);
			if ('problem' in pushContacts) draft.outcome = failed(pushContacts.problem);
			records.push(draft);
			if (isDraft(draft)) await ahead.add(draft);
		}
		await ahead?.drain(true);
		await Promise.all([...groups.values()].map(async ({ group, push, preview }) => {
			await push.finish();
			if (preview.length) await previewContacts(group, preview);
		}));
	} catch (error) {
		// Failures that concern no single item: the credential, the network before any item.
		throw nodeLevelError(this, error);
	}
	return outputItems(this, records);
}

async function readContext(ctx: IExecuteFunctions, params: ItemParameters, execution: ExecutionSettings): Promise<ReadContext> {
	const client = await connect(ctx, { maxConcurrency: execution.maxConcurrency });
	return { ctx, params, catalogs: new AudienceCatalogs(client), execution, cache: { urls: new Map(), settings: new Map() } };
}
