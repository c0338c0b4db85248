import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../../dev/n8n/host';

/** The tarball global-setup.ts packed (`npm pack` of the built package). */
export function packageTarball(): string {
	const dir = join(REPO_ROOT, '.n8n-dev', 'e2e-pack');
	const tgz = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.tgz')) : undefined;
	if (!tgz) throw new Error(`no package tarball in ${dir}: run the e2e suite with jest -c jest.e2e.config.js`);
	return join(dir, tgz);
}

/** Progress lines on stderr (jest shows console.log only after a test file ends). */
export const progress = (line: string) => process.stderr.write(`  · ${line}\n`);

export const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: any; text: string }> {
	const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await r.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: r.status, json, text };
}

/** Re-reads `read()` until `done(value)` or the timeout; returns the last value (assert on it). */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let v = await read();
	while (!done(v) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 200));
		v = await read();
	}
	return v;
}
