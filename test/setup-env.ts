import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core writes ~/.n8n/config on first load unless told where its user folder is.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-mcpush-'));
