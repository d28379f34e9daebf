import noCheckThenCreate from './no-check-then-create.js';
import noReadModifyWrite from './no-read-modify-write.js';

export const rules = {
  'no-check-then-create': noCheckThenCreate,
  'no-read-modify-write': noReadModifyWrite,
};
