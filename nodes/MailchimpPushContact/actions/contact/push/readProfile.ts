import { isInterestId, normalizeInterestId, parseInterestValues, resolveInterests } from '../../../helpers/interests';
import { profileFields, type ProfileFields, type ProfileOptions } from '../../../helpers/profile';
import type { AudienceCatalog } from '../../audienceCatalog';

/** The options an item gives for its member's profile (beyond merge fields). */
export type ContactOptions = Omit<ProfileOptions, 'location'> & {
	tags?: unknown;
	location?: { coordinates?: ProfileOptions['location'] };
	interests?: unknown;
	marketingPermissions?: { permission?: Array<{ id?: string; enabled?: boolean }> };
};

/**
 * Language, VIP, location, signup data, interests and marketing permissions from the item's options;
 * problems are collected in plain words, naming the option.
 */
export async function readProfile(options: ContactOptions, catalog: AudienceCatalog, problems: string[]): Promise<ProfileFields> {
	const read = profileFields({ ...options, location: options.location?.coordinates });
	if ('problem' in read) {
		problems.push(read.problem);
		return {};
	}
	const profile = read.fields;

	const wanted = parseInterestValues(options.interests);
	if (wanted.length) {
		const { ids, unknown } = wanted.every(isInterestId)
			? { ids: wanted.map(normalizeInterestId), unknown: [] }
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
