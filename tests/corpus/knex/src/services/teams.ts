import { db } from '../db';

// team_invites has UNIQUE (team_id, email): the upsert keeps one invite and refreshes it.
export async function inviteToTeam(teamId: number, email: string) {
  const invite = await db('team_invites').where({ team_id: teamId, email }).first();
  if (invite) return invite;
  await db('team_invites').insert({ team_id: teamId, email }).onConflict(['team_id', 'email']).merge(); // safe: race/no-check-then-create
  return db('team_invites').where({ team_id: teamId, email }).first();
}

// The team row is locked first, so invites to one team are checked and created one at a time.
export async function inviteWithTeamLock(teamId: number, email: string) {
  return db.transaction(async (trx) => {
    const team = await trx('teams').where({ id: teamId }).forUpdate().first();
    if (!team) throw new Error('no such team');
    const invite = await trx('team_invites').where({ team_id: teamId, email }).first();
    if (invite) return invite;
    return trx('team_invites').insert({ team_id: teamId, email }); // safe: race/no-check-then-create
  });
}
