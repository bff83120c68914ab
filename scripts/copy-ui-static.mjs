// `npm run build`'s second step: the live view's page (src/ui/static: HTML, CSS and browser ES
// modules, no build of their own) goes next to the compiled server, which serves it from there.
import { cpSync, rmSync } from 'node:fs';

rmSync('dist/ui/static', { recursive: true, force: true });
cpSync('src/ui/static', 'dist/ui/static', { recursive: true });
