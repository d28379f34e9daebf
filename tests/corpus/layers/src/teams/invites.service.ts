import { Injectable } from '@nestjs/common';
import { TeamsService } from './teams.service';

export interface InviteClaim {
  orgId: number;
  userId: number;
}

@Injectable()
export class InvitesService {
  constructor(private readonly teams: TeamsService) {}

  // service → service → repository: opening the invite link twice enrolls the user twice.
  async accept(claim: InviteClaim) {
    if (await this.teams.isMember(claim.orgId, claim.userId)) return { joined: false };
    await this.teams.enroll(claim.orgId, claim.userId); // expect: race/no-check-then-create
    return { joined: true };
  }
}
