import { formatCalendarDate, matchesDateFormat, toCalendarDate } from '../../../../nodes/MailchimpPushContact/helpers/dates';

describe('toCalendarDate', () => {
	it('reads ISO dates and date-times, Dates, epoch ms and Luxon-like objects', () => {
		const may17 = { year: 1990, month: 5, day: 17 };
		expect(toCalendarDate('1990-05-17')).toEqual(may17);
		expect(toCalendarDate('1990-05-17T23:10:00.000Z')).toEqual(may17);
		expect(toCalendarDate(new Date(Date.UTC(1990, 4, 17, 12)))).toEqual(may17);
		expect(toCalendarDate(Date.UTC(1990, 4, 17))).toEqual(may17);
		expect(toCalendarDate({ toISO: () => '1990-05-17T00:00:00.000+02:00' })).toEqual(may17);
	});
	it('refuses what is not a date', () => {
		for (const bad of ['1990-02-30', 'yesterday', '17/05/1990', {}, true, NaN]) expect(toCalendarDate(bad)).toBeUndefined();
	});
});

describe('formatCalendarDate / matchesDateFormat', () => {
	const date = { year: 2026, month: 3, day: 9 };
	it.each([
		['MM/DD/YYYY', '03/09/2026'],
		['DD/MM/YYYY', '09/03/2026'],
		['YYYY-MM-DD', '2026-03-09'],
		['MM/DD', '03/09'],
		['DD/MM', '09/03'],
	])('%s → %s', (format, expected) => {
		expect(formatCalendarDate(date, format)).toBe(expected);
		expect(matchesDateFormat(expected, format)).toBe(true);
	});
	it('does not take another shape for the format', () => {
		expect(matchesDateFormat('2026-03-09', 'MM/DD/YYYY')).toBe(false);
		expect(matchesDateFormat('13/09/2026', 'MM/DD/YYYY')).toBe(false);
		expect(matchesDateFormat('05/17/1990', 'MM/DD')).toBe(false);
	});
});
