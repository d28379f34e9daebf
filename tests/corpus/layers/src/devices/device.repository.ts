import type { Device } from '@prisma/client';
import { prisma } from '@/lib/prisma';

export interface NewDevice {
  userId: number;
  pushToken: string;
  platform: 'ios' | 'android' | 'web';
}

export default class DeviceRepository {
  findByToken(userId: number, pushToken: string): Promise<Device | null> {
    return prisma.device.findFirst({ where: { userId, pushToken } });
  }

  add(device: NewDevice): Promise<Device> {
    return prisma.device.create({ data: device });
  }

  touch(id: number): Promise<Device> {
    return prisma.device.update({ where: { id }, data: { lastSeenAt: new Date() } });
  }
}
