'use strict';
const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);
const db = {};
db.Course = require('./course')(sequelize, DataTypes);
db.Enrollment = require('./enrollment')(sequelize, DataTypes);
Object.values(db).forEach((model) => model.associate && model.associate(db));
db.sequelize = sequelize;

module.exports = db;
