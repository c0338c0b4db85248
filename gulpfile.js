const { src, dest } = require('gulp');

// tsc compiles the TypeScript; n8n also needs each node's icons and codex file beside it.
function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.build = copyNodeAssets;
exports.default = copyNodeAssets;
