import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { membersPerCall } from '../../helpers/batchSize';
import { booleanOf } from '../../helpers/parameterValues';
import { chunk, forEachConcurrent } from '../../helpers/pool';
import type { MailchimpClient } from '../../transport/client';
import { toMailchimpError } from '../../transport/errors';
import { MAILCHIMP_CONNECTION_LIMIT } from '../../transport/limiter';
import type { BatchSubscribeResult, MemberBody, MemberStatus } from '../../transport/types';
import { matchBatchAnswer } from '../../helpers/batchAnswer';
import { problemFromBatchError } from '../explainProblem';
import { ItemParameters } from '../itemParameters';
import { outputItems, type ItemRecord } from '../items';
import { done, failed, failedFrom, type Outcome } from '../outcome';
import { connectFor, forEachMember, isMemberItem, readMemberItem, type MemberItem } from './memberOperation';
import { previewOption } from './previewOption';
import { readStatusBook, type StatusBook } from './readStatusBook';
import { requireAudience } from './requireAudience';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Add Missing Contacts as Unsubscribed',
				name: 'addMissingAsUnsubscribed',
				type: 'boolean',
				default: false,
				description:
					'Whether to add an address that is not in the audience as unsubscribed (Mailchimp\'s suppression: it can never be imported as subscribed later). Off, a missing contact is skipped.',
			},
			previewOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['unsubscribe'] } }, properties);

interface UnsubscribeItem extends MemberItem {
	addMissing: boolean;
	/** The bulk listing found no other status: the member is subscribed, or not in the audience. */
	subscribedOrMissing?: boolean;
}

/** Statuses that leave nothing to do, in plain words. Subscribed, pending and transactional are unsubscribed. */
const SKIPPED: Partial<Record<MemberStatus, string>> = {
	unsubscribed: 'Already unsubscribed',
	cleaned: 'Cleaned: the address bounced, Mailchimp sends it nothing already',
	archived: 'Already archived: Mailchimp sends it nothing',
};
const NOT_IN_AUDIENCE = 'Not in the audience';
const UNSUBSCRIBE = { status: 'unsubscribed' as const };


/**
 * Unsubscribe: subscribed, pending and transactional members become unsubscribed; the others are
 * skipped, saying why. Many contacts of one audience go in batch-subscribe calls (≤500 members
 * each, `status: unsubscribed`, update_existing) once a cheap listing of statuses says which need
 * it; the rest, Preview and repeated addresses are read and written one by one.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const params = new ItemParameters(this);
	const records: ItemRecord[] = [];
	const members: UnsubscribeItem[] = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		const base = readMemberItem(params, itemIndex);
		const record = isMemberItem(base) ? readOptions(params, base) : base;
		records.push(record);
		if (isMemberItem(record)) members.push(record as UnsubscribeItem);
	}
	const client = members.length ? await connectFor(this, members) : undefined;
	if (client) {
		const rest = await unsubscribeInBulk(client, members);
		await unsubscribeOneByOne(client, rest);
	}
	return outputItems(this, records);
}

function readOptions(params: ItemParameters, item: MemberItem): UnsubscribeItem | ItemRecord {
	const options = (params.get('options', item.itemIndex, {}) ?? {}) as { addMissingAsUnsubscribed?: unknown };
	const addMissing = booleanOf(options.addMissingAsUnsubscribed, 'Add Missing Contacts as Unsubscribed', false);
	if ('problem' in addMissing) return { ...item, outcome: failed(addMissing.problem) };
	return { ...item, addMissing: addMissing.value };
}

/** Items naming the same member one after another in item order; ≤10 requests in flight. */
async function unsubscribeOneByOne(client: MailchimpClient, items: UnsubscribeItem[]): Promise<void> {
	await forEachMember(items, (item) => (item.preview ? previewOne(client, item) : unsubscribeOne(client, item)));
}

async function unsubscribeOne(client: MailchimpClient, item: UnsubscribeItem): Promise<Outcome> {
	if (!item.subscribedOrMissing) {
		const member = await client.getMember(item.audienceId, item.subscriberHash, ['_links']);
		if (!member) return missing(client, item);
		const skipped = SKIPPED[member.status];
		if (skipped) return done('skipped', member.status, { reason: skipped });
	}
	try {
		await client.updateMember(item.audienceId, item.subscriberHash, UNSUBSCRIBE);
		return done('unsubscribed', 'unsubscribed');
	} catch (error) {
		// PATCH only touches members: gone since it was read (or never there, for a listed audience).
		const problem = toMailchimpError(error);
		if (problem.status !== 404) throw problem;
		return missing(client, item);
	}
}

async function missing(client: MailchimpClient, item: UnsubscribeItem): Promise<Outcome> {
	await requireAudience(client, item.audienceId);
	return item.addMissing ? addAsUnsubscribed(client, item) : done('skipped', undefined, { reason: NOT_IN_AUDIENCE });
}

