import { EventEmitter } from 'node:events';
import { Kafka } from 'kafkajs';
import delay from 'delay';
import { prisma } from '../db';

export const events = new EventEmitter();
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

// The welcome-mail listener runs asynchronously; 200 ms later it may still be sending.
export async function register(email: string) {
  const user = await prisma.user.create({ data: { email } });
  events.emit('user.registered', user);
  await delay(200); // expect: race/no-sleep-synchronization
  await prisma.user.update({ where: { id: user.id }, data: { welcomed: true } });
  return user;
}

// A Kafka consumer writes the audit row; under a consumer lag of seconds the read finds nothing.
export async function deleteAccount(userId: number) {
  await producer.send({ topic: 'account.deleted', messages: [{ value: String(userId) }] });
  await delay(1000); // expect: race/no-sleep-synchronization
  return prisma.auditLog.findMany({ where: { userId } });
}

// A reminder scheduled for later and cancelled when the user acts: the timer is kept, not a wait.
export function scheduleReminder(userId: number) {
  events.emit('reminder.scheduled', userId);
  const timer = setTimeout(() => { // safe: race/no-sleep-synchronization
    void prisma.auditLog.create({ data: { userId, action: 'reminded' } });
  }, 60_000);
  return () => clearTimeout(timer);
}

// Delivery retried with a counter: the function calls itself after each pause.
export async function deliver(userId: number, attempt = 0): Promise<void> {
  events.emit('deliver', userId);
  const response = await fetch(`https://mail.example.com/status/${userId}`);
  if (!response.ok && attempt < 3) {
    await delay(500); // safe: race/no-sleep-synchronization
    await fetch(`https://mail.example.com/status/${userId}`);
    return deliver(userId, attempt + 1);
  }
}
