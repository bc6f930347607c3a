// Entry of a render process (src/rendering/html-renderer.ts forks it). The project runs its TypeScript
// through tsx without a build step, and a forked process does not inherit the hooks bin/mailstream.js
// registers, so this plain module loads the real entry with tsx's scoped import — the same way under
// `npm start`, the tests and the benchmarks.
import { tsImport } from 'tsx/esm/api';

await tsImport('./render-process.ts', import.meta.url);
