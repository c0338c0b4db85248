#!/usr/bin/env bash
# The tarball n8n installs must hold both nodes, both credentials, the icons and the codex files.
set -euo pipefail
files=$(npm pack --dry-run --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].files.map(f=>f.path).join("\n")))')
for f in \
	dist/nodes/MailchimpPushContact/MailchimpPushContact.node.js \
	dist/nodes/MailchimpPushContact/MailchimpPushContact.node.json \
	dist/nodes/MailchimpPushContact/mailchimp.svg \
	dist/nodes/MailchimpPushContact/mailchimp.dark.svg \
	dist/nodes/MailchimpAudienceTrigger/MailchimpAudienceTrigger.node.js \
	dist/nodes/MailchimpAudienceTrigger/MailchimpAudienceTrigger.node.json \
	dist/nodes/MailchimpAudienceTrigger/mailchimp.svg \
	dist/nodes/MailchimpAudienceTrigger/mailchimp.dark.svg \
	dist/credentials/MailchimpPushApi.credentials.js \
	dist/credentials/MailchimpPushOAuth2Api.credentials.js \
	package.json README.md LICENSE; do
	grep -qx "$f" <<<"$files" || { echo "missing from the package: $f"; exit 1; }
done
if grep -E '^(dist/(sandbox|dev|bench|test)/|test/|sandbox/)' <<<"$files"; then echo "dev-only files in the package"; exit 1; fi
echo "package contents OK ($(wc -l <<<"$files") files)"
