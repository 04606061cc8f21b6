/**
 * Builds the benchmark's production build (`.next-bench`, with P6's baseline route) now, so a
 * later `npm run bench` finds it ready; nothing happens when it is already built from these
 * sources. CI runs this beside the Playwright suite.
 */
import { ensureBenchBuild } from "./app-process";

ensureBenchBuild((line) => console.log(`[bench] ${line}`));
