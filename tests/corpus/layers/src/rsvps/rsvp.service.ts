import { prisma } from '@/lib/prisma';

export const rsvpService = {
  findRsvp(eventId: number, userId: number) {
    return prisma.rsvp.findFirst({ where: { eventId, userId } });
  },

  createRsvp(eventId: number, userId: number, guests: number) {
    return prisma.rsvp.create({ data: { eventId, userId, guests } });
  },

  // A double-tapped "Going" button: both taps find no answer and both insert one.
  async respond(eventId: number, userId: number, guests: number) {
    const current = await this.findRsvp(eventId, userId);
    if (current) {
      return prisma.rsvp.update({ where: { id: current.id }, data: { guests } }); // safe: race/no-read-modify-write
    }
    return this.createRsvp(eventId, userId, guests); // expect: race/no-check-then-create
  },
};
