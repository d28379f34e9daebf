// `require('eslint-plugin-race')` gives the plugin itself, as CommonJS configs expect, not the
// ES module's namespace (Node.js 20.19 and later load the ES module synchronously).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS entry is exactly that require
import plugin = require('./index.js');

export = plugin.default;
