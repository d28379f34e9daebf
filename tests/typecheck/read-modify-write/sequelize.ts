import type { Case } from '../cases.js';

export const cases: readonly Case[] = [];
