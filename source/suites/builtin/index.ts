/** The suites that ship with arena. They are code, not files, so the bundled CLI needs nothing beside it. */
import type {Suite} from '../suite.js';
import {coding5Suite} from './coding-5.js';

export const BUILTIN_SUITES: readonly Suite[] = [coding5Suite];
