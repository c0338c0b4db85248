import { rmSync } from 'fs';
import { join } from 'path';
import { ensureHostInstalled, packPackage, REPO_ROOT } from '../../dev/n8n/host';

/** Where the tests find the package tarball (see support.ts). */
export const PACK_DIR = join(REPO_ROOT, '.n8n-dev', 'e2e-pack');

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	ensureHostInstalled((l) => console.log(l));
	rmSync(PACK_DIR, { recursive: true, force: true });
	const tgz = packPackage(PACK_DIR);
	console.log(`\ne2e: n8n host ready, package packed as ${tgz} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
