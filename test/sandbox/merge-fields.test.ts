import { CUSTOMERS_LIST_ID, NEWSLETTER_LIST_ID, SEEDED_MEMBERS, subscriberHash } from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
let n = 0;

/** Creates a fresh Newsletter member with COMPANY (required) plus `fields`. */
function create(fields: Record<string, unknown>, listId = NEWSLETTER_LIST_ID, opts?: object) {
	const email = `person${++n}@acme-mail.com`;
	const merge_fields = listId === NEWSLETTER_LIST_ID ? { COMPANY: 'Acme', ...fields } : fields;
	return acme(sb.get()).lists.addListMember(listId, { email_address: email, status: 'subscribed', merge_fields }, opts);
}

async function fieldError(fields: Record<string, unknown>, listId?: string) {
	const p = await problem(create(fields, listId));
	expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', detail: 'Your merge fields were invalid.' });
	return p.errors!;
}

describe('merge field validation', () => {
	it('requires required fields on create (skip_merge_validation skips only that)', async () => {
		const p = await problem(acme(sb.get()).lists.addListMember(NEWSLETTER_LIST_ID, { email_address: 'nocompany@acme-mail.com', status: 'subscribed', merge_fields: { FNAME: 'No' } }));
		expect(p.errors).toEqual([{ field: 'COMPANY', message: 'Please enter a value' }]);
		expect((await problem(create({ COMPANY: '  ' }))).errors).toEqual([{ field: 'COMPANY', message: 'Please enter a value' }]);
		const ok = await acme(sb.get()).lists.addListMember(
			NEWSLETTER_LIST_ID,
			{ email_address: 'skipped@acme-mail.com', status: 'subscribed', merge_fields: { FNAME: 'Skip' } },
			{ skipMergeValidation: true },
		);
		expect(ok.merge_fields.COMPANY).toBe('');
		expect(sb.get().requests.at(-1)!.query).toEqual({ skip_merge_validation: 'true' });
		const typed = await problem(
			acme(sb.get()).lists.addListMember(NEWSLETTER_LIST_ID, { email_address: 'skip2@acme-mail.com', status: 'subscribed', merge_fields: { SCORE: 'high' } }, { skipMergeValidation: true }),
		);
		expect(typed.errors).toEqual([{ field: 'SCORE', message: 'Please enter a number' }]);
	});

	it('rejects unknown merge tags', async () => {
		expect(await fieldError({ FAVCOLOR: 'blue' })).toEqual([{ field: 'FAVCOLOR', message: expect.stringContaining('FAVCOLOR') }]);
	});

	it('text', async () => {
		expect((await create({ FNAME: 'Zoë' })).merge_fields.FNAME).toBe('Zoë');
		expect(await fieldError({ FNAME: { first: 'x' } })).toEqual([{ field: 'FNAME', message: expect.any(String) }]);
	});

	it('number: JSON number or numeric string', async () => {
		expect((await create({ SCORE: 7.5 })).merge_fields.SCORE).toBe(7.5);
		expect((await create({ SCORE: '-12' })).merge_fields.SCORE).toBe(-12);
		expect(await fieldError({ SCORE: 'twelve' })).toEqual([{ field: 'SCORE', message: 'Please enter a number' }]);
		expect(await fieldError({ SCORE: true })).toEqual([{ field: 'SCORE', message: 'Please enter a number' }]);
	});

	it('address: complete object or double-space separated string', async () => {
		const obj = await create({ ADDRESS: { addr1: '1 Infinite Loop', city: 'Cupertino', state: 'CA', zip: '95014' } });
		expect(obj.merge_fields.ADDRESS).toEqual({ addr1: '1 Infinite Loop', addr2: '', city: 'Cupertino', state: 'CA', zip: '95014', country: 'US' });
		const str = await create({ ADDRESS: '675 Ponce de Leon Ave NE  Suite 5000  Atlanta  GA  30308  US' });
		expect(str.merge_fields.ADDRESS).toMatchObject({ addr2: 'Suite 5000', city: 'Atlanta', zip: '30308', country: 'US' });
		expect(await fieldError({ ADDRESS: { addr1: '1 Infinite Loop', city: 'Cupertino' } })).toEqual([{ field: 'ADDRESS', message: 'Please enter a complete address' }]);
		expect(await fieldError({ ADDRESS: '1 Infinite Loop, Cupertino, CA' })).toEqual([{ field: 'ADDRESS', message: 'Please enter a complete address' }]);
	});

	it('phone (format none): any string', async () => {
		expect((await create({ PHONE: '+49 30 1234567 ext. 8' })).merge_fields.PHONE).toBe('+49 30 1234567 ext. 8');
	});

	it('birthday: MM/DD per date_format, no year', async () => {
		expect((await create({ BIRTHDAY: '02/29' })).merge_fields.BIRTHDAY).toBe('02/29');
		const msg = [{ field: 'BIRTHDAY', message: 'Please enter a month (01-12) and a day (01-31)' }];
		expect(await fieldError({ BIRTHDAY: '12/10/1815' })).toEqual(msg);
		expect(await fieldError({ BIRTHDAY: '13/01' })).toEqual(msg);
		expect(await fieldError({ BIRTHDAY: '1815-12-10' })).toEqual(msg);
		expect(await fieldError({ BIRTHDAY: '04/31' })).toEqual(msg);
	});

	it('birthday and date in European formats on Customers', async () => {
		const m = await create({ BIRTHDAY: '31/12', SIGNUPDATE: '31/12/2024' }, CUSTOMERS_LIST_ID);
		expect(m.merge_fields).toMatchObject({ BIRTHDAY: '31/12', SIGNUPDATE: '31/12/2024' });
		expect(await fieldError({ BIRTHDAY: '12/31' }, CUSTOMERS_LIST_ID)).toEqual([{ field: 'BIRTHDAY', message: expect.any(String) }]);
		expect(await fieldError({ SIGNUPDATE: '12/31/2024' }, CUSTOMERS_LIST_ID)).toEqual([{ field: 'SIGNUPDATE', message: 'Please enter the date' }]);
	});

	it('date: exactly the field date_format (MM/DD/YYYY)', async () => {
		expect((await create({ SIGNUPDATE: '01/15/2024' })).merge_fields.SIGNUPDATE).toBe('01/15/2024');
		for (const bad of ['2024-01-15', '15/01/2024', '1/15/2024', '01/15/24', 'yesterday']) {
			expect(await fieldError({ SIGNUPDATE: bad })).toEqual([{ field: 'SIGNUPDATE', message: 'Please enter the date' }]);
		}
	});

	it('dropdown and radio: exactly one of the choices', async () => {
		expect((await create({ PLAN: 'Pro', SOURCE: 'Referral' })).merge_fields).toMatchObject({ PLAN: 'Pro', SOURCE: 'Referral' });
		expect(await fieldError({ PLAN: 'pro' })).toEqual([{ field: 'PLAN', message: 'Value must be one of: , Free, Pro, Enterprise (not pro)' }]);
		expect(await fieldError({ SOURCE: 'Web, Event' })).toEqual([{ field: 'SOURCE', message: 'Value must be one of: Web, Event, Referral (not Web, Event)' }]);
	});

	it('url and imageurl must look like URLs', async () => {
		const m = await create({ WEBSITE: 'https://acme-mail.com/about', AVATAR: 'https://cdn.acme-mail.com/a.png' });
		expect(m.merge_fields).toMatchObject({ WEBSITE: 'https://acme-mail.com/about', AVATAR: 'https://cdn.acme-mail.com/a.png' });
		expect(await fieldError({ WEBSITE: 'not a url', AVATAR: 'ftp//x' })).toEqual([
			{ field: 'WEBSITE', message: 'Please enter a valid URL' },
			{ field: 'AVATAR', message: 'Please enter a valid URL' },
		]);
	});

	it('zip: 5 digits', async () => {
		expect((await create({ ZIPCODE: '02139' })).merge_fields.ZIPCODE).toBe('02139');
		expect(await fieldError({ ZIPCODE: '2139' })).toEqual([{ field: 'ZIPCODE', message: 'Please enter a zip code (5 digits)' }]);
	});

	it('collects every field error at once', async () => {
		const errors = await fieldError({ SCORE: 'x', ZIPCODE: 'abc', COMPANY: '' });
		expect(errors.map((e) => e.field).sort()).toEqual(['COMPANY', 'SCORE', 'ZIPCODE']);
	});

	it('empty string clears a non-required field on update; blanking a required one fails', async () => {
		const email = SEEDED_MEMBERS.subscribed;
		const c = acme(sb.get());
		const m = await c.lists.updateListMember(NEWSLETTER_LIST_ID, subscriberHash(email), { merge_fields: { PHONE: '', SCORE: '' } });
		expect(m.merge_fields).toMatchObject({ PHONE: '', SCORE: '', FNAME: 'Ada' });
		const p = await problem(c.lists.updateListMember(NEWSLETTER_LIST_ID, subscriberHash(email), { merge_fields: { COMPANY: '' } }));
		expect(p.errors).toEqual([{ field: 'COMPANY', message: 'Please enter a value' }]);
	});
});
