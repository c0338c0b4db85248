import { epochToDate, toCalendarDate } from './dates';

/**
 * The member fields beyond merge fields (Mailchimp's names), from the node's options.
 * Each check returns a problem in plain words, so the item fails naming the option.
 */
export interface ProfileOptions {
	language?: string;
	vip?: boolean;
	emailType?: string;
	location?: { latitude?: unknown; longitude?: unknown };
	ipSignup?: string;
	timestampSignup?: unknown;
	ipOpt?: string;
	timestampOpt?: unknown;
}

export type ProfileFields = Record<string, unknown>;

export function profileFields(options: ProfileOptions): { fields: ProfileFields } | { problem: string } {
	const fields: ProfileFields = {};
	const problems: string[] = [];
	const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

	if (text(options.language)) fields.language = text(options.language);
	if (typeof options.vip === 'boolean') fields.vip = options.vip;
	if (text(options.emailType)) {
		if (['html', 'text'].includes(text(options.emailType))) fields.email_type = text(options.emailType);
		else problems.push(`Email Type must be "html" or "text", got "${text(options.emailType)}"`);
	}
	const location = options.location;
	if (location && (text(location.latitude) || text(location.longitude))) {
		const latitude = Number(location.latitude);
		const longitude = Number(location.longitude);
		if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180) || !text(location.latitude) || !text(location.longitude)) {
			problems.push('Location needs a latitude (-90 to 90) and a longitude (-180 to 180)');
		} else {
			fields.location = { latitude, longitude };
		}
	}
	for (const [option, key] of [
		['ipSignup', 'ip_signup'],
		['ipOpt', 'ip_opt'],
	] as const) {
		const ip = text(options[option]);
		if (!ip) continue;
		if (isIpAddress(ip)) fields[key] = ip;
		else problems.push(`${option === 'ipSignup' ? 'Signup IP' : 'Opt-In IP'} "${ip}" is not an IP address`);
	}
	for (const [option, key] of [
		['timestampSignup', 'timestamp_signup'],
		['timestampOpt', 'timestamp_opt'],
	] as const) {
		const value = options[option];
		if (value === undefined || value === null || value === '') continue;
		const iso = toIsoTimestamp(value);
		if (iso) fields[key] = iso;
		else problems.push(`${option === 'timestampSignup' ? 'Signup Time' : 'Opt-In Time'} "${String(value)}" is not a date`);
	}
	return problems.length ? { problem: problems.join('; ') } : { fields };
}

/** Any date n8n items carry → ISO 8601 in UTC without milliseconds, as Mailchimp documents it. */
export function toIsoTimestamp(value: unknown): string | undefined {
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (typeof value === 'number') date = epochToDate(value);
	else if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		date = new Date((value as { toISO(): string }).toISO());
	} else if (typeof value === 'string' && toCalendarDate(value)) {
		date = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || !value.includes('T') ? value : `${value}Z`);
	}
	if (!date || Number.isNaN(date.getTime())) return undefined;
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Node's `net` is off limits to community nodes (n8n's scanner), so the check is written out.
const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

/** A dotted-quad IPv4 or a textual IPv6 address (`::` shorthand, an IPv4 tail), as Node's net.isIP takes them; no zone ids. */
export function isIpAddress(text: string): boolean {
	return IPV4.test(text) || isIpv6(text);
}

function isIpv6(text: string): boolean {
	let address = text;
	const lastColon = address.lastIndexOf(':');
	if (lastColon < 0) return false;
	// An IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
	if (address.includes('.')) {
		if (!IPV4.test(address.slice(lastColon + 1))) return false;
		address = `${address.slice(0, lastColon + 1)}0:0`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return false;
	const groups = (half: string) => (half === '' ? [] : half.split(':'));
	const all = halves.flatMap(groups);
	if (!all.every((g) => IPV6_GROUP.test(g))) return false;
	// `::` stands for one group or more; without it all eight are written.
	return halves.length === 2 ? all.length <= 7 : all.length === 8;
}
