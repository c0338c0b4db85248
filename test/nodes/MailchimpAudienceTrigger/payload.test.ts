import { createHash } from 'crypto';

import {
	formFromParsedBody,
	isoUtc,
	MAX_PAYLOAD_BYTES,
	parseAudienceEvent,
	parseForm,
	PayloadTooLargeError,
	toAudienceEvent,
} from '../../../nodes/MailchimpAudienceTrigger/payload';

/** A body as Mailchimp sends it: form-encoded, spaces as "+". */
const form = (fields: Array<[string, string]>) =>
	fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+')).join('&');

const MEMBER: Array<[string, string]> = [
	['data[id]', '8a25ff1d98'],
	['data[list_id]', 'a6b5da1054'],
	['data[email]', 'Api@MailChimp.com'],
	['data[email_type]', 'html'],
	['data[merges][EMAIL]', 'Api@MailChimp.com'],
	['data[merges][FNAME]', 'Mailchimp'],
	['data[merges][LNAME]', 'API'],
	['data[merges][INTERESTS]', 'Group1, Group2'],
	['data[ip_opt]', '10.20.10.30'],
	['data[ip_signup]', '10.20.10.30'],
];
// The subscriber hash is of the lower-cased address.
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const HASH = md5('api@mailchimp.com');

describe('every event type', () => {
	test('subscribe', () => {
		const item = parseAudienceEvent(form([['type', 'subscribe'], ['fired_at', '2009-03-26 21:35:57'], ...MEMBER]));
		expect(item).toEqual({
			event: 'subscribe',
			firedAt: '2009-03-26T21:35:57.000Z',
			audienceId: 'a6b5da1054',
			email: 'Api@MailChimp.com',
			subscriberHash: HASH,
			memberId: '8a25ff1d98',
			emailType: 'html',
			mergeFields: { EMAIL: 'Api@MailChimp.com', FNAME: 'Mailchimp', LNAME: 'API' },
			interests: 'Group1, Group2',
			ipOpt: '10.20.10.30',
			ipSignup: '10.20.10.30',
		});
	});

	test('unsubscribe: action, reason and campaign id', () => {
		const item = parseAudienceEvent(
			form([
				['type', 'unsubscribe'],
				['fired_at', '2009-03-26 21:40:57'],
				...MEMBER,
				['data[action]', 'unsub'],
				['data[reason]', 'manual'],
				['data[campaign_id]', 'cb398d21d2'],
			]),
		);
		expect(item).toMatchObject({ event: 'unsubscribe', action: 'unsub', reason: 'manual', campaignId: 'cb398d21d2', memberId: '8a25ff1d98' });
		expect(item.other).toBeUndefined();
	});

	test('profile', () => {
		const item = parseAudienceEvent(form([['type', 'profile'], ['fired_at', '2009-03-26 21:31:21'], ...MEMBER]));
		expect(item).toMatchObject({ event: 'profile', mergeFields: { FNAME: 'Mailchimp' }, interests: 'Group1, Group2' });
		expect(item).not.toHaveProperty('reason');
		expect(item).not.toHaveProperty('action');
	});

	test('upemail: email is the new address, old and new both given, the hash is the new one', () => {
		const item = parseAudienceEvent(
			form([
				['type', 'upemail'],
				['fired_at', '2009-03-26 22:15:09'],
				['data[list_id]', 'a6b5da1054'],
				['data[new_id]', '51da8c3259'],
				['data[new_email]', 'new@example.com'],
				['data[old_email]', 'old@example.com'],
			]),
		);
		expect(item).toEqual({
			event: 'upemail',
			firedAt: '2009-03-26T22:15:09.000Z',
			audienceId: 'a6b5da1054',
			email: 'new@example.com',
			subscriberHash: md5('new@example.com'),
			memberId: '51da8c3259',
			emailType: null,
			mergeFields: {},
			interests: null,
			ipOpt: null,
			ipSignup: null,
			oldEmail: 'old@example.com',
			newEmail: 'new@example.com',
		});
	});

	test('cleaned: reason and campaign id, no action', () => {
		const item = parseAudienceEvent(
			form([
				['type', 'cleaned'],
				['fired_at', '2009-03-26 22:01:00'],
				['data[list_id]', 'a6b5da1054'],
				['data[campaign_id]', '4fjk2ma9xd'],
				['data[reason]', 'hard'],
				['data[email]', 'api+cleaned@mailchimp.com'],
			]),
		);
		expect(item).toMatchObject({ event: 'cleaned', reason: 'hard', campaignId: '4fjk2ma9xd', email: 'api+cleaned@mailchimp.com', memberId: null });
		expect(item).not.toHaveProperty('action');
	});

	test('campaign: id, subject, status, reason; no member', () => {
		const item = parseAudienceEvent(
			form([
				['type', 'campaign'],
				['fired_at', '2009-03-26 21:31:21'],
				['data[id]', '5aa2102003'],
				['data[subject]', 'Test Campaign Subject'],
				['data[status]', 'sent'],
				['data[reason]', ''],
				['data[list_id]', 'a6b5da1054'],
			]),
		);
		expect(item).toMatchObject({
			event: 'campaign',
			campaignId: '5aa2102003',
			subject: 'Test Campaign Subject',
			status: 'sent',
			reason: '',
			audienceId: 'a6b5da1054',
			email: null,
			memberId: null,
			subscriberHash: null,
		});
	});
});

