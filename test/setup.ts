/**
 * Runs before each test file (vitest.config.mts `setupFiles`): the scratch folders a file made
 * (copies of the project, saved plans) are removed when it ends, so that `npm test` leaves
 * nothing in the temporary folder.
 */
import { afterAll } from "vitest";
import { removeScratchDirs } from "./scratch";

afterAll(removeScratchDirs);
