import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CreditAccount } from '../entities/credit-account.entity';
import { EventSession } from '../entities/event-session.entity';
import { Follow } from '../entities/follow.entity';
import { OrgMembership } from '../entities/org-membership.entity';
import { Organization } from '../entities/organization.entity';
import { SeatReservation } from '../entities/seat-reservation.entity';
import { StockItem } from '../entities/stock-item.entity';

export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [CreditAccount, EventSession, Follow, OrgMembership, Organization, SeatReservation, StockItem],
  synchronize: false,
});
