import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { booleanOf } from '../../helpers/parameterValues';
import { toIsoTimestamp } from '../../helpers/profile';
import type { MemberEventBody } from '../../transport/types';
import type { ItemParameters } from '../itemParameters';
import { done, failed } from '../outcome';
import { executeMemberOperation, writeOnce, type MemberItem } from './memberOperation';
import { previewOption } from './previewOption';

/** "Record Event": the parameters. Their names are stored in users' workflows: never rename them. */
const properties: INodeProperties[] = [
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'attended_webinar',
		description:
			'What the contact did, as Mailchimp names events: 2 to 30 characters, only letters, digits, _ and - (e.g. attended_webinar). A Customer Journey can start on it, and segments can filter by it.',
	},
	{
		displayName: 'Specify Event Properties',
		name: 'specifyEventProperties',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
		description: 'Whether to list the properties as name/value pairs, or give them as one object (an expression, or JSON text)',
	},
	{
		displayName: 'Event Properties',
		name: 'eventProperties',
		type: 'fixedCollection',
		placeholder: 'Add Property',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Details of the event, sent as text (e.g. the webinar\'s title)',
		displayOptions: { show: { specifyEventProperties: ['fields'] } },
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'title',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Sent as text: numbers and dates are written out, objects as JSON',
					},
				],
			},
		],
	},
	{
		displayName: 'Event Properties (JSON)',
		name: 'eventPropertiesJson',
		type: 'json',
		default: '{}',
		placeholder: '{ "title": "Mailchimp for n8n" }',
		description:
			'An object of property names and values, as JSON text or an expression that gives one; values are sent as text (numbers and dates written out, objects as JSON)',
		displayOptions: { show: { specifyEventProperties: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Don\'t Start Journeys',
				name: 'isSyncing',
				type: 'boolean',
				default: false,
				description:
					'Whether to record the event as history only: no Customer Journey or automation starts on it (Mailchimp\'s is_syncing), for back-filling past events without mailing anyone',
			},
			{
				displayName: 'Occurred At',
				name: 'occurredAt',
				type: 'dateTime',
				default: '',
				description: 'When the contact did it (any date n8n understands; a time without a zone is taken as UTC). Empty: now.',
			},
			previewOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['recordEvent'] } }, properties);

/** Mailchimp's rule for event names (its reference: 2–30 characters; integrators: letters, digits, _ and -). */
const NAME_MIN = 2;
const NAME_MAX = 30;
const NAME_CHARACTER = /[A-Za-z0-9_-]/;

export interface EventItem extends MemberItem {
	event: MemberEventBody;
}

const NOT_IN_AUDIENCE = 'Not in the audience: add the contact first (Create or Update), then record the event';

/**
 * Record Event: POST …/members/{hash}/events for each item. Not idempotent, so an answer lost on
 * the way is never sent again: the item says the event may or may not have been recorded.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return executeMemberOperation<EventItem>(this, {
		read: readEvent,
		send(client, item) {
			const data = { eventName: item.event.name };
			return writeOnce(
				client,
				item,
				async () => {
					await client.addMemberEvent(item.audienceId, item.subscriberHash, item.event);
					return done('eventRecorded', undefined, { data });
				},
				{ what: 'the event', done: 'recorded', doAgain: 'record it', where: 'the contact\'s activity', notInAudience: NOT_IN_AUDIENCE },
				data,
			);
		},
		async preview(client, item) {
			const data = { eventName: item.event.name };
			const member = await client.getMember(item.audienceId, item.subscriberHash);
			if (!member) return done('skipped', undefined, { reason: NOT_IN_AUDIENCE, data, preview: {} });
			return done('eventRecorded', member.status, {
				data,
				preview: {
					request: {
						method: 'POST',
						path: `/lists/${item.audienceId}/members/${item.subscriberHash}/events`,
						body: { ...item.event },
					},
				},
			});
		},
	});
}

/** The item's event, checked as Mailchimp would check it; a problem is the item's error, sent nowhere. */
function readEvent(params: ItemParameters, item: MemberItem): EventItem | MemberItem {
	const { itemIndex } = item;
	const name = eventNameOf(params.get('eventName', itemIndex, ''));
	if ('problem' in name) return { ...item, outcome: failed(name.problem) };
	// The mode takes no per-item value in the editor, but an expression may give one: read it per item too.
	const byJson = params.get('specifyEventProperties', itemIndex, 'fields') === 'json';
	const props = byJson
		? eventPropertiesOf(params.get('eventPropertiesJson', itemIndex, '{}'))
		: eventPropertiesOf(params.get('eventProperties', itemIndex, {}));
	if ('problem' in props) return { ...item, outcome: failed(props.problem) };
	const options = (params.get('options', itemIndex, {}) ?? {}) as { occurredAt?: unknown; isSyncing?: unknown };
	const event: MemberEventBody = { name: name.value };
	if (Object.keys(props.value).length) event.properties = props.value;
	const syncing = booleanOf(options.isSyncing, 'Don\'t Start Journeys', false);
	if ('problem' in syncing) return { ...item, outcome: failed(syncing.problem) };
	if (syncing.value) event.is_syncing = true;
	const occurredAt = options.occurredAt;
	if (occurredAt !== undefined && occurredAt !== null && occurredAt !== '') {
		const iso = toIsoTimestamp(occurredAt);
		if (!iso) return { ...item, outcome: failed(`Occurred At ${JSON.stringify(textOf(occurredAt))} is not a date`) };
		event.occurred_at = iso;
	}
	return { ...item, event };
}

