/** A calendar date without time zone, as merge fields hold it. */
export interface CalendarDate {
	year?: number;
	month: number;
	day: number;
}

/** Below this a Unix time is in seconds (up to the year 5138); from it on, in milliseconds (1973 on). */
export const EPOCH_SECONDS_BELOW = 100_000_000_000;

/**
 * A number as Unix time: seconds below 100,000,000,000, milliseconds from there on. The two
 * ranges meet only for millisecond times before March 1973, which no contact data carries.
 */
export function epochToDate(value: number): Date | undefined {
	if (!Number.isFinite(value)) return undefined;
	return new Date(Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value);
}

/**
 * Reads the dates n8n items carry: ISO 8601 strings (with or without time), JS Dates,
 * Luxon DateTimes (anything with toISO), and Unix times (epochToDate). Returns undefined for
 * anything else, so the caller can name the field in its error.
 */
export function toCalendarDate(value: unknown): CalendarDate | undefined {
	if (value instanceof Date) return fromJsDate(value);
	if (typeof value === 'number') {
		const date = epochToDate(value);
		return date && fromJsDate(date);
	}
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return toCalendarDate((value as { toISO(): string }).toISO());
	}
	if (typeof value !== 'string') return undefined;
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
	if (!iso) return undefined;
	return valid({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
}

/** Formats per a Mailchimp date_format such as "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD", "MM/DD". */
export function formatCalendarDate(date: CalendarDate, format: string): string {
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	return format
		.replace(/YYYY/i, date.year === undefined ? '' : pad(date.year, 4))
		.replace(/MM/i, pad(date.month))
		.replace(/DD/i, pad(date.day));
}

/** Does the string already read as the format (same separators, digits in place)? */
export function matchesDateFormat(value: string, format: string): boolean {
	const pattern = format
		.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
		.replace(/YYYY/i, '(\\d{4})')
		.replace(/MM/i, '(0[1-9]|1[0-2])')
		.replace(/DD/i, '(0[1-9]|[12]\\d|3[01])');
	return new RegExp(`^${pattern}$`).test(value);
}

function fromJsDate(date: Date): CalendarDate | undefined {
	if (Number.isNaN(date.getTime())) return undefined;
	// Calendar dates are taken in UTC, as n8n serialises Dates in ISO (UTC).
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function valid(date: CalendarDate): CalendarDate | undefined {
	const { year = 2000, month, day } = date;
	const check = new Date(Date.UTC(year, month - 1, day));
	return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? date : undefined;
}
