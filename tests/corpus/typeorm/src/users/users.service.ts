import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { User } from '../entities/User';

export interface RegisterDto {
  email: string;
  username: string;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  // The unique e-mail index stops the duplicate, but the losing request gets a 500
  // (QueryFailedError 23505) instead of the 409 the check was written for.
  async register(dto: RegisterDto): Promise<User> {
    const existing = await this.users.findOne({ where: { email: dto.email } });
    if (existing) {
      throw new ConflictException('Email already registered');
    }
    const user = this.users.create({ email: dto.email, username: dto.username });
    return this.users.save(user); // expect: race/no-check-then-create
  }

  // Same flow, with the duplicate-key error turned into the same 409.
  async registerSafely(dto: RegisterDto): Promise<User> {
    const existing = await this.users.findOneBy({ email: dto.email });
    if (existing) throw new ConflictException('Email already registered');
    try {
      return await this.users.save(this.users.create(dto)); // safe: race/no-check-then-create
    } catch (error) {
      if (error instanceof Object && 'code' in error && error.code === '23505') {
        throw new ConflictException('Email already registered');
      }
      throw error;
    }
  }

  // username has no unique index: two sign-ups with the same handle both pass.
  async changeHandle(email: string, username: string): Promise<void> {
    const taken = await this.users.countBy({ username });
    if (taken > 0) throw new ConflictException('Handle taken');
    await this.users.insert({ email, username }); // expect: race/no-check-then-create
  }

  // INSERT … ON CONFLICT (email) DO UPDATE: one statement.
  async ensureUser(email: string): Promise<void> {
    await this.users.upsert({ email, username: email.split('@')[0] }, ['email']); // safe: race/no-check-then-create
  }

  // Serializable: the second transaction fails to commit instead of inserting a duplicate.
  async registerSerializable(dto: RegisterDto): Promise<User> {
    return this.dataSource.transaction('SERIALIZABLE', async (manager) => {
      const existing = await manager.findOneBy(User, { username: dto.username });
      if (existing) throw new ConflictException('Handle taken');
      return manager.save(User, { email: dto.email, username: dto.username }); // safe: race/no-check-then-create
    });
  }

  // A login bumps a counter on a user that was read: an update, not a create.
  async recordLogin(email: string): Promise<User> {
    const user = await this.users.findOneBy({ email });
    if (!user) throw new NotFoundException();
    user.loginCount += 1;
    return this.users.save(user); // safe: race/no-check-then-create // expect: race/no-read-modify-write
  }
}