describe('nesting', () => {
	test('ADDRESS and other nested merge fields become objects; GROUPINGS kept by index', () => {
		const item = parseAudienceEvent(
			form([
				['type', 'profile'],
				['data[merges][ADDRESS][addr1]', '12 St James Square'],
				['data[merges][ADDRESS][city]', 'London'],
				['data[merges][ADDRESS][zip]', 'SW1Y 4JH'],
				['data[merges][GROUPINGS][0][id]', '1'],
				['data[merges][GROUPINGS][0][groups]', 'Events, Tips'],
				['data[merges][GROUPINGS][1][id]', '2'],
			]),
		);
		expect(item.mergeFields).toEqual({ ADDRESS: { addr1: '12 St James Square', city: 'London', zip: 'SW1Y 4JH' } });
		expect(item.groupings).toEqual({ 0: { id: '1', groups: 'Events, Tips' }, 1: { id: '2' } });
	});

	test('unknown fields are kept in their original nesting, not dropped', () => {
		const item = parseAudienceEvent(
			form([['type', 'subscribe'], ['data[email]', 'a@b.co'], ['data[web_id]', '318750001'], ['data[new][deep][x]', '1'], ['extra', 'yes']]),
		);
		expect(item.other).toEqual({ extra: 'yes', data: { web_id: '318750001', new: { deep: { x: '1' } } } });
	});

	test('key[] appends; malformed brackets stay literal keys', () => {
		expect(parseForm('a[]=1&a[]=2&b[x=3&c]=4&[d]=5')).toEqual({ a: ['1', '2'], 'b[x': '3', 'c]': '4', '[d]': '5' });
	});

	test('__proto__ and constructor are plain keys, never a prototype', () => {
		const parsed = parseForm('__proto__[polluted]=1&data[constructor][prototype][x]=2');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(Object.keys(parsed)).toEqual(['__proto__', 'data']);
		expect(JSON.stringify(parsed)).toBe('{"__proto__":{"polluted":"1"},"data":{"constructor":{"prototype":{"x":"2"}}}}');
	});

	test('deep nesting is capped: the rest stays in one key', () => {
		const parsed = parseForm('a[1][2][3][4][5][6][7][8][9]=x');
		expect(JSON.stringify(parsed)).toBe('{"a":{"1":{"2":{"3":{"4":{"5":{"6":{"[7][8][9]":"x"}}}}}}}}');
	});
});

