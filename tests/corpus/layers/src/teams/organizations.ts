import type { EntityManager } from 'typeorm';
import { Organization } from '../entities/organization.entity';

/** Reads the organization with SELECT … FOR UPDATE: its row stays locked until the transaction ends. */
export function lockOrganization(manager: EntityManager, orgId: number) {
  return manager.findOneOrFail(Organization, { where: { id: orgId }, lock: { mode: 'pessimistic_write' } });
}