/** The event name, trimmed, or the rule it breaks in plain words. */
export function eventNameOf(value: unknown): { value: string } | { problem: string } {
	const name = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
	if (name === undefined && value !== undefined && value !== null) {
		return { problem: `The event name must be text, got ${JSON.stringify(textOf(value))}` };
	}
	if (!name) return { problem: 'No event name: give one, such as attended_webinar' };
	const length = [...name].length;
	if (length < NAME_MIN || length > NAME_MAX) {
		return { problem: `The event name "${name}" is ${length} character${length === 1 ? '' : 's'} long: Mailchimp takes ${NAME_MIN} to ${NAME_MAX}` };
	}
	const others = [...new Set([...name].filter((c) => !NAME_CHARACTER.test(c)))];
	if (others.length) {
		const shown = others.map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
		return {
			problem: `The event name "${name}" has characters Mailchimp does not take (${shown}): only letters A–Z, digits, _ and - (such as attended_webinar)`,
		};
	}
	return { value: name };
}

/**
 * The event's properties as Mailchimp takes them (text values), from the name/value pairs the
 * editor stores ({ property: [{ name, value }] }), or from an expression: an object, a list of
 * pairs, or the same as JSON text (what an AI agent fills in).
 */
export function eventPropertiesOf(value: unknown): { value: Record<string, string> } | { problem: string } {
	if (value === undefined || value === null || value === '') return { value: {} };
	if (typeof value === 'string') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			return { problem: `Event Properties must be name/value pairs or an object, got the text ${JSON.stringify(value)}` };
		}
		if (typeof parsed === 'string') return { problem: `Event Properties must be name/value pairs or an object, got the text ${JSON.stringify(value)}` };
		return eventPropertiesOf(parsed);
	}
	if (typeof value !== 'object') return { problem: `Event Properties must be name/value pairs or an object, got ${JSON.stringify(value)}` };
	const stored = (value as { property?: unknown }).property;
	if (Array.isArray(value) || Array.isArray(stored)) return fromPairs((Array.isArray(value) ? value : stored) as unknown[]);
	return fromPairs(Object.entries(value).map(([name, v]) => ({ name, value: v })));
}

function fromPairs(pairs: unknown[]): { value: Record<string, string> } | { problem: string } {
	const out: Record<string, string> = {};
	for (let i = 0; i < pairs.length; i++) {
		const pair = pairs[i];
		if (!pair || typeof pair !== 'object' || Array.isArray(pair)) {
			return { problem: `Event property ${i + 1} must be a name and a value, got ${JSON.stringify(textOf(pair))}` };
		}
		const { name: rawName, value: rawValue } = pair as { name?: unknown; value?: unknown };
		const name = rawName === undefined || rawName === null ? '' : String(rawName).trim();
		const text = textOf(rawValue);
		// A row added in the editor and left empty is no property.
		if (!name && !text) continue;
		if (!name) return { problem: `Event property ${i + 1} (value ${JSON.stringify(text)}) has no name` };
		if (Object.prototype.hasOwnProperty.call(out, name)) return { problem: `Event property "${name}" is given twice` };
		out[name] = text;
	}
	return { value: out };
}

/** Any value as the text Mailchimp takes for a property: dates in ISO 8601, objects as JSON. */
function textOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') return String((value as { toISO(): string }).toISO());
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}