describe('odd inputs', () => {
	test('an empty body gives an item of nulls (no event)', () => {
		for (const body of ['', Buffer.alloc(0), undefined, null]) {
			expect(parseAudienceEvent(body)).toEqual({
				event: null,
				firedAt: null,
				audienceId: null,
				email: null,
				subscriberHash: null,
				memberId: null,
				emailType: null,
				mergeFields: {},
				interests: null,
				ipOpt: null,
				ipSignup: null,
			});
		}
	});

	test('missing fields are null, not absent and not an error', () => {
		const item = parseAudienceEvent('type=unsubscribe');
		expect(item).toMatchObject({ event: 'unsubscribe', email: null, subscriberHash: null, action: null, reason: null, campaignId: null, mergeFields: {} });
	});

	test('a repeated key keeps its last value', () => {
		const item = parseAudienceEvent('type=subscribe&type=unsubscribe&data[email]=first@x.io&data[email]=second@x.io');
		expect(item).toMatchObject({ event: 'unsubscribe', email: 'second@x.io' });
	});

	test('a later nested key replaces a plain value of the same name', () => {
		expect(parseForm('data=plain&data[email]=a@b.co')).toEqual({ data: { email: 'a@b.co' } });
		// A plain `data` that is never nested is not Mailchimp's: kept among the other fields.
		expect(parseAudienceEvent('type=profile&data=plain').other).toEqual({ data: 'plain' });
	});

	test('UTF-8 is decoded; bytes that are not UTF-8 are read as Latin-1, never U+FFFD', () => {
		const utf8 = parseAudienceEvent('type=profile&data[merges][FNAME]=Jos%C3%A9&data[merges][LNAME]=%E5%B1%B1%E7%94%B0');
		expect(utf8.mergeFields).toEqual({ FNAME: 'José', LNAME: '山田' });
		const latin1 = parseAudienceEvent(Buffer.from('type=profile&data[merges][FNAME]=Jos%E9&data[merges][CITY]=M\xfcnchen', 'latin1'));
		expect(latin1.mergeFields).toEqual({ FNAME: 'José', CITY: 'München' });
		expect(JSON.stringify(latin1)).not.toContain('\ufffd');
	});

	test('a broken percent escape stays as written', () => {
		expect(parseForm('a=100%25&b=%zz&c=%4')).toEqual({ a: '100%', b: '%zz', c: '%4' });
	});

	test('fired_at: Mailchimp\'s UTC format and ISO are read; anything else is null and kept in other', () => {
		expect(isoUtc('2024-02-29 23:59:59')).toBe('2024-02-29T23:59:59.000Z');
		expect(isoUtc('2024-02-29T23:59:59Z')).toBe('2024-02-29T23:59:59.000Z');
		expect(isoUtc('2023-02-29 10:00:00')).toBeNull();
		expect(isoUtc('yesterday')).toBeNull();
		const item = parseAudienceEvent('type=profile&fired_at=yesterday');
		expect(item.firedAt).toBeNull();
		expect(item.other).toEqual({ fired_at: 'yesterday' });
	});

	test('a body over 1 MB is refused before it is parsed', () => {
		const big = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 'a');
		expect(() => parseForm(big)).toThrow(PayloadTooLargeError);
		expect(() => parseForm(big.subarray(0, MAX_PAYLOAD_BYTES))).not.toThrow();
	});
});

describe('a body n8n already parsed', () => {
	test('flat bracketed keys (Node querystring) nest the same way; a repeated key (array) keeps the last value', () => {
		const parsed = { type: ['profile', 'subscribe'], 'data[email]': 'a@b.co', 'data[merges][ADDRESS][city]': 'Paris' };
		expect(toAudienceEvent(formFromParsedBody(parsed))).toMatchObject({
			event: 'subscribe',
			email: 'a@b.co',
			mergeFields: { ADDRESS: { city: 'Paris' } },
		});
	});

	test('an already nested (JSON) body and non-objects', () => {
		expect(formFromParsedBody({ type: 'profile', data: { merges: { FNAME: 'Ada' }, web_id: 7 } })).toEqual({
			type: 'profile',
			data: { merges: { FNAME: 'Ada' }, web_id: '7' },
		});
		expect(formFromParsedBody(undefined)).toEqual({});
		expect(formFromParsedBody([1, 2])).toEqual({});
		expect(formFromParsedBody('type=cleaned')).toEqual({ type: 'cleaned' });
	});
});
