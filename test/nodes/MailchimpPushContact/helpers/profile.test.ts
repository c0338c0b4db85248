import { isInterestId, parseInterestValues, resolveInterests } from '../../../../nodes/MailchimpPushContact/helpers/interests';
import { profileFields, toIsoTimestamp } from '../../../../nodes/MailchimpPushContact/helpers/profile';

describe('profileFields', () => {
	it('maps options to Mailchimp member fields', () => {
		expect(
			profileFields({ language: ' de ', vip: false, emailType: 'html', location: { latitude: '52.5', longitude: 13.4 }, ipOpt: '198.51.100.1' }),
		).toEqual({ fields: { language: 'de', vip: false, email_type: 'html', location: { latitude: 52.5, longitude: 13.4 }, ip_opt: '198.51.100.1' } });
		expect(profileFields({})).toEqual({ fields: {} });
	});
	it('names each bad option', () => {
		expect(profileFields({ emailType: 'pdf' })).toEqual({ problem: 'Email Type must be "html" or "text", got "pdf"' });
		expect(profileFields({ location: { latitude: 91, longitude: 0 } })).toHaveProperty('problem', expect.stringContaining('Location'));
		expect(profileFields({ location: { latitude: 10 } })).toHaveProperty('problem', expect.stringContaining('Location'));
		expect(profileFields({ timestampOpt: 'last tuesday' })).toEqual({ problem: 'Opt-In Time "last tuesday" is not a date' });
	});
});

describe('toIsoTimestamp', () => {
	it('accepts any date n8n items carry and gives UTC ISO 8601', () => {
		expect(toIsoTimestamp('2026-03-09')).toBe('2026-03-09T00:00:00Z');
		expect(toIsoTimestamp('2026-03-09T10:00:00')).toBe('2026-03-09T10:00:00Z');
		expect(toIsoTimestamp('2026-03-09T10:00:00.123+02:00')).toBe('2026-03-09T08:00:00Z');
		expect(toIsoTimestamp(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00Z');
		expect(toIsoTimestamp({ toISO: () => '2026-01-01T01:00:00.000+01:00' })).toBe('2026-01-01T00:00:00Z');
		expect(toIsoTimestamp('soon')).toBeUndefined();
	});
});

describe('interests', () => {
	const interests = [
		{ id: 'a0f1e2d3c4', name: 'Events', category: 'Topics' },
		{ id: '3c4d5e6f7a', name: 'APAC', category: 'Region' },
	];
	it('parses lists and comma-separated text', () => {
		expect(parseInterestValues('Events, apac')).toEqual(['Events', 'apac']);
		expect(parseInterestValues(['a0f1e2d3c4'])).toEqual(['a0f1e2d3c4']);
		expect(isInterestId('a0f1e2d3c4')).toBe(true);
		expect(isInterestId('Events')).toBe(false);
	});
	it('resolves ids, names and "Category › Name", case-insensitively', () => {
		expect(resolveInterests(['events', 'Region > APAC', 'a0f1e2d3c4', 'Nope'], interests)).toEqual({
			ids: ['a0f1e2d3c4', '3c4d5e6f7a', 'a0f1e2d3c4'],
			unknown: ['Nope'],
		});
	});
});