/**
 * Suppression: the address joins as unsubscribed. The audience's required merge fields are not
 * asked for (skip_merge_validation): the point is to refuse it later, not to describe it.
 */
async function addAsUnsubscribed(client: MailchimpClient, item: UnsubscribeItem): Promise<Outcome> {
	await client.setMember(item.audienceId, item.subscriberHash, addBody(item), true);
	return done('unsubscribed', 'unsubscribed', { data: { added: true } });
}

const addBody = (item: UnsubscribeItem): MemberBody => ({ email_address: item.email, status_if_new: 'unsubscribed', status: 'unsubscribed' });

async function previewOne(client: MailchimpClient, item: UnsubscribeItem): Promise<Outcome> {
	const path = `/lists/${item.audienceId}/members/${item.subscriberHash}`;
	const member = await client.getMember(item.audienceId, item.subscriberHash, ['_links']);
	if (!member) {
		await requireAudience(client, item.audienceId);
		if (!item.addMissing) return done('skipped', undefined, { reason: NOT_IN_AUDIENCE, preview: {} });
		return done('unsubscribed', 'unsubscribed', { data: { added: true }, preview: { request: { method: 'PUT', path, body: addBody(item) } } });
	}
	const skipped = SKIPPED[member.status];
	if (skipped) return done('skipped', member.status, { reason: skipped, preview: {} });
	return done('unsubscribed', 'unsubscribed', { preview: { request: { method: 'PATCH', path, body: { ...UNSUBSCRIBE } } } });
}

/**
 * The first item of each member of an audience with enough of them: statuses from a listing,
 * then batch calls for those to unsubscribe. Returns the items left for one-by-one handling.
 */
async function unsubscribeInBulk(client: MailchimpClient, items: UnsubscribeItem[]): Promise<UnsubscribeItem[]> {
	const rest: UnsubscribeItem[] = [];
	const byAudience = new Map<string, Map<string, UnsubscribeItem>>();
	for (const item of items) {
		let audience = byAudience.get(item.audienceId);
		if (!audience) byAudience.set(item.audienceId, (audience = new Map()));
		if (item.preview || audience.has(item.subscriberHash)) rest.push(item);
		else audience.set(item.subscriberHash, item);
	}
	for (const [audienceId, firsts] of byAudience) {
		let book: StatusBook | undefined;
		try {
			book = await readStatusBook(client, audienceId, firsts.size, { withSubscribed: true });
		} catch (error) {
			// The listing concerns every contact of the audience (an unknown audience, Mailchimp down).
			const outcome = failedFrom(error);
			for (const item of firsts.values()) item.outcome = outcome;
			continue;
		}
		if (!book) {
			rest.unshift(...firsts.values());
			continue;
		}
		const batch: UnsubscribeItem[] = [];
		for (const item of firsts.values()) {
			const status = book.statuses.get(item.subscriberHash);
			const skipped = status && SKIPPED[status];
			if (skipped) item.outcome = done('skipped', status, { reason: skipped });
			else if (status || item.addMissing) batch.push(item);
			else if (book.complete) item.outcome = done('skipped', undefined, { reason: NOT_IN_AUDIENCE });
			// Subscribed or missing: a PATCH tells, and costs no more than the read would.
			else rest.push(Object.assign(item, { subscribedOrMissing: true }));
		}
		await unsubscribeInBatches(client, audienceId, batch, rest);
	}
	// Duplicates after their first: the first one must be settled before them, as one by one.
	return rest.sort((a, b) => a.itemIndex - b.itemIndex);
}

/** Batch subscribe with status unsubscribed (idempotent, so retried like any call). */
async function unsubscribeInBatches(client: MailchimpClient, audienceId: string, items: UnsubscribeItem[], rest: UnsubscribeItem[]): Promise<void> {
	const size = membersPerCall(items.length, MAILCHIMP_CONNECTION_LIMIT);
	await forEachConcurrent(chunk(items, size), MAILCHIMP_CONNECTION_LIMIT, async (calls) => {
		const members = calls.map((item) => ({ email_address: item.email, ...UNSUBSCRIBE }));
		let answer: BatchSubscribeResult;
		let ambiguous: boolean;
		try {
			// Required merge fields are skipped only for additions (see addAsUnsubscribed).
			({ value: answer, ambiguous } = await client.batchSubscribe(audienceId, members, calls.some((i) => i.addMissing), true));
		} catch (error) {
			const outcome = failedFrom(error);
			for (const item of calls) item.outcome = outcome;
			return;
		}
		const { created, updated, errors, unreported } = matchBatchAnswer(calls, answer);
		for (const [item] of updated) item.outcome = done('unsubscribed', 'unsubscribed');
		// A retried call reports members its lost first attempt added as updated: "added" only when sure.
		for (const [item] of created) item.outcome = done('unsubscribed', 'unsubscribed', ambiguous ? {} : { data: { added: true } });
		for (const [item, error] of errors) item.outcome = failedFrom(problemFromBatchError(error));
		rest.push(...unreported); // not reported: asked again, one by one
	});
}
