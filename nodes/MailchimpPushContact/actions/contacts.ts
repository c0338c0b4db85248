import type { IExecuteFunctions, ResourceMapperField, ResourceMapperValue } from 'n8n-workflow';

import { autoMapMergeFields } from '../helpers/autoMap';
import { isInterestId, parseInterestValues, resolveInterests } from '../helpers/interests';
import { profileFields, type ProfileFields, type ProfileOptions } from '../helpers/profile';
import { normalizeEmail } from '../helpers/email';
import { coerceMergeValue } from '../helpers/mergeValues';
import { subscriberHash } from '../helpers/subscriberHash';
import { parseTags } from '../helpers/tags';
import type { MergeField, MergeFieldType } from '../transport/types';
import type { AudienceCatalog } from './audienceCatalog';
import type { ItemParameters } from './itemParameters';

/** One input item, ready to send: everything decided locally, before any write. */
export interface Contact {
	itemIndex: number;
	email: string;
	hash: string;
	mergeFields: Record<string, unknown>;
	/** Required merge fields the item leaves empty: fine for an update, an error for a new contact. */
	missingRequired: string[];
	tags: string[];
	/** Member fields beyond merge fields: language, vip, interests, marketing permissions, … */
	profile: ProfileFields;
}

/** What the steps after a contact's write (tags, the welcome journey) need of it. */
export type ContactRef = Pick<Contact, 'itemIndex' | 'email' | 'hash' | 'tags'>;

/** An item that cannot be sent, with the reason in plain words. */
export interface InvalidItem {
	itemIndex: number;
	email?: string;
	message: string;
}

export async function readContact(
	ctx: IExecuteFunctions,
	params: ItemParameters,
	itemIndex: number,
	catalog: AudienceCatalog,
): Promise<Contact | InvalidItem> {
	const parsed = normalizeEmail(params.get('email', itemIndex, ''));
	if ('problem' in parsed) return { itemIndex, message: parsed.problem };
	const { email } = parsed;

	const mapper = params.get('mergeFields', itemIndex, {}) as Partial<ResourceMapperValue>;
	const schema = Array.isArray(mapper.schema) && mapper.schema.length ? mapper.schema : undefined;
	const values =
		mapper.mappingMode === 'autoMapInputData'
			? autoMapMergeFields(ctx.getInputData()[itemIndex].json, await catalog.mergeFields())
			: ((mapper.value ?? {}) as Record<string, unknown>);

	const mergeFields: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [tag, raw] of Object.entries(values)) {
		const field = fromSchema(tag, schema) ?? (await catalog.mergeField(tag));
		if (!field) {
			problems.push(`"${tag}" is not a merge field of this audience`);
			continue;
		}
		const coerced = coerceMergeValue(field, raw);
		if ('problem' in coerced) problems.push(`merge field ${field.tag} (${field.name}) ${coerced.problem}`);
		else if ('value' in coerced) mergeFields[field.tag] = coerced.value;
	}
	const options = params.get('options', itemIndex, {}) as ContactOptions;
	const profile = await readProfile(options, catalog, problems);
	if (problems.length) return { itemIndex, email, message: problems.join('; ') };

	const required = schema
		? schema.filter((f) => f.required && !f.removed).map((f) => f.id)
		: (await catalog.mergeFields()).filter((f) => f.required).map((f) => f.tag);

	return {
		itemIndex,
		email,
		hash: subscriberHash(email),
		mergeFields,
		missingRequired: required.filter((tag) => mergeFields[tag] === undefined),
		tags: parseTags(options.tags),
		profile,
	};
}

type ContactOptions = Omit<ProfileOptions, 'location'> & {
	tags?: unknown;
	location?: { coordinates?: ProfileOptions['location'] };
	interests?: unknown;
	marketingPermissions?: { permission?: Array<{ id?: string; enabled?: boolean }> };
};

/** Language, VIP, location, signup data, interests and marketing permissions from the options. */
async function readProfile(options: ContactOptions, catalog: AudienceCatalog, problems: string[]): Promise<ProfileFields> {
	const read = profileFields({ ...options, location: options.location?.coordinates });
	if ('problem' in read) {
		problems.push(read.problem);
		return {};
	}
	const profile = read.fields;

	const wanted = parseInterestValues(options.interests);
	if (wanted.length) {
		const { ids, unknown } = wanted.every(isInterestId)
			? { ids: wanted, unknown: [] }
			: resolveInterests(wanted, await catalog.interests());
		if (unknown.length) problems.push(`Unknown interest${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
		else profile.interests = Object.fromEntries(ids.map((id) => [id, true]));
	}

	const permissions = (options.marketingPermissions?.permission ?? []).filter((p) => p.id);
	if (permissions.length) {
		profile.marketing_permissions = permissions.map((p) => ({ marketing_permission_id: p.id, enabled: p.enabled ?? true }));
	}
	return profile;
}

/** Mapper types whose values coerce without Mailchimp's field options; 'dateTime' needs the date format. */
const SCHEMA_TYPES: Partial<Record<string, MergeFieldType>> = {
	string: 'text',
	number: 'number',
	url: 'url',
	object: 'address',
	options: 'dropdown',
};

/**
 * The schema n8n stored with the mapping describes most fields well enough to coerce their
 * values; dates (whose format only Mailchimp knows) and unknown tags go to the catalog.
 */
function fromSchema(tag: string, schema: ResourceMapperField[] | undefined): MergeField | undefined {
	const entry = schema?.find((f) => f.id === tag);
	if (!entry) return undefined;
	const type = entry.type ? SCHEMA_TYPES[entry.type] : undefined;
	if (!type) return undefined;
	return {
		tag,
		// The editor shows "Lead Score (SCORE)": keep the merge field's own name.
		name: entry.displayName.replace(/\s*\([^)]*\)$/, ''),
		type,
		required: entry.required,
		options: { choices: entry.options?.map((o) => String(o.value)) },
	};
}
