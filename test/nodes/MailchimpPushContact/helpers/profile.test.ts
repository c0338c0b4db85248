import { isInterestId, parseInterestValues, resolveInterests } from '../../../../nodes/MailchimpPushContact/helpers/interests';
import { isIP } from 'net';

import { isIpAddress, profileFields, toIsoTimestamp } from '../../../../nodes/MailchimpPushContact/helpers/profile';

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

describe('isIpAddress', () => {
	const valid = [
		'198.51.100.1', '0.0.0.0', '255.255.255.255', '10.0.0.1',
		'::', '::1', '2001:db8::1', '2001:DB8:0:0:8:800:200C:417A', 'fe80::', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8',
		'1:2:3:4:5:6:7:8', '::ffff:192.0.2.128', '64:ff9b::198.51.100.1', '1:2:3:4:5:6:1.2.3.4',
	];
	const invalid = [
		'', ' ', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4 ', '1.2.3.-4', 'a.b.c.d', '1..2.3',
		':', ':::', '1::2::3', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1',
		'1:2:3:4:5:6:7:1.2.3.4', '::1.2.3', '::ffff:256.1.1.1', '1.2.3.4::', 'localhost', 'example.org',
	];
	it.each(valid)('takes %s, as Node does', (ip) => {
		expect(isIpAddress(ip)).toBe(true);
		expect(isIP(ip)).not.toBe(0);
	});
	it.each(invalid)('refuses %p, as Node does', (ip) => {
		expect(isIpAddress(ip)).toBe(false);
		expect(isIP(ip)).toBe(0);
	});
	it('names the option whose address is bad', () => {
		expect(profileFields({ ipSignup: '2001:db8::1', ipOpt: '10.0.0.300' })).toEqual({ problem: 'Opt-In IP "10.0.0.300" is not an IP address' });
		expect(profileFields({ ipSignup: ' 2001:db8::1 ' })).toEqual({ fields: { ip_signup: '2001:db8::1' } });
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
