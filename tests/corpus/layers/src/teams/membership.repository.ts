import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MemberRole, OrgMembership } from '../entities/org-membership.entity';

@Injectable()
export class MembershipRepository {
  constructor(@InjectRepository(OrgMembership) private readonly repo: Repository<OrgMembership>) {}

  findMember(orgId: number, userId: number, manager: EntityManager = this.repo.manager) {
    return manager.findOneBy(OrgMembership, { orgId, userId });
  }

  add(orgId: number, userId: number, role: MemberRole, manager: EntityManager = this.repo.manager) {
    return manager.save(OrgMembership, { orgId, userId, role });
  }
}
