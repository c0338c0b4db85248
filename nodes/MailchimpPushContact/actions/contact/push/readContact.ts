import type { IExecuteFunctions, ResourceMapperValue } from 'n8n-workflow';

import { autoMapMergeFields } from '../../../helpers/autoMap';
import { normalizeEmail } from '../../../helpers/email';
import { coerceMergeValue } from '../../../helpers/mergeValues';
import { audienceIdOf } from '../../../helpers/parameterValues';
import type { ProfileFields } from '../../../helpers/profile';
import { subscriberHash } from '../../../helpers/subscriberHash';
import { parseTags } from '../../../helpers/tags';
import type { AudienceCatalogs } from '../../audienceCatalog';
import type { ItemParameters } from '../../itemParameters';
import { givenEmail, type ItemRecord } from '../../items';
import { failed, failedFrom } from '../../outcome';
import {
	executionMismatch,
	readContactSettings,
	type ContactSettings,
	type ExecutionSettings,
	type SettingsCache,
	type PushOptions,
} from './readSettings';
import { readProfile, type ContactOptions } from './readProfile';
import { readNotSubscribed, STATUS_BOOK_MIN } from '../readStatusBook';

/** One input item the push can send: everything decided locally, before any write. */
export interface Contact extends ItemRecord {
	email: string;
	subscriberHash: string;
	audienceId: string;
	settings: ContactSettings;
	mergeFields: Record<string, unknown>;
	/** Required merge fields the item leaves empty: fine for an update, an error for a new contact. */
	missingRequired: string[];
	/** Member fields beyond merge fields: language, vip, interests, marketing permissions, … */
	profile: ProfileFields;
	tags: string[];
	/** Step to step, never output: the write that created the member carried its tags. */
	tagsApplied?: boolean;
	/** Step to step, never output: the member's tags after its update, for "sync" tag mode. */
	currentTags?: string[];
	/** Step to step: a create whose answer was lost met the member, so who created it can't be known. */
	createUnknown?: boolean;
}

export const isContact = (record: ItemRecord): record is Contact => !record.outcome && 'missingRequired' in record;

export interface ReadContext {
	ctx: IExecuteFunctions;
	params: ItemParameters;
	catalogs: AudienceCatalogs;
	execution: ExecutionSettings;
	cache: SettingsCache;
}

/** An item read up to what needs its audience's merge fields: every parameter evaluated, nothing sent. */
export interface ContactDraft extends ItemRecord {
	email: string;
	subscriberHash: string;
	audienceId: string;
	settings: ContactSettings;
	options: PushOptions & ContactOptions;
	mapper: Partial<ResourceMapperValue>;
}

export const isDraft = (record: ItemRecord): record is ContactDraft => !record.outcome && 'mapper' in record;

/**
 * Reads one item's parameters, without waiting for anything: the push reads on while its
 * audience's merge fields are on their way. An item that can't be sent gets its outcome here,
 * keeping what it gave as its e-mail.
 */
export function readDraft({ ctx, params, catalogs, execution, cache }: ReadContext, itemIndex: number): ContactDraft | ItemRecord {
	const given = params.get('email', itemIndex, '');
	const parsed = normalizeEmail(given);
	const record: ItemRecord = { itemIndex, email: givenEmail(given) };

	const audience = audienceIdOf(params.get('audience', itemIndex, ''));
	if ('problem' in audience) return { ...record, outcome: failed(audience.problem) };
	record.audienceId = audience.id;
	if ('problem' in parsed) return { ...record, outcome: failed(parsed.problem) };
	const email = parsed.email;
	const hash = subscriberHash(email);
	record.email = email;
	record.subscriberHash = hash;

	const options = (params.get('options', itemIndex, {}) ?? {}) as PushOptions & ContactOptions;
	const mismatch = executionMismatch(execution, options);
	if (mismatch) return { ...record, outcome: failed(mismatch) };
	const settings = readContactSettings(params, itemIndex, options, cache);
	if ('problem' in settings) return { ...record, outcome: failed(settings.problem) };

	const catalog = catalogs.for(audience.id);
	catalog.prefetchFields();
	// A bulk push needs the audience's status book before its first batch call: asked for now,
	// beside the merge fields, rather than after them.
	const expected = ctx.getInputData().length;
	if (expected >= STATUS_BOOK_MIN && !catalog.statusBook) {
		catalog.statusBook = readNotSubscribed(catalogs.client, audience.id, expected);
	}
	const mapper = (params.get('mergeFields', itemIndex, {}) ?? {}) as Partial<ResourceMapperValue>;
	return { ...record, email, subscriberHash: hash, audienceId: audience.id, settings, options, mapper };
}

/**
 * Completes a draft into the push's record. Merge-field types, choices, date formats and required
 * flags come from the audience itself (read once per audience), never from the schema the editor
 * stored.
 */
export async function completeContact({ ctx, catalogs }: ReadContext, draft: ContactDraft): Promise<Contact | ItemRecord> {
	const { itemIndex, email, audienceId, settings, options, mapper } = draft;
	const record: ItemRecord = { itemIndex, email, subscriberHash: draft.subscriberHash, audienceId };
	const catalog = catalogs.for(audienceId);
	try {
		const fields = await catalog.mergeFields();
		const values =
			mapper.mappingMode === 'autoMapInputData'
				? autoMapMergeFields(ctx.getInputData()[itemIndex].json, fields.list)
				: ((mapper.value ?? {}) as Record<string, unknown>);

		const mergeFields: Record<string, unknown> = {};
		const problems: string[] = [];
		for (const tag of Object.keys(values)) {
			const raw = values[tag];
			const field = fields.byTag.get(tag.toUpperCase());
			if (!field) {
				// A field removed in Mailchimp since the workflow was saved: only a value for it is a problem.
				if (raw !== undefined && raw !== null && raw !== '') problems.push(`"${tag}" is not a merge field of this audience`);
				continue;
			}
			const coerced = coerceMergeValue(field, raw);
			if ('problem' in coerced) problems.push(`merge field ${field.tag} (${field.name}) ${coerced.problem}`);
			else if ('value' in coerced) mergeFields[field.tag] = coerced.value;
		}
		const profile = await readProfile(options, catalog, problems);
		if (problems.length) return { ...record, outcome: failed(problems.join('; ')) };

		return {
			...record,
			settings,
			mergeFields,
			missingRequired: shared(fields.required.filter((f) => mergeFields[f.tag] === undefined).map((f) => f.tag)),
			profile,
			tags: shared(parseTags(options.tags)),
		};
	} catch (error) {
		// The audience's merge fields or interests could not be read: this item can't be checked, so it is not sent.
		return { ...record, outcome: failedFrom(error) };
	}
}

const NONE: string[] = Object.freeze([]) as unknown as string[];

/** An empty list is one shared list: a 100,000-contact push keeps no 100,000 empty arrays. */
function shared(list: string[]): string[] {
	return list.length ? list : NONE;
}
