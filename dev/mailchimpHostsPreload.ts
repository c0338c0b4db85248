/**
 * `node --require dist/dev/mailchimpHostsPreload.js …`: what dev/n8n puts in NODE_OPTIONS of the
 * real n8n processes it starts (main and queue-mode workers), so that they reach the sandbox by
 * Mailchimp's host names (dev/mailchimpHosts.ts). Does nothing in a process started without the
 * sandbox's address and CA (e.g. a child n8n spawns with a trimmed environment).
 */
import { installMailchimpHostsFromEnv, installedMailchimpHosts } from './mailchimpHosts';

if (installMailchimpHostsFromEnv(process.env)) {
	const at = installedMailchimpHosts();
	// One line in the process's log says why Mailchimp's names answer from loopback.
	process.stderr.write(`[mailchimp-hosts] *.api.mailchimp.com and login.mailchimp.com → sandbox at ${at?.host}:${at?.port} (dev only)\n`);
}
