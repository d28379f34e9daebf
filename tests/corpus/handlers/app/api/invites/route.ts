import { after, NextResponse } from 'next/server';
import { waitUntil } from '@vercel/functions';
import { prisma } from '../../../src/db.js';

// The invite link is mailed and returned before the row exists; on Vercel the function can be
// frozen as soon as it has answered, and the insert never happens.
export async function POST(request: Request) {
  const { email, teamId } = (await request.json()) as { email: string; teamId: number };
  const token = crypto.randomUUID();
  prisma.invite.create({ data: { token, email, teamId } }); // expect: race/no-respond-before-persist
  return NextResponse.json({ link: `/invites/${token}` }, { status: 201 });
}

export async function PUT(request: Request) {
  const { email, teamId } = (await request.json()) as { email: string; teamId: number };
  const token = crypto.randomUUID();
  await prisma.invite.create({ data: { token, email, teamId } }); // safe: race/no-respond-before-persist
  return NextResponse.json({ link: `/invites/${token}` }, { status: 201 });
}

// Work handed to the platform to finish after the response: `after()` and `waitUntil()`.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const invite = await prisma.invite.findUniqueOrThrow({ where: { token } });
  after(() => prisma.inviteView.create({ data: { inviteId: invite.id } })); // safe: race/no-respond-before-persist
  waitUntil(prisma.auditLog.create({ data: { action: 'invite.viewed', subjectId: String(invite.id) } })); // safe: race/no-respond-before-persist
  return NextResponse.json(invite);
}

export async function DELETE(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  prisma.invite.delete({ where: { token } }); // expect: race/no-respond-before-persist
  return new Response(null, { status: 204 });
}
