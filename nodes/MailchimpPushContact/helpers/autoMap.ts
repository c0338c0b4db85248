import type { MergeField } from '../transport/types';

/** Spellings real data uses for Mailchimp's default merge fields, compared after normalising. */
const ALIASES: Record<string, string[]> = {
	FNAME: ['firstname', 'first', 'givenname', 'forename'],
	LNAME: ['lastname', 'last', 'surname', 'familyname'],
	PHONE: ['phone', 'phonenumber', 'telephone', 'mobile', 'tel'],
	ADDRESS: ['address', 'postaladdress', 'mailingaddress'],
	BIRTHDAY: ['birthday', 'birthdate', 'dateofbirth', 'dob'],
	COMPANY: ['company', 'companyname', 'organization', 'organisation'],
};

/** "First Name", "first_name", "firstName" → "firstname". */
export function normalizeKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * "Map Automatically": picks, for each merge field, the first input key that equals its tag
 * (FNAME), its name ("First Name") or a common spelling of it (firstName, first_name), all
 * compared case- and punctuation-insensitively. Exact tag matches win over the rest.
 */
export function autoMapMergeFields(json: Record<string, unknown>, fields: MergeField[]): Record<string, unknown> {
	const byKey = new Map<string, string>();
	for (const key of Object.keys(json)) {
		const normalized = normalizeKey(key);
		if (!byKey.has(normalized)) byKey.set(normalized, key);
	}
	const mapped: Record<string, unknown> = {};
	for (const field of fields) {
		const candidates = [field.tag, field.name, ...(ALIASES[field.tag] ?? [])].map(normalizeKey);
		const key = candidates.map((c) => byKey.get(c)).find((k) => k !== undefined);
		if (key !== undefined) mapped[field.tag] = json[key];
	}
	return mapped;
}
