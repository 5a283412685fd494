// Prints the addon's source files (every .c and .cc under src/), one per line, for binding.gyp:
// adding a kernel file needs no edit of the build description.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(c|cc)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
console.log(walk(join(root, 'src')).map((f) => relative(root, f)).sort().join('\n'));
