import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Campaign } from './entities/Campaign';
import { Coupon } from './entities/Coupon';
import { Membership } from './entities/Membership';
import { Product } from './entities/Product';
import { Tag } from './entities/Tag';
import { User } from './entities/User';
import { Wallet } from './entities/Wallet';

export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [User, Campaign, Coupon, Membership, Product, Tag, Wallet],
  synchronize: false,
});
