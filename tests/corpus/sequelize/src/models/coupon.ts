import { DataTypes } from 'sequelize';
import { sequelize } from '../db';

// Coupon codes have no unique index.
export const Coupon = sequelize.define(
  'Coupon',
  {
    code: { type: DataTypes.STRING, allowNull: false },
    ownerId: { type: DataTypes.INTEGER, allowNull: true },
    percentOff: { type: DataTypes.INTEGER, allowNull: false },
    redemptions: { type: DataTypes.INTEGER, defaultValue: 0 },
  },
  { paranoid: true },
);
