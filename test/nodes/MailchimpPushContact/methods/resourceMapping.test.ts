import type { ResourceMapperFields } from 'n8n-workflow';

import { CUSTOMERS_LIST_ID } from '../../../../sandbox';
import { audience, editor, useSandbox } from '../fixture';

useSandbox();

describe('getMergeFields', () => {
	it('maps every merge field (13, past the default page of 10) with type, required flag and choices', async () => {
		const { fields } = await editor<ResourceMapperFields>('resourceMapping', 'getMergeFields');
		expect(fields).toHaveLength(13);
		const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
		expect(byId.COMPANY).toMatchObject({ required: true, type: 'string', display: true });
		expect(byId.FNAME).toMatchObject({ required: false, type: 'string' });
		expect(byId.SCORE.type).toBe('number');
		expect(byId.ADDRESS.type).toBe('object');
		expect(byId.WEBSITE.type).toBe('url');
		expect(byId.BIRTHDAY).toMatchObject({ type: 'dateTime', displayName: expect.stringContaining('MM/DD') });
		expect(byId.SIGNUPDATE).toMatchObject({ type: 'dateTime', displayName: expect.stringContaining('MM/DD/YYYY') });
		expect(byId.PLAN).toMatchObject({
			type: 'options',
			options: [
				{ name: 'Free', value: 'Free' },
				{ name: 'Pro', value: 'Pro' },
				{ name: 'Enterprise', value: 'Enterprise' },
			],
		});
		expect(byId.SOURCE.type).toBe('options');
	});
	it('follows the selected audience', async () => {
		const { fields } = await editor<ResourceMapperFields>('resourceMapping', 'getMergeFields', {
			parameters: { audience: audience(CUSTOMERS_LIST_ID) },
		});
		expect(fields.find((f) => f.id === 'BIRTHDAY')?.displayName).toContain('DD/MM');
		expect(fields.some((f) => f.id === 'COMPANY')).toBe(false);
	});
});
