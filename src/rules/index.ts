import noCheckThenCreate from './no-check-then-create.js';

export const rules = {
  'no-check-then-create': noCheckThenCreate,
};
