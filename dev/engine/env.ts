/**
 * Process environment the in-process n8n engine needs, applied as a side effect on import.
 *
 * n8n-core's InstanceSettings reads (and on first use writes) `$N8N_USER_FOLDER/.n8n/config`,
 * holding the instance's encryption key. Without N8N_USER_FOLDER it falls back to the user's
 * home directory and would create `~/.n8n/config` there. So:
 *
 * - jest: test/setup-env.ts already points N8N_USER_FOLDER at a fresh temp folder;
 * - the demo (`npm start`) and any other script: this module does it, if the variable is unset.
 *
 * dev/engine.ts imports this module *before* anything from n8n-core, so the variable is in
 * place before n8n-core (or its config classes) is loaded. Scripts should import dev/engine
 * before anything else that might import n8n-core themselves.
 *
 * A folder created here is removed again when the process exits; one given by the caller is
 * left alone.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-dev-engine-'));
	process.env.N8N_USER_FOLDER = folder;
	process.once('exit', () => {
		try {
			rmSync(folder, { recursive: true, force: true });
		} catch {
			// Best effort: a temp folder left behind is harmless.
		}
	});
}

export {};
